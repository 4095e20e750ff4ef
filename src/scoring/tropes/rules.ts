/**
 * The slot rules: a trope fires when an AGENT and a PREDICATE of its family sit in one sentence close enough to be
 * one claim (plus a TARGET where the trope needs one), or when a high-precision CODE appears. Returns candidates
 * before stance exemptions.
 */
import type { Token } from '../text/tokenize.ts';
import type { AgentSlot, Analysis, CodeSlot, PredSlot, Slot, TargetSlot } from './analyze.ts';
import { NATIVE_WORDS, PALESTINIAN_WORDS } from './lexicon-slots.ts';
import { ETHNIC_A2, explicit, fillerOnly, gap, hasTopic, jewish, mentions, nearest, preds, sameSentence, stateA2, type Candidate } from './rule-helpers.ts';
import { callToEliminate, distantControlRule, eliminationRule, handlerRule } from './rules-control.ts';
import { bothSidesRule, hostRule, organRule, shieldRule } from './rules-figures.ts';
import type { TropeId } from './taxonomy.ts';

export type { Candidate } from './rule-helpers.ts';

/** Agent words that also name a building: "rats in the synagogue basement" are rodents. */
const PLACES = new Set(['synagogue']);

/** Institutions that a Jewish adjective in front of them ("the jewish media") already claims are owned. */
const OWNED_INSTITUTIONS = new Set(['media', 'hollywood', 'bank', 'banking', 'finance', 'economy', 'academia', 'wall']);

/*
 * The rules below are module functions rather than closures made inside runRules: the server and the CLI run under
 * tsx, whose esbuild transform names every named closure with a call (__name → Object.defineProperty) each time it is
 * made, which cost about a tenth of the detector's time when a dozen were made per comment.
 */

/** The codes of `trope` (only the standalone ones, or only the others, when `standalone` says so). */
function codes(a: Analysis, trope: TropeId, standalone?: boolean): CodeSlot[] {
  return a.codes.filter((c) => c.cue.trope === trope && (standalone === undefined || c.cue.standalone === standalone));
}

/** A target on the controlled side of a control predicate of voice `voice` (either side when it has none). */
function targetSide(voice: PredSlot['cue']['voice'], p: PredSlot, t: TargetSlot): boolean {
  return voice === undefined || (voice === 'active' ? t.from >= p.to : t.to <= p.from);
}

/** An agent on the controlling side of a control predicate of voice `voice` (either side when it has none). */
function agentSide(voice: PredSlot['cue']['voice'], p: PredSlot, s: AgentSlot): boolean {
  return voice === undefined || (voice === 'active' ? s.to <= p.from : s.from >= p.to);
}

/** Runs every rule; candidates may repeat a trope (merged later). */
export function runRules(a: Analysis): Candidate[] {
  const out: Candidate[] = [];
  const tokens = a.tz.tokens;
  const elimination = (a.preds.get('eliminate') ?? []).some((p) => callToEliminate(a, p));
  const domination = preds(a, 'domination');

  for (const c of codes(a, 'covert-control-of-leaders')) {
    out.push({ trope: 'covert-control-of-leaders', severity: elimination ? 4 : 3, sentence: c.sentence, whats: sameSentence(a.preds.get('control'), c.sentence).slice(0, 1), codes: [c] });
  }
  for (const p of preds(a, 'control')) {
    const voice = p.cue.voice;
    if (voice === 'active' && tokens[p.to]?.norm === 'by') continue;
    const leader = nearest<TargetSlot>(a.targets, p, 12, (t) => t.cue.kind === 'leader' && targetSide(voice, p, t));
    const institution = nearest<TargetSlot>(a.targets, p, 12, (t) => t.cue.kind === 'institution' && targetSide(voice, p, t));
    const closest = leader && institution ? (gap(leader, p) < gap(institution, p) ? leader : institution) : (leader ?? institution);
    if (!closest) continue;
    {
      const whom = closest;
      const kind = whom.cue.kind;
      const who = nearest(a.agents, p, 12, (s) => jewish(s) && agentSide(voice, p, s) && gap(s, whom) !== -1);
      if (who?.cue.kind === 'proxy') {
        out.push({ trope: 'puppet-master-proxy', severity: domination.length > 0 ? 3 : 2, sentence: p.sentence, who, whats: [p], whom, codes: [] });
      } else if (who) {
        const coded = who.cue.cls === 4 || (who.cue.cls === 2 && !ETHNIC_A2.has(tokens[who.from]?.lemma ?? ''));
        const trope = kind === 'leader' ? 'covert-control-of-leaders' : 'control-of-institutions';
        out.push({ trope, severity: coded ? 2 : 3, sentence: p.sentence, who, whats: [p], whom, codes: [] });
      } else if (kind === 'leader') {
        const elite = nearest(a.agents, p, 12, (s) => s.cue.cls === 5 && agentSide(voice, p, s));
        if (elite) out.push({ trope: elite.cue.kind === 'deepstate' ? 'deep-state-shadow-government' : 'globalist-nwo-cabal', severity: 1, sentence: p.sentence, who: elite, whats: [p], whom, codes: [] });
      }
    }
  }

  for (const who of a.agents) {
    if (who.cue.cls !== 1) continue;
    const whom = a.targets.find((t) => t.from === who.to && t.cue.kind === 'institution' && OWNED_INSTITUTIONS.has(tokens[t.from]?.lemma ?? ''));
    if (whom) out.push({ trope: 'control-of-institutions', severity: 2, sentence: who.sentence, who, whats: [], whom, codes: [] });
  }

  const protocols = codes(a, 'world-domination-plot');
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
  for (const c of codes(a, 'world-domination-plot', true)) out.push({ trope: 'world-domination-plot', severity: 3, sentence: c.sentence, whats: [], codes: [c] });

  const dehum = preds(a, 'dehumanize');
  for (const p of dehum) {
    const who = nearest(a.agents, p, p.cue.weak ? 3 : 6, (s) => jewish(s) && !PLACES.has(tokens[s.from]?.lemma ?? '') && (!p.cue.weak || (fillerOnly(tokens, s, p, dehum) && !(stateA2(a, s) && gap(s, p) === 0))));
    if (!who) continue;
    const whats = dehum.filter((d) => d.sentence === p.sentence && gap(d, who) >= 0 && gap(d, who) <= 6);
    const call = (a.preds.get('eliminate') ?? []).some((e) => e.sentence === who.sentence && Math.abs(e.from - who.from) <= 8 && callToEliminate(a, e));
    out.push({ trope: 'dehumanization-vermin-disease', severity: call ? 4 : 3, sentence: p.sentence, who, whats, codes: [] });
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

  for (const c of codes(a, 'dual-loyalty')) out.push({ trope: 'dual-loyalty', severity: 2, sentence: c.sentence, who: nearest(a.agents, c, 6, () => true), whats: [], codes: [c] });

  for (const p of preds(a, 'guilt')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.cls === 1 || (s.cue.cls === 4 && s.cue.kind === undefined));
    if (who) out.push({ trope: 'collective-guilt', severity: who.cue.cls === 1 ? 3 : 2, sentence: p.sentence, who, whats: [p], codes: [] });
  }

  handlerRule(a, out);
  distantControlRule(a, out);

  greedRule(a, out);
  bothSidesRule(a, out);

  for (const p of preds(a, 'blood')) {
    const who = nearest(a.agents, p, 12, () => true);
    if (who) out.push({ trope: 'blood-libel', severity: 4, sentence: p.sentence, who, whats: [p], codes: [] });
  }
  for (const c of codes(a, 'blood-libel')) {
    if (!c.cue.standalone && !bloodContext(a, c.sentence)) continue;
    out.push({ trope: 'blood-libel', severity: 4, sentence: c.sentence, who: nearest(a.agents, c, 12, () => true), whats: [], codes: [c] });
  }
  organRule(a, out);
  hostRule(a, out);
  for (const c of codes(a, 'deicide-satanic')) {
    const who = nearest(a.agents, c, 8, jewish);
    if (who || c.cue.standalone) out.push({ trope: 'deicide-satanic', severity: 3, sentence: c.sentence, who, whats: [], codes: [c] });
  }

  for (const c of codes(a, 'holocaust-denial-distortion')) out.push({ trope: 'holocaust-denial-distortion', severity: 3, sentence: c.sentence, whats: [], codes: [c] });
  for (const p of preds(a, 'denial')) out.push({ trope: 'holocaust-denial-distortion', severity: 3, sentence: p.sentence, whats: [p], codes: [] });
  shieldRule(a, out);

  for (const c of codes(a, 'khazar-fake-jews')) {
    const claims = [...sameSentence(a.preds.get('control'), c.sentence), ...sameSentence(a.preds.get('orchestrate'), c.sentence), ...sameSentence(domination, c.sentence)];
    out.push({ trope: 'khazar-fake-jews', severity: claims.length > 0 ? 3 : 2, sentence: c.sentence, whats: claims.slice(0, 2), codes: [c] });
  }

  codedRule(a, out);
  generalRules(a, out);
  return out;
}

/** Words that make "adrenochrome" the harvesting story rather than chemistry or Hunter S. Thompson. */
const BLOOD_CONTEXT = new Set([
  'child', 'children', 'kid', 'kids', 'baby', 'babies', 'harvest', 'harvesting', 'harvested', 'drain', 'drained', 'draining', 'elite', 'elites',
  'hollywood', 'celebrities', 'celebs', 'age', 'aging', 'ageing', 'young', 'youth', 'trafficked', 'trafficking', 'epstein', 'pizzagate', 'torture',
  'tortured', 'extract', 'extracted', 'drink', 'drinking', 'blood', 'cabal',
]);

/** A weak blood-libel code (adrenochrome) needs an agent in the comment or harvesting talk in its sentence. */
function bloodContext(a: Analysis, sentence: number): boolean {
  if (a.agents.some((s) => s.cue.cls <= 5)) return true;
  return a.tz.tokens.some((t) => t.sentence === sentence && (BLOOD_CONTEXT.has(t.norm) || BLOOD_CONTEXT.has(t.lemma)));
}

function greedRule(a: Analysis, out: Candidate[]): void {
  const strong = codes(a, 'greed-exploitation', true);
  const weak = codes(a, 'greed-exploitation', false);
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

/** "members of the tribes": the plural names tribes, not the code. */
function pluralTribes(a: Analysis, c: CodeSlot): boolean {
  return a.tz.tokens.slice(c.from, c.to).some((t) => t.norm === 'tribes');
}

/** A capitalised name before the code, inside its sentence ("the Seneca tribe member"). */
function namedTribe(a: Analysis, c: CodeSlot): boolean {
  const before = a.tz.tokens[c.from - 1];
  return before !== undefined && before.sentence === c.sentence && a.tz.tokens[c.from - 2]?.sentence === c.sentence && /^[A-Z]/.test(a.tz.text.slice(before.start, before.end));
}

/** The agent lies inside one of the weak codes. */
function inWeak(weak: readonly CodeSlot[], s: AgentSlot): boolean {
  return weak.some((c) => c.from < s.to && s.from < c.to);
}

function codedRule(a: Analysis, out: Candidate[]): void {
  const echoes = a.reclaim ? [] : a.agents.filter((s) => s.cue.kind === 'echo');
  const strong = codes(a, 'coded-othering-marking', true);
  const weak = codes(a, 'coded-othering-marking', false);
  const tribes = [...strong, ...weak].filter((c) => TRIBE_CODES.has(a.tz.tokens[c.to - 1]?.norm ?? '') && (pluralTribes(a, c) || namedTribe(a, c) || mentions(a, NATIVE_WORDS)));
  const support = strong.length + echoes.length + a.agents.filter((s) => s.cue.cls <= 4 && s.cue.kind !== 'echo' && !inWeak(weak, s)).length;
  for (const e of echoes) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: e.sentence, whats: [], codes: [e] });
  for (const z of a.agents.filter((s) => slur(a, s))) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: z.sentence, whats: [], codes: [z] });
  for (const c of strong) if (!tribes.includes(c)) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: c.sentence, whats: [], codes: [c] });
  const outside = a.insinuations.filter((x) => !weak.some((c) => c.from < x.to && x.from < c.to));
  const nose = weak.some((c) => a.tz.tokens[c.from]?.symbol === true);
  const marked = weak.filter((c) => !GENERIC_WEAK.has(a.tz.tokens[c.from]?.norm ?? '')).length;
  const paired = weak.length > 1 && marked > 0;
  for (const c of weak) if (!tribes.includes(c) && (outside.length > 0 || paired || (!HATS.has(a.tz.tokens[c.from]?.norm ?? '') && (support > 0 || nose)))) out.push({ trope: 'coded-othering-marking', severity: 2, sentence: c.sentence, whats: [], codes: [c] });
}

/**
 * "member of the tribe" and kin say nothing coded about Native American tribes (named or not: "the Seneca tribe
 * member"), the Cleveland team or "the tribes of Israel".
 */
const TRIBE_CODES = new Set(['tribe', 'members', 'member']);

/** Weak codes that say nothing about Jews by themselves ("every single time", "noticing", "you know who"): two of them do not support each other. */
const GENERIC_WEAK = new Set(['every', 'noticing', 'you']);

/** "small hat" needs an insinuation of its own: a rabbi's small hat is a kippah, not a code. */
const HATS = new Set(['small', 'little']);

/** The clipped slur "zio(s)" as a noun; "Zio Pepe's" (Italian "uncle" before a capitalised name) is a name. */
const SLURS = new Set(['zio', 'zios', 'ziocon', 'ziocons']);

function slur(a: Analysis, s: AgentSlot): boolean {
  const t = a.tz.tokens[s.from];
  if (!t || s.to - s.from !== 1 || !SLURS.has(t.norm) || s.victim || t.quoted) return false;
  const next = a.tz.tokens[s.to];
  const capital = (k: Token | undefined) => k !== undefined && /^[A-Z]/.test(a.tz.text.slice(k.start, k.end));
  return !(t.norm === 'zio' && capital(t) && next?.sentence === t.sentence && capital(next) && !next.upper);
}

/** History that makes "invasions" a past war ("since the Romans", "7th-century Arabs"). */
const HISTORY = new Set([
  'roman', 'romans', 'ottoman', 'ottomans', 'mongol', 'mongols', 'viking', 'vikings', 'norman', 'normans', 'medieval', 'crusader', 'crusaders', 'ancient',
  'colonial', 'colonialists', 'colonists', 'barbarian', 'barbarians', 'barbaric',
]);

/**
 * Invasion talk that is not migration as invasion: the migration word is only the invasion phrase itself ("invading
 * Europe"), the sentence is about Palestinians or settlers ("Zionist invaders", "jews came to invade"), or it is old
 * history.
 */
function invasionElsewhere(a: Analysis, p: PredSlot): boolean {
  const tokens = a.tz.tokens;
  if (!migrationOutside(a, p, p.sentence) && !migrationOutside(a, p, p.sentence - 1)) return true;
  if (mentions(a, PALESTINIAN_WORDS, p.sentence)) return true;
  if (a.agents.some((s) => s.sentence === p.sentence && s.cue.cls <= 2 && s.to <= p.from && p.from - s.to <= 4)) return true;
  return tokens.some((t) => t.sentence === p.sentence && HISTORY.has(t.norm));
}

/** A migration word of sentence `sentence` outside the invasion phrase `p`. */
function migrationOutside(a: Analysis, p: PredSlot, sentence: number): boolean {
  return a.topicSpans.some((t) => t.topic === 'migration' && (a.tz.tokens[t.from] as Token).sentence === sentence && (t.to <= p.from || t.from >= p.to));
}

/** An agent within 8 tokens of the candidate's first predicate or code (anywhere when it has neither). */
function nearAnchor(anchor: Slot | undefined, s: AgentSlot): boolean {
  return anchor === undefined || (gap(s, anchor) >= 0 && gap(s, anchor) <= 8);
}

/**
 * A general trope escalated when a Jewish-coded agent (explicit, or coded and not rhetorical; not a victim) stands
 * near its anchor in its sentence: one level up (at least 3), that agent as `who`, and the `second` trope beside it.
 */
function escalate(a: Analysis, out: Candidate[], c: Candidate, second?: TropeId): Candidate {
  const anchor = c.whats[0] ?? c.codes[0];
  const who = a.agents.find((s) => s.sentence === c.sentence && (explicit(s) || (s.cue.cls <= 4 && s.cue.kind !== 'rhetorical')) && !s.victim && nearAnchor(anchor, s));
  if (!who) return c;
  c.severity = Math.max(c.severity + 1, 3);
  c.who ??= who;
  if (second) out.push({ trope: second, severity: 3, sentence: c.sentence, who, whats: c.whats, codes: c.codes });
  return c;
}

/** General conspiracy tropes (14-19): not antisemitic by themselves; escalated when a Jewish-coded agent fills the slot. */
function generalRules(a: Analysis, out: Candidate[]): void {

  for (const c of codes(a, 'great-replacement')) {
    const kalergi = a.tz.tokens[c.from]?.norm.includes('kalergi') ?? false;
    out.push(escalate(a, out, { trope: 'great-replacement', severity: kalergi ? 3 : 2, sentence: c.sentence, whats: [], codes: [c] }));
  }
  for (const p of preds(a, 'invasion')) {
    if (invasionElsewhere(a, p)) continue;
    out.push(escalate(a, out, { trope: 'great-replacement', severity: 2, sentence: p.sentence, whats: [p], codes: [] }));
  }
  for (const p of preds(a, 'replacement')) {
    const who = nearest(a.agents, p, 12, () => true);
    if (who) out.push(escalate(a, out, { trope: 'great-replacement', severity: 2, sentence: p.sentence, who, whats: [p], codes: [] }));
  }

  for (const p of preds(a, 'nwo')) {
    const who = nearest(a.agents, p, 12, (s) => s.cue.cls === 5 && s.cue.kind !== 'deepstate');
    if (who) out.push(escalate(a, out, { trope: 'globalist-nwo-cabal', severity: 2, sentence: p.sentence, who, whats: [p], codes: [] }, 'world-domination-plot'));
  }

  for (const p of preds(a, 'deepstate')) {
    const who = nearest(a.agents, p, 10, (s) => s.cue.kind === 'deepstate');
    if (who) out.push(escalate(a, out, { trope: 'deep-state-shadow-government', severity: 1, sentence: p.sentence, who, whats: [p], codes: [] }, 'covert-control-of-leaders'));
  }

  for (const c of codes(a, 'false-flag-staged-event')) out.push(escalate(a, out, { trope: 'false-flag-staged-event', severity: 2, sentence: c.sentence, whats: [], codes: [c] }));
  for (const p of preds(a, 'staging')) out.push(escalate(a, out, { trope: 'false-flag-staged-event', severity: 2, sentence: p.sentence, whats: [p], codes: [] }));

  for (const c of codes(a, 'plandemic-depopulation')) out.push(escalate(a, out, { trope: 'plandemic-depopulation', severity: 2, sentence: c.sentence, whats: [], codes: [c] }));
  for (const p of preds(a, 'plandemic')) out.push(escalate(a, out, { trope: 'plandemic-depopulation', severity: 2, sentence: p.sentence, whats: [p], codes: [] }));

  for (const c of codes(a, 'chemtrails-weather-control')) {
    out.push(escalate(a, out, { trope: 'chemtrails-weather-control', severity: 1, sentence: c.sentence, who: nearest(a.agents, c, 8, (s) => s.cue.cls >= 5), whats: [], codes: [c] }));
  }
}
