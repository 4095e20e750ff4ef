/**
 * Builds the reply tree of a thread from flat comment records.
 *
 * Contract: total and pure. It never throws and never recurses (a 100,000-deep chain is fine).
 * - Duplicate ids: the first record keeps the id; later ones are reported and dropped from the tree.
 * - Self-parents: the comment becomes top level, reported.
 * - Cycles (a → b → a): broken at the member that comes first in input order, which becomes top level, reported.
 * - Orphans (parent id not in the thread): become top level, marked `orphan`, reported.
 * - Sibling order is stable: input order among siblings (importers emit source order, usually chronological).
 */
import type { Comment } from './model.ts';

export interface TreeNode {
  comment: Comment;
  /** 0 for top level. */
  depth: number;
  /** The parent id as used in the tree (null for top level, including repaired orphans and cycle breaks). */
  treeParentId: string | null;
  /** True when the source named a parent that is not in the thread. */
  orphan: boolean;
  children: TreeNode[];
  /** Number of descendants (all levels). */
  descendantCount: number;
}

export interface TreeProblem {
  kind: 'orphan' | 'self-parent' | 'cycle' | 'duplicate-id';
  commentId: string;
  message: string;
}

export interface BuiltTree {
  roots: TreeNode[];
  /** Every node in display order (depth-first, pre-order). */
  flat: TreeNode[];
  byId: Map<string, TreeNode>;
  maxDepth: number;
  problems: TreeProblem[];
}

export function buildTree(comments: readonly Comment[]): BuiltTree {
  const problems: TreeProblem[] = [];
  const records: Comment[] = [];
  const index = new Map<string, number>();
  for (const comment of comments) {
    if (index.has(comment.id)) {
      problems.push({ kind: 'duplicate-id', commentId: comment.id, message: `Duplicate comment id "${comment.id}": a later record with this id was dropped.` });
      continue;
    }
    index.set(comment.id, records.length);
    records.push(comment);
  }

  // Resolve each record's parent index (-1 = top level).
  const parentOf = new Int32Array(records.length).fill(-1);
  const orphan = new Uint8Array(records.length);
  records.forEach((comment, i) => {
    const pid = comment.parentId;
    if (pid === null || pid === '') return;
    if (pid === comment.id) {
      problems.push({ kind: 'self-parent', commentId: comment.id, message: `Comment "${comment.id}" names itself as its parent; shown at top level.` });
      return;
    }
    const p = index.get(pid);
    if (p === undefined) {
      orphan[i] = 1;
      problems.push({ kind: 'orphan', commentId: comment.id, message: `Comment "${comment.id}" replies to "${pid}", which is not in the thread; shown at top level.` });
      return;
    }
    parentOf[i] = p;
  });

  // Break cycles: walk up from each node; colour 1 = on the current walk, 2 = known to reach a root.
  const colour = new Uint8Array(records.length);
  for (let start = 0; start < records.length; start++) {
    if (colour[start] !== 0) continue;
    const path: number[] = [];
    let at = start;
    while (at !== -1 && colour[at] === 0) {
      colour[at] = 1;
      path.push(at);
      at = parentOf[at]!;
    }
    if (at !== -1 && colour[at] === 1) {
      // `at` is on the current path: the cycle is path[path.indexOf(at)..]. Break at its earliest member in input order.
      const cycle = path.slice(path.indexOf(at));
      // A loop, not Math.min(...cycle): spreading a cycle of ~150,000+ members overflows the call stack.
      let breakAt = cycle[0]!;
      for (const i of cycle) if (i < breakAt) breakAt = i;
      const ids = cycle.map((i) => `"${records[i]!.id}"`).join(' → ');
      problems.push({ kind: 'cycle', commentId: records[breakAt]!.id, message: `Reply cycle ${ids}: "${records[breakAt]!.id}" shown at top level.` });
      parentOf[breakAt] = -1;
    }
    for (const i of path) colour[i] = 2;
  }

  const nodes: TreeNode[] = records.map((comment, i) => ({
    comment,
    depth: 0,
    treeParentId: parentOf[i]! === -1 ? null : records[parentOf[i]!]!.id,
    orphan: orphan[i] === 1,
    children: [],
    descendantCount: 0,
  }));
  const roots: TreeNode[] = [];
  nodes.forEach((node, i) => {
    const p = parentOf[i]!;
    if (p === -1) roots.push(node);
    else nodes[p]!.children.push(node);
  });

  // Iterative pre-order walk for depth and display order; post-order pass for descendant counts.
  const flat: TreeNode[] = [];
  const stack: TreeNode[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r]!);
  let maxDepth = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    flat.push(node);
    if (node.depth > maxDepth) maxDepth = node.depth;
    for (let c = node.children.length - 1; c >= 0; c--) {
      const child = node.children[c]!;
      child.depth = node.depth + 1;
      stack.push(child);
    }
  }
  for (let i = flat.length - 1; i >= 0; i--) {
    const node = flat[i]!;
    let count = 0;
    for (const child of node.children) count += 1 + child.descendantCount;
    node.descendantCount = count;
  }
  const byId = new Map<string, TreeNode>();
  for (const node of flat) byId.set(node.comment.id, node);
  return { roots, flat, byId, maxDepth, problems };
}
