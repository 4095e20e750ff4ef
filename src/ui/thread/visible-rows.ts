/**
 * Pure helpers over a thread's tree columns in display (pre-order) order, as the ThreadIndex carries them: which
 * rows are visible given the collapsed rows, a comment's ancestors, and which indent guides belong to the selected
 * comment's ancestors. Display indexes throughout; no comment objects (a thread may have 100,000 of them).
 */

/** The tree columns these helpers need (a ThreadIndex has them all). */
export interface TreeColumns {
  count: number;
  /** Display index of the parent in the displayed tree, -1 at top level. */
  treeParent: ArrayLike<number>;
  depth: ArrayLike<number>;
  descendants: ArrayLike<number>;
}

/**
 * Display indexes of the rows shown when the subtrees of the `collapsed` rows are folded, in display order.
 * One linear pass: a collapsed row is shown and its `descendants` following rows are skipped.
 */
export function visibleIndices(tree: TreeColumns, collapsed: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(tree.count);
  let n = 0;
  let i = 0;
  while (i < tree.count) {
    out[n++] = i;
    const skip = collapsed.size > 0 && collapsed.has(i) ? Math.max(0, Math.floor(tree.descendants[i] ?? 0)) : 0;
    i += 1 + skip;
  }
  return out.subarray(0, n);
}

/**
 * Display indexes of the ancestors of row `index`, nearest first. Stops at a parent out of range and never loops,
 * even on malformed columns whose parent links form a cycle.
 */
export function ancestorIndices(tree: TreeColumns, index: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>([index]);
  let parent = tree.treeParent[index] ?? -1;
  while (Number.isInteger(parent) && parent >= 0 && parent < tree.count && !seen.has(parent)) {
    seen.add(parent);
    out.push(parent);
    parent = tree.treeParent[parent] ?? -1;
  }
  return out;
}

/** A selected comment's ancestor at some depth, as the pre-order range its subtree covers. */
export interface GuideRange {
  depth: number;
  /** Index of the ancestor; its descendants are the indices `from + 1 .. from + descendantCount`. */
  from: number;
  descendantCount: number;
}

/** The ranges of the selected comment's ancestors (empty when nothing is selected). */
export function selectedGuideRanges(tree: TreeColumns, ancestors: readonly number[]): GuideRange[] {
  return ancestors.map((at) => ({ depth: tree.depth[at] ?? 0, from: at, descendantCount: tree.descendants[at] ?? 0 }));
}

/**
 * Bit mask of the indent guides of row `index` (depth `depth`) to draw darker: bit k is set when the guide at
 * level k is the line of one of the selected comment's ancestors, i.e. the row lies inside that ancestor's subtree.
 * Only the first `maxLevels` levels are considered (the UI caps its indentation).
 */
export function activeGuideMask(ranges: readonly GuideRange[], index: number, depth: number, maxLevels: number): number {
  let mask = 0;
  for (const range of ranges) {
    if (range.depth >= depth || range.depth >= maxLevels) continue;
    if (index > range.from && index <= range.from + range.descendantCount) mask |= 1 << range.depth;
  }
  return mask;
}

/** Position of `value` in the ascending array `sorted`, or -1. */
export function positionOf(sorted: ArrayLike<number>, value: number | undefined): number {
  if (value === undefined) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
