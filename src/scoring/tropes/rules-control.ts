/**
 * Control and elimination rules whose parts need more than adjacency: puppetry idioms and "Jewish handlers" without a
 * named leader, control claims spread over a sentence or answered after a rhetorical question, and calls to eliminate.
 */
import type { Token } from '../text/tokenize.ts';
import type { AgentSlot, Analysis, PredSlot, TargetSlot } from './analyze.ts';
import { jewish, nearest, type Candidate } from './rule-helpers.ts';
import type { TropeId } from './taxonomy.ts';

/** Nouns that make an institution a group's possession ("the Fed is a Jewish operation"). */
const POSSESSION_NOUNS = new Set(['operation', 'racket', 'front', 'scam', 'cartel', 'enterprise', 'project', 'business', 'club', 'monopoly']);
/** Objects that make an ownership claim total ("jews own everything"). */
const TOTAL_OBJECTS = new Set(['everything', 'everyone', 'everybody', 'all']);

function tropeFor(whom: TargetSlot | undefined): TropeId {
  return whom?.cue.kind === 'leader' ? 'covert-control-of-leaders' : 'control-of-institutions';
}

/**
 * Control claims whose parts are far apart: an explicit Jewish subject right before an active control verb ("because
 * jews own them") takes any leader or institution named in the sentence; "X is a Jewish operation"; and a rhetorical
 * question about who controls an institution answered by a short sentence naming Jews ("Who runs the banks? The Jews.").
 */
export function distantControlRule(a: Analysis, out: Candidate[]): void {
  const tokens = a.tz.tokens;
  for (const p of a.preds.get('control') ?? []) {
    if (p.cue.voice !== 'active' || p.cue.idiom) continue;
    const who = a.agents.find((s) => s.cue.cls === 1 && s.sentence === p.sentence && s.to <= p.from && p.from - s.to <= 1);
    if (!who) continue;
    const whom = a.targets.find((t) => namedNear(t, p.sentence));
    const object = tokens[p.to];
    if (!whom && !(object && object.sentence === p.sentence && TOTAL_OBJECTS.has(object.norm))) continue;
    out.push({ trope: tropeFor(whom), severity: 3, sentence: p.sentence, who, whats: [p], whom, codes: [] });
  }
  for (const who of a.agents) {
    const noun = tokens[who.to];
    if (who.cue.cls !== 1 || !noun || noun.sentence !== who.sentence || !POSSESSION_NOUNS.has(noun.lemma)) continue;
    const whom = a.targets.find((t) => t.sentence === who.sentence && t.cue.kind === 'institution');
    if (!whom) continue;
    const what: PredSlot = { from: who.to, to: who.to + 1, sentence: who.sentence, cue: { slot: 'pred', family: 'control' } };
    out.push({ trope: 'control-of-institutions', severity: 3, sentence: who.sentence, who, whats: [what], whom, codes: [] });
  }
  for (const p of a.preds.get('control') ?? []) {
    if (!a.tz.questions.has(p.sentence) || tokens[p.from - 1]?.norm !== 'who') continue;
    const whom = a.targets.find((t) => t.sentence === p.sentence && t.from >= p.to && t.cue.kind !== 'scope');
    if (!whom) continue;
    const who = a.agents.find((s) => {
      if (s.cue.cls !== 1 || s.sentence <= p.sentence || s.sentence > p.sentence + 3) return false;
      return tokens.filter((t) => t.sentence === s.sentence).length <= 4;
    });
    if (who) out.push({ trope: tropeFor(whom), severity: 3, sentence: p.sentence, who, whats: [p], whom, codes: [] });
  }
}

/** A leader or an institution named in the sentence or the one before. */
function namedNear(t: TargetSlot, sentence: number): boolean {
  return t.cue.kind !== 'scope' && (t.sentence === sentence || t.sentence === sentence - 1);
}

/** Control nouns that name a controller or a controlled person ("Jewish handlers", "a Jewish puppet"). */
const CONTROL_NOUNS = new Set(['puppet', 'puppets', 'puppeteer', 'puppeteers', 'handler', 'handlers', 'stooge', 'stooges', 'pawn', 'pawns', 'vassal', 'vassals', 'master', 'masters']);

/** An agent that can be a handler: named explicitly, or coded without a special kind. */
function namedHandler(s: AgentSlot): boolean {
  return s.cue.cls === 1 || (s.cue.cls === 4 && s.cue.kind === undefined) || (s.cue.cls === 3 && s.cue.kind === undefined);
}

/** An explicit or coded Jewish agent right before a control noun is a secret-control claim even without a named leader. */
export function handlerRule(a: Analysis, out: Candidate[]): void {
  for (const p of a.preds.get('control') ?? []) {
    if (!p.cue.idiom) continue;
    const who = nearest(a.agents, p, 4, (s) => namedHandler(s) && (p.cue.voice === 'active' ? s.to <= p.from : s.from >= p.to));
    if (!who) continue;
    const whom = a.targets.find((t) => t.cue.kind === 'leader' && t.sentence === p.sentence);
    out.push({ trope: 'covert-control-of-leaders', severity: who.cue.cls === 1 ? 3 : 2, sentence: p.sentence, who, whats: [p], whom, codes: [] });
  }
  for (const who of a.agents) {
    const before = a.tz.tokens[who.from - 1];
    const after = a.tz.tokens[who.to];
    if (who.cue.cls !== 1 || before?.norm !== 'in' || after?.lemma !== 'hand' || after.sentence !== who.sentence) continue;
    const whom = a.targets.find((t) => t.sentence === who.sentence && t.to <= who.from && t.cue.kind !== 'scope');
    if (!whom) continue;
    const trope = whom.cue.kind === 'leader' ? 'covert-control-of-leaders' : 'control-of-institutions';
    const what: PredSlot = { from: who.from - 1, to: who.to + 1, sentence: who.sentence, cue: { slot: 'pred', family: 'control' } };
    out.push({ trope, severity: 3, sentence: who.sentence, who, whats: [what], whom, codes: [] });
  }
  for (const p of a.preds.get('control') ?? []) {
    const noun = a.tz.tokens[p.from];
    if (p.to - p.from !== 1 || !noun || !CONTROL_NOUNS.has(noun.norm)) continue;
    const who = a.agents.find((s) => s.to === p.from && s.sentence === p.sentence && (s.cue.cls === 1 || (s.cue.cls === 4 && s.cue.kind === undefined)));
    if (!who) continue;
    const whom = a.targets.find((t) => t.cue.kind === 'leader' && (t.sentence === p.sentence || t.sentence === p.sentence - 1));
    out.push({ trope: 'covert-control-of-leaders', severity: who.cue.cls === 1 ? 3 : 2, sentence: p.sentence, who, whats: [p], whom, codes: [] });
  }
}

/** Past-tense or historical framing of elimination words ("the Nazis tried to exterminate the Jews"). */
const HISTORICAL_ELIMINATION = new Set(['tried', 'wanted', 'planned', 'attempted', 'sought', 'nazi', 'nazis', 'hitler', 'reich', 'holocaust', 'genocide', 'exterminated', 'murdered']);

/** Words that make an elimination word a call or a wish ("let's", "time to", "should") rather than a description. */
const CALL_MARKERS = new Set(['lets', "let's", 'time', 'should', 'must', 'need', 'needs', 'gotta', 'will', "we'll", 'gonna', 'just', 'please', 'deserve', 'deserves', 'want']);
/** Elimination nouns and past forms describe (history, news); only verbs in a call or a wish are a call. */
const DESCRIPTIVE_ELIMINATION = new Set(['extermination', 'exterminated', 'exterminating', 'cleansing', 'eradicated', 'eradication', 'wiped']);

/** True when an elimination word is a call ("let's gas the ...", "time for some pest control", "exterminate them"). */
export function callToEliminate(a: Analysis, p: PredSlot): boolean {
  const tokens = a.tz.tokens;
  const first = tokens[p.from];
  if (!first || DESCRIPTIVE_ELIMINATION.has(first.norm)) return false;
  if (tokens.some((t) => t.sentence === p.sentence && HISTORICAL_ELIMINATION.has(t.norm))) return false;
  const prev = tokens[p.from - 1];
  if (!prev || prev.clause !== first.clause) return true;
  for (let k = p.from - 1; k >= Math.max(0, p.from - 4); k--) {
    const t = tokens[k] as Token;
    if (t.sentence !== p.sentence) break;
    if (CALL_MARKERS.has(t.norm)) return true;
  }
  return false;
}

/** A call to eliminate a Jewish-coded group ("pest control on the jews", "exterminate the zios") is dehumanisation at S4. */
export function eliminationRule(a: Analysis, dehum: readonly PredSlot[], out: Candidate[]): void {
  for (const p of a.preds.get('eliminate') ?? []) {
    if (dehum.some((d) => d.sentence === p.sentence) || !callToEliminate(a, p)) continue;
    const who = nearest(a.agents, p, 5, (s) => jewish(s) && s.from >= p.to);
    if (who) out.push({ trope: 'dehumanization-vermin-disease', severity: 4, sentence: p.sentence, who, whats: [p], codes: [] });
  }
}
