/**
 * No silent loss: for every importer, each comment-like part of the input (found here independently of the importer)
 * is either imported or named by a problem; and every real sample under ../shared/formats, with the seed, imports
 * with the format, counts and structure expected of it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';
import { commentLikeObjects, unaccounted } from './accounting-test-support.ts';
import type { Expected } from './accounting-test-support.ts';
import { isCommentLike } from './generic-json.ts';
import { idText } from './json-source.ts';
import type { JsonObject } from './json-text.ts';
import { importInput } from './registry.ts';

const text = (o: JsonObject, key: string): string | null => idText(o.fields.get(key));
const stringOf = (o: JsonObject, key: string): string | null => {
  const v = o.fields.get(key);
  return typeof v === 'string' ? v : null;
};
const dataOf = (o: JsonObject): JsonObject | null => {
  const d = o.fields.get('data');
  return d !== undefined && d !== null && typeof d === 'object' && !Array.isArray(d) && 'fields' in d ? d : null;
};

/** Reddit things: a t1 by its id, a "more" stub by the parent it is reported on, anything else but Listings and t3 by line. */
const redditThing = (o: JsonObject): boolean => o.fields.has('kind') && o.fields.has('data') && !['Listing', 't3'].includes(stringOf(o, 'kind') ?? '');
const redditId = (o: JsonObject): string | null => {
  const data = dataOf(o);
  if (data === null) return null;
  if (stringOf(o, 'kind') === 'more') return /^t\d_(.+)$/.exec(stringOf(data, 'parent_id') ?? '')?.[1] ?? null;
  return stringOf(o, 'kind') === 't1' ? (text(data, 'id') ?? /^t1_(.+)$/.exec(stringOf(data, 'name') ?? '')?.[1] ?? null) : null;
};

/** `<tag …>` openings of an XML or HTML text with an id read by `idPattern`, and their lines. */
function tagsIn(source: string, open: RegExp, idPattern: RegExp): Expected[] {
  return [...source.matchAll(open)].map((m) => ({ id: idPattern.exec(m[0])?.[1] ?? null, line: source.slice(0, m.index).split('\n').length }));
}

const WXR_COMMENT = /<wp:comment>[\s\S]*?<\/wp:comment>/g;
const WXR_ID = /<wp:comment_id>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)/;
const DISQUS_POST = /<post\b[^>]*>/g;
const DISQUS_ID = /dsq:id="?([^"\s/>]+)/;

function accountedFor(result: ImportResult, expected: Expected[]): void {
  expect(expected.length).toBeGreaterThan(0);
  expect(unaccounted(result, expected)).toEqual([]);
}

describe('no silent loss: each importer names every part it does not import', () => {
  it('reddit: t1 without id, an unknown kind, a "more" stub', () => {
    const json = `[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "p1", "title": "Post"}}]}},
{"kind": "Listing", "data": {"children": [
{"kind": "t1", "data": {"id": "a", "name": "t1_a", "parent_id": "t3_p1", "body": "one", "created_utc": 1, "replies": {"kind": "Listing", "data": {"children": [
{"kind": "t1", "data": {"name": "t1_x", "parent_id": "t1_a", "body": "no id", "created_utc": 2, "replies": ""}},
{"kind": "more", "data": {"id": "m1", "count": 3, "parent_id": "t1_a", "children": ["q", "r", "s"]}}]}}}},
{"kind": "t5", "data": {"id": "sub"}},
{"kind": "t1", "data": {"id": "b", "name": "t1_b", "parent_id": "t3_p1", "body": "two", "created_utc": 3, "replies": ""}}]}}]`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'reddit' });
    accountedFor(result, commentLikeObjects(json, redditThing, redditId));
    const extra = importInput({ text: json.replace(/\]$/, ',\n{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"id": "z", "body": "third listing"}}]}}]') });
    expect(extra.problems).toContainEqual({ severity: 'warning', where: 'line 1', message: '1 more element(s) after the post and comment Listings were not read.' });
  });

  it('discourse: a staff action and a post without id', () => {
    const json = `{"id": 9, "title": "T", "post_stream": {"posts": [
{"id": 1, "post_number": 1, "cooked": "<p>Opening</p>", "post_type": 1},
{"id": 2, "post_number": 2, "cooked": "<p>Reply</p>", "post_type": 1, "reply_to_post_number": 1},
{"id": 3, "post_number": 3, "cooked": "", "post_type": 3, "action_code": "pinned.enabled"},
{"post_number": 4, "cooked": "<p>No id</p>", "post_type": 1}]}}`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'discourse' });
    accountedFor(result, commentLikeObjects(json, (o) => o.fields.has('post_number') && text(o, 'post_number') !== '1', (o) => text(o, 'id')));
  });

  it('youtube: a reply without snippet, replies the response lacks', () => {
    const json = `{"kind": "youtube#commentThreadListResponse", "items": [
{"kind": "youtube#commentThread", "id": "t1", "snippet": {"videoId": "v", "totalReplyCount": 3, "topLevelComment": {"kind": "youtube#comment", "id": "t1", "snippet": {"textOriginal": "top", "authorDisplayName": "A"}}}, "replies": {"comments": [
{"kind": "youtube#comment", "id": "t1.r1", "snippet": {"textOriginal": "reply", "parentId": "t1"}},
{"kind": "youtube#comment", "id": "t1.r2"}]}}]}`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'youtube' });
    accountedFor(result, commentLikeObjects(json, (o) => stringOf(o, 'kind') === 'youtube#comment', (o) => text(o, 'id')));
    expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('2 of 3 replies not in this file'));
  });

  it('mastodon: a status without id', () => {
    const json = `{"ancestors": [{"id": "1", "content": "<p>root</p>", "account": {"acct": "a"}}],
"descendants": [{"id": "2", "in_reply_to_id": "1", "content": "<p>reply</p>", "account": {"acct": "b"}},
{"in_reply_to_id": "1", "content": "<p>no id</p>", "account": {"acct": "c"}}]}`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'mastodon' });
    accountedFor(result, commentLikeObjects(json, (o) => o.fields.has('content'), (o) => text(o, 'id')));
  });

  it('wp-rest: a comment without id', () => {
    const json = `[{"id": 5, "post": 60, "parent": 0, "author_name": "A", "date_gmt": "2020-01-01T00:00:00", "content": {"rendered": "<p>x</p>"}},
{"post": 60, "parent": 5, "author_name": "B", "date_gmt": "2020-01-02T00:00:00", "content": {"rendered": "<p>no id</p>"}}]`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'wp-rest' });
    accountedFor(result, commentLikeObjects(json, (o) => o.fields.has('author_name'), (o) => text(o, 'id')));
  });

  it('generic JSON: items without text or id, comment-like objects under other keys', () => {
    const json = `{"title": "T", "featured": [{"id": "f", "text": "elsewhere"}], "comments": [
{"id": "1", "text": "a", "replies": [{"id": "2", "body": "b", "children": [{"id": "3"}]}]},
{"text": "no id"}]}`;
    const result = importInput({ text: json });
    expect(result).toMatchObject({ ok: true, format: 'generic-json' });
    accountedFor(result, commentLikeObjects(json, (o) => isCommentLike(o) || (o.fields.has('id') && !o.fields.has('title')) || o.fields.has('text'), (o) => text(o, 'id')));
  });

  it('generic CSV: a row without id and a row with the wrong number of fields', () => {
    const csv = 'id,text,parent_id\n1,first,\n,no id,\n3,too,many,fields\n4,"quoted, with comma",1\n';
    const result = importInput({ text: csv, fileName: 'c.csv' });
    expect(result).toMatchObject({ ok: true, format: 'generic-csv' });
    const expected = csv.split('\n').slice(1).flatMap((row, k) => (row === '' ? [] : [{ id: row.split(',')[0] || null, line: k + 2 }]));
    accountedFor(result, expected);
  });

  it('page-text: comment headers after the end of the comment section are named', () => {
    const page = 'Title\n\nArticle.\n\n1. Ann says\n  One.\n2. Bob says\n  Two.\n\nLeave a Reply\n\n3. Cy says\n  After the form.\n4. Di says\n  Also after.\n';
    const result = importInput({ text: page });
    expect(result).toMatchObject({ ok: true, format: 'page-text' });
    const headers = page.split('\n').filter((l) => /^\s*\d+\. \w+ says$/.test(l)).length;
    const comments = result.ok ? result.threads[0]!.comments.length : 0;
    expect([headers, comments]).toEqual([4, 2]);
    expect(result.problems).toContainEqual({ severity: 'warning', where: 'line 12', message: expect.stringMatching(/^2 comment header\(s\) after the end of the comment section were not read \(lines 12, 14\)/) });
  });

  it('wxr: a comment without id, a note, a repeated id, a comment outside any post', () => {
    const xml = `<?xml version="1.0"?>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:base_site_url>https://s.example</wp:base_site_url>
<wp:comment><wp:comment_id>90</wp:comment_id><wp:comment_content>Stray</wp:comment_content></wp:comment>
<item><title>P</title><wp:post_id>7</wp:post_id>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved><wp:comment_content>Hi</wp:comment_content></wp:comment>
<wp:comment><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>No id</wp:comment_content></wp:comment>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>Again</wp:comment_content></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_type>note</wp:comment_type><wp:comment_content>Editor note</wp:comment_content></wp:comment>
</item></channel></rss>`;
    const result = importInput({ text: xml });
    expect(result).toMatchObject({ ok: true, format: 'wxr' });
    const expected = tagsIn(xml, WXR_COMMENT, WXR_ID);
    expect(expected).toHaveLength(5);
    // The repeated id 1 is imported once; its second copy must be named by its line, like the note (counted).
    const lines = new Set(result.problems.map((p) => /^line (\d+)/.exec(p.where)?.[1]));
    expect(lines).toContain('3');
    expect(lines).toContain('6');
    expect(lines).toContain('7');
    expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/1 .*note/));
  });

  it('disqus: a post without any id and a repeated post', () => {
    const xml = `<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><title>T</title><link>https://s.example/t</link></thread>
<post dsq:id="10"><message>ok</message><createdAt>2020-01-01T00:00:00Z</createdAt><thread dsq:id="1"/></post>
<post><message>no id at all</message><thread dsq:id="1"/></post>
<post dsq:id="10"><message>again</message><thread dsq:id="1"/></post>
</disqus>`;
    const result = importInput({ text: xml });
    expect(result).toMatchObject({ ok: true, format: 'disqus' });
    const expected = tagsIn(xml, DISQUS_POST, DISQUS_ID);
    expect(expected).toHaveLength(3);
    const lines = new Set(result.problems.map((p) => /^line (\d+)/.exec(p.where)?.[1]));
    expect([lines.has('5'), lines.has('6')]).toEqual([true, true]);
  });
});

/** What each real sample must give: format, comments per thread, deepest reply level, orphans. */
interface Sample {
  file: string;
  format: string;
  comments: number[];
  maxDepth: number;
  orphans: number;
  /** The sample's comment-like parts, found without the importer, and how many there are. */
  parts: (raw: string) => Expected[];
  partCount: number;
}

const json = (isComment: (o: JsonObject) => boolean, idOf: (o: JsonObject) => string | null) => (raw: string) => commentLikeObjects(raw, isComment, idOf);
const SAMPLES: Sample[] = [
  { file: 'formats/discourse/discourse_api-topic.json', format: 'discourse', comments: [2], maxDepth: 0, orphans: 0, parts: json((o) => o.fields.has('post_number') && o.fields.has('cooked') && text(o, 'post_number') !== '1', (o) => text(o, 'id')), partCount: 3 },
  { file: 'formats/disqus/isso-disqus.xml', format: 'disqus', comments: [4, 1, 1], maxDepth: 1, orphans: 0, parts: (raw) => tagsIn(raw, DISQUS_POST, DISQUS_ID), partCount: 6 },
  { file: 'formats/disqus/remark42-disqus.xml', format: 'disqus', comments: [2, 4], maxDepth: 0, orphans: 0, parts: (raw) => tagsIn(raw, DISQUS_POST, DISQUS_ID), partCount: 6 },
  { file: 'formats/hn/hnapi-readme-item-2921983-comment.json', format: 'hn', comments: [1], maxDepth: 0, orphans: 1, parts: json((o) => stringOf(o, 'type') === 'comment', (o) => text(o, 'id')), partCount: 1 },
  { file: 'formats/hn/hnapi-readme-item-8863-story.json', format: 'hn', comments: [0], maxDepth: 0, orphans: 0, parts: () => [], partCount: 0 },
  { file: 'formats/reddit/graw-thread.json', format: 'reddit', comments: [199], maxDepth: 9, orphans: 0, parts: json(redditThing, redditId), partCount: 324 /* 199 t1 and 125 more stubs */ },
  { file: 'formats/wp-html/trafilatura-moritz-meyer.net.vreni.html', format: 'wp-html', comments: [36], maxDepth: 3, orphans: 0, parts: (raw) => tagsIn(raw, /<li\b[^>]*\bid="comment-\d+"[^>]*>/g, /id="comment-(\d+)"/), partCount: 36 },
  { file: 'formats/wp-rest/frontity-comment-5.json', format: 'wp-rest', comments: [1], maxDepth: 0, orphans: 0, parts: json((o) => o.fields.has('author_name'), (o) => text(o, 'id')), partCount: 1 },
  { file: 'formats/wp-rest/frontity-post-60-comments.json', format: 'wp-rest', comments: [3], maxDepth: 1, orphans: 0, parts: json((o) => o.fields.has('author_name'), (o) => text(o, 'id')), partCount: 3 },
  { file: 'formats/wxr/isso-wordpress.xml', format: 'wxr', comments: [7, 1], maxDepth: 2, orphans: 0, parts: (raw) => tagsIn(raw, WXR_COMMENT, WXR_ID), partCount: 8 },
  { file: 'formats/wxr/wpimporter-slashes.xml', format: 'wxr', comments: [1], maxDepth: 0, orphans: 0, parts: (raw) => tagsIn(raw, WXR_COMMENT, WXR_ID), partCount: 1 },
  { file: 'formats/youtube/vsvishal-commentThreads-with-replies.json', format: 'youtube', comments: [22], maxDepth: 1, orphans: 0, parts: json((o) => stringOf(o, 'kind') === 'youtube#comment', (o) => text(o, 'id')), partCount: 22 },
  { file: 'seeds/000_63fe030f4ed4795b.txt', format: 'page-text', comments: [15], maxDepth: 4, orphans: 0, parts: () => [], partCount: 0 /* counted by the test below */ },
];

describe('every real sample and the seed, through the registry', () => {
  it.each(SAMPLES)('$file: $format, comments $comments, depth $maxDepth, nothing unaccounted', (sample) => {
    const path = resolve(process.cwd(), '../shared', sample.file);
    const bytes = new Uint8Array(readFileSync(path));
    const result = importInput({ bytes, fileName: sample.file.split('/').pop() });
    expect(result).toMatchObject({ ok: true, format: sample.format });
    if (!result.ok) return;
    expect(result.threads.map((t) => t.comments.length)).toEqual(sample.comments);
    const trees = result.threads.map((t) => buildTree(t.comments));
    expect(Math.max(...trees.map((t) => t.maxDepth))).toBe(sample.maxDepth);
    expect(trees.reduce((n, t) => n + t.roots.filter((r) => r.orphan).length, 0)).toBe(sample.orphans);
    for (const tree of trees) expect(tree.problems.filter((p) => p.kind !== 'orphan')).toEqual([]);
    const parts = sample.parts(new TextDecoder().decode(bytes));
    expect(parts.length).toBe(sample.partCount);
    expect(unaccounted(result, parts)).toEqual([]);
  });

  it('the seed: every "N. Name says" header and pingback entry is a comment', () => {
    const raw = readFileSync(resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt'), 'utf8');
    const entries = raw.split('\n').filter((l) => /^\s*\d+\.\s+\S/.test(l)).length;
    const result = importInput({ text: raw, fileName: 'seed.txt' });
    expect(result.ok && result.threads[0]!.comments.length).toBe(entries);
    expect(result.problems).toEqual([]);
  });
});
