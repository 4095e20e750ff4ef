/**
 * The model at scoring time: validates and decodes the artefact once, then scores model words with a per-word cache
 * of each word's own feature sum (unigram + character n-grams), so a comment costs little more than its bigrams.
 */
import { ARTEFACT_FORMAT, decodeWeights, type Artefact, type StoredHead } from './artefact.ts';
import { HEADS, type Head } from './datasets.ts';
import { bigramCode, bigramHalf, wordCodes, type FeatureConfig } from './features.ts';
import { sigmoid } from './logistic.ts';
import type { ModelWord } from './words.ts';

/** Model output for one text: calibrated probability per head and each token's share of the raw score. */
export interface Prediction {
  probability: Record<Head, number>;
  /** Per head, per token index: contribution to the raw score (positive pushes the score up). */
  contributions: Record<Head, Float64Array>;
}

interface CachedWord {
  /** Number of the word's own features. */
  n: number;
  /** Per head, the signed sum of the word's own feature weights. */
  sums: Float64Array;
  /** Bigram half hash. */
  half: number;
}

const CACHE_LIMIT = 200_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape of a parsed artefact; throws a message naming the first bad field. */
export function parseArtefact(value: unknown): Artefact {
  if (!isRecord(value) || value.format !== ARTEFACT_FORMAT) throw new Error(`model artefact: format is not ${ARTEFACT_FORMAT}`);
  const f = value.features;
  if (!isRecord(f) || !Number.isInteger(f.bits) || (f.bits as number) < 8 || (f.bits as number) > 24) throw new Error('model artefact: features.bits must be an integer 8..24');
  if (!Number.isInteger(f.charMin) || !Number.isInteger(f.charMax) || (f.charMin as number) < 1 || (f.charMax as number) < (f.charMin as number)) {
    throw new Error('model artefact: features.charMin/charMax are invalid');
  }
  if (!isRecord(value.heads)) throw new Error('model artefact: heads missing');
  for (const head of HEADS) {
    const h = value.heads[head];
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
  readonly hash: string;
  private readonly weights: Float32Array[];
  private readonly heads: StoredHead[];
  private cache = new Map<string, CachedWord>();

  constructor(artefact: Artefact) {
    this.config = artefact.features;
    this.hash = artefact.payloadSha256;
    this.heads = HEADS.map((h) => artefact.heads[h]);
    this.weights = HEADS.map((h) => decodeWeights(artefact.heads[h], 1 << artefact.features.bits, h));
  }

  private word(word: string): CachedWord {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const codes = wordCodes(word, this.config);
    const sums = new Float64Array(HEADS.length);
    for (let h = 0; h < HEADS.length; h++) sums[h] = this.sum(h, codes);
    const entry = { n: codes.length, sums, half: bigramHalf(word) };
    if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
    this.cache.set(word, entry);
    return entry;
  }

  private sum(h: number, codes: readonly number[]): number {
    const w = this.weights[h] as Float32Array;
    let s = 0;
    for (const c of codes) s += c > 0 ? (w[c - 1] as number) : -(w[-c - 1] as number);
    return s;
  }

  /** Scores the model words of a text with `tokenCount` tokens. */
  predict(words: readonly ModelWord[], tokenCount: number): Prediction {
    const contributions = {} as Record<Head, Float64Array>;
    const perHead = HEADS.map(() => new Float64Array(tokenCount));
    let n = 0;
    let previous: number | null = null;
    let previousToken = 0;
    for (const mw of words) {
      const cached = this.word(mw.word);
      n += cached.n;
      for (let h = 0; h < HEADS.length; h++) {
        const row = perHead[h] as Float64Array;
        row[mw.token] = (row[mw.token] as number) + (cached.sums[h] as number);
      }
      if (previous !== null) {
        const code = bigramCode(previous, cached.half, this.config);
        n++;
        for (let h = 0; h < HEADS.length; h++) {
          const w = this.weights[h] as Float32Array;
          const v = code > 0 ? (w[code - 1] as number) : -(w[-code - 1] as number);
          const row = perHead[h] as Float64Array;
          row[previousToken] = (row[previousToken] as number) + v / 2;
          row[mw.token] = (row[mw.token] as number) + v / 2;
        }
      }
      previous = cached.half;
      previousToken = mw.token;
    }
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const probability = {} as Record<Head, number>;
    HEADS.forEach((head, h) => {
      const row = perHead[h] as Float64Array;
      let s = 0;
      for (let t = 0; t < row.length; t++) {
        row[t] = (row[t] as number) * norm;
        s += row[t] as number;
      }
      const stored = this.heads[h] as StoredHead;
      probability[head] = sigmoid(stored.platt[0] * (stored.bias + s) + stored.platt[1]);
      contributions[head] = row;
    });
    return { probability, contributions };
  }
}
