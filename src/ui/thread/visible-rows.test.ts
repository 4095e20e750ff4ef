import { describe, expect, it } from 'vitest';
import { activeGuideMask, ancestorIndices, indexById, selectedGuideRanges, visibleIndices, type TreeRow } from './visible-rows.ts';

// a
//   b
//     c
//   d
// e
//   f
const rows: TreeRow[] = [
  { id: 'a', depth: 0, treeParentId: null, descendantCount: 3 },
  { id: 'b', depth: 1, treeParentId: 'a', descendantCount: 1 },
  { id: 'c', depth: 2, treeParentId: 'b', descendantCount: 0 },
  { id: 'd', depth: 1, treeParentId: 'a', descendantCount: 0 },
  { id: 'e', depth: 0, treeParentId: null, descendantCount: 1 },
  { id: 'f', depth: 1, treeParentId: 'e', descendantCount: 0 },
];

describe('visibleIndices', () => {
  it('shows everything when nothing is collapsed', () => {
    expect(visibleIndices(rows, new Set())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('skips the descendants of a collapsed comment but keeps the comment', () => {
    expect(visibleIndices(rows, new Set(['b']))).toEqual([0, 1, 3, 4, 5]);
    expect(visibleIndices(rows, new Set(['a']))).toEqual([0, 4, 5]);
    expect(visibleIndices(rows, new Set(['a', 'e']))).toEqual([0, 4]);
  });

  it('keeps an inner collapse hidden inside an outer one and restores it when the outer opens', () => {
    expect(visibleIndices(rows, new Set(['a', 'b']))).toEqual([0, 4, 5]);
    expect(visibleIndices(rows, new Set(['b']))).toEqual([0, 1, 3, 4, 5]);
  });

  it('ignores collapsing a leaf and unknown ids', () => {
    expect(visibleIndices(rows, new Set(['c', 'zzz']))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is linear on a long chain', () => {
    const chain: TreeRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `n${i}`,
      depth: i,
      treeParentId: i === 0 ? null : `n${i - 1}`,
      descendantCount: 100_000 - 1 - i,
    }));
    expect(visibleIndices(chain, new Set(['n10']))).toHaveLength(11);
    expect(visibleIndices(chain, new Set())).toHaveLength(100_000);
  });
});

describe('ancestorIndices', () => {
  const byId = indexById(rows);

  it('lists ancestors nearest first', () => {
    expect(ancestorIndices(rows, byId, 2)).toEqual([1, 0]);
    expect(ancestorIndices(rows, byId, 0)).toEqual([]);
  });

  it('stops on a missing parent and on a parent cycle', () => {
    const bad: TreeRow[] = [
      { id: 'x', depth: 0, treeParentId: 'y', descendantCount: 0 },
      { id: 'y', depth: 0, treeParentId: 'x', descendantCount: 0 },
      { id: 'z', depth: 0, treeParentId: 'gone', descendantCount: 0 },
    ];
    const map = indexById(bad);
    expect(ancestorIndices(bad, map, 0)).toEqual([1]);
    expect(ancestorIndices(bad, map, 2)).toEqual([]);
  });
});

describe('activeGuideMask', () => {
  it('darkens the guides of the selected comment’s ancestors within their subtrees', () => {
    const byId = indexById(rows);
    const ranges = selectedGuideRanges(rows, ancestorIndices(rows, byId, 2)); // selected: c
    expect(activeGuideMask(ranges, 1, 1, 12)).toBe(0b1); // b: guide of a
    expect(activeGuideMask(ranges, 2, 2, 12)).toBe(0b11); // c: guides of a and b
    expect(activeGuideMask(ranges, 3, 1, 12)).toBe(0b1); // d: under a, not under b
    expect(activeGuideMask(ranges, 5, 1, 12)).toBe(0); // f: under e
    expect(activeGuideMask(ranges, 2, 2, 1)).toBe(0b1); // capped levels
  });
});
