import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { chain, commentLikeObjects, generateTree, hnapiComment, unaccounted } from './accounting-test-support.ts';
import { idText } from './json-source.ts';
import { hnImporter } from './hn.ts';
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

/** A node-hnapi / api.hnpwa.com item written by hand from the shape those clients write (content is HTML). */
const HNAPI = `{
  "id": 7000001, "title": "Show HN: Nested", "points": 12, "user": "op", "time": 1700000000, "time_ago": "2 days ago",
  "type": "link", "url": "https://example.org/nested", "domain": "example.org", "content": "",
  "comments": [
    {"id": 7000002, "level": 0, "user": "ann", "time": 1700000100, "time_ago": "2 days ago", "content": "<p>Top &amp; first</p>",
     "comments": [
      {"id": 7000003, "level": 1, "user": "bob", "time": 1700000200, "time_ago": "2 days ago", "content": "<p>Reply</p>",
       "comments": [
        {"id": 7000004, "level": 2, "deleted": true, "time": 1700000300, "time_ago": "2 days ago", "content": "[deleted]",
         "comments": [{"id": 7000005, "level": 3, "user": "cy", "time": 1700000400, "time_ago": "2 days ago", "content": "<p>Under a deleted one</p>", "comments": []}]}
       ]}
     ]},
    {"id": 7000006, "level": 0, "user": "dee", "time": 1700000500, "time_ago": "2 days ago", "dead": true, "content": "<p>Flagged</p>", "comments": [
      {"id": 7000007, "level": 4, "user": "eve", "time": 1700000600, "time_ago": "2 days ago", "content": "<p>Level says 4</p>", "comments": []},
      {"level": 1, "user": "nid", "time": 1700000700, "time_ago": "2 days ago", "content": "<p>No id</p>", "comments": [
        {"id": 7000009, "level": 2, "user": "fay", "time": 1700000800, "time_ago": "2 days ago", "content": "<p>Child of no id</p>", "comments": []}]}
    ]}
  ],
  "comments_count": 10
}`;

describe('hn: node-hnapi / api.hnpwa.com nested item', () => {
  it('is detected as hn and reads every nested reply, parents from the nesting', () => {
    const result = importInput({ text: HNAPI, fileName: 'item.json' });
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    const [thread] = imported(result);
    expect(thread).toMatchObject({ id: 'hn:7000001', title: 'Show HN: Nested', url: 'https://example.org/nested', articleText: '' });
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.status])).toEqual([
      ['7000002', null, 'published'],
      ['7000003', '7000002', 'published'],
      ['7000004', '7000003', 'deleted'],
      ['7000005', '7000004', 'published'],
      ['7000006', null, 'removed'],
      ['7000007', '7000006', 'published'],
      ['7000009', '7000006', 'published'],
    ]);
    const byId = new Map(thread!.comments.map((c) => [c.id, c]));
    expect(byId.get('7000002')).toMatchObject({ author: 'ann', text: 'Top & first', createdAt: '2023-11-14T22:15:00.000Z', createdAtText: '1700000100' });
    expect(byId.get('7000004')).toMatchObject({ text: '', html: null, author: '' });
    expect(byId.get('7000006')!.text).toBe('Flagged');
    expect(buildTree(thread!.comments).maxDepth).toBe(3);
  });

  it('names a level that disagrees with the nesting, an item without id, and comments the story counts but the file lacks', () => {
    const result = importInput({ text: HNAPI });
    const messages = result.problems.map((p) => `${p.where}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^item 7000007 \(comments\.2\.1, line 14\): "level" is 4 but the comment is nested at level 1; the nesting was kept \(parent 7000006\)/));
    expect(messages).toContainEqual(expect.stringMatching(/^item \? \(comments\.2\.2, line 15\): No "id"; skipped, its replies attached to its parent 7000006/));
    expect(messages).toContainEqual('item 7000001: The story counts 10 comment(s); 7 are in this file.');
    expect(result.problems).toHaveLength(3);
  });

  it('is detected without "time_ago" too, from nested comments with level, user and content', () => {
    const doc = { id: 1, title: 'T', user: 'op', comments: [{ id: 2, level: 0, user: 'a', time: 1700000000, content: '<p>x</p>', comments: [{ id: 3, level: 1, user: 'b', time: 1700000001, content: '<p>y</p>', comments: [] }] }] };
    const result = importInput({ text: JSON.stringify(doc) });
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    expect(imported(result)[0]!.comments.map((c) => [c.id, c.parentId, c.text])).toEqual([['2', null, 'x'], ['3', '2', 'y']]);
  });

  it('takes a top-level "level" of 1 (a client counting the story as 0) as the base, without a warning', () => {
    const doc = { id: 1, title: 'T', time_ago: 'now', comments: [{ id: 2, level: 1, user: 'a', content: 'x', comments: [{ id: 3, level: 2, user: 'b', content: 'y', comments: [] }] }] };
    const result = importInput({ text: JSON.stringify(doc) });
    expect(imported(result)[0]!.comments.map((c) => [c.id, c.parentId])).toEqual([['2', null], ['3', '2']]);
    expect(result.problems).toEqual([]);
  });

  it('imports all 2,000 comments of a generated nested document with the generated parents', () => {
    const tree = generateTree(2000, 11, hnapiComment, (k) => String(100 + k));
    const text = `{"id":1,"title":"Generated","points":1,"user":"op","time":1700000000,"time_ago":"1 day ago","type":"link","url":"https://example.org/g","domain":"example.org","content":"","comments":${tree.json},"comments_count":2000}`;
    const result = importInput({ text, fileName: 'generated.json' });
    expect(result).toMatchObject({ ok: true, format: 'hn' });
    const comments = imported(result)[0]!.comments;
    expect(comments).toHaveLength(2000);
    expect(comments.map((c) => c.id)).toEqual(tree.ids);
    expect(comments.every((c) => c.parentId === tree.parentOf.get(c.id))).toBe(true);
    expect(buildTree(comments).maxDepth).toBe(tree.maxDepth);
    expect(tree.maxDepth).toBeGreaterThan(20);
    expect(result.problems).toEqual([]);
  });

  it('reads a reply chain 100,000 deep without overflowing the stack', () => {
    const text = `{"id":999999999,"title":"Deep","time_ago":"now","comments":${chain(100_000, hnapiComment)}}`;
    const result = hnImporter.parse(text);
    const comments = imported(result)[0]!.comments;
    expect(comments).toHaveLength(100_000);
    expect(comments[99_999]).toMatchObject({ id: '100000', parentId: '99999' });
    // Each one the reply of the one before: the chain 99,999 replies deep (core/tree.test.ts builds such a tree).
    const broken = comments.findIndex((c, k) => c.id !== String(k + 1) || c.parentId !== (k === 0 ? null : String(k)));
    expect(broken).toBe(-1);
    expect(result.problems).toEqual([]);
  });

  it('accounts for every comment-like object of the input: imported, or named by a problem', () => {
    const expected = commentLikeObjects(HNAPI, (o) => o.fields.has('level'), (o) => idText(o.fields.get('id')));
    expect(expected).toHaveLength(8);
    expect(unaccounted(importInput({ text: HNAPI }), expected)).toEqual([]);
  });
});

describe('hn: no silent loss in the other shapes', () => {
  it('Algolia: a child without id is named and its replies kept; a "children" that is not a list is named', () => {
    const doc = { id: 1, type: 'story', title: 'S', author: 'op', created_at_i: 1700000000, children: [
      { author: 'a', text: 'no id', created_at_i: 1700000001, children: [{ id: 3, author: 'b', text: 'kept', created_at_i: 1700000002, children: {} }] },
    ] };
    const text = JSON.stringify(doc, null, 1);
    const result = importInput({ text });
    expect(imported(result)[0]!.comments.map((c) => [c.id, c.parentId])).toEqual([['3', null]]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining('No "id"; skipped, its replies attached to the top level'), expect.stringContaining('"children" is not an array')]);
    const expected = commentLikeObjects(text, (o) => o.fields.has('author') && o.fields.get('type') !== 'story', (o) => idText(o.fields.get('id')));
    expect(unaccounted(result, expected)).toEqual([]);
  });

  it('Firebase: every item is a comment, a story, or a named problem', () => {
    const items = [{ id: 1, type: 'story', by: 'op', time: 1, title: 'S', kids: [2] }, { id: 2, type: 'comment', by: 'a', time: 2, parent: 1, text: 'x' }, { type: 'comment', by: 'b', time: 3, parent: 1, text: 'no id' }, { id: 4, type: 'pollopt', by: 'c', time: 4, text: 'opt' }, null];
    const text = JSON.stringify(items, null, 1);
    const result = importInput({ text });
    const expected = commentLikeObjects(text, (o) => o.fields.get('type') === 'comment' || o.fields.get('type') === 'pollopt', (o) => idText(o.fields.get('id')));
    expect(expected).toHaveLength(3);
    expect(unaccounted(result, expected)).toEqual([]);
  });
});
