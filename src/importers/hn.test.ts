import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

const DIR = resolve(process.cwd(), '../shared/formats/hn');
const fromSample = (name: string): ImportResult => importInput({ bytes: new Uint8Array(readFileSync(resolve(DIR, name))), fileName: name });

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

/** An Algolia /api/v1/items/:id document written by hand from the documented shape (no real sample exists). */
const ALGOLIA = JSON.stringify({
  id: 9000001, created_at: '2024-03-01T10:00:00.000Z', created_at_i: 1709287200, type: 'story', author: 'pg', title: 'Show HN: A thing', url: 'https://example.com/thing', text: null, points: 42, parent_id: null, story_id: 9000001, options: [],
  children: [
    {
      id: 9000002, created_at: '2024-03-01T10:05:00.000Z', created_at_i: 1709287500, type: 'comment', author: 'alice', text: '<p>Nice &amp; small.<p>Second <a href="https://x.example" rel="nofollow">link</a>', points: null, parent_id: 9000001, story_id: 9000001, options: [],
      children: [
        { id: 9000004, created_at: '2024-03-01T10:07:00.000Z', created_at_i: 1709287620, type: 'comment', author: null, text: null, points: null, parent_id: 9000002, story_id: 9000001, options: [],
          children: [{ id: 9000005, created_at: '2024-03-01T10:09:00.000Z', created_at_i: 1709287740, type: 'comment', author: 'carol', text: 'Replying to a deleted one <script>alert(1)</script>', points: null, parent_id: 9000004, story_id: 9000001, options: [], children: [] }] },
      ],
    },
    { id: 9000003, created_at: '2024-03-01T10:06:00.000Z', created_at_i: 1709287560, type: 'comment', author: 'bob', text: 'Top level two', points: null, parent_id: 9000001, story_id: 9000001, options: [], children: [] },
  ],
});

describe('hn: Firebase samples', () => {
  it('imports the story with no comments in the file as an empty thread with its title and url', () => {
    const result = fromSample('hnapi-readme-item-8863-story.json');
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    const threads = imported(result);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ id: 'hn:8863', title: 'My YC app: Dropbox - Throw away your USB drive', url: 'http://www.getdropbox.com/u/2/screencast.html', comments: [] });
    // "descendants": 71 in the file.
    expect(result.problems).toContainEqual({ severity: 'warning', where: 'item 8863', message: 'The story counts 71 comment(s); 0 are in this file.' });
  });

  it('imports the lone comment as an orphan of its missing parent', () => {
    const result = fromSample('hnapi-readme-item-2921983-comment.json');
    const [thread] = imported(result);
    expect(result.ok && result.format).toBe('hn');
    expect(thread!.comments).toHaveLength(1);
    expect(thread!.comments[0]).toMatchObject({ id: '2921983', parentId: '2921506', author: 'norvig', createdAt: '2011-08-24T18:38:47.000Z', createdAtText: '1314211127', status: 'published' });
    expect(thread!.comments[0]!.text).toBe("Aw shucks, guys ... you make me blush with your compliments.\n\nTell you what, Ill make a deal: I'll keep writing if you keep reading. K?");
    const tree = buildTree(thread!.comments);
    expect(tree.roots[0]!.orphan).toBe(true);
    expect(tree.maxDepth).toBe(0);
  });

  it('reads an array of items: story, comments in any order, deleted and dead, nulls skipped with their place', () => {
    const items = [
      { by: 'x', id: 12, parent: 11, text: 'reply to deleted', time: 1600000200, type: 'comment' },
      null,
      { by: 'op', id: 10, kids: [13, 11], descendants: 3, score: 5, time: 1600000000, title: 'Ask HN: Why?', type: 'story', text: 'Body <i>here</i>' },
      { deleted: true, id: 11, parent: 10, time: 1600000100, type: 'comment' },
      { by: 'y', dead: true, id: 13, parent: 10, text: 'flagged', time: 1600000300, type: 'comment' },
      { by: 'z', id: 99, parent: 98, text: 'elsewhere', time: 1600000400, type: 'comment' },
    ];
    const result = importInput({ text: JSON.stringify(items), fileName: 'items.json' });
    const threads = imported(result);
    expect(threads.map((t) => t.id)).toEqual(['hn:10', 'hn:98']);
    expect(threads[0]).toMatchObject({ title: 'Ask HN: Why?', articleText: 'Body here', url: 'https://news.ycombinator.com/item?id=10' });
    // Siblings follow the story's "kids" ranking ([13, 11]), not the file order (11 before 13); 12 is ranked by no item.
    expect(threads[0]!.comments.map((c) => [c.id, c.parentId, c.status])).toEqual([['13', null, 'removed'], ['11', null, 'deleted'], ['12', '11', 'published']]);
    expect(buildTree(threads[0]!.comments).maxDepth).toBe(1);
    expect(result.problems).toContainEqual(expect.objectContaining({ where: 'item 2' }));
  });
});

describe('hn: Algolia items document', () => {
  it('builds the nested tree, keeps deleted parents as tombstones and sanitizes the HTML', () => {
    const result = importInput({ text: ALGOLIA, fileName: 'algolia.json' });
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    const [thread] = imported(result);
    expect(thread).toMatchObject({ id: 'hn:9000001', title: 'Show HN: A thing', url: 'https://example.com/thing' });
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(2);
    expect(thread!.comments.map((c) => [c.id, c.parentId])).toEqual([['9000002', null], ['9000004', '9000002'], ['9000005', '9000004'], ['9000003', null]]);
    const byId = new Map(thread!.comments.map((c) => [c.id, c]));
    expect(byId.get('9000004')).toMatchObject({ status: 'deleted', author: '', text: '' });
    expect(byId.get('9000002')).toMatchObject({ text: 'Nice & small.\n\nSecond link', createdAt: '2024-03-01T10:05:00.000Z' });
    expect(byId.get('9000002')!.html).toContain('rel="nofollow ugc noopener noreferrer"');
    expect(byId.get('9000005')!.html).not.toContain('script');
  });

  it('detects an Algolia document whose first reply chain is deeper than the detection window', () => {
    let node: Record<string, unknown> = { author: 'leaf', children: [], created_at: '2024-01-01T00:00:00.000Z', created_at_i: 1704067200, id: 1000, parent_id: 999, story_id: 1, text: 'deep', type: 'comment' };
    for (let id = 200; id > 1; id--) node = { author: `commenter-with-a-longer-name-${id}`, children: [node], created_at: '2024-01-01T00:00:00.000Z', created_at_i: 1704067200, id, parent_id: id - 1, story_id: 1, text: 'x', type: 'comment' };
    const story = { author: 'op', children: [node], created_at: '2024-01-01T00:00:00.000Z', created_at_i: 1704067200, id: 1, parent_id: null, story_id: 1, title: 'Deep', type: 'story' };
    const text = JSON.stringify(story);
    expect(text.indexOf('created_at_i')).toBeGreaterThan(8192);
    const result = importInput({ text });
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    expect(buildTree(imported(result)[0]!.comments).maxDepth).toBe(199);
  });

  it('reads a document rooted at a comment as a thread of its story, the root an orphan', () => {
    const doc = { id: 5, created_at_i: 1700000000, type: 'comment', author: 'a', text: 'root', parent_id: 4, story_id: 1, children: [{ id: 6, created_at_i: 1700000060, type: 'comment', author: 'b', text: 'child', parent_id: 5, story_id: 1, children: [] }] };
    const [thread] = imported(importInput({ text: JSON.stringify(doc) }));
    expect(thread!.id).toBe('hn:1');
    expect(thread!.comments.map((c) => [c.id, c.parentId])).toEqual([['5', '4'], ['6', '5']]);
    expect(thread!.comments[0]!.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });
});
