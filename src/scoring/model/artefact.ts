/**
 * The shipped weight artefact: per head, int8-quantized weights of the non-zero buckets (varint index gaps
 * interleaved with the int8 value, base64), a scale, the bias and the Platt calibration. Encoding and decoding.
 */
import { decodeBase64, encodeBase64 } from './base64.ts';
import type { Head } from './datasets.ts';
import type { FeatureConfig } from './features.ts';
import type { Combiner } from './combiner.ts';
import type { TrainOptions } from './logistic.ts';

export const ARTEFACT_FORMAT = 'threadscope-linear-v1';

/** One head as stored. */
export interface StoredHead {
  bias: number;
  /** Weight = int8 value × scale. */
  scale: number;
  /** Platt calibration: p = sigmoid(platt[0] · raw + platt[1]). */
  platt: [number, number];
  /** Number of stored (non-zero) buckets. */
  nonZero: number;
  /** base64 of (varint gap, int8 value) pairs in bucket order. */
  data: string;
}

/** A head a recipe does not learn: no weights, probability sigmoid(−20) ≈ 0 for every text. */
export const UNTRAINED_HEAD: StoredHead = { bias: -20, scale: 1, platt: [1, 0], nonZero: 0, data: '' };

/** The artefact file (src/scoring/model/weights/embedded-model.json). */
export interface Artefact {
  format: typeof ARTEFACT_FORMAT;
  features: FeatureConfig;
  /**
   * Training settings, the stacked combiners by the head they were folded into (for the record; the heads already
   * hold them; artefacts before the ten-source training recorded one, `combiner`, for IDENTITY_ATTACK), example counts
   * per source and split, and the feature fingerprint of the probe text (train.ts).
   */
  training: { options: TrainOptions; combiners?: Record<string, Combiner>; combiner?: Combiner; examples: Record<string, number>; probe: string };
  heads: Record<Head, StoredHead>;
  /** sha256 (hex) of `JSON.stringify({ features, heads })`, written by `npm run train`; the scorer version is its start. */
  payloadSha256: string;
}

/** Quantizes weights to int8 (scale = max |w| / 127) and encodes the non-zero ones. */
export function encodeWeights(weights: Float64Array): { scale: number; nonZero: number; data: string } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  const scale = max > 0 ? max / 127 : 1;
  const bytes: number[] = [];
  let last = -1;
  let nonZero = 0;
  for (let i = 0; i < weights.length; i++) {
    const q = Math.round((weights[i] as number) / scale);
    if (q === 0) continue;
    let gap = i - last;
    last = i;
    while (gap >= 128) {
      bytes.push((gap & 127) | 128);
      gap >>>= 7;
    }
    bytes.push(gap);
    bytes.push(q & 255);
    nonZero++;
  }
  return { scale, nonZero, data: encodeBase64(Uint8Array.from(bytes)) };
}

/** Decodes a head into a dense table of `buckets` weights; throws a message naming the head when the data is corrupt. */
export function decodeWeights(head: StoredHead, buckets: number, name: string): Float32Array {
  const quantized = decodeQuantized(head, buckets, name);
  const out = new Float32Array(buckets);
  for (let i = 0; i < buckets; i++) out[i] = (quantized[i] as number) * head.scale;
  return out;
}

/** Decodes a head into its dense int8 values (weight = value × `head.scale`). */
export function decodeQuantized(head: StoredHead, buckets: number, name: string): Int8Array {
  const out = new Int8Array(buckets);
  const bytes = decodeBase64(head.data);
  let index = -1;
  let i = 0;
  let count = 0;
  while (i < bytes.length) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new Error(`model artefact: head ${name} ends inside an index`);
      gap |= (b & 127) << shift;
      shift += 7;
      if (b < 128) break;
    }
    index += gap;
    const v = bytes[i++];
    if (v === undefined || index >= buckets) throw new Error(`model artefact: head ${name} is corrupt at byte ${i}`);
    out[index] = v > 127 ? v - 256 : v;
    count++;
  }
  if (count !== head.nonZero) throw new Error(`model artefact: head ${name} has ${count} weights, expected ${head.nonZero}`);
  return out;
}
