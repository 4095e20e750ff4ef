import { describe, expect, it } from 'vitest';
import type { Comment } from './model.ts';
import { buildTree } from './tree.ts';

function c(id: string, parentId: string | null = null, text = `text of ${id}`): Comment {
  return { id, parentId, author: `author ${id}`, createdAt: null, createdAtText: null, text, html: null, kind: 'comment', status: 'published' };
}

/** A chain c0 <- c1 <- ... <- c(n-1), each replying to the previous one. */
function chain(n: number): Comment[] {
  return Array.from({ length: n }, (_, i) => c(`c${i}`, i === 0 ? null : `c${i - 1}`));
}

describe('buildTree', () => {
  it('nests replies, computes depth, descendant counts and pre-order display order', () => {
    const tree = buildTree([c('1'), c('2'), c('1.1', '1'), c('1.1.1', '1.1'), c('1.2', '1'), c('2.1', '2')]);
    expect(tree.problems).toEqual([]);
    expect(tree.roots.map((n) => n.comment.id)).toEqual(['1', '2']);
    expect(tree.flat.map((n) => `${n.comment.id}@${n.depth}`)).toEqual(['1@0', '1.1@1', '1.1.1@2', '1.2@1', '2@0', '2.1@1']);
    expect(tree.byId.get('1')!.descendantCount).toBe(3);
    expect(tree.byId.get('1.1')!.descendantCount).toBe(1);
    expect(tree.byId.get('1.1.1')!.descendantCount).toBe(0);
    expect(tree.byId.get('2')!.descendantCount).toBe(1);
    expect(tree.byId.get('1.2')!.treeParentId).toBe('1');
    expect(tree.maxDepth).toBe(2);
  });

  it('returns an empty tree for no comments', () => {
    const tree = buildTree([]);
    expect(tree).toMatchObject({ roots: [], flat: [], maxDepth: 0, problems: [] });
  });

  it('keeps input order among siblings even when a reply comes before its parent', () => {
    const tree = buildTree([c('r2', 'p'), c('p'), c('r1', 'p'), c('r3', 'p'), c('q')]);
    expect(tree.problems).toEqual([]);
    expect(tree.byId.get('p')!.children.map((n) => n.comment.id)).toEqual(['r2', 'r1', 'r3']);
    expect(tree.roots.map((n) => n.comment.id)).toEqual(['p', 'q']);
  });

  it('treats an empty-string parent id as top level without a problem', () => {
    const tree = buildTree([c('a', '')]);
    expect(tree.problems).toEqual([]);
    expect(tree.roots[0]!.orphan).toBe(false);
  });

  it('puts orphans at top level, marks them and reports them, keeping their own replies', () => {
    const tree = buildTree([c('a'), c('b', 'missing'), c('b1', 'b')]);
    const b = tree.byId.get('b')!;
    expect(b.orphan).toBe(true);
    expect(b.depth).toBe(0);
    expect(b.treeParentId).toBeNull();
    expect(b.comment.parentId).toBe('missing');
    expect(tree.byId.get('b1')!.depth).toBe(1);
    expect(tree.byId.get('a')!.orphan).toBe(false);
    expect(tree.problems).toEqual([{ kind: 'orphan', commentId: 'b', message: expect.stringContaining('"missing"') }]);
  });

  it('breaks a self-parent and reports it', () => {
    const tree = buildTree([c('a', 'a'), c('b', 'a')]);
    expect(tree.roots.map((n) => n.comment.id)).toEqual(['a']);
    expect(tree.byId.get('b')!.depth).toBe(1);
    expect(tree.problems).toEqual([{ kind: 'self-parent', commentId: 'a', message: expect.stringContaining('itself') }]);
  });

  it('breaks a 2-cycle at the member that comes first in input order', () => {
    const tree = buildTree([c('x'), c('a', 'b'), c('b', 'a')]);
    expect(tree.roots.map((n) => n.comment.id)).toEqual(['x', 'a']);
    expect(tree.byId.get('b')!.treeParentId).toBe('a');
    expect(tree.byId.get('b')!.depth).toBe(1);
    expect(tree.problems).toHaveLength(1);
    expect(tree.problems[0]).toMatchObject({ kind: 'cycle', commentId: 'a' });
    expect(tree.flat).toHaveLength(3);
  });

  it('breaks a 3-cycle, and a tail hanging off the cycle stays attached', () => {
    // c -> a -> b -> c is the cycle; t replies to b. Walk starts at 't' (first in input), but the break is at the
    // cycle member that comes first in input order ('c').
    const tree = buildTree([c('t', 'b'), c('c', 'b'), c('a', 'c'), c('b', 'a')]);
    expect(tree.problems).toHaveLength(1);
    expect(tree.problems[0]).toMatchObject({ kind: 'cycle', commentId: 'c' });
    expect(tree.problems[0]!.message).toContain('"c"');
    expect(tree.roots.map((n) => n.comment.id)).toEqual(['c']);
    expect(tree.flat.map((n) => `${n.comment.id}@${n.depth}`)).toEqual(['c@0', 'a@1', 'b@2', 't@3']);
    expect(tree.byId.get('c')!.descendantCount).toBe(3);
  });

  it('reports every cycle when there are several', () => {
    const tree = buildTree([c('a', 'b'), c('b', 'a'), c('x', 'y'), c('y', 'z'), c('z', 'x')]);
    expect(tree.problems.map((p) => `${p.kind}:${p.commentId}`)).toEqual(['cycle:a', 'cycle:x']);
    expect(tree.flat).toHaveLength(5);
    expect(tree.maxDepth).toBe(2);
  });

  it('keeps the first of duplicate ids, drops and reports the later ones', () => {
    const tree = buildTree([c('a', null, 'first'), c('b', 'a'), c('a', null, 'second'), c('a', null, 'third')]);
    expect(tree.flat.map((n) => n.comment.id)).toEqual(['a', 'b']);
    expect(tree.byId.get('a')!.comment.text).toBe('first');
    expect(tree.problems.map((p) => `${p.kind}:${p.commentId}`)).toEqual(['duplicate-id:a', 'duplicate-id:a']);
  });

  it('handles a chain 1,000 deep', () => {
    const tree = buildTree(chain(1000));
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(999);
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0]!.descendantCount).toBe(999);
    expect(tree.flat[999]!.comment.id).toBe('c999');
    expect(tree.flat[999]!.depth).toBe(999);
  });

  it('handles a chain 100,000 deep without overflowing the stack, in reverse input order too', () => {
    const n = 100_000;
    const forward = buildTree(chain(n));
    expect(forward.maxDepth).toBe(n - 1);
    expect(forward.roots[0]!.descendantCount).toBe(n - 1);
    expect(forward.flat[n - 1]!.depth).toBe(n - 1);
    const reversed = buildTree(chain(n).reverse());
    expect(reversed.problems).toEqual([]);
    expect(reversed.maxDepth).toBe(n - 1);
    expect(reversed.flat.map((node) => node.comment.id).slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
  });

  it('breaks a 250,000-member cycle without overflowing the stack', () => {
    const n = 250_000;
    const ring = chain(n);
    ring[0] = c('c0', `c${n - 1}`);
    const tree = buildTree(ring);
    expect(tree.problems).toHaveLength(1);
    expect(tree.problems[0]).toMatchObject({ kind: 'cycle', commentId: 'c0' });
    expect(tree.maxDepth).toBe(n - 1);
  });

  it('does not mutate its input', () => {
    const input = [c('a', 'a'), c('b', 'nope')];
    const copy = structuredClone(input);
    buildTree(input);
    expect(input).toEqual(copy);
  });
});
