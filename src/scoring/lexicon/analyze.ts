/**
 * The rules of the lexicon baseline: one tokenization and one phrase pass per comment, then per-attribute rules
 * (targeting, negation, quotation and counter-speech damping, wish/intent modality) that turn cues into 0..1 scores
 * with the spans that pushed each score up.
 */
import { ATTRIBUTES, type Attribute, type CommentScore, type Span } from '../../core/scoring.ts';
import { readHostility } from '../hostility/read.ts';
import { GROUPS, OTHERS, PERSON_NOUNS, POSITIVES, PREDICATES, PRONOUNS, SLURS, STANCE } from '../hostility/words.ts';
import { PhraseMatcher } from '../text/phrase-matcher.ts';
import { tokenize, type Token } from '../text/tokenize.ts';
import { repairWithVocabulary } from '../text/vocabulary.ts';
import { Ctx, type M } from './context.ts';
import { CONTEXT, INSULTS, PROFANITY, THREATS, type Entry, type Kind } from './words.ts';

/** One phrase pass per comment finds the cues of the lexicon and of the hostility reader (src/scoring/hostility). */
const MATCHER = new PhraseMatcher<Entry>([
  ...PROFANITY, ...INSULTS, ...THREATS, ...CONTEXT,
  ...GROUPS, ...SLURS, ...PREDICATES, ...POSITIVES, ...PRONOUNS, ...PERSON_NOUNS, ...OTHERS, ...STANCE,
]);
/** Words a masked spelling ("f*ck", "sc*m", "g*ys") may stand for: profanity first, then group words, slurs, insults and hostile words. */
const MASKABLE_WORDS = [
  ...new PhraseMatcher<Entry>(PROFANITY).vocabulary,
  ...[...new PhraseMatcher<Entry>([...GROUPS, ...SLURS, ...INSULTS, ...PREDICATES]).vocabulary].filter((w) => w.length >= 4),
];
const known = (w: string): boolean => MATCHER.vocabulary.has(w);
/** Reads swapped, dropped or doubled letters and glued words ("despies", "idespise") as the lexicon's words. */
const REPAIR = repairWithVocabulary(MATCHER.vocabulary);

/** A scored cue: its value for one attribute, the spans that show it and, from the hostility reader, why. */
interface Scored {
  value: number;
  spans: Span[];
  why?: () => string;
}

/** Resolves a masked word ("f*ck", "sh**", "sc*m") against the maskable words; each * stands for one or more letters. */
function unmask(norm: string): string | null {
  if (!norm.includes('*')) return null;
  const head = norm.slice(0, norm.indexOf('*'));
  const tail = norm.slice(norm.lastIndexOf('*') + 1);
  const stars = norm.length - head.length - tail.length;
  for (const word of MASKABLE_WORDS) {
    if (word.length < head.length + tail.length + 1 || word.length > norm.length + 1 || word.length < norm.length - stars + 1) continue;
    if (head.length + tail.length === 0) continue;
    if (word.startsWith(head) && word.endsWith(tail) && word.length - head.length - tail.length <= stars + 1) return word;
  }
  return null;
}

/** Combines cue values: the strongest counts fully, the runner-up adds half its value of what is left. */
function combine(values: readonly number[]): number {
  let a = 0;
  let b = 0;
  for (const v of values) {
    if (v > a) {
      b = a;
      a = v;
    } else if (v > b) b = v;
  }
  return Math.min(0.99, a + (1 - a) * 0.5 * b);
}


/**
 * Keeps, per kind, the longest of overlapping matches (sorts `matches` in place). In text order a match is spanned by
 * a kept one of its kind exactly when some kept one of its kind reaches as far: all of them start no later.
 */
function dedupe(matches: M[]): M[] {
  if (!inOrder(matches)) matches.sort(byPosition);
  const out: M[] = [];
  const reach = new Map<Kind, number>();
  for (const m of matches) {
    const far = reach.get(m.label.kind);
    if (far !== undefined && m.to <= far) continue;
    out.push(m);
    reach.set(m.label.kind, m.to);
  }
  return out;
}

/** Text order, the longer of two matches that start together first. */
function byPosition(x: M, y: M): number {
  return x.from - y.from || y.to - x.to;
}

/** True when `matches` is already in `byPosition` order (usual: the matcher reports them by start). */
function inOrder(matches: readonly M[]): boolean {
  for (let k = 1; k < matches.length; k++) if (byPosition(matches[k - 1] as M, matches[k] as M) > 0) return false;
  return true;
}

function profanity(c: Ctx): { scored: Scored[]; severe: Scored[] } {
  const scored: Scored[] = [];
  const severe: Scored[] = [];
  for (const m of c.of('profanity')) {
    scored.push({ value: m.label.w, spans: [c.span(m.from, m.to)] });
    if (!m.label.strong) continue;
    const you = c.before('you', m.from, m.to, 3) ?? c.after('you', m.to, 2);
    if (you) severe.push({ value: 0.8 * c.mention(m), spans: [c.span(Math.min(you.from, m.from), Math.max(you.to, m.to))] });
  }
  return { scored, severe };
}

function hostility(c: Ctx): Scored[] {
  return c.of('hostility').filter((m) => !c.negated(m.from)).map((m) => ({ value: m.label.w * c.mention(m), spans: [c.span(m.from, m.to)] }));
}

/** Spans of the cues that matter (value >= 0.2), in text order, overlapping ones merged ("The whole planet hates" + "hates you"). */
function spansOf(list: readonly Scored[], text: string): Span[] {
  const all: Span[] = [];
  for (const s of list) if (s.value >= 0.2) all.push(...s.spans);
  // Sorting allocates even when there is nothing to order; most attributes have no span or one.
  if (all.length > 1) all.sort((x, y) => x.start - y.start || y.end - x.end);
  const out: Span[] = [];
  for (const sp of all) {
    const last = out[out.length - 1];
    if (last && sp.start < last.end) {
      if (sp.end > last.end) out[out.length - 1] = { start: last.start, end: sp.end, text: text.slice(last.start, sp.end) };
      continue;
    }
    out.push(sp);
  }
  return out;
}

function round(v: number): number {
  return Math.round(Math.max(0, Math.min(1, v)) * 1000) / 1000;
}

/** Lexicon scores of one text plus the per-comment context (null when the text has no tokens) for other components. */
export interface Analysis {
  score: CommentScore;
  ctx: Ctx | null;
}

/** Cue kinds that give a score; a text without any of them scores all zeros. */
const CUE_KINDS: readonly Kind[] = ['insult', 'slur', 'group', 'harm', 'profanity', 'hostility', 'hostile', 'positive'];
/** White space and line terminators as `String.prototype.trim` removes them. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True when `text.trim()` would be empty (without building the trimmed string). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** All six scores zero, in the order of a scored text. */
function noScores(): Record<Attribute, number> {
  return { TOXICITY: 0, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, PROFANITY: 0, THREAT: 0 };
}

/** The analysis of a text without tokens. */
function zero(): Analysis {
  return { score: { scores: Object.fromEntries(ATTRIBUTES.map((a) => [a, 0])), evidence: {} }, ctx: null };
}

/** A token whose masked profanity resolves ("f*ck" → "fuck") becomes that word; other tokens are kept. */
function unmaskToken(t: Token): Token {
  const word = t.norm.includes('*') ? unmask(t.norm) : null;
  return word ? { ...t, norm: word, lemma: word } : t;
}

/** Scores one text; never throws for any string. */
export function scoreText(text: string): CommentScore {
  return analyzeText(text).score;
}

/** Scores one text and keeps its context (tokens and lexicon matches), so the trained model reuses one tokenization. */
export function analyzeText(text: string): Analysis {
  if (isBlank(text)) return zero();
  const tz = tokenize(text, known);
  // A masked word ("f*ck") needs a '*' somewhere in the text.
  const tokens = REPAIR.repair(text, text.includes('*') ? tz.tokens.map(unmaskToken) : tz.tokens);
  if (tokens.length === 0) return zero();
  const c = new Ctx(text, tokens, dedupe(MATCHER.matchAll(tokens)));
  if (!CUE_KINDS.some((kind) => c.of(kind).length > 0)) return { score: { scores: noScores(), evidence: {} }, ctx: c };
  const reading = readHostility(c);
  const ins: Scored[] = reading.insult;
  const idn: Scored[] = reading.identity;
  const thr: Scored[] = reading.threat;
  const prof = profanity(c);
  const host = hostility(c);
  const severeCues: Scored[] = [
    ...prof.severe,
    ...idn.filter((s) => s.value >= 0.85).map((s) => ({ value: s.value * 0.85, spans: s.spans, why: s.why })),
    ...reading.severe,
  ];
  const insultScore = combine(ins.map((s) => s.value));
  if (insultScore >= 0.85 && prof.scored.some((s) => s.value >= 0.85)) severeCues.push({ value: 0.7, spans: spansOf(ins, text).slice(0, 2), why: () => 'Strong insult with strong profanity' });
  const scores: Record<Attribute, number> = {
    TOXICITY: 0,
    SEVERE_TOXICITY: combine(severeCues.map((s) => s.value)),
    IDENTITY_ATTACK: combine(idn.map((s) => s.value)),
    INSULT: insultScore,
    PROFANITY: combine(prof.scored.map((s) => s.value)),
    THREAT: combine(thr.map((s) => s.value)),
  };
  const toxCues: Scored[] = [
    ...ins.map((s) => ({ ...s, value: s.value * 0.92 })),
    ...idn.map((s) => ({ ...s, value: s.value * 0.95 })),
    ...thr.map((s) => ({ ...s, value: s.value * 0.85 })),
    ...severeCues,
    ...prof.scored.map((s) => ({ value: s.value * (s.value >= 0.85 ? 0.8 : 0.5), spans: s.spans })),
    ...host,
  ];
  scores.TOXICITY = combine(toxCues.map((s) => s.value));
  const evidence: Partial<Record<Attribute, Span[]>> = {};
  const explanations: Partial<Record<Attribute, string>> = {};
  const cues: Record<Attribute, readonly Scored[]> = {
    TOXICITY: toxCues,
    SEVERE_TOXICITY: severeCues,
    IDENTITY_ATTACK: idn,
    INSULT: ins,
    PROFANITY: prof.scored,
    THREAT: thr,
  };
  for (const a of ATTRIBUTES) {
    scores[a] = round(scores[a]);
    const spans = spansOf(cues[a], text);
    if (spans.length > 0) evidence[a] = spans;
    const why = scores[a] > 0 ? strongest(cues[a])?.why : undefined;
    if (why !== undefined) explanations[a] = why();
  }
  return { score: { scores, evidence, ...(Object.keys(explanations).length > 0 ? { explanations } : {}) }, ctx: c };
}

/** The cue with the highest value that says why (the first of equal ones). */
function strongest(list: readonly Scored[]): Scored | undefined {
  let best: Scored | undefined;
  for (const s of list) if (s.why !== undefined && (!best || s.value > best.value)) best = s;
  return best;
}
