import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

const DIR = resolve(process.cwd(), '../shared/formats/wp-rest');
const read = (name: string): { raw: string; result: ImportResult } => {
  const bytes = new Uint8Array(readFileSync(resolve(DIR, name)));
  return { raw: Buffer.from(bytes).toString('utf8'), result: importInput({ bytes, fileName: name }) };
};

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

describe('wp-rest: frontity-post-60-comments.json', () => {
  const { raw, result } = read('frontity-post-60-comments.json');

  it('gives one thread per post, in chronological order although the API lists newest first', () => {
    expect(result).toMatchObject({ ok: true, format: 'wp-rest' });
    const threads = imported(result);
    // Counted independently: JSON.parse the file, distinct "post" values and array length.
    const items = JSON.parse(raw) as { id: number; post: number; date_gmt: string; parent: number }[];
    expect(threads).toHaveLength(new Set(items.map((i) => i.post)).size);
    const [thread] = threads;
    expect(thread!.comments).toHaveLength(items.length);
    const chronological = [...items].sort((a, b) => a.date_gmt.localeCompare(b.date_gmt)).map((i) => String(i.id));
    expect(thread!.comments.map((c) => c.id)).toEqual(chronological);
    expect(items.map((i) => i.id)).toEqual([129, 124, 5]);
    expect(thread).toMatchObject({ id: 'wp:test.frontity.org:60', url: 'https://test.frontity.org/2016/the-beauties-of-gullfoss/', sourceFormat: 'wp-rest' });
  });

  it('resolves parents, reads date_gmt as UTC and keeps the original text', () => {
    const [thread] = imported(result);
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(1);
    expect(thread!.comments.filter((c) => c.kind === 'pingback')).toHaveLength(0);
    expect(thread!.comments.filter((c) => c.status === 'deleted')).toHaveLength(0);
    expect(tree.byId.get('129')!.treeParentId).toBe('124');
    expect(thread!.comments.find((c) => c.id === '129')).toMatchObject({
      author: 'David Arenas',
      createdAt: '2019-02-08T15:28:33.000Z',
      createdAtText: '2019-02-08T15:28:33',
      text: 'Hola Mario',
      html: '<p>Hola Mario</p>',
      status: 'published',
      kind: 'comment',
    });
    expect(result.problems).toContainEqual(expect.objectContaining({ where: 'whole file', message: expect.stringContaining('read as UTC') }));
  });
});

describe('wp-rest: frontity-comment-5.json (a single comment object)', () => {
  it('accepts one comment object, emoji intact', () => {
    const { result } = read('frontity-comment-5.json');
    const [thread] = imported(result);
    expect(result.ok && result.format).toBe('wp-rest');
    expect(imported(result)).toHaveLength(1);
    expect(thread!.comments).toHaveLength(1);
    expect(buildTree(thread!.comments).maxDepth).toBe(0);
    expect(thread!.comments[0]).toMatchObject({ kind: 'comment', status: 'published', id: '5', parentId: null, author: 'Reyes Martinez', text: 'Nice post, Alan! Iceland must be amazing. Thanks for sharing 🙂' });
  });
});

describe('wp-rest: statuses, meta shapes and bad items', () => {
  const item = (id: number, extra: Record<string, unknown>): Record<string, unknown> => ({
    id, post: 7, parent: 0, author_name: `a${id}`, date: '2020-01-01T12:00:00', date_gmt: `2020-01-0${id}T10:00:00`, content: { rendered: `<p>c${id}</p>` }, status: 'approved', type: 'comment', meta: [], ...extra,
  });

  it('maps hold, spam and trash, accepts meta as array or object, and skips broken items with their place', () => {
    const text = JSON.stringify([
      item(1, { status: 'hold', meta: { akismet: 'x' }, author_name: 'O&#8217;Brien &amp; Co' }),
      item(2, { status: 'spam', acf: [] }),
      item(3, { status: 'trash', type: 'pingback' }),
      'not an object',
      { post: 7, content: { rendered: 'no id' } },
      item(4, { status: 'weird', date_gmt: null }),
    ]);
    const result = importInput({ text, fileName: 'c.json' });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.status, c.kind])).toEqual([
      ['1', 'pending', 'comment'], ['4', 'published', 'comment'], ['2', 'spam', 'comment'], ['3', 'removed', 'pingback'],
    ]);
    // Item 4 has no date_gmt: its local "date" (read as UTC) puts it between 1 and 2.
    expect(thread!.comments[1]!.createdAt).toBe('2020-01-01T12:00:00.000Z');
    expect(thread!.comments[0]!.author).toBe('O’Brien & Co');
    const wheres = result.problems.map((p) => p.where);
    expect(wheres).toContain('item 4');
    expect(wheres.some((w) => /^item 5 \(line 1\)$/.test(w))).toBe(true);
    expect(result.problems.some((p) => p.message.includes('Unknown status "weird"'))).toBe(true);
    expect(result.problems.some((p) => p.message.includes('site-local'))).toBe(true);
  });

  it('gives one thread per post, each with its own comments', () => {
    const result = importInput({ text: JSON.stringify([item(1, { post: 8 }), item(2, {}), item(3, { post: 8, parent: 1 })]) });
    expect(imported(result).map((t) => [t.id, t.comments.map((c) => c.id)])).toEqual([['wp:8', ['1', '3']], ['wp:7', ['2']]]);
  });

  it('keeps ids beyond 2^53 exact and rejects a file with no comment', () => {
    const [thread] = imported(importInput({ text: JSON.stringify([item(1, {})]).replace('"id":1', '"id":98765432109876543210') }));
    expect(thread!.comments[0]!.id).toBe('98765432109876543210');
    expect(importInput({ text: '[{"id": null, "post": 1, "content": {"rendered": ""}, "author_name": "x", "date_gmt": "2020-01-01T00:00:00"}]', fileName: 'e.json' })).toMatchObject({ ok: false, format: 'wp-rest', where: 'item 1 (line 1)' });
  });
});
