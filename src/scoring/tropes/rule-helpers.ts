/**
 * Shared pieces of the slot rules: the candidate shape, distances between slots, the agent tests (Jewish-coded,
 * explicit, Israel as a state) and the predicates that passed their topic and scope requirements.
 */
import type { Token } from '../text/tokenize.ts';
import type { AgentSlot, Analysis, PredSlot, Slot } from './analyze.ts';
import type { Family, Topic } from './cues.ts';
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
export const ETHNIC_A2 = new Set(['zionist', 'zionism']);


/** Tokens strictly between two spans; -1 when they overlap. */
export function gap(a: Slot, b: Slot): number {
  if (a.to <= b.from) return b.from - a.to;
  if (b.to <= a.from) return a.from - b.to;
  return -1;
}

export function nearest<S extends Slot>(list: readonly S[], p: Slot, maxGap: number, accept: (s: S) => boolean): S | undefined {
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
export function fillerOnly(tokens: readonly Token[], a: Slot, p: Slot, dehum: readonly PredSlot[]): boolean {
  const lo = Math.min(a.to, p.to);
  const hi = Math.max(a.from, p.from);
  for (let k = lo; k < hi; k++) {
    if (FILLERS.has((tokens[k] as Token).norm)) continue;
    if (dehum.some((d) => d.from <= k && k < d.to)) continue;
    return false;
  }
  return true;
}

export function sameSentence<S extends Slot>(list: readonly S[] | undefined, sentence: number): S[] {
  return list ? list.filter((s) => s.sentence === sentence) : [];
}

export function hasTopic(a: Analysis, topic: Topic, sentence?: number): boolean {
  const set = a.topics.get(topic);
  return set !== undefined && (sentence === undefined || set.has(sentence));
}

/** Whether the comment (or one sentence of it) has one of `words`; for context a rule looks up only when it needs it. */
export function mentions(a: Analysis, words: ReadonlySet<string>, sentence?: number): boolean {
  return a.tz.tokens.some((t) => (sentence === undefined || t.sentence === sentence) && (words.has(t.norm) || words.has(t.lemma)));
}

/** Topics a predicate needs in its own sentence or the one before (the others may be anywhere in the comment). */
const SENTENCE_TOPICS: ReadonlySet<Topic> = new Set(['holocaust', 'migration']);

/** The topic in the sentence or the one before ("Six million. That's the number they wave."). */
export function nearTopic(a: Analysis, topic: Topic, sentence: number): boolean {
  return hasTopic(a, topic, sentence) || hasTopic(a, topic, sentence - 1);
}

/** Predicates that passed their topic requirement. */
export function preds(a: Analysis, family: Family): PredSlot[] {
  const list = a.preds.get(family) ?? [];
  return list.filter((p) => {
    if (p.cue.scoped && !a.tz.tokens.some((t, k) => t.sentence === p.sentence && a.quantifiers.has(k))) return false;
    if (p.cue.topic === undefined) return true;
    if (!SENTENCE_TOPICS.has(p.cue.topic)) return hasTopic(a, p.cue.topic);
    return nearTopic(a, p.cue.topic, p.sentence);
  });
}

export const jewish = (s: AgentSlot): boolean => s.cue.cls <= 4 && s.cue.kind !== 'deepstate' && !s.victim;
/** Israel, Israeli, Mossad or AIPAC as a state or an organisation, not as an ethnic collective. */
export const stateA2 = (a: Analysis, s: AgentSlot): boolean => s.cue.cls === 2 && !ETHNIC_A2.has(a.tz.tokens[s.from]?.lemma ?? '');
export const explicit = (s: AgentSlot): boolean => s.cue.cls <= 2;
