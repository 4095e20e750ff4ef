/**
 * The stacked combiner: a small logistic regression over the raw scores (logits) of several linear fits, fitted by
 * Newton's method (deterministic), then folded into one linear head, so the runtime scores it like any other head.
 */
import { sigmoid, type LinearHead } from './logistic.ts';

/** A fitted combiner: logit = bias + Σ weights[i] · input i (the inputs' names are kept for the record). */
export interface Combiner {
  inputs: string[];
  weights: number[];
  bias: number;
}

/** Solves the symmetric system `a x = b` by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = (m[c] as number[])[c] as number;
    if (Math.abs(pivot) < 1e-12) return null;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((m[r] as number[])[c] as number) / pivot;
      for (let k = c; k <= n; k++) (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * ((m[c] as number[])[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/**
 * Fits the combiner on rows `x` (one value per input) with 0/1 labels and example weights, minimising weighted log
 * loss plus `ridge`/2 · |weights|² (the bias is not penalised). Throws when there are no rows or a class is missing.
 */
export function fitCombiner(inputs: readonly string[], x: readonly (readonly number[])[], y: readonly (0 | 1)[], w: readonly number[], ridge = 1e-3): Combiner {
  const d = inputs.length + 1;
  if (x.length === 0 || !y.includes(1) || !y.includes(0)) throw new Error('combiner: needs rows of both classes');
  const beta: number[] = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 100; iter++) {
    const g: number[] = new Array<number>(d).fill(0);
    const h: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((row, i) => {
      const xi = [...row, 1];
      const p = sigmoid(xi.reduce((s, v, k) => s + v * (beta[k] as number), 0));
      const wt = w[i] as number;
      const r = (p - (y[i] as number)) * wt;
      const q = p * (1 - p) * wt + 1e-12;
      for (let a = 0; a < d; a++) {
        g[a] = (g[a] as number) + r * (xi[a] as number);
        for (let b = 0; b < d; b++) (h[a] as number[])[b] = ((h[a] as number[])[b] as number) + q * (xi[a] as number) * (xi[b] as number);
      }
    });
    for (let a = 0; a < d - 1; a++) {
      g[a] = (g[a] as number) + ridge * (beta[a] as number);
      (h[a] as number[])[a] = ((h[a] as number[])[a] as number) + ridge;
    }
    const step = solve(h, g);
    if (step === null) break;
    let change = 0;
    for (let a = 0; a < d; a++) {
      beta[a] = (beta[a] as number) - (step[a] as number);
      change += Math.abs(step[a] as number);
    }
    if (change < 1e-10) break;
  }
  return { inputs: [...inputs], weights: beta.slice(0, -1), bias: beta[d - 1] as number };
}

/** The combiner's logit for one row of input logits. */
export function combinedScore(combiner: Combiner, x: readonly number[]): number {
  return combiner.weights.reduce((s, v, i) => s + v * (x[i] as number), combiner.bias);
}

/**
 * Folds the combiner into one linear head: weights Σ c_i · w_i and bias c_0 + Σ c_i · b_i, so that its raw score is
 * exactly the combiner's logit over the heads' raw scores (all heads share the features and their 1/√n scaling).
 */
export function foldHeads(combiner: Combiner, heads: readonly LinearHead[]): LinearHead {
  if (heads.length !== combiner.weights.length) throw new Error(`combiner: ${combiner.weights.length} inputs, ${heads.length} heads`);
  const size = (heads[0] as LinearHead).weights.length;
  const weights = new Float64Array(size);
  let bias = combiner.bias;
  heads.forEach((head, i) => {
    const c = combiner.weights[i] as number;
    bias += c * head.bias;
    for (let b = 0; b < size; b++) weights[b] = (weights[b] as number) + c * (head.weights[b] as number);
  });
  return { weights, bias };
}
