/**
 * Pure helpers over a pre-order comment list: which rows are visible given the collapsed set, a comment's
 * ancestors, and which indent guides belong to the selected comment's ancestors.
 */

/** The tree fields of a comment that these helpers need (ViewComment has them all). */
export interface TreeRow {
  id: string;
  depth: number;
  treeParentId: string | null;
  descendantCount: number;
}

/**
 * Indices (into `rows`) of the rows shown when the subtrees of `collapsed` ids are folded, in display order.
 * One linear pass: a collapsed row is shown and its `descendantCount` following rows are skipped.
 */
export function visibleIndices(rows: readonly TreeRow[], collapsed: ReadonlySet<string>): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < rows.length) {
    const row = rows[i]!;
    out.push(i);
    const skip = collapsed.size > 0 && collapsed.has(row.id) ? Math.max(0, row.descendantCount) : 0;
    i += 1 + skip;
  }
  return out;
}

/** Position of each id in `rows`. */
export function indexById(rows: readonly TreeRow[]): Map<string, number> {
  const map = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!map.has(row.id)) map.set(row.id, i);
  });
  return map;
}

/**
 * Indices of the ancestors of row `index`, nearest first. Stops at a missing parent and never loops,
 * even on a malformed list whose parent links form a cycle.
 */
export function ancestorIndices(rows: readonly TreeRow[], byId: ReadonlyMap<string, number>, index: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>([index]);
  let parentId = rows[index]?.treeParentId ?? null;
  while (parentId !== null) {
    const at = byId.get(parentId);
    if (at === undefined || seen.has(at)) break;
    seen.add(at);
    out.push(at);
    parentId = rows[at]!.treeParentId;
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
export function selectedGuideRanges(rows: readonly TreeRow[], ancestors: readonly number[]): GuideRange[] {
  return ancestors.map((at) => ({ depth: rows[at]!.depth, from: at, descendantCount: rows[at]!.descendantCount }));
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
