/**
 * Per-comment context of the lexicon scorer: the phrase matches grouped by kind, with the look-ups the rules need
 * (negation scope, nearest target before a cue, mention-versus-use damping).
 */
import type { Span } from '../../core/scoring.ts';
import type { PhraseMatch } from '../text/phrase-matcher.ts';
import type { Token } from '../text/tokenize.ts';
import type { Entry, Kind } from './words.ts';

/** One matched lexicon phrase. */
export type M = PhraseMatch<Entry>;

/** The original-text span of tokens `[from, to)`. */
function span(text: string, tokens: readonly Token[], from: number, to: number): Span {
  const start = (tokens[from] as Token).start;
  const end = (tokens[to - 1] as Token).end;
  return { start, end, text: text.slice(start, end) };
}

/** Meta words that are nouns: what follows them is mentioned ("the word 'vermin'"). */
const META_NOUNS = new Set(['word', 'words', 'term', 'label', 'quote']);
/** Words before a meta gerund that make it a mention ("stop calling", "by saying", "instead of calling"). */
const GERUND_OPENERS = new Set([
  'stop', 'quit', 'keep', 'by', 'about', 'of', 'for', 'from', 'without', 'like', 'is', 'was', 'are', 'were', 'as', 'and', 'or', 'but', 'than',
  'anyone', 'anybody', 'people', 'those', 'someone', 'somebody', 'everyone', 'nobody', 'politicians', 'media', 'papers', 'journalists',
  'comments', 'comment', 'commenters', 'posters', 'posts', 'tweets', 'replies', 'trolls', 'headlines', 'article', 'articles', 'column', 'columnist',
]);

/** First words of a sentence that evaluates the one before ("That is racism.", "This is hate speech."). */
const POINTING_BACK = new Set(['that', 'this', 'it', "that's", 'thats', "it's", 'its', 'which', 'such']);

/** What `of` answers for a kind without matches (shared, never changed). */
const NONE: readonly M[] = [];

/** Per-comment context built from the matches. */
export class Ctx {
  readonly byKind = new Map<Kind, M[]>();
  readonly negators = new Set<number>();
  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    matches: readonly M[],
  ) {
    for (const m of matches) {
      const list = this.byKind.get(m.label.kind);
      if (list) list.push(m);
      else this.byKind.set(m.label.kind, [m]);
      if (m.label.kind === 'negator') for (let k = m.from; k < m.to; k++) this.negators.add(k);
    }
  }
  of(kind: Kind): readonly M[] {
    return this.byKind.get(kind) ?? NONE;
  }
  private memos?: Map<string, unknown>;
  /** A value computed once per comment by the rules that need it (e.g. the tokens that label hate). */
  memo<T>(key: string, make: () => T): T {
    this.memos ??= new Map();
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }
  private starts?: Map<Kind, Map<number, M>>;
  private ends?: Map<Kind, Map<number, M>>;
  private covered?: Map<Kind, Uint8Array>;
  /** The match of `kind` that starts at token `i` (matches of one kind never share a start after dedupe). */
  startsAt(kind: Kind, i: number): M | undefined {
    this.starts ??= new Map();
    return this.matchAt(this.starts, kind, 'from', i);
  }
  /** A match of `kind` that ends just before token `i` (its `to` is `i`). */
  endsAt(kind: Kind, i: number): M | undefined {
    this.ends ??= new Map();
    return this.matchAt(this.ends, kind, 'to', i);
  }
  /** The first match of `kind` whose `end` is `i`, through an index built once per kind in `indexes`. */
  private matchAt(indexes: Map<Kind, Map<number, M>>, kind: Kind, end: 'from' | 'to', i: number): M | undefined {
    let index = indexes.get(kind);
    if (!index) {
      index = new Map();
      for (const m of this.of(kind)) if (!index.has(m[end])) index.set(m[end], m);
      indexes.set(kind, index);
    }
    return index.get(i);
  }
  /** True when a match of `kind` covers token `i`. */
  covers(kind: Kind, i: number): boolean {
    this.covered ??= new Map();
    let cover = this.covered.get(kind);
    if (!cover) {
      cover = new Uint8Array(this.tokens.length);
      for (const m of this.of(kind)) cover.fill(1, m.from, m.to);
      this.covered.set(kind, cover);
    }
    return cover[i] === 1;
  }
  tok(i: number): Token {
    return this.tokens[i] as Token;
  }
  /** A negator within three tokens before `from`, same clause ("not an idiot", "I will never hurt you"). */
  negated(from: number): boolean {
    if (this.negators.size === 0) return false;
    const clause = this.tok(from).clause;
    for (let k = from - 1; k >= Math.max(0, from - 3); k--) {
      const t = this.tok(k);
      if (t.clause !== clause || t.norm === 'but') return false;
      if (this.negators.has(k) && this.tokens[k + 1]?.norm !== 'only') return true;
    }
    return false;
  }
  /** Nearest match of `kind` before `from` within `window` tokens in the same clause (or overlapping the cue). */
  before(kind: Kind, from: number, to: number, window: number, sameSentenceOnly = false): M | undefined {
    const ref = this.tok(from);
    let best: M | undefined;
    for (const m of this.of(kind)) {
      const t = this.tok(m.from);
      const sameUnit = sameSentenceOnly ? t.sentence === ref.sentence : t.clause === ref.clause;
      if (!sameUnit) continue;
      const inside = m.from >= from && m.to <= to;
      if (!inside && (m.to > from || from - m.to > window)) continue;
      if (!best || m.from > best.from) best = m;
    }
    return best;
  }
  after(kind: Kind, to: number, window: number): M | undefined {
    const clause = this.tok(to - 1).clause;
    for (const m of this.of(kind)) if (m.from >= to && m.from - to <= window && this.tok(m.from).clause === clause) return m;
    return undefined;
  }
  /**
   * Damping for mention rather than use: counter-speech in the sentence, or a meta word before the cue that mentions
   * rather than uses ("the word 'x'", "calling them x is ...", "stop calling them x"); quotation alone ×0.6. A speaker's
   * own "I say they are x" is use, and reported speech ("he said") is the hostility reader's stance, not a mention.
   */
  mention(m: M): number {
    const t = this.tok(m.from);
    // A counter-speech phrase counters the other cues of its sentence, not the word it evaluates with ("that's racist").
    if (this.byKind.has('counter') && this.of('counter').some((k) => this.counters(k, t.sentence) && !(m.from <= k.to - 1 && k.to - 1 < m.to) && this.directive(k))) return 0.3;
    const meta = this.byKind.has('meta') ? this.before('meta', m.from, m.to, 5, true) : undefined;
    if (meta && this.mentions(meta)) return 0.3;
    if (this.byKind.has('meta') && this.actSentence(t.sentence, m.from)) return 0.3;
    return t.quoted ? 0.6 : 1;
  }
  /** The sentence is about an act of speech: it opens with a meta gerund ("Calling migrants vermin is ..."). */
  private actSentence(sentence: number, before: number): boolean {
    for (const meta of this.of('meta')) {
      if (meta.from >= before || this.tok(meta.from).sentence !== sentence) continue;
      const prev = this.tokens[meta.from - 1];
      if (this.tok(meta.from).norm.endsWith('ing') && (prev === undefined || prev.sentence !== sentence)) return true;
    }
    return false;
  }
  /** A counter-speech phrase counters its own sentence, and the one before when it opens by pointing back ("That is antisemitism."). */
  private counters(k: M, sentence: number): boolean {
    const at = this.tok(k.from).sentence;
    if (at === sentence) return true;
    if (at !== sentence + 1) return false;
    let first = k.from;
    while (first > 0 && this.tok(first - 1).sentence === at) first--;
    return POINTING_BACK.has(this.tok(first).norm);
  }
  /** A directive counter-speech phrase counts only at its clause's start ("Don't call them ..."; not "I don't blame her"). */
  private directive(k: M): boolean {
    if (k.label.directive !== true) return true;
    const prev = this.tokens[k.from - 1];
    return prev === undefined || prev.clause !== this.tok(k.from).clause || prev.norm === 'please' || prev.norm === 'just' || prev.norm === 'so';
  }
  /** A meta word that mentions: a noun ("the word"), or a gerund opening its clause or after "stop", "by", "of" ... */
  private mentions(meta: M): boolean {
    const word = this.tok(meta.from).norm;
    if (META_NOUNS.has(word)) return true;
    if (!word.endsWith('ing')) return false;
    const prev = this.tokens[meta.from - 1];
    return prev === undefined || prev.clause !== this.tok(meta.from).clause || GERUND_OPENERS.has(prev.norm);
  }
  span(from: number, to: number): Span {
    return span(this.text, this.tokens, from, to);
  }
}
