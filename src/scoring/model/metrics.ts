/**
 * Evaluation measures: ROC AUC (rank-based, ties averaged) and precision, recall and F1 at a threshold.
 */

/** ROC AUC of `scores` against 0/1 `labels`; NaN when one class is missing. */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[(order[k] as readonly [number, number])[1]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision, recall and F1 of `score >= threshold`. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(scores: readonly number[], labels: readonly (0 | 1)[], threshold: number): Prf {
  let tp = 0, fp = 0, fn = 0;
  scores.forEach((s, i) => {
    const predicted = s >= threshold;
    if (predicted && labels[i] === 1) tp++;
    else if (predicted) fp++;
    else if (labels[i] === 1) fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
