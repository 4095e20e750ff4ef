/**
 * Logistic regression trained with Adagrad (fixed seed, L2 on the touched weights, class-balanced weights) over
 * hashed sparse features, optionally NB-weighted (each bucket's value scaled by its log-count ratio), and Platt
 * scaling for calibration. Deterministic: same input and options, same weights.
 */

/** Settings of one head's fit. */
export interface HeadOptions {
  /** Example weight per source; a source absent here (or weighted 0) is not used by the head. */
  sourceWeight: Record<string, number>;
  epochs: number;
  learningRate: number;
  l2: number;
  /**
   * NB weighting (Wang and Manning 2012): each bucket's value is scaled by `nbMix · |r| + (1 − nbMix)`, r its
   * smoothed log-count ratio between positive and negative training texts. 0 (or absent) = plain features.
   */
  nbMix?: number;
  /** With nbMix: the log-count ratio averaged over the sources (`nbScaleBySource`) instead of pooled. */
  nbBySource?: boolean;
}

/** Training settings: the seed of the example order, one fit per label, how stored heads are made and calibrated. */
export interface TrainOptions {
  seed: number;
  /** One logistic fit per label named here (the fit's name is the label it learns). */
  heads: Partial<Record<string, HeadOptions>>;
  /**
   * Stored heads made by the stacked combiner (combiner.ts) from several fits, e.g. IDENTITY_ATTACK from the
   * IDENTITY_ATTACK and ANTISEMITISM fits; a stored head not named here is its own fit. Absent: the first models'
   * stack (IDENTITY_ATTACK from IDENTITY_ATTACK and ANTISEMITISM).
   */
  stack?: Partial<Record<string, string[]>>;
  /** Total weight of each source's calibration texts when a combiner is fitted (combiner.ts). */
  combinerSourceWeight: Record<string, number>;
  /**
   * Per stored head, the prior of its Platt calibration: 'even' (both classes weigh the same), 'rate' (the calibration
   * split's own class rate) or a number π (within each source the positives weigh π and the negatives 1 − π, and
   * every source with both classes weighs the same: a prior of π in a typical source, whatever the sources' sizes and
   * rates). Absent: TOXICITY 'even', the others 'rate' (the first models' choice).
   */
  calibration?: Partial<Record<string, 'even' | 'rate' | number>>;
  /**
   * 'source': every source weighs the same in a fit (times its source weight), and within it the positives and the
   * negatives weigh the same, so nothing that tells the sources apart (style, length, topic) can stand in for the
   * label, and a large source cannot drown the others (train.ts, fitItems). Absent: the examples keep their source
   * weight and only the classes are balanced overall.
   */
  balance?: 'source';
}

/** One labelled document of a head: index into the feature table, label. */
export interface Item {
  doc: number;
  y: 0 | 1;
  /** Weight of the example (source weighting); 1 when absent. */
  w?: number;
}

/** Learned weights of one head. */
export interface LinearHead {
  weights: Float64Array;
  bias: number;
}

/** Deterministic 32-bit PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Raw score (logit) of a document: bias + Σ sign·w[bucket] / sqrt(n). */
export function rawScore(head: { weights: ArrayLike<number>; bias: number }, codes: Int32Array): number {
  if (codes.length === 0) return head.bias;
  let s = 0;
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k] as number;
    s += c > 0 ? (head.weights[c - 1] as number) : -(head.weights[-c - 1] as number);
  }
  return head.bias + s / Math.sqrt(codes.length);
}

/**
 * Per-bucket smoothed log-count ratio r = log((p + 1) / (P + 1)) − log((q + 1) / (Q + 1)), where p and q are the
 * weighted counts of positive and negative training texts with a feature in the bucket, P and Q the class totals.
 */
export function nbRatios(docs: readonly Int32Array[], items: readonly Item[], buckets: number): Float64Array {
  const pos = new Float64Array(buckets);
  const neg = new Float64Array(buckets);
  const seen = new Int32Array(buckets).fill(-1);
  let totalPos = 0;
  let totalNeg = 0;
  items.forEach((it, n) => {
    const w = it.w ?? 1;
    const counts = it.y === 1 ? pos : neg;
    if (it.y === 1) totalPos += w;
    else totalNeg += w;
    for (const c of docs[it.doc] as Int32Array) {
      const b = c > 0 ? c - 1 : -c - 1;
      if (seen[b] === n) continue;
      seen[b] = n;
      counts[b] = (counts[b] as number) + w;
    }
  });
  const r = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) r[b] = Math.log(((pos[b] as number) + 1) / (totalPos + 1)) - Math.log(((neg[b] as number) + 1) / (totalNeg + 1));
  return r;
}

/** Per-bucket NB scale `mix · |r| + (1 − mix)` (r from `nbRatios`). */
export function nbScale(docs: readonly Int32Array[], items: readonly Item[], buckets: number, mix: number): Float64Array {
  const r = nbRatios(docs, items, buckets);
  for (let b = 0; b < buckets; b++) r[b] = mix * Math.abs(r[b] as number) + (1 - mix);
  return r;
}

/**
 * NB scale with the log-count ratio averaged over sources: r̄ = mean over the sources (each with both classes) of
 * their own r, so a feature that tells the classes apart in one source only (a topic of that source: "welfare" in
 * Stormfront) counts little, and one that does so in many ("idiot") counts fully. Scale `mix · |r̄| + (1 − mix)`.
 */
export function nbScaleBySource(docs: readonly Int32Array[], items: readonly Item[], buckets: number, mix: number, sourceOf: (doc: number) => string): Float64Array {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const s = sourceOf(it.doc);
    const list = groups.get(s);
    if (list) list.push(it);
    else groups.set(s, [it]);
  }
  const sum = new Float64Array(buckets);
  let count = 0;
  for (const list of groups.values()) {
    if (!list.some((it) => it.y === 1) || !list.some((it) => it.y === 0)) continue;
    const r = nbRatios(docs, list, buckets);
    for (let b = 0; b < buckets; b++) sum[b] = (sum[b] as number) + (r[b] as number);
    count++;
  }
  for (let b = 0; b < buckets; b++) sum[b] = mix * Math.abs((sum[b] as number) / Math.max(1, count)) + (1 - mix);
  return sum;
}

/**
 * Trains one head on `items` whose features are `docs[item.doc]` (signed bucket codes). With `scale`, bucket b's
 * feature value is multiplied by scale[b] while training, and the returned weights have the scale folded in, so
 * scoring stays `rawScore`.
 */
export function trainHead(
  docs: readonly Int32Array[],
  items: readonly Item[],
  buckets: number,
  options: Pick<HeadOptions, 'epochs' | 'learningRate' | 'l2'> & { seed: number },
  scale?: Float64Array,
): LinearHead {
  const w = new Float64Array(buckets);
  const g2 = new Float64Array(buckets);
  let bias = 0;
  let biasG2 = 0;
  let positives = 0;
  let total = 0;
  for (const it of items) {
    total += it.w ?? 1;
    positives += it.y * (it.w ?? 1);
  }
  const negatives = total - positives;
  const weightOf = [total / (2 * Math.max(1, negatives)), total / (2 * Math.max(1, positives))];
  const order = items.map((_, i) => i);
  const random = mulberry32(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const index of order) {
      const item = items[index] as Item;
      const codes = docs[item.doc] as Int32Array;
      const x = codes.length > 0 ? 1 / Math.sqrt(codes.length) : 0;
      const z = scale ? scaledScore(w, scale, bias, codes) : rawScore({ weights: w, bias }, codes);
      const g = (sigmoid(z) - item.y) * (weightOf[item.y] as number) * (item.w ?? 1);
      for (let k = 0; k < codes.length; k++) {
        const c = codes[k] as number;
        const b = c > 0 ? c - 1 : -c - 1;
        const grad = g * (c > 0 ? x : -x) * (scale ? (scale[b] as number) : 1) + options.l2 * (w[b] as number);
        g2[b] = (g2[b] as number) + grad * grad;
        w[b] = (w[b] as number) - (options.learningRate * grad) / (Math.sqrt(g2[b] as number) + 1e-8);
      }
      biasG2 += g * g;
      bias -= (options.learningRate * g) / (Math.sqrt(biasG2) + 1e-8);
    }
  }
  if (scale) for (let b = 0; b < buckets; b++) w[b] = (w[b] as number) * (scale[b] as number);
  return { weights: w, bias };
}

/** `rawScore` with per-bucket feature scales (training with NB weighting). */
function scaledScore(w: Float64Array, scale: Float64Array, bias: number, codes: Int32Array): number {
  if (codes.length === 0) return bias;
  let s = 0;
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k] as number;
    const b = c > 0 ? c - 1 : -c - 1;
    s += (c > 0 ? 1 : -1) * (w[b] as number) * (scale[b] as number);
  }
  return bias + s / Math.sqrt(codes.length);
}

/**
 * Platt scaling p = sigmoid(a·s + b), fitted by Newton's method on log loss; `balanced` weighs both classes equally
 * (probabilities for an even prior), otherwise the calibration split's own class rate is the prior; `exampleWeights`,
 * when given, replace both.
 */
export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[], balanced: boolean, exampleWeights?: readonly number[]): [number, number] {
  const positives = labels.reduce<number>((n, y) => n + y, 0);
  const negatives = labels.length - positives;
  const weightOf = balanced ? [labels.length / (2 * Math.max(1, negatives)), labels.length / (2 * Math.max(1, positives))] : [1, 1];
  const weightAt = (i: number, y: 0 | 1): number => (exampleWeights ? (exampleWeights[i] as number) : (weightOf[y] as number));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      const y = labels[i] as 0 | 1;
      const wt = weightAt(i, y);
      const p = sigmoid(a * s + b);
      const d = (p - y) * wt;
      const h = p * (1 - p) * wt + 1e-9;
      ga += d * s;
      gb += d;
      haa += h * s * s;
      hab += h * s;
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return [a, b];
}
