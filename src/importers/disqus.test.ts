import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import { parseDisqus } from './disqus.ts';
import { importInput } from './registry.ts';
import { disqusBlocks, findComment, summarize } from './xml-test-support.ts';

/** A sample file from ../shared/formats, as text. */
const sample = (relative: string): string => readFileSync(resolve(process.cwd(), '../shared/formats', relative), 'utf8');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Distinct `<thread dsq:id>` references inside posts (quoted or not), counted on the raw text. */
function threadRefs(xml: string): Set<string> {
  return new Set(disqusBlocks(xml).map((b) => /<thread dsq:id="?(\d+)/.exec(b.body)![1]!));
}

describe('Disqus samples in ../shared/formats/disqus', () => {
  it('isso-disqus.xml: counts, tombstone with its reply, orphan thread', () => {
    const xml = sample('disqus/isso-disqus.xml');
    const result = importInput({ bytes: bytes(xml), fileName: 'export.dat' });
    expect(result).toMatchObject({ ok: true, format: 'disqus' });
    const blocks = disqusBlocks(xml);
    expect(summarize(result)).toEqual({
      threads: threadRefs(xml).size,
      comments: blocks.length,
      pingbacks: 0,
      deleted: blocks.filter((b) => /<isDeleted>true<\/isDeleted>/.test(b.body)).length,
      // Read from the file: 5 replies to 4 and 11 replies to the deleted 9; nothing deeper.
      maxDepth: 1,
      cycles: 0,
    });
    expect([threadRefs(xml).size, blocks.length]).toEqual([3, 6]);
    expect(findComment(result, ':2', '5')?.parentId).toBe('4');
    expect(findComment(result, ':2', '11')?.parentId).toBe('9');
    expect(findComment(result, ':2', '9')).toMatchObject({ status: 'deleted', text: '', html: null, parentId: null });
    if (!result.ok) return;
    const tree = buildTree(result.threads[0]!.comments);
    expect(tree.byId.get('11')!.treeParentId).toBe('9');
    expect(result.threads.map((t) => [t.id, t.title, t.url])).toEqual([
      ['disqus:2', 'Hello, World!', 'http://example.org/'],
      ['disqus:7', 'http://localhost:4000/blog/2013/02/12/redacted/index.html', 'http://localhost:4000/blog/2013/02/12/redacted/index.html'],
      ['disqus:1337', 'Posts whose thread is missing (dsq:id 1337)', null],
    ]);
    expect(findComment(result, ':2', '5')).toMatchObject({ text: 'Hello, World.', html: null, author: 'user', createdAt: '2013-10-11T06:51:33.000Z' });
    expect(result.problems).toEqual([expect.objectContaining({ where: 'line 66', message: expect.stringContaining('thread dsq:id=1337, which is not in the file') })]);
  });

  it('remark42-disqus.xml (malformed): every post recovered, each repair reported with line and column', () => {
    const xml = sample('disqus/remark42-disqus.xml');
    const result = importInput({ bytes: bytes(xml), fileName: 'remark42.xml' });
    expect(result).toMatchObject({ ok: true, format: 'disqus' });
    const blocks = disqusBlocks(xml);
    expect(summarize(result)).toEqual({ threads: threadRefs(xml).size, comments: blocks.length, pingbacks: 0, deleted: 0, maxDepth: 0, cycles: 0 });
    expect(blocks).toHaveLength(6);
    if (!result.ok) return;
    const where = result.problems.map((p) => p.where);
    expect(where).toEqual(['line 1, column 2', 'line 1, column 7', 'line 102, column 5', 'line 135, column 5', 'line 135, column 5', 'line 147, column 24']);
    expect(result.problems[5]!.message).toContain('attribute value without quotes in <thread>; read as dsq:id="247937687"');
    // The post with the unquoted attribute lands in its thread, with its bad date left empty but kept as text.
    expect(findComment(result, ':247937687', 'x299986073')).toMatchObject({ createdAt: null, createdAtText: '2011-x09-30T22:48:43Z', status: 'published', text: 'some bad comment' });
    expect(findComment(result, ':247937687', '299986073')?.status).toBe('spam');
    expect(findComment(result, ':247918464', 'id:12345678890')?.text).toBe('This comment had no ID');
    expect(findComment(result, ':247937687', '299619020')?.html).toContain('rel="nofollow ugc noopener noreferrer"');
  });
});

describe('Disqus quirks', () => {
  const POSTS = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><link>https://e.example/a</link><title>A &amp; B</title></thread>
  <post dsq:id="1234567890123456789"><message>child first</message><thread dsq:id="1"/><parent dsq:id="9223372036854775807"/></post>
  <post dsq:id="9223372036854775807"><message>parent</message><isDeleted>true</isDeleted><isSpam>true</isSpam><thread dsq:id="1"/></post>
  <post dsq:id="5"><message><![CDATA[<p>x</p>]]></message><thread dsq:id="1"/></post>
  <post dsq:id="5"><message>dup</message><thread dsq:id="1"/></post>
  <post dsq:id="6"><message>cut <b>off`;

  it('keeps 19-digit ids exactly, resolves a parent listed later, skips duplicates and a cut-off post', () => {
    const result = parseDisqus(POSTS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const comments = result.threads[0]!.comments;
    expect(result.threads[0]!.title).toBe('A & B');
    expect(comments.map((c) => [c.id, c.parentId, c.status])).toEqual([
      ['1234567890123456789', '9223372036854775807', 'published'],
      ['9223372036854775807', null, 'deleted'],
      ['5', null, 'published'],
    ]);
    expect(buildTree(comments).byId.get('1234567890123456789')!.depth).toBe(1);
    const messages = result.problems.map((p) => `${p.where}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^line 7, column 3: <post dsq:id=5> \(line 7\) appears again/));
    expect(messages).toContainEqual(expect.stringMatching(/^line 8, column 3: <post dsq:id=6> \(line 8\) is cut off/));
  });

  it('refuses a file without posts with one message', () => {
    expect(importInput({ text: '<disqus xmlns="http://disqus.com"><thread dsq:id="1"/></disqus>', fileName: 'd.xml' })).toMatchObject({
      ok: false,
      message: 'd.xml, whole file: No readable <post> found (1 thread(s) declared). (read as disqus)',
    });
  });

  it('groups posts by thread wherever the thread is declared (threads after their posts), replies linked', () => {
    const xml = [
      '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">',
      '<post dsq:id="10"><message>one</message><author><name>Ann Example-Name</name></author><thread dsq:id="2"/></post>',
      '<post dsq:id="11"><message>two</message><author><name>Ann Example-Name</name></author><thread dsq:id="1"/></post>',
      '<post dsq:id="12"><message>three</message><author><name>Bob</name></author><thread dsq:id="2"/><parent dsq:id="10"/></post>',
      '<thread dsq:id="1"><title>First</title></thread>',
      '<thread dsq:id="2"><title>Second</title></thread>',
      '</disqus>',
    ].join('\n');
    const result = parseDisqus(xml);
    if (!result.ok) throw new Error(result.message);
    expect(result.problems).toEqual([]);
    expect(result.threads.map((t) => [t.id, t.title, t.comments.map((c) => c.id)])).toEqual([
      ['disqus:1', 'First', ['11']],
      ['disqus:2', 'Second', ['10', '12']],
    ]);
    const [ten, twelve] = result.threads[1]!.comments;
    expect(twelve!.parentId).toBe(ten!.id);
  });
});
