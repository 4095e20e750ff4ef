/**
 * The rules of the lexicon baseline: one tokenization and one phrase pass per comment, then per-attribute rules
 * (targeting, negation, quotation and counter-speech damping, wish/intent modality) that turn cues into 0..1 scores
 * with the spans that pushed each score up.
 */
import { ATTRIBUTES, type Attribute, type CommentScore, type Span } from '../../core/scoring.ts';
import { PhraseMatcher } from '../text/phrase-matcher.ts';
import { tokenize, type Token } from '../text/tokenize.ts';
import { Ctx, type M } from './context.ts';
import { CONTEXT, IDENTITY, INSULTS, PROFANITY, THREATS, type Entry, type Kind } from './words.ts';

const MATCHER = new PhraseMatcher<Entry>([...PROFANITY, ...INSULTS, ...IDENTITY, ...THREATS, ...CONTEXT]);
const PROFANE_WORDS = [...new PhraseMatcher<Entry>(PROFANITY).vocabulary];
const known = (w: string): boolean => MATCHER.vocabulary.has(w);
const HATE_VERBS = new Set(['hate', 'hates', 'hating', 'despise']);


/** A scored cue: its value for one attribute and the spans that show why. */
interface Scored {
  value: number;
  spans: Span[];
}

/** Resolves masked profanity ("f*ck", "sh**") against the profanity list; each * stands for one or more letters. */
function unmask(norm: string): string | null {
  if (!norm.includes('*')) return null;
  const head = norm.slice(0, norm.indexOf('*'));
  const tail = norm.slice(norm.lastIndexOf('*') + 1);
  const stars = norm.length - head.length - tail.length;
  for (const word of PROFANE_WORDS) {
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


/** Keeps, per kind, the longest of overlapping matches (sorts `matches` in place). */
function dedupe(matches: M[]): M[] {
  if (!inOrder(matches)) matches.sort(byPosition);
  const out: M[] = [];
  for (const m of matches) {
    if (!covered(out, m)) out.push(m);
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

/** True when a kept match of the same kind spans `m`. */
function covered(kept: readonly M[], m: M): boolean {
  for (const o of kept) if (o.label.kind === m.label.kind && o.from <= m.from && m.to <= o.to) return true;
  return false;
}

function insults(c: Ctx): Scored[] {
  const out: Scored[] = [];
  for (const m of c.of('insult')) {
    if (c.negated(m.from)) continue;
    const you = c.before('you', m.from, m.to, 6) ?? c.after('you', m.to, 1);
    if (m.label.needsYou && !you) continue;
    const group = you ? undefined : c.before('group', m.from, m.to, 6);
    const copula = c.before('copula', m.from, m.to, 3);
    const thing = copula ? c.before('thing', copula.from, copula.to, 1) : c.before('thing', m.from, m.to, 1);
    const person = c.before('person', m.from, m.to, 4);
    let factor = 0.55;
    if (you) factor = 1.1;
    else if (group) factor = 0.95;
    else if (thing) factor = 0.4;
    else if (copula || person) factor = 0.85;
    const intens = c.before('intensifier', m.from, m.to, 1);
    const value = Math.min(0.98, (m.label.w * factor + (intens ? intens.label.w : 0)) * c.mention(m));
    const spans: Span[] = [];
    const target = you ?? group;
    if (target && !(target.from >= m.from && target.to <= m.to)) spans.push(c.span(target.from, target.to));
    spans.push(c.span(intens ? intens.from : m.from, m.to));
    out.push({ value, spans });
  }
  return out;
}

function identity(c: Ctx): Scored[] {
  const out: Scored[] = [];
  for (const m of c.of('slur')) out.push({ value: m.label.w * (c.mention(m) < 1 ? 0.35 : 1), spans: [c.span(m.from, m.to)] });
  const negatives = [...c.of('groupneg'), ...c.of('insult').filter((m) => !m.label.needsYou)];
  for (const g of c.of('group')) {
    const clause = c.tok(g.from).clause;
    for (const n of negatives) {
      if (c.tok(n.from).clause !== clause || c.negated(n.from)) continue;
      const gapAfter = n.from - g.to;
      const gapBefore = g.from - n.to;
      const hate = HATE_VERBS.has(c.tok(n.from).norm);
      const ok = hate ? gapBefore >= 0 && gapBefore <= 3 : (gapAfter >= 0 && gapAfter <= 5) || (gapBefore >= 0 && gapBefore <= 2);
      if (!ok) continue;
      const w = n.label.kind === 'groupneg' ? n.label.w : n.label.w * 0.9;
      const lo = Math.min(g.from, n.from);
      const hi = Math.max(g.to, n.to);
      out.push({ value: w * c.mention(n), spans: [c.span(lo, hi)] });
    }
    for (const h of c.of('harm')) {
      const gapToGroup = g.from - h.to;
      if (h.label.w < STRONG_HARM || gapToGroup < 0 || gapToGroup > 3 || c.tok(h.from).clause !== clause || c.negated(h.from)) continue;
      // A call for harm to a group ("kill all the immigrants", "they should all be hanged") is an attack; a report
      // of harm done to one ("the Nazis murdered six million Jews") is not, so without a wish or intent it counts little.
      const { wish, intent } = harmCues(c, h);
      out.push({ value: (wish || intent ? 0.8 : 0.8 * REPORTED_HARM) * c.mention(h), spans: [c.span(h.from, g.to)] });
    }
  }
  return out;
}

/** Harm words at least this strong ("shoot", "hang", "kill") make a modal ("should", "must") a wish. */
const STRONG_HARM = 0.55;
/** Words at most between a modal and its harm word ("should all be lined up and shot"). */
const MODAL_REACH = 4;

/** Share of a harm word's weight that counts without a wish or intent (a report or a description, not a call). */
const REPORTED_HARM = 0.35;

/**
 * What makes a harm word a call for harm: a wish earlier in its sentence ("hope", or a modal close before a strong
 * harm word), or intent ("I will", "gonna") or an imperative (a strong harm word opening its clause).
 */
function harmCues(c: Ctx, m: M): { wish: M | undefined; intent: M | undefined } {
  const sentence = c.tok(m.from).sentence;
  const wish = c.of('wish').find(
    (w) => c.tok(w.from).sentence === sentence && w.from <= m.from && (w.label.modal !== true || (m.label.w >= STRONG_HARM && m.from - w.to <= MODAL_REACH)),
  );
  const imperative = m.label.w >= STRONG_HARM && (m.from === 0 || c.tok(m.from - 1).clause !== c.tok(m.from).clause);
  const intent = c.before('intent', m.from, m.to, 6) ?? (imperative ? m : undefined);
  return { wish, intent };
}

function threats(c: Ctx): { scored: Scored[]; severe: number } {
  const out: Scored[] = [];
  let severe = 0;
  for (const m of c.of('harm')) {
    // Weight 0: a figurative use ("shoot for the stars") that replaced the harm word it contains.
    if (m.label.w === 0 || c.negated(m.from)) continue;
    const { wish, intent } = harmCues(c, m);
    const you = c.before('you', m.from, m.to, 8) ?? c.after('you', m.to, 3);
    let value = m.label.w;
    if (wish) value += 0.15;
    if (intent) value += 0.2;
    if (!wish && !intent) value *= REPORTED_HARM;
    else if (you) value += 0.1;
    value = Math.min(0.98, value * c.mention(m));
    const spans: Span[] = [];
    const cue = wish ?? intent;
    if (cue && cue.to <= m.from) spans.push(c.span(cue.from, cue.to));
    spans.push(c.span(m.from, m.to));
    out.push({ value, spans });
    if ((wish || intent) && m.label.w >= 0.7) severe = Math.max(severe, value * 0.8);
  }
  return { scored: out, severe };
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
  all.sort((x, y) => x.start - y.start || y.end - x.end);
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
const CUE_KINDS: readonly Kind[] = ['insult', 'slur', 'group', 'harm', 'profanity', 'hostility'];
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
  const tokens = text.includes('*') ? tz.tokens.map(unmaskToken) : tz.tokens;
  if (tokens.length === 0) return zero();
  const c = new Ctx(text, tokens, dedupe(MATCHER.matchAll(tokens)));
  if (!CUE_KINDS.some((kind) => c.of(kind).length > 0)) return { score: { scores: noScores(), evidence: {} }, ctx: c };
  const ins = insults(c);
  const idn = identity(c);
  const thr = threats(c);
  const prof = profanity(c);
  const host = hostility(c);
  const severeCues: Scored[] = [
    ...prof.severe,
    ...idn.filter((s) => s.value >= 0.85).map((s) => ({ value: s.value * 0.85, spans: s.spans })),
    ...(thr.severe > 0 ? [{ value: thr.severe, spans: spansOf(thr.scored, text) }] : []),
  ];
  const insultScore = combine(ins.map((s) => s.value));
  if (insultScore >= 0.85 && prof.scored.some((s) => s.value >= 0.85)) severeCues.push({ value: 0.7, spans: spansOf(ins, text).slice(0, 2) });
  const scores: Record<Attribute, number> = {
    TOXICITY: 0,
    SEVERE_TOXICITY: combine(severeCues.map((s) => s.value)),
    IDENTITY_ATTACK: combine(idn.map((s) => s.value)),
    INSULT: insultScore,
    PROFANITY: combine(prof.scored.map((s) => s.value)),
    THREAT: combine(thr.scored.map((s) => s.value)),
  };
  const toxCues: Scored[] = [
    ...ins.map((s) => ({ value: s.value * 0.92, spans: s.spans })),
    ...idn.map((s) => ({ value: s.value * 0.95, spans: s.spans })),
    ...thr.scored.map((s) => ({ value: s.value * 0.85, spans: s.spans })),
    ...severeCues,
    ...prof.scored.map((s) => ({ value: s.value * (s.value >= 0.85 ? 0.8 : 0.5), spans: s.spans })),
    ...host,
  ];
  scores.TOXICITY = combine(toxCues.map((s) => s.value));
  const evidence: Partial<Record<Attribute, Span[]>> = {};
  const cues: Record<Attribute, readonly Scored[]> = {
    TOXICITY: toxCues,
    SEVERE_TOXICITY: severeCues,
    IDENTITY_ATTACK: idn,
    INSULT: ins,
    PROFANITY: prof.scored,
    THREAT: thr.scored,
  };
  for (const a of ATTRIBUTES) {
    scores[a] = round(scores[a]);
    const spans = spansOf(cues[a], text);
    if (spans.length > 0) evidence[a] = spans;
  }
  return { score: { scores, evidence }, ctx: c };
}
