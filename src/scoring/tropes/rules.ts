/**
 * The slot rules: a trope fires when an AGENT and a PREDICATE of its family sit in one sentence close enough to be
 * one claim (plus a TARGET where the trope needs one), or when a high-precision CODE appears. Returns candidates
 * before stance exemptions.
 */
import type { Token } from '../text/tokenize.ts';
import type { AgentSlot, Analysis, CodeSlot, PredSlot, Slot, TargetSlot } from './analyze.ts';
import type { Family } from './cues.ts';
import type { TropeId } from './taxonomy.ts';

/** A trope hit before exemptions, with its slot fillers. */
export interface Candidate {
  trope: TropeId;
  severity: number;
  sentence: number;
  who?: Slot;
  whats: Slot[];
  whom?: Slot;
  codes: Slot[];
}

/** Words that may stand between an agent and a weak dehumanising word ("Jews are a virus", "plague of zios"). */
const FILLERS = new Set([
  'are', 'is', 'was', 'were', 'be', 'a', 'an', 'the', 'like', 'such', 'just', 'nothing', 'but', 'all', 'bunch', 'of', 'these', 'those',
  'dirty', 'filthy', 'disgusting', 'and', 'spreading', 'real', 'total', 'literal', 'literally', 'absolute', 'nasty', 'death', 'disease',
]);

/** Israel/Zionist referents that read as an ethnic collective; "Israel", "AIPAC" or "Mossad" as controller are review-level (S2). */
const ETHNIC_A2 = new Set(['zionist', 'zionism']);

/** Institutions that a Jewish adjective in front of them ("the jewish media") already claims are owned. */
const OWNED_INSTITUTIONS = new Set(['media', 'hollywood', 'bank', 'banking', 'finance', 'economy', 'academia', 'wall']);

/** Tokens strictly between two spans; -1 when they overlap. */
function gap(a: Slot, b: Slot): number {
  if (a.to <= b.from) return b.from - a.to;
  if (b.to <= a.from) return a.from - b.to;
  return -1;
}

function nearest<S extends Slot>(list: readonly S[], p: Slot, maxGap: number, accept: (s: S) => boolean): S | undefined {
  let best: S | undefined;
  let bestGap = Infinity;
  for (const s of list) {
    if (s.sentence !== p.sentence || !accept(s)) continue;
    const g = gap(s, p);
    if (g < 0 || g > maxGap || g >= bestGap) continue;
    best = s;
    bestGap = g;
  }
  return best;
}

/** Only filler words (or other dehumanising words) between agent and predicate. */
function fillerOnly(tokens: readonly Token[], a: Slot, p: Slot, dehum: readonly PredSlot[]): boolean {
  const lo = Math.min(a.to, p.to);
  const hi = Math.max(a.from, p.from);
  for (let k = lo; k < hi; k++) {
    if (FILLERS.has((tokens[k] as Token).norm)) continue;
    if (dehum.some((d) => d.from <= k && k < d.to)) continue;
    return false;
  }
  return true;
}

function sameSentence<S extends Slot>(list: readonly S[] | undefined, sentence: number): S[] {
  return list ? list.filter((s) => s.sentence === sentence) : [];
}

function hasTopic(a: Analysis, topic: 'holocaust' | 'pandemic' | 'event' | 'money' | 'harm', sentence?: number): boolean {
  const set = a.topics.get(topic);
  return set !== undefined && (sentence === undefined || set.has(sentence));
}

/** Predicates that passed their topic requirement. */
function preds(a: Analysis, family: Family): PredSlot[] {
  const list = a.preds.get(family) ?? [];
  return list.filter((p) => {
    if (p.cue.scoped && !a.tz.tokens.some((t, k) => t.sentence === p.sentence && a.quantifiers.has(k))) return false;
    if (p.cue.topic === undefined) return true;
    if (p.cue.topic !== 'holocaust') return hasTopic(a, p.cue.topic);
    return hasTopic(a, 'holocaust', p.sentence) || hasTopic(a, 'holocaust', p.sentence - 1);
  });
}

const jewish = (s: AgentSlot): boolean => s.cue.cls <= 4 && s.cue.kind !== 'deepstate' && !s.victim;
/** Israel, Israeli, Mossad or AIPAC as a state or an organisation, not as an ethnic collective. */
const stateA2 = (a: Analysis, s: AgentSlot): boolean => s.cue.cls === 2 && !ETHNIC_A2.has(a.tz.tokens[s.from]?.lemma ?? '');
const explicit = (s: AgentSlot): boolean => s.cue.cls <= 2;

/** Runs every rule; candidates may repeat a trope (merged later). */
export function runRules(a: Analysis): Candidate[] {
  const out: Candidate[] = [];
  const tokens = a.tz.tokens;
  const codes = (trope: TropeId, standalone?: boolean): CodeSlot[] =>
    a.codes.filter((c) => c.cue.trope === trope && (standalone === undefined || c.cue.standalone === standalone));
  const elimination = (a.preds.get('eliminate') ?? []).some((p) => callToEliminate(a, p));
  const domination = preds(a, 'domination');

  for (const c of codes('covert-control-of-leaders')) {
    out.push({ trope: 'covert-control-of-leaders', severity: elimination ? 4 : 3, sentence: c.sentence, whats: sameSentence(a.preds.get('control'), c.sentence).slice(0, 1), codes: [c] });
  }
  for (const p of preds(a, 'control')) {
    const voice = p.cue.voice;
    if (voice === 'active' && tokens[p.to]?.norm === 'by') continue;
    const targetSide = (t: TargetSlot) => voice === undefined || (voice === 'active' ? t.from >= p.to : t.to <= p.from);
    const agentSide = (s: AgentSlot) => voice === undefined || (voice === 'active' ? s.to <= p.from : s.from >= p.to);
    const leader = nearest<TargetSlot>(a.targets, p, 12, (t) => t.cue.kind === 'leader' && targetSide(t));
    const institution = nearest<TargetSlot>(a.targets, p, 12, (t) => t.cue.kind === 'institution' && targetSide(t));
    const closest = leader && institution ? (gap(leader, p) < gap(institution, p) ? leader : institution) : (leader ?? institution);
    if (!closest) continue;
    {
      const whom = closest;
      const kind = whom.cue.kind;
      const who = nearest(a.agents, p, 12, (s) => jewish(s) && agentSide(s) && gap(s, whom) !== -1);
      if (who?.cue.kind === 'proxy') {
        out.push({ trope: 'puppet-master-proxy', severity: domination.length > 0 ? 3 : 2, sentence: p.sentence, who, whats: [p], whom, codes: [] });
      } else if (who) {
        const coded = who.cue.cls === 4 || (who.cue.cls === 2 && !ETHNIC_A2.has(tokens[who.from]?.lemma ?? ''));
        const trope = kind === 'leader' ? 'covert-control-of-leaders' : 'control-of-institutions';
        out.push({ trope, severity: coded ? 2 : 3, sentence: p.sentence, who, whats: [p], whom, codes: [] });
      } else if (kind === 'leader') {
        const elite = nearest(a.agents, p, 12, (s) => s.cue.cls === 5 && agentSide(s));
        if (elite) out.push({ trope: elite.cue.kind === 'deepstate' ? 'deep-state-shadow-government' : 'globalist-nwo-cabal', severity: 1, sentence: p.sentence, who: elite, whats: [p], whom, codes: [] });
      }
    }
  }

  for (const who of a.agents) {
    if (who.cue.cls !== 1) continue;
    const whom = a.targets.find((t) => t.from === who.to && t.cue.kind === 'institution' && OWNED_INSTITUTIONS.has(tokens[t.from]?.lemma ?? ''));
    if (whom) out.push({ trope: 'control-of-institutions', severity: 2, sentence: who.sentence, who, whats: [], whom, codes: [] });
  }

  const protocols = codes('world-domination-plot');
  for (const p of domination) {
    const who = nearest(a.agents, p, 12, jewish);
    const whom = nearest<TargetSlot>(a.targets, p, 12, (t) => t.cue.kind === 'scope' && domination.every((d) => gap(t, d) !== -1));
    if (who) {
      out.push({ trope: 'world-domination-plot', severity: elimination ? 4 : 3, sentence: p.sentence, who, whats: [p], whom, codes: [] });
    } else if (protocols.length > 0) {
      out.push({ trope: 'world-domination-plot', severity: 3, sentence: p.sentence, who: nearest(a.agents, p, 12, () => true), whats: [p], whom, codes: protocols });
    } else {
      const elite = nearest(a.agents, p, 12, (s) => s.cue.cls === 5);
      if (elite) out.push({ trope: 'globalist-nwo-cabal', severity: 2, sentence: p.sentence, who: elite, whats: [p], whom, codes: [] });
    }
  }
  for (const c of codes('world-domination-plot', true)) out.push({ trope: 'world-domination-plot', severity: 3, sentence: c.sentence, whats: [], codes: [c] });

  const dehum = preds(a, 'dehumanize');
  for (const p of dehum) {
    const who = nearest(a.agents, p, p.cue.weak ? 3 : 6, (s) => jewish(s) && (!p.cue.weak || (fillerOnly(tokens, s, p, dehum) && !(stateA2(a, s) && gap(s, p) === 0))));
    if (!who) continue;
    const whats = dehum.filter((d) => d.sentence === p.sentence && gap(d, who) >= 0 && gap(d, who) <= 6);
    out.push({ trope: 'dehumanization-vermin-disease', severity: elimination ? 4 : 3, sentence: p.sentence, who, whats, codes: [] });
  }

  eliminationRule(a, dehum, out);

  for (const p of preds(a, 'orchestrate')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.kind === 'proxy');
    if (who) out.push({ trope: 'puppet-master-proxy', severity: domination.length > 0 ? 3 : 2, sentence: p.sentence, who, whats: [p], codes: [] });
  }

  for (const p of preds(a, 'loyalty')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.cls === 1);
    if (!who) continue;
    const generalised = a.quantifiers.has(who.from - 1) || who.cue.cls === 1 && tokens[who.from]?.norm === 'jews';
    out.push({ trope: 'dual-loyalty', severity: generalised ? 3 : 2, sentence: p.sentence, who, whats: [p], codes: [] });
  }

  for (const c of codes('dual-loyalty')) out.push({ trope: 'dual-loyalty', severity: 2, sentence: c.sentence, who: nearest(a.agents, c, 6, () => true), whats: [], codes: [c] });

  for (const p of preds(a, 'guilt')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.cls === 1 || (s.cue.cls === 4 && s.cue.kind === undefined));
    if (who) out.push({ trope: 'collective-guilt', severity: who.cue.cls === 1 ? 3 : 2, sentence: p.sentence, who, whats: [p], codes: [] });
  }

  handlerRule(a, out);
  distantControlRule(a, out);

  greedRule(a, codes, out);

  for (const p of preds(a, 'blood')) {
    const who = nearest(a.agents, p, 12, () => true);
    if (who) out.push({ trope: 'blood-libel', severity: 4, sentence: p.sentence, who, whats: [p], codes: [] });
  }
  for (const c of codes('blood-libel')) out.push({ trope: 'blood-libel', severity: 4, sentence: c.sentence, who: nearest(a.agents, c, 12, () => true), whats: [], codes: [c] });
  for (const c of codes('deicide-satanic')) {
    const who = nearest(a.agents, c, 8, jewish);
    if (who || c.cue.standalone) out.push({ trope: 'deicide-satanic', severity: 3, sentence: c.sentence, who, whats: [], codes: [c] });
  }

  for (const c of codes('holocaust-denial-distortion')) out.push({ trope: 'holocaust-denial-distortion', severity: 3, sentence: c.sentence, whats: [], codes: [c] });
  for (const p of preds(a, 'denial')) out.push({ trope: 'holocaust-denial-distortion', severity: 3, sentence: p.sentence, whats: [p], codes: [] });

  for (const c of codes('khazar-fake-jews')) {
    const claims = [...sameSentence(a.preds.get('control'), c.sentence), ...sameSentence(a.preds.get('orchestrate'), c.sentence), ...sameSentence(domination, c.sentence)];
    out.push({ trope: 'khazar-fake-jews', severity: claims.length > 0 ? 3 : 2, sentence: c.sentence, whats: claims.slice(0, 2), codes: [c] });
  }

  codedRule(a, codes, out);
  generalRules(a, codes, out);
  return out;
}

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
function distantControlRule(a: Analysis, out: Candidate[]): void {
  const tokens = a.tz.tokens;
  const named = (t: TargetSlot, sentence: number) => t.cue.kind !== 'scope' && (t.sentence === sentence || t.sentence === sentence - 1);
  for (const p of a.preds.get('control') ?? []) {
    if (p.cue.voice !== 'active' || p.cue.idiom) continue;
    const who = a.agents.find((s) => s.cue.cls === 1 && s.sentence === p.sentence && s.to <= p.from && p.from - s.to <= 1);
    if (!who) continue;
    const whom = a.targets.find((t) => named(t, p.sentence));
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

/** Control nouns that name a controller or a controlled person ("Jewish handlers", "a Jewish puppet"). */
const CONTROL_NOUNS = new Set(['puppet', 'puppets', 'puppeteer', 'puppeteers', 'handler', 'handlers', 'stooge', 'stooges', 'pawn', 'pawns', 'vassal', 'vassals', 'master', 'masters']);

/** An explicit or coded Jewish agent right before a control noun is a secret-control claim even without a named leader. */
function handlerRule(a: Analysis, out: Candidate[]): void {
  const named = (s: AgentSlot): boolean => s.cue.cls === 1 || (s.cue.cls === 4 && s.cue.kind === undefined) || (s.cue.cls === 3 && s.cue.kind === undefined);
  for (const p of a.preds.get('control') ?? []) {
    if (!p.cue.idiom) continue;
    const agentSide = (s: AgentSlot) => (p.cue.voice === 'active' ? s.to <= p.from : s.from >= p.to);
    const who = nearest(a.agents, p, 4, (s) => named(s) && agentSide(s));
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
function callToEliminate(a: Analysis, p: PredSlot): boolean {
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
function eliminationRule(a: Analysis, dehum: readonly PredSlot[], out: Candidate[]): void {
  for (const p of a.preds.get('eliminate') ?? []) {
    if (dehum.some((d) => d.sentence === p.sentence) || !callToEliminate(a, p)) continue;
    const who = nearest(a.agents, p, 5, (s) => jewish(s) && s.from >= p.to);
    if (who) out.push({ trope: 'dehumanization-vermin-disease', severity: 4, sentence: p.sentence, who, whats: [p], codes: [] });
  }
}

function greedRule(a: Analysis, codes: (t: TropeId, s?: boolean) => CodeSlot[], out: Candidate[]): void {
  const strong = codes('greed-exploitation', true);
  const weak = codes('greed-exploitation', false);
  const greed = preds(a, 'greed');
  for (const c of strong) out.push({ trope: 'greed-exploitation', severity: 2, sentence: c.sentence, whats: [], codes: [c, ...weak] });
  for (const p of greed) {
    const who = nearest(a.agents, p, 10, (s) => jewish(s) && !stateA2(a, s));
    if (who) out.push({ trope: 'greed-exploitation', severity: 2, sentence: p.sentence, who, whats: [p], codes: [] });
  }
  if (strong.length === 0 && weak.length >= 2 && hasTopic(a, 'money')) {
    const first = weak[0] as CodeSlot;
    out.push({ trope: 'greed-exploitation', severity: 2, sentence: first.sentence, whats: [], codes: weak });
  }
}

function codedRule(a: Analysis, codes: (t: TropeId, s?: boolean) => CodeSlot[], out: Candidate[]): void {
  const echoes = a.reclaim ? [] : a.agents.filter((s) => s.cue.kind === 'echo');
  const strong = codes('coded-othering-marking', true);
  const weak = codes('coded-othering-marking', false);
  const support = strong.length + echoes.length + a.agents.filter((s) => s.cue.cls <= 4 && s.cue.kind !== 'echo').length;
  for (const e of echoes) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: e.sentence, whats: [], codes: [e] });
  for (const c of strong) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: c.sentence, whats: [], codes: [c] });
  const outside = a.insinuations.filter((x) => !weak.some((c) => c.from < x.to && x.from < c.to));
  const nose = weak.some((c) => a.tz.tokens[c.from]?.symbol === true);
  if (weak.length > 0 && (support > 0 || outside.length > 0 || nose)) {
    for (const c of weak) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: c.sentence, whats: [], codes: [c] });
  }
}

/** General conspiracy tropes (14-19): not antisemitic by themselves; escalated when a Jewish-coded agent fills the slot. */
function generalRules(a: Analysis, codes: (t: TropeId, s?: boolean) => CodeSlot[], out: Candidate[]): void {
  const agentIn = (sentence: number, accept: (s: AgentSlot) => boolean) => a.agents.find((s) => s.sentence === sentence && accept(s));
  const escalate = (c: Candidate, second?: TropeId) => {
    const anchor = c.whats[0] ?? c.codes[0];
    const near = (s: AgentSlot) => anchor === undefined || (gap(s, anchor) >= 0 && gap(s, anchor) <= 8);
    const who = agentIn(c.sentence, (s) => (explicit(s) || (s.cue.cls <= 4 && s.cue.kind !== 'rhetorical')) && !s.victim && near(s));
    if (!who) return c;
    c.severity = Math.max(c.severity + 1, 3);
    c.who ??= who;
    if (second) out.push({ trope: second, severity: 3, sentence: c.sentence, who, whats: c.whats, codes: c.codes });
    return c;
  };

  for (const c of codes('great-replacement')) {
    const kalergi = a.tz.tokens[c.from]?.norm.includes('kalergi') ?? false;
    out.push(escalate({ trope: 'great-replacement', severity: kalergi ? 3 : 2, sentence: c.sentence, whats: [], codes: [c] }));
  }
  for (const p of preds(a, 'replacement')) {
    const who = nearest(a.agents, p, 12, () => true);
    if (who) out.push(escalate({ trope: 'great-replacement', severity: 2, sentence: p.sentence, who, whats: [p], codes: [] }));
  }

  for (const p of preds(a, 'nwo')) {
    const who = nearest(a.agents, p, 12, (s) => s.cue.cls === 5 && s.cue.kind !== 'deepstate');
    if (who) out.push(escalate({ trope: 'globalist-nwo-cabal', severity: 2, sentence: p.sentence, who, whats: [p], codes: [] }, 'world-domination-plot'));
  }

  for (const p of preds(a, 'deepstate')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.kind === 'deepstate');
    if (who) out.push(escalate({ trope: 'deep-state-shadow-government', severity: 1, sentence: p.sentence, who, whats: [p], codes: [] }, 'covert-control-of-leaders'));
  }

  for (const c of codes('false-flag-staged-event')) out.push(escalate({ trope: 'false-flag-staged-event', severity: 2, sentence: c.sentence, whats: [], codes: [c] }));
  for (const p of preds(a, 'staging')) out.push(escalate({ trope: 'false-flag-staged-event', severity: 2, sentence: p.sentence, whats: [p], codes: [] }));

  for (const c of codes('plandemic-depopulation')) out.push(escalate({ trope: 'plandemic-depopulation', severity: 2, sentence: c.sentence, whats: [], codes: [c] }));
  for (const p of preds(a, 'plandemic')) out.push(escalate({ trope: 'plandemic-depopulation', severity: 2, sentence: p.sentence, whats: [p], codes: [] }));

  for (const c of codes('chemtrails-weather-control')) {
    out.push(escalate({ trope: 'chemtrails-weather-control', severity: 1, sentence: c.sentence, who: nearest(a.agents, c, 8, (s) => s.cue.cls >= 5), whats: [], codes: [c] }));
  }
}
