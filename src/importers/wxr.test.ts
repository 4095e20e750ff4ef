import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import { importInput } from './registry.ts';
import { shapeError } from './validate.ts';
import { autoParagraphs } from './wxr-comment.ts';
import { parseWxr } from './wxr.ts';
import { findComment, summarize, wxrBlocks } from './xml-test-support.ts';

/** A sample file from ../shared/formats, as text. */
const sample = (relative: string): string => readFileSync(resolve(process.cwd(), '../shared/formats', relative), 'utf8');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('WXR samples in ../shared/formats/wxr', () => {
  it('isso-wordpress.xml: counts, depth and parents', () => {
    const xml = sample('wxr/isso-wordpress.xml');
    const result = importInput({ bytes: bytes(xml), fileName: 'export.dat' });
    expect(result).toMatchObject({ ok: true, format: 'wxr' });
    const blocks = wxrBlocks(xml);
    // Items that contain a <wp:comment>: counted by splitting the raw file on <item>.
    const itemsWithComments = xml.split('<item>').slice(1).filter((item) => item.includes('<wp:comment>')).length;
    expect(summarize(result)).toEqual({
      threads: itemsWithComments,
      comments: blocks.length,
      pingbacks: blocks.filter((b) => /<wp:comment_type>(?:<!\[CDATA\[)?pingback/.test(b.body)).length,
      deleted: blocks.filter((b) => /<wp:comment_approved>(?:<!\[CDATA\[)?(?:trash|post-trashed)/.test(b.body)).length,
      // Read from the file: 8 replies to 7, which replies to 6 (top level): depth 2 counting top level as 0.
      maxDepth: 2,
      cycles: 0,
    });
    expect(itemsWithComments).toBe(2);
    expect(blocks).toHaveLength(8);
    expect(findComment(result, '18', '7')?.parentId).toBe('6');
    expect(findComment(result, '18', '8')?.parentId).toBe('7');
    expect(findComment(result, '18', '9')?.parentId).toBe('7');
    expect(findComment(result, '18', '2')?.parentId).toBeNull();
  });

  it('isso-wordpress.xml: GMT time preferred, text and titles as written, the duplicate comment_id reported', () => {
    const result = parseWxr(sample('wxr/isso-wordpress.xml'));
    if (!result.ok) throw new Error(result.message);
    const ten = findComment(result, '18', '10')!;
    // comment_date 12:13:14 local, comment_date_gmt 02:13:14: the GMT one is used.
    expect(ten).toMatchObject({ createdAt: '2022-06-06T02:13:14.000Z', createdAtText: '2022-06-06 02:13:14', author: 'Multiline Author' });
    expect(ten.text).toBe('When you have a comment with multiple lines:\nWordPress exports it like this.');
    // Only paragraphs and line breaks: the text says it all, so no HTML copy is kept.
    expect(ten.html).toBeNull();
    // Comment 7 has only comment_date_gmt and no comment_type.
    expect(findComment(result, '18', '7')).toMatchObject({ createdAt: '2014-04-29T15:21:35.000Z', kind: 'comment', status: 'published', text: 'Drölfter!' });
    expect(findComment(result, '18', '2')?.text).toBe('Erster!1');
    expect(result.threads.map((t) => [t.id, t.title, t.url])).toEqual([
      ['wp:example.tld:18', 'Hello, World…', 'http://example.tld/2014/test/'],
      ['wp:example.tld:4', '...', 'http://example.tld/?p=4'],
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ where: 'line 139, column 14', message: expect.stringContaining('comment_id 11 was already used in wp:example.tld:18') })]);
  });

  it('wpimporter-slashes.xml: backslashes and non-ASCII survive, the thread id carries the site', () => {
    const xml = sample('wxr/wpimporter-slashes.xml');
    const result = importInput({ text: xml });
    expect(summarize(result)).toEqual({ threads: 1, comments: wxrBlocks(xml).length, pingbacks: 0, deleted: 0, maxDepth: 0, cycles: 0 });
    if (!result.ok) return;
    expect(result.threads[0]).toMatchObject({ id: 'wp:localhost:1', title: 'Hello world!', articleText: 'Slashes aren\\\'t \\"cool\\"' });
    expect(result.threads[0]!.comments[0]).toMatchObject({ id: '1', author: 'Mr WordPress', text: '\\o/ ¯\\_(ツ)_/¯' });
  });
});

/** A WXR 1.2 file (https namespace) exercising status, kind, notes, CDATA and time quirks. */
const QUIRKS = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
  <wp:base_site_url>https://blog.example.org</wp:base_site_url>
  <item>
    <title><![CDATA[Caf&eacute; post]]></title>
    <link>https://blog.example.org/cafe/</link>
    <wp:post_id><![CDATA[ 42 ]]></wp:post_id>
    <wp:comment>
      <wp:comment_id>1</wp:comment_id>
      <wp:comment_author><![CDATA[Ping 1 &laquo; What&#8217;s a tellyworth?]]></wp:comment_author>
      <wp:comment_date_gmt><![CDATA[2020-01-02 03:04:05]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[[&#8230;] linked here [&#8230;]]]></wp:comment_content>
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
      <wp:comment_type><![CDATA[pingback]]></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>2</wp:comment_id>
      <wp:comment_author>Reader</wp:comment_author>
      <wp:comment_date>2020-01-02 05:00:00</wp:comment_date>
      <wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[First part, ]]><![CDATA[second part with ]]]]><![CDATA[> inside.

<script>alert(1)</script>New paragraph <a href="javascript:alert(1)" onclick="x">link</a>]]></wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>1</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>3</wp:comment_id>
      <wp:comment_content>trashed</wp:comment_content>
      <wp:comment_approved>trash</wp:comment_approved>
      <wp:comment_type>trackback</wp:comment_type>
      <wp:comment_parent>2</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>4</wp:comment_id>
      <wp:comment_content>editor only</wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type>note</wp:comment_type>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>5</wp:comment_id>
      <wp:comment_content>spammy</wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved>
      <wp:comment_parent>3</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>5</wp:comment_id>
      <wp:comment_content>again</wp:comment_content>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>6</wp:comment_id>
      <wp:comment_content>post trashed</wp:comment_content>
      <wp:comment_approved>post-trashed</wp:comment_approved>
    </wp:comment>
  </item>
  <item><title>Quiet post</title><wp:post_id>43</wp:post_id></item>
</channel>
</rss>`;

describe('WXR quirks', () => {
  const result = importInput({ bytes: bytes(QUIRKS) });

  it('maps status and kind, leaves notes out, skips a duplicate id in the same post', () => {
    expect(result).toMatchObject({ ok: true, format: 'wxr' });
    if (!result.ok) return;
    expect(shapeError(result)).toBeNull();
    expect(result.threads).toHaveLength(1);
    const thread = result.threads[0]!;
    expect(thread).toMatchObject({ id: 'wp:blog.example.org:42', title: 'Café post', url: 'https://blog.example.org/cafe/' });
    expect(thread.comments.map((c) => [c.id, c.parentId, c.kind, c.status])).toEqual([
      ['1', null, 'pingback', 'published'],
      ['2', '1', 'comment', 'pending'],
      ['3', '2', 'trackback', 'deleted'],
      ['5', '3', 'comment', 'spam'],
      ['6', null, 'comment', 'deleted'],
    ]);
    expect(buildTree(thread.comments).maxDepth).toBe(3);
    const messages = result.problems.map((p) => `${p.where}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^line \d+, column \d+: comment_id 5 appears twice in this post/));
    expect(messages).toContainEqual(expect.stringContaining('1 editorial note(s) (comment_type "note") left out'));
  });

  it('decodes pre-escaped authors once, joins CDATA sections, sanitizes the body', () => {
    if (!result.ok) return;
    const [ping, reader] = result.threads[0]!.comments;
    expect(ping).toMatchObject({ author: 'Ping 1 « What’s a tellyworth?', text: '[…] linked here […]', createdAt: '2020-01-02T03:04:05.000Z' });
    expect(reader!.text).toBe('First part, second part with ]]> inside.\n\nNew paragraph link');
    expect(reader!.html).not.toMatch(/script|javascript|onclick/);
    expect(reader!.html).toContain('<p>First part, second part with ]]&gt; inside.</p>');
  });

  it('falls back to the local time with a warning when there is no GMT time', () => {
    if (!result.ok) return;
    const reader = result.threads[0]!.comments[1]!;
    expect(reader).toMatchObject({ createdAt: '2020-01-02T05:00:00.000Z', createdAtText: '2020-01-02 05:00:00' });
    expect(result.problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('comment_id 2 (line 18): no comment_date_gmt') }));
  });

  it('accepts the 1.0 and 1.1 namespaces and other prefixes (matched on local names)', () => {
    for (const uri of ['http://wordpress.org/export/1.0/', 'http://wordpress.org/export/1.1/']) {
      const text = QUIRKS.replace('https://wordpress.org/export/1.2/', uri).replaceAll('wp:', 'wordpress:').replace('xmlns:wordpress="', 'xmlns:wordpress="');
      const again = importInput({ text });
      expect(again).toMatchObject({ ok: true, format: 'wxr' });
      if (again.ok) expect(again.threads[0]!.comments).toHaveLength(5);
    }
  });

  it('refuses an export without comments with one message', () => {
    const empty = importInput({ text: QUIRKS.replace(/<wp:comment>[\s\S]*<\/wp:comment>/, ''), fileName: 'site.xml' });
    expect(empty).toMatchObject({ ok: false, message: 'site.xml, whole file: No comments found: the export has 2 post(s), none with a readable <wp:comment>. (read as wxr)' });
  });
});

describe('autoParagraphs', () => {
  it('wraps blank-line paragraphs and turns single line breaks into <br>', () => {
    expect(autoParagraphs('one\ntwo\n\nthree')).toBe('<p>one<br>\ntwo</p>\n<p>three</p>');
    expect(autoParagraphs('single line')).toBe('single line');
    expect(autoParagraphs('<blockquote>q</blockquote>\n\nafter')).toBe('<blockquote>q</blockquote>\n<p>after</p>');
  });
});
