import { describe, expect, it } from 'vitest';
import { activeGuideMask, ancestorIndices, positionOf, selectedGuideRanges, visibleIndices, type TreeColumns } from './visible-rows.ts';

// 0 a
// 1   b
// 2     c
// 3   d
// 4 e
// 5   f
const tree: TreeColumns = { count: 6, treeParent: [-1, 0, 1, 0, -1, 4], depth: [0, 1, 2, 1, 0, 1], descendants: [3, 1, 0, 0, 1, 0] };
const shown = (collapsed: number[]) => Array.from(visibleIndices(tree, new Set(collapsed)));

describe('visibleIndices', () => {
  it('shows everything when nothing is collapsed', () => {
    expect(shown([])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('skips the descendants of a collapsed comment but keeps the comment', () => {
    expect(shown([1])).toEqual([0, 1, 3, 4, 5]);
    expect(shown([0])).toEqual([0, 4, 5]);
    expect(shown([0, 4])).toEqual([0, 4]);
  });

  it('keeps an inner collapse hidden inside an outer one and restores it when the outer opens', () => {
    expect(shown([0, 1])).toEqual([0, 4, 5]);
    expect(shown([1])).toEqual([0, 1, 3, 4, 5]);
  });

  it('ignores collapsing a leaf and indexes out of range', () => {
    expect(shown([2, 99, -1])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is linear on a long chain', () => {
    const n = 100_000;
    const chain: TreeColumns = {
      count: n,
      treeParent: Int32Array.from({ length: n }, (_, i) => i - 1),
      depth: Int32Array.from({ length: n }, (_, i) => i),
      descendants: Int32Array.from({ length: n }, (_, i) => n - 1 - i),
    };
    expect(visibleIndices(chain, new Set([10]))).toHaveLength(11);
    expect(visibleIndices(chain, new Set())).toHaveLength(n);
  });
});

describe('ancestorIndices', () => {
  it('lists ancestors nearest first', () => {
    expect(ancestorIndices(tree, 2)).toEqual([1, 0]);
    expect(ancestorIndices(tree, 0)).toEqual([]);
  });

  it('stops on a parent out of range and on a parent cycle', () => {
    const bad: TreeColumns = { count: 3, treeParent: [1, 0, 7], depth: [0, 0, 0], descendants: [0, 0, 0] };
    expect(ancestorIndices(bad, 0)).toEqual([1]);
    expect(ancestorIndices(bad, 2)).toEqual([]);
  });
});

describe('activeGuideMask', () => {
  it('darkens the guides of the selected comment’s ancestors within their subtrees', () => {
    const ranges = selectedGuideRanges(tree, ancestorIndices(tree, 2)); // selected: c
    expect(activeGuideMask(ranges, 1, 1, 12)).toBe(0b1); // b: guide of a
    expect(activeGuideMask(ranges, 2, 2, 12)).toBe(0b11); // c: guides of a and b
    expect(activeGuideMask(ranges, 3, 1, 12)).toBe(0b1); // d: under a, not under b
    expect(activeGuideMask(ranges, 5, 1, 12)).toBe(0); // f: under e
    expect(activeGuideMask(ranges, 2, 2, 1)).toBe(0b1); // capped levels
  });
});

describe('positionOf', () => {
  it('finds a value in an ascending list, or -1', () => {
    expect(positionOf([0, 4, 5], 4)).toBe(1);
    expect(positionOf([0, 4, 5], 3)).toBe(-1);
    expect(positionOf([], undefined)).toBe(-1);
  });
});
