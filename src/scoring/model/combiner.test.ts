import { describe, expect, it } from 'vitest';
import { combinedScore, fitCombiner, foldHeads } from './combiner.ts';
import { mulberry32, nbScale, rawScore, sigmoid, trainHead, type Item } from './logistic.ts';

describe('stacked combiner', () => {
  it('recovers the weights of a known logistic model from its samples', () => {
    const random = mulberry32(3);
    const x: number[][] = [];
    const y: (0 | 1)[] = [];
    for (let i = 0; i < 4000; i++) {
      const row = [random() * 4 - 2, random() * 4 - 2];
      x.push(row);
      y.push(random() < sigmoid(1.5 * (row[0] as number) - 0.5 * (row[1] as number) + 0.25) ? 1 : 0);
    }
    const c = fitCombiner(['a', 'b'], x, y, x.map(() => 1), 0);
    expect(c.inputs).toEqual(['a', 'b']);
    expect(c.weights[0]).toBeCloseTo(1.5, 0);
    expect(c.weights[1]).toBeCloseTo(-0.5, 0);
    expect(c.bias).toBeCloseTo(0.25, 0);
    expect(fitCombiner(['a', 'b'], x, y, x.map(() => 1), 0)).toEqual(c);
  });

  it('weights examples: a doubled weight is the same as a duplicated row', () => {
    const x = [[0], [1], [2], [3], [1.5]];
    const y: (0 | 1)[] = [0, 0, 1, 1, 0];
    const weighted = fitCombiner(['a'], x, y, [1, 1, 1, 1, 2]);
    const duplicated = fitCombiner(['a'], [...x, [1.5]], [...y, 0], [1, 1, 1, 1, 1, 1]);
    expect(weighted.weights[0]).toBeCloseTo(duplicated.weights[0] as number, 8);
    expect(weighted.bias).toBeCloseTo(duplicated.bias, 8);
  });

  it('refuses rows of a single class', () => {
    expect(() => fitCombiner(['a'], [[1], [2]], [1, 1], [1, 1])).toThrow('both classes');
  });

  it('folds into one head whose raw score is the combiner over the heads raw scores', () => {
    const a = { weights: Float64Array.from([0.5, -1, 2, 0]), bias: 0.1 };
    const b = { weights: Float64Array.from([1, 1, -0.5, 3]), bias: -0.3 };
    const c = { inputs: ['a', 'b'], weights: [0.7, 1.3], bias: -1.2 };
    const folded = foldHeads(c, [a, b]);
    for (const codes of [Int32Array.from([1, -2, 4]), Int32Array.from([3, 3, -1]), new Int32Array(0)]) {
      expect(rawScore(folded, codes)).toBeCloseTo(combinedScore(c, [rawScore(a, codes), rawScore(b, codes)]), 12);
    }
    expect(() => foldHeads(c, [a])).toThrow('2 inputs, 1 heads');
  });
});

describe('NB weighting', () => {
  const docs = [Int32Array.from([1, 2]), Int32Array.from([1, -3]), Int32Array.from([4, 2]), Int32Array.from([4, -3])];
  const items: Item[] = [
    { doc: 0, y: 1 },
    { doc: 1, y: 1 },
    { doc: 2, y: 0 },
    { doc: 3, y: 0 },
  ];
  it('scales buckets by how much they separate the classes (1 − mix for a bucket seen equally in both)', () => {
    const scale = nbScale(docs, items, 4, 0.5);
    expect(scale[1]).toBeCloseTo(0.5, 12); // bucket 2 (code 2): once in each class
    expect(scale[0]).toBeGreaterThan(1); // bucket 1 (code 1): positives only
    expect(scale[0]).toBeCloseTo(scale[3] as number, 12); // bucket 4: negatives only, same strength
    expect(nbScale(docs, items, 4, 0)).toEqual(Float64Array.from([1, 1, 1, 1]));
  });
  it('folds the scale into the returned weights, so plain raw scores separate the classes', () => {
    const options = { epochs: 20, learningRate: 0.1, l2: 0, seed: 1 };
    const head = trainHead(docs, items, 4, options, nbScale(docs, items, 4, 0.5));
    expect(rawScore(head, docs[0] as Int32Array)).toBeGreaterThan(rawScore(head, docs[2] as Int32Array));
    expect(head).toEqual(trainHead(docs, items, 4, options, nbScale(docs, items, 4, 0.5)));
  });
});
