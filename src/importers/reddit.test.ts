import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

const SAMPLE = resolve(process.cwd(), '../shared/formats/reddit/graw-thread.json');

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('reddit: graw-thread.json (comment page)', () => {
  const raw = readFileSync(SAMPLE, 'utf8');
  const result = importInput({ bytes: new Uint8Array(readFileSync(SAMPLE)), fileName: 'graw-thread.json' });
  const [thread] = imported(result);
  const byId = new Map(thread!.comments.map((c) => [c.id, c]));

  it('is detected and gives one thread with every t1 comment and no stub', () => {
    expect(result).toMatchObject({ ok: true, format: 'reddit' });
    expect(imported(result)).toHaveLength(1);
    // Counted in the raw file: every comment is an object with "kind": "t1"; stubs have "kind": "more".
    expect(count(raw, /"kind":\s*"t1"/g)).toBe(199);
    expect(thread!.comments).toHaveLength(count(raw, /"kind":\s*"t1"/g));
    expect(thread!.comments.some((c) => c.id === '_' || c.id.startsWith('t1_'))).toBe(false);
    expect(thread).toMatchObject({
      id: 'reddit:1cebxh',
      title: "my wife passed away eight months ago, yesterday I found a post-it note she'd hidden in my office.",
      url: 'https://www.reddit.com/r/self/comments/1cebxh/my_wife_passed_away_eight_months_ago_yesterday_i/',
      sourceFormat: 'reddit',
    });
    expect(thread!.articleText.startsWith("it feels like I'm losing my shit")).toBe(true);
  });

  it('keeps deleted and removed tombstones with their replies, and nests to depth 9', () => {
    // Counted in the raw file: bodies that are exactly "[deleted]" / "[removed]".
    const deleted = thread!.comments.filter((c) => c.status === 'deleted');
    const removed = thread!.comments.filter((c) => c.status === 'removed');
    expect(deleted).toHaveLength(count(raw, /"body":\s*"\[deleted\]"/g));
    expect(deleted).toHaveLength(4);
    expect(removed).toHaveLength(count(raw, /"body":\s*"\[removed\]"/g));
    expect(thread!.comments.filter((c) => c.kind !== 'comment')).toHaveLength(0);
    expect(byId.get('c9fs6hy')).toMatchObject({ status: 'deleted', author: '[deleted]', text: '', html: null, parentId: 'c9fs5bj' });
    expect(byId.get('c9fseyi')?.parentId).toBe('c9fs6hy');
    expect(byId.get('c9fsi2e')).toMatchObject({ status: 'removed', parentId: 'c9fs6hy', text: '' });
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    // Depth counted by walking the nested "replies" Listings by hand (python): top level 0, deepest 9.
    expect(tree.maxDepth).toBe(9);
    expect(tree.byId.get('c9fygn5')).toMatchObject({ depth: 9, treeParentId: 'c9fwmti' });
    expect(tree.byId.get('c9fs6hy')!.children.map((n) => n.comment.id)).toEqual(['c9fseyi', 'c9fsi2e']);
  });

  it('records "more" stubs as problems on their parent, never as comments', () => {
    const problems = result.problems;
    const more = problems.filter((p) => /more (repl|top-level)/.test(p.message) && p.where !== 'whole file');
    const continued = problems.filter((p) => p.message.includes('continue this thread'));
    // Counted in the raw file: stubs with "count": 0 and "id": "_" are "continue this thread".
    expect(continued).toHaveLength(count(raw, /"id":\s*"_"/g));
    expect(continued).toHaveLength(3);
    expect(more.length + continued.length).toBe(count(raw, /"kind":\s*"more"/g));
    expect(more).toContainEqual({ severity: 'warning', where: 'comment c9fwx7a', message: '6 more replies not in this file (a "load more" stub).' });
    expect(continued).toContainEqual(expect.objectContaining({ where: 'comment c9fygn5' }));
    expect(problems.at(-1)?.message).toMatch(/^122 "load more" stub\(s\) stand for \d+ comment\(s\)/);
  });

  it('decodes the body once (Markdown text) and sanitizes body_html after one unescape', () => {
    expect(byId.get('c9h4qf2')!.text.startsWith('>because <3\n\nWell said.')).toBe(true);
    const first = byId.get('c9ftsjg')!;
    expect(first).toMatchObject({ author: 'bacon_cake', parentId: null, createdAt: '2013-04-15T20:51:28.000Z', createdAtText: '1366059088.0' });
    expect(first.html).toContain("<p>Because of your post I just sent my girlfriend a cute text and I'm sure");
    expect(first.html).toContain('<em>more</em>');
    expect(first.html).not.toContain('&lt;');
    expect(first.html).not.toContain('class=');
  });
});

describe('reddit: /api/morechildren flat list', () => {
  const flat = JSON.stringify({
    json: {
      errors: [],
      data: {
        things: [
          { kind: 't1', data: { id: 'k3', name: 't1_k3', parent_id: 't1_k2', link_id: 't3_abc', author: 'cy', body: 'third &amp; last', created_utc: 1700000300, replies: '' } },
          { kind: 't1', data: { id: 'k1', name: 't1_k1', parent_id: 't3_abc', link_id: 't3_abc', author: 'ann', body: 'first', created_utc: 1700000100, replies: '' } },
          { kind: 't1', data: { id: 'k2', name: 't1_k2', parent_id: 't1_k1', link_id: 't3_abc', author: '[deleted]', body: '[deleted]', created_utc: 1700000200, replies: '' } },
          { kind: 't1', data: { id: 'k4', name: 't1_k4', parent_id: 't1_gone', link_id: 't3_abc', author: 'dee', body: 'orphan', created_utc: 1700000400, replies: '' } },
          { kind: 'more', data: { count: 5, name: 't1_m', id: 'm', parent_id: 't1_k1', children: ['x1', 'x2'] } },
        ],
      },
    },
  });

  it('rebuilds the tree from parent_id, children listed before their parents', () => {
    const result = importInput({ text: flat });
    const [thread] = imported(result);
    expect(result.ok && result.format).toBe('reddit');
    expect(thread!.id).toBe('reddit:abc');
    expect(thread!.comments.map((c) => [c.id, c.parentId])).toEqual([['k3', 'k2'], ['k1', null], ['k2', 'k1'], ['k4', 'gone']]);
    expect(thread!.comments[0]!.text).toBe('third & last');
    const tree = buildTree(thread!.comments);
    expect(tree.maxDepth).toBe(2);
    expect(tree.byId.get('k4')!.orphan).toBe(true);
    expect(result.problems).toContainEqual({ severity: 'warning', where: 'comment k1', message: '5 more replies not in this file (a "load more" stub).' });
  });

  it('rejects JSON of another shape with one message naming the place', () => {
    expect(importInput({ text: '{"json": {"data": {}}}', format: 'reddit', fileName: 'r.json' })).toMatchObject({ ok: false, where: 'line 1', message: expect.stringMatching(/^r\.json, line 1: Expected a Reddit comment page/) });
    expect(importInput({ text: '[{"kind": "Listing"', format: 'reddit' })).toMatchObject({ ok: false, message: expect.stringContaining('Invalid JSON') });
  });
});
