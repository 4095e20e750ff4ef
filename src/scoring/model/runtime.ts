/**
 * The model at scoring time: validates and decodes the artefact once, then scores model words with a per-word cache
 * of each word's own feature sum (unigram + character n-grams), so a comment costs little more than its bigrams.
 * Caches are flat Float64Arrays indexed through one Map look-up per token (no object or array per word): a comment's
 * tokens each cost one Map probe and one read of a few adjacent numbers, where the cache of arrays of word objects
 * cost four dependent reads, mostly missed in the processor caches.
 */
import { ARTEFACT_FORMAT, decodeQuantized, UNTRAINED_HEAD, type Artefact, type StoredHead } from './artefact.ts';
import { HEADS, type Head } from './datasets.ts';
import { bigramCode, bigramHalf, wordCodes, type FeatureConfig } from './features.ts';
import { sigmoid } from './logistic.ts';
import type { Token } from '../text/tokenize.ts';
import { lemmaOf } from '../text/tokenize.ts';
import { wordsOfToken, type ModelWord } from './words.ts';

/** Model output for one text: calibrated probability per head and each token's share of the raw score. */
export interface Prediction {
  probability: Record<Head, number>;
  /** Per head, per token index: contribution to the raw score (positive pushes the score up). */
  contributions: Record<Head, number[]>;
}

/**
 * A word's record in the word and token pools, `L + 2` numbers: its own feature count, its bigram half hash (a
 * uint32, exact as a double), then per live head the signed sum of its own feature weights times the head's scale.
 */
const N = 0;
const HALF = 1;
const SUMS = 2;

/** Words (and token norms) cached before the caches start over. */
const CACHE_LIMIT = 200_000;

/** A pool of records: a Float64Array that grows by doubling, `used` numbers of it taken. */
class Pool {
  data = new Float64Array(1 << 12);
  used = 0;
  /** Takes `size` numbers (zeroed) and returns where they start; `data` may be a new array afterwards. */
  take(size: number): number {
    if (this.used + size > this.data.length) {
      let length = this.data.length * 2;
      while (this.used + size > length) length *= 2;
      const bigger = new Float64Array(length);
      bigger.set(this.data.subarray(0, this.used));
      this.data = bigger;
    }
    const at = this.used;
    this.used += size;
    this.data.fill(0, at, at + size);
    return at;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Heads every artefact has; an artefact from before a later head was added lacks it (read as `UNTRAINED_HEAD`). */
const REQUIRED_HEADS: ReadonlySet<string> = new Set(['TOXICITY', 'IDENTITY_ATTACK']);

/** The stored head of `head`, or the untrained one when the artefact predates it. */
function storedHead(artefact: Artefact, head: Head): StoredHead {
  return (artefact.heads as Partial<Record<Head, StoredHead>>)[head] ?? UNTRAINED_HEAD;
}

/** Checks the shape of a parsed artefact; throws a message naming the first bad field. */
export function parseArtefact(value: unknown): Artefact {
  if (!isRecord(value) || value.format !== ARTEFACT_FORMAT) throw new Error(`model artefact: format is not ${ARTEFACT_FORMAT}`);
  const f = value.features;
  if (!isRecord(f) || !Number.isInteger(f.bits) || (f.bits as number) < 8 || (f.bits as number) > 24) throw new Error('model artefact: features.bits must be an integer 8..24');
  if (!Number.isInteger(f.charMin) || !Number.isInteger(f.charMax) || (f.charMin as number) < 1 || (f.charMax as number) < (f.charMin as number)) {
    throw new Error('model artefact: features.charMin/charMax are invalid');
  }
  if (f.emoji !== undefined && typeof f.emoji !== 'boolean') throw new Error('model artefact: features.emoji must be a boolean');
  if (!isRecord(value.heads)) throw new Error('model artefact: heads missing');
  for (const head of HEADS) {
    const h = value.heads[head];
    if (h === undefined && !REQUIRED_HEADS.has(head)) continue;
    if (!isRecord(h)) throw new Error(`model artefact: head ${head} missing`);
    const platt = h.platt;
    const numbers = [h.bias, h.scale, h.nonZero, ...(Array.isArray(platt) && platt.length === 2 ? platt : [Number.NaN])];
    if (!numbers.every((x) => typeof x === 'number' && Number.isFinite(x)) || typeof h.data !== 'string') throw new Error(`model artefact: head ${head} is malformed`);
  }
  if (typeof value.payloadSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.payloadSha256)) throw new Error('model artefact: payloadSha256 must be 64 hex digits');
  return value as unknown as Artefact;
}

/** A loaded model. */
export class EmbeddedModel {
  readonly config: FeatureConfig;
  /** Emoji are read as words (FeatureConfig.emoji). */
  private readonly emoji: boolean;
  readonly hash: string;
  /**
   * The int8 weights of the heads with weights interleaved by bucket (`bucket * live.length + j`), 768 KiB for three
   * heads: one cache line per bucket look-up; `scales[j]` turns them into weights.
   */
  private readonly table: Int8Array;
  private readonly scales: Float64Array;
  private readonly heads: StoredHead[];
  /** Indices into HEADS of the heads with weights; a head without any (untrained) is its calibrated bias alone. */
  private readonly live: number[];
  /** Indices into HEADS of the heads without weights. */
  private readonly dead: number[];
  /** Model word → where its record starts in `words`. */
  private wordIndex = new Map<string, number>();
  private words = new Pool();
  /**
   * Token norm → where its entry starts in `tokens`: the number of words the model reads for the token (as
   * `wordsOfToken` maps it: gloss, mask, itself or none), then a copy of each word's record.
   */
  private tokenIndex = new Map<string, number>();
  private tokens = new Pool();
  /** Per live head and token, the raw contributions of the prediction in progress (`h * T + t`); reused, grows. */
  private acc = new Float64Array(1024);
  /** State of the prediction in progress: feature count, the last word's bigram half and token (-1 before the first word). */
  private n = 0;
  private previous = 0;
  private previousToken = -1;

  constructor(artefact: Artefact) {
    this.config = artefact.features;
    this.emoji = artefact.features.emoji === true;
    this.hash = artefact.payloadSha256;
    this.heads = HEADS.map((h) => storedHead(artefact, h));
    this.live = HEADS.flatMap((_, k) => ((this.heads[k] as StoredHead).nonZero > 0 ? [k] : []));
    this.dead = HEADS.flatMap((_, k) => ((this.heads[k] as StoredHead).nonZero > 0 ? [] : [k]));
    const L = this.live.length;
    const buckets = 1 << artefact.features.bits;
    this.table = new Int8Array(buckets * L);
    this.scales = Float64Array.from(this.live.map((k) => (this.heads[k] as StoredHead).scale));
    this.live.forEach((k, j) => {
      const dense = decodeQuantized(this.heads[k] as StoredHead, buckets, HEADS[k] as Head);
      for (let b = 0; b < buckets; b++) this.table[b * L + j] = dense[b] as number;
    });
  }

  /** Where the record of model word `word` starts in the word pool (computed on first need). */
  private wordAt(word: string): number {
    const hit = this.wordIndex.get(word);
    if (hit !== undefined) return hit;
    const codes = wordCodes(word, this.config);
    const L = this.live.length;
    const at = this.words.take(SUMS + L);
    const pool = this.words.data;
    const sums = at + SUMS;
    for (const c of codes) {
      const base = (c > 0 ? c - 1 : -c - 1) * L;
      for (let h = 0; h < L; h++) pool[sums + h] = (pool[sums + h] as number) + (c > 0 ? 1 : -1) * (this.table[base + h] as number);
    }
    for (let h = 0; h < L; h++) pool[sums + h] = (pool[sums + h] as number) * (this.scales[h] as number);
    pool[at + N] = codes.length;
    pool[at + HALF] = bigramHalf(word);
    this.wordIndex.set(word, at);
    return at;
  }

  /** Where the entry of a token norm starts in the token pool (built on first need from the words it reads). */
  private tokenAt(norm: string, symbol: boolean): number {
    const hit = this.tokenIndex.get(norm);
    if (hit !== undefined) return hit;
    const words = wordsOfToken(norm, symbol ? norm : lemmaOf(norm), symbol, this.emoji);
    const size = SUMS + this.live.length;
    const at = this.tokens.take(1 + words.length * size);
    this.tokens.data[at] = words.length;
    for (let k = 0; k < words.length; k++) {
      const from = this.wordAt(words[k] as string);
      const into = at + 1 + k * size;
      for (let j = 0; j < size; j++) this.tokens.data[into + j] = this.words.data[from + j] as number;
    }
    this.tokenIndex.set(norm, at);
    return at;
  }

  /** Empties the caches when they are full, only between predictions. */
  private makeRoom(): void {
    if (this.wordIndex.size < CACHE_LIMIT && this.tokenIndex.size < CACHE_LIMIT) return;
    this.wordIndex = new Map();
    this.tokenIndex = new Map();
    this.words = new Pool();
    this.tokens = new Pool();
  }

  /** Starts a prediction over `T` tokens: every contribution 0. */
  private begin(T: number): void {
    const size = this.live.length * T;
    if (this.acc.length < size) this.acc = new Float64Array(Math.max(size, this.acc.length * 2));
    this.acc.fill(0, 0, size);
    this.n = 0;
    this.previous = 0;
    this.previousToken = -1;
  }

  /**
   * Adds the word whose record starts at `pool[at]` to the prediction in progress, read by token `token` of `T`: its
   * own sums to the token, and its bigram with the word before to both tokens (half each). The order of the additions
   * is the order of the words, so every sum is the same whichever cache the records come from.
   */
  private addWord(pool: Float64Array, at: number, token: number, T: number): void {
    const H = this.live.length;
    const acc = this.acc;
    this.n += pool[at + N] as number;
    for (let h = 0; h < H; h++) acc[h * T + token] = (acc[h * T + token] as number) + (pool[at + SUMS + h] as number);
    const half = pool[at + HALF] as number;
    if (this.previousToken >= 0) {
      const previousToken = this.previousToken;
      const code = bigramCode(this.previous, half, this.config);
      const base = (code > 0 ? code - 1 : -code - 1) * H;
      const sign = code > 0 ? 0.5 : -0.5;
      this.n++;
      for (let h = 0; h < H; h++) {
        const v = sign * (this.table[base + h] as number) * (this.scales[h] as number);
        acc[h * T + previousToken] = (acc[h * T + previousToken] as number) + v;
        acc[h * T + token] = (acc[h * T + token] as number) + v;
      }
    }
    this.previous = half;
    this.previousToken = token;
  }

  /** Scores tokens directly; the same as `predict(modelWords(tokens), tokens.length)` without building the word list. */
  predictTokens(tokens: readonly Token[]): Prediction {
    this.makeRoom();
    const T = tokens.length;
    this.begin(T);
    const size = SUMS + this.live.length;
    for (let i = 0; i < T; i++) {
      const t = tokens[i] as Token;
      if (t.symbol && !this.emoji) continue;
      const at = this.tokenAt(t.norm, t.symbol);
      const pool = this.tokens.data;
      const count = pool[at] as number;
      for (let k = 0; k < count; k++) this.addWord(pool, at + 1 + k * size, i, T);
    }
    return this.finish(T);
  }

  /** Scores the model words of a text with `tokenCount` tokens. */
  predict(words: readonly ModelWord[], tokenCount: number): Prediction {
    this.makeRoom();
    this.begin(tokenCount);
    for (const w of words) {
      const at = this.wordAt(w.word);
      this.addWord(this.words.data, at, w.token, tokenCount);
    }
    return this.finish(tokenCount);
  }

  /** The probabilities and the contributions (scaled by 1/sqrt(feature count)) of the prediction in progress. */
  private finish(T: number): Prediction {
    const H = this.live.length;
    const acc = this.acc;
    const n = this.n;
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const probability = {} as Record<Head, number>;
    const contributions = {} as Record<Head, number[]>;
    for (const k of this.dead) {
      const stored = this.heads[k] as StoredHead;
      probability[HEADS[k] as Head] = sigmoid(stored.platt[0] * stored.bias + stored.platt[1]);
      contributions[HEADS[k] as Head] = new Array<number>(T).fill(0);
    }
    for (let h = 0; h < H; h++) {
      // Plain arrays for the callers: a typed array per row would be allocated outside the heap, which costs more.
      const row = new Array<number>(T);
      let s = 0;
      for (let t = 0; t < T; t++) {
        const v = (acc[h * T + t] as number) * norm;
        row[t] = v;
        s += v;
      }
      const k = this.live[h] as number;
      const stored = this.heads[k] as StoredHead;
      const head = HEADS[k] as Head;
      probability[head] = sigmoid(stored.platt[0] * (stored.bias + s) + stored.platt[1]);
      contributions[head] = row;
    }
    return { probability, contributions };
  }
}
