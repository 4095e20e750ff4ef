/**
 * The model at scoring time: validates and decodes the artefact once, then scores model words with a per-word cache
 * of each word's own feature sum (unigram + character n-grams), so a comment costs little more than its bigrams.
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

interface CachedWord {
  /** Number of the word's own features. */
  n: number;
  /** Where the word's sums start in `EmbeddedModel.pool`: per live head, the signed sum of its own feature weights. */
  at: number;
  /** Bigram half hash. */
  half: number;
}

const CACHE_LIMIT = 200_000;

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
  private cache = new Map<string, CachedWord>();
  /** The cached words' sums, side by side (one look-up per word and head, no array per word); grows by doubling. */
  private pool = new Float64Array(1 << 12);
  private used = 0;
  /** Token norm → the cached words the model reads for it (as `wordsOfToken` maps it: gloss, mask, itself or none). */
  private tokenCache = new Map<string, CachedWord[]>();

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

  private word(word: string): CachedWord {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const codes = wordCodes(word, this.config);
    const L = this.live.length;
    if (this.used + L > this.pool.length) {
      const bigger = new Float64Array(this.pool.length * 2);
      bigger.set(this.pool);
      this.pool = bigger;
    }
    const at = this.used;
    this.used += L;
    const pool = this.pool;
    pool.fill(0, at, at + L);
    for (const c of codes) {
      const base = (c > 0 ? c - 1 : -c - 1) * L;
      for (let h = 0; h < L; h++) pool[at + h] = (pool[at + h] as number) + (c > 0 ? 1 : -1) * (this.table[base + h] as number);
    }
    for (let h = 0; h < L; h++) pool[at + h] = (pool[at + h] as number) * (this.scales[h] as number);
    const entry = { n: codes.length, at, half: bigramHalf(word) };
    this.cache.set(word, entry);
    return entry;
  }

  private tokenWords(norm: string, symbol: boolean): CachedWord[] {
    const hit = this.tokenCache.get(norm);
    if (hit) return hit;
    const words = wordsOfToken(norm, symbol ? norm : lemmaOf(norm), symbol, this.emoji);
    const entry = words.map((w) => this.word(w));
    this.tokenCache.set(norm, entry);
    return entry;
  }

  /** Empties the caches when they are full, only between predictions (a prediction's words keep their place in the pool). */
  private makeRoom(): void {
    if (this.cache.size < CACHE_LIMIT && this.tokenCache.size < CACHE_LIMIT) return;
    this.cache = new Map();
    this.tokenCache = new Map();
    this.used = 0;
  }

  /** Scores tokens directly; the same as `predict(modelWords(tokens), tokens.length)` without building the word list. */
  predictTokens(tokens: readonly Token[]): Prediction {
    this.makeRoom();
    const entries: CachedWord[] = [];
    const owners: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.symbol && !this.emoji) continue;
      for (const w of this.tokenWords(t.norm, t.symbol)) {
        entries.push(w);
        owners.push(i);
      }
    }
    return this.run(entries, owners, tokens.length);
  }

  /** Scores the model words of a text with `tokenCount` tokens. */
  predict(words: readonly ModelWord[], tokenCount: number): Prediction {
    this.makeRoom();
    return this.run(
      words.map((w) => this.word(w.word)),
      words.map((w) => w.token),
      tokenCount,
    );
  }

  /** Scores cached words `entries`, each owned by the token `owners[i]`. */
  private run(entries: readonly CachedWord[], owners: readonly number[], tokenCount: number): Prediction {
    const H = this.live.length;
    const T = tokenCount;
    const table = this.table;
    const scales = this.scales;
    const pool = this.pool;
    // One row per head, each the head's contributions without a copy. Plain arrays: a typed array of this size is
    // allocated outside the heap, which cost more than filling the rows.
    const rows: number[][] = [];
    for (let h = 0; h < H; h++) rows.push(new Array<number>(T).fill(0));
    let n = 0;
    let previous = 0;
    let previousToken = -1;
    for (let i = 0; i < entries.length; i++) {
      const cached = entries[i] as CachedWord;
      const token = owners[i] as number;
      n += cached.n;
      for (let h = 0; h < H; h++) {
        const row = rows[h] as number[];
        row[token] = (row[token] as number) + (pool[cached.at + h] as number);
      }
      if (previousToken >= 0) {
        const code = bigramCode(previous, cached.half, this.config);
        const base = (code > 0 ? code - 1 : -code - 1) * H;
        const half = code > 0 ? 0.5 : -0.5;
        n++;
        for (let h = 0; h < H; h++) {
          const v = half * (table[base + h] as number) * (scales[h] as number);
          const row = rows[h] as number[];
          row[previousToken] = (row[previousToken] as number) + v;
          row[token] = (row[token] as number) + v;
        }
      }
      previous = cached.half;
      previousToken = token;
    }
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const probability = {} as Record<Head, number>;
    const contributions = {} as Record<Head, number[]>;
    for (const k of this.dead) {
      const stored = this.heads[k] as StoredHead;
      probability[HEADS[k] as Head] = sigmoid(stored.platt[0] * stored.bias + stored.platt[1]);
      contributions[HEADS[k] as Head] = new Array<number>(T).fill(0);
    }
    for (let h = 0; h < H; h++) {
      const row = rows[h] as number[];
      let s = 0;
      for (let t = 0; t < T; t++) {
        const v = (row[t] as number) * norm;
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
