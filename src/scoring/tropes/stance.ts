/**
 * The commenter's stance towards a candidate claim (reference sections 1.3 and 3): exempt (counter-speech, reporting,
 * negation, quotation that condemns, a third party's labelling, in-group satire), review (reported or quoted without
 * a condemnation: one severity level lower) or asserted.
 */
import type { Token } from '../text/tokenize.ts';
import type { Analysis, Slot } from './analyze.ts';
import type { Candidate } from './rules.ts';

export type Stance = 'exempt' | 'review' | 'asserted';

const CALL_VERBS = new Set([
  'called', 'calls', 'calling', 'branded', 'labelled', 'labeled', 'depicted', 'depicts', 'depicting', 'portrayed', 'portrays', 'described', 'describes',
  'paints', 'painted', 'compared', 'comparing', 'compare', 'accusing', 'accuses', 'accused', 'blaming', 'blames', 'blamed',
]);
const FIRST_PERSON = new Set(['i', 'we', "i'd", "i'll", "we'd", "we'll", 'id', 'ill', "i'm", 'im']);
/** Verbs that put a claim in someone else's mouth ("X said Jews ..."). */
const REPORTING_VERBS = new Set([
  'said', 'says', 'saying', 'claimed', 'claims', 'claiming', 'wrote', 'writes', 'tweeted', 'posted', 'believes', 'believed', 'chanted',
  'chanting', 'chant', 'yelled', 'yelling', 'shouted', 'shouting', 'screaming', 'screamed', 'accused', 'accuses', 'insists', 'insisted',
  'argued', 'argues', 'suggested', 'suggests', 'implied', 'implies', 'implying', 'repeated', 'repeating', 'cited', 'promoted', 'spreading',
  'spreads', 'peddles', 'peddling', 'discussing', 'talks', 'talking', 'think', 'thinks', 'told', 'tells', 'called', 'calling', 'calls',
]);
/** Endorsement of a quoted or reported claim: never exempt (reference trap 3). */
const ENDORSEMENT = new Set(['rightly', 'finally', 'based', 'truth', 'true', 'correct', 'agree', 'exactly']);

/** "Nazi propaganda called Jews vermin", "Calling them animals ...": a labelling reported, not made by the speaker. */
function reportedLabelling(a: Analysis, who: Slot): boolean {
  const tokens = a.tz.tokens;
  const verb = tokens[who.from - 1];
  if (!verb || verb.sentence !== who.sentence || !CALL_VERBS.has(verb.norm)) return false;
  const subject = tokens[who.from - 2];
  if (subject === undefined || subject.sentence !== who.sentence) return verb.norm === 'calling' || verb.norm === 'comparing';
  return !FIRST_PERSON.has(subject.norm);
}

/** A reporting verb with a third-party subject before the claim in its sentence ("Greene said Jews control ..."). */
function reportedSpeech(a: Analysis, c: Candidate): boolean {
  const tokens = a.tz.tokens;
  const parts = [c.who, ...c.whats, ...c.codes].filter((s): s is Slot => s !== undefined);
  const start = Math.min(...parts.map((s) => s.from));
  for (let k = start - 1; k >= 0; k--) {
    const t = tokens[k] as Token;
    if (t.sentence !== c.sentence) break;
    if (!REPORTING_VERBS.has(t.norm)) continue;
    const subject = tokens[k - 1];
    return !(subject && subject.sentence === t.sentence && FIRST_PERSON.has(subject.norm));
  }
  return false;
}

const ANSWERS_NO = new Set(['no', 'nope', 'nah', 'never', 'wrong']);

/** "Is Soros behind everything? No. ...": a question answered in the negative by the next sentence. */
function answeredNo(a: Analysis, sentence: number): boolean {
  if (!a.tz.questions.has(sentence)) return false;
  const next = a.tz.tokens.find((t) => t.sentence === sentence + 1);
  return next !== undefined && ANSWERS_NO.has(next.norm);
}

/** Stance of the comment towards one candidate. */
export function stanceOf(a: Analysis, c: Candidate): Stance {
  if (a.satire) return 'exempt';
  const sentences = new Set<number>([c.sentence]);
  for (const s of [c.who, c.whom, ...c.whats, ...c.codes]) if (s) sentences.add(s.sentence);
  for (const s of sentences) if (a.counter.has(s) || a.report.has(s)) return 'exempt';
  if (c.who && reportedLabelling(a, c.who)) return 'exempt';
  const claim = [...c.whats, ...c.codes];
  const quoted = claim.length > 0 && claim.every((s) => a.tz.tokens[s.from]?.quoted === true);
  if (quoted && a.meta.has(c.sentence)) return 'exempt';
  if (answeredNo(a, c.sentence)) return 'exempt';
  const endorsed = a.tz.tokens.some((t) => ENDORSEMENT.has(t.norm));
  if (endorsed) return 'asserted';
  if (reportedSpeech(a, c)) return a.counter.size > 0 ? 'exempt' : 'review';
  return quoted || a.counter.size > 0 ? 'review' : 'asserted';
}
