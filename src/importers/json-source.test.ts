import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTree } from '../core/tree.ts';
import type { ImportResult } from '../core/model.ts';
import { epochTime, isoTime, makeComment, repairComments } from './json-source.ts';
import { JsonNumber } from './json-text.ts';
import { ProblemLog } from './records.ts';
import { importInput } from './registry.ts';

const FORMATS = resolve(process.cwd(), '../shared/formats');
const SAMPLES: [format: string, file: string][] = [
  ['wp-rest', 'wp-rest/frontity-post-60-comments.json'],
  ['wp-rest', 'wp-rest/frontity-comment-5.json'],
  ['wp-html', 'wp-html/trafilatura-moritz-meyer.net.vreni.html'],
  ['reddit', 'reddit/graw-thread.json'],
  ['hn', 'hn/hnapi-readme-item-8863-story.json'],
  ['hn', 'hn/hnapi-readme-item-2921983-comment.json'],
  ['discourse', 'discourse/discourse_api-topic.json'],
  ['youtube', 'youtube/vsvishal-commentThreads-with-replies.json'],
];

/** The contract every import keeps: a result, never a throw; a failure names the file and place; no broken tree. */
function checkContract(result: ImportResult, fileName: string): void {
  if (!result.ok) {
    expect(result.where).not.toBeNull();
    expect(result.message.startsWith(`${fileName}, ${result.where}: `)).toBe(true);
    expect(result.message).not.toContain('Internal error');
    return;
  }
  for (const thread of result.threads) {
    const kinds = buildTree(thread.comments).problems.map((p) => p.kind);
    expect(kinds.filter((k) => k !== 'orphan')).toEqual([]);
  }
}

describe('json-source helpers', () => {
  it('reads epoch seconds and ISO times, keeping the source text', () => {
    expect(epochTime(new JsonNumber('1366059088.0'))).toEqual({ createdAt: '2013-04-15T20:51:28.000Z', createdAtText: '1366059088.0' });
    expect(epochTime(new JsonNumber('1e300'))).toEqual({ createdAt: null, createdAtText: '1e300' });
    expect(epochTime('soon')).toEqual({ createdAt: null, createdAtText: 'soon' });
    expect(isoTime('2013-02-04T15:26:26.278-05:00')).toEqual({ createdAt: '2013-02-04T20:26:26.278Z', createdAtText: '2013-02-04T15:26:26.278-05:00', zoneless: false });
    expect(isoTime('2019-02-08T15:28:33').zoneless).toBe(true);
  });

  it('drops duplicate ids, lifts self-parents and breaks cycles at the earliest member, with a warning each', () => {
    const log = new ProblemLog();
    const comments = [
      makeComment({ id: 'a', parentId: 'c' }), makeComment({ id: 'b', parentId: 'a' }), makeComment({ id: 'c', parentId: 'b' }),
      makeComment({ id: 'd', parentId: 'd' }), makeComment({ id: 'a', parentId: null }), makeComment({ id: 'e', parentId: 'zz' }),
    ];
    const repaired = repairComments(comments, log, (c) => `comment ${c.id}`);
    expect(repaired.map((c) => [c.id, c.parentId])).toEqual([['a', null], ['b', 'a'], ['c', 'b'], ['d', null], ['e', 'zz']]);
    expect(log.finish().map((p) => `${p.where}: ${p.message}`)).toEqual([
      'comment d: The comment names itself as its parent; shown at top level.',
      'comment a: A second comment with id "a"; the later one was skipped.',
      'comment a: Reply cycle ("a" → "c" → "b"); "a" shown at top level.',
    ]);
    expect(buildTree(repaired).problems.map((p) => p.kind)).toEqual(['orphan']);
  });
});

describe('platform importers: truncated and corrupted copies of every real sample', () => {
  const edits = fc.array(
    fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), op: fc.constantFrom('delete', 'insert', 'replace'), piece: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '0', '-1', 'null', '""', '<', '>', '</li>', '<li id="comment-1">', '\u0000', '\ud800', '99999999999999999999') }),
    { minLength: 1, maxLength: 6 },
  );

  for (const [format, file] of SAMPLES) {
    const text = readFileSync(resolve(FORMATS, file), 'utf8');
    const name = file.split('/').pop()!;

    it(`${file}: never throws, hangs or breaks the tree`, () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (cut, forced) => {
          const truncated = text.slice(0, Math.floor(text.length * cut));
          const result = importInput({ text: truncated, fileName: name, format: forced ? format : 'auto' });
          if (truncated.trim() === '') expect(result.ok).toBe(false);
          checkContract(result, name);
        }),
        { numRuns: 25 },
      );
      fc.assert(
        fc.property(edits, fc.boolean(), (changes, forced) => {
          let copy = text;
          for (const { at, op, piece } of changes) {
            const i = Math.floor(copy.length * at);
            copy = op === 'delete' ? copy.slice(0, i) + copy.slice(i + piece.length) : op === 'insert' ? copy.slice(0, i) + piece + copy.slice(i) : copy.slice(0, i) + piece + copy.slice(i + 1);
          }
          checkContract(importInput({ text: copy, fileName: name, format: forced ? format : 'auto' }), name);
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe('platform importers: random documents shaped like each format', () => {
  /** A field value: usually plausible, sometimes any JSON value, sometimes missing. */
  const loose = <T,>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constant(undefined) });
  const smallId = fc.integer({ min: 0, max: 6 });
  const html = fc.constantFrom('<p>hi</p>', 'a &amp; b', '<script>x</script>', '', '<p>unclosed', '&lt;b&gt;', '<img src=x onerror=y>');
  const time = fc.constantFrom('2020-01-01T00:00:00', '2020-01-01T00:00:00Z', '2020-13-45T99:99:99', 'yesterday', '');
  const epoch = fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double());

  const wpItem = fc.record({ id: loose(smallId), post: loose(fc.constantFrom(1, 2)), parent: loose(smallId), author_name: loose(fc.string()), date_gmt: loose(time), date: loose(time), content: loose(fc.record({ rendered: loose(html) })), status: loose(fc.constantFrom('approved', 'hold', 'spam', 'trash', 'x')), type: loose(fc.constantFrom('comment', 'pingback', '')), meta: loose(fc.constantFrom([], {})) });
  const hnItem = fc.option(fc.record({ id: loose(smallId), by: loose(fc.string()), parent: loose(smallId), kids: loose(fc.array(smallId)), text: loose(html), time: loose(epoch), type: loose(fc.constantFrom('comment', 'story', 'pollopt')), deleted: loose(fc.boolean()), dead: loose(fc.boolean()) }));
  const mastodonStatus = fc.record({ id: loose(smallId.map(String)), in_reply_to_id: loose(fc.option(smallId.map(String))), content: loose(html), created_at: loose(time), spoiler_text: loose(fc.string()), account: loose(fc.record({ acct: loose(fc.string()), display_name: loose(fc.string()) })) });
  const discoursePost = fc.record({ id: loose(smallId), post_number: loose(smallId), reply_to_post_number: loose(fc.option(smallId)), post_type: loose(fc.constantFrom(1, 2, 3, 4)), cooked: loose(html), created_at: loose(time), deleted_at: loose(fc.option(time)), user_deleted: loose(fc.boolean()), hidden: loose(fc.boolean()) });
  const ytComment = fc.record({ id: loose(fc.constantFrom('a', 'b', 'a.1', 'b.2')), snippet: loose(fc.record({ textDisplay: loose(html), textOriginal: loose(fc.string()), authorDisplayName: loose(fc.string()), publishedAt: loose(time), parentId: loose(fc.constantFrom('a', 'b')), videoId: loose(fc.constantFrom('v', 'w')) })) });
  const ytThread = fc.record({ kind: fc.constant('youtube#commentThread'), id: loose(fc.constantFrom('a', 'b')), snippet: loose(fc.record({ videoId: loose(fc.constantFrom('v', 'w')), totalReplyCount: loose(fc.nat(9)), topLevelComment: loose(ytComment) })), replies: loose(fc.record({ comments: loose(fc.array(ytComment, { maxLength: 3 })) })) });
  const redditThing: fc.Arbitrary<unknown> = fc.letrec<{ thing: unknown; listing: unknown }>((tie) => ({
    thing: fc.oneof(
      { depthSize: 'small' },
      fc.record({ kind: fc.constant('t1'), data: fc.record({ id: loose(smallId.map(String)), parent_id: loose(fc.constantFrom('t3_p', 't1_1', 't1_2')), body: loose(fc.constantFrom('x &amp; y', '[deleted]', '[removed]', '')), body_html: loose(html), author: loose(fc.string()), created_utc: loose(epoch), replies: fc.oneof(fc.constant(''), tie('listing')) }) }),
      fc.record({ kind: fc.constant('more'), data: fc.record({ count: loose(fc.integer({ min: -1, max: 9 })), parent_id: loose(fc.constantFrom('t3_p', 't1_1')), children: fc.constant([]) }) }),
    ),
    listing: fc.record({ kind: fc.constant('Listing'), data: fc.record({ children: fc.array(tie('thing'), { maxLength: 3 }) }) }),
  })).thing;

  const shaped: [string, fc.Arbitrary<unknown>][] = [
    ['wp-rest', fc.array(wpItem, { maxLength: 8 })],
    ['hn', fc.array(hnItem, { maxLength: 8 })],
    ['mastodon', fc.record({ ancestors: fc.array(mastodonStatus, { maxLength: 4 }), descendants: loose(fc.array(mastodonStatus, { maxLength: 6 })) })],
    ['discourse', fc.record({ id: loose(smallId), title: loose(fc.string()), post_stream: fc.record({ posts: fc.array(discoursePost, { maxLength: 8 }) }) })],
    ['youtube', fc.record({ kind: fc.constant('youtube#commentThreadListResponse'), items: fc.array(ytThread, { maxLength: 5 }) })],
    ['reddit', fc.oneof(fc.tuple(fc.constant({ kind: 'Listing', data: { children: [{ kind: 't3', data: { id: 'p', title: 'T' } }] } }), fc.record({ kind: fc.constant('Listing'), data: fc.record({ children: fc.array(redditThing, { maxLength: 4 }) }) })), fc.record({ json: fc.record({ data: fc.record({ things: fc.array(redditThing, { maxLength: 6 }) }) }) }))],
  ];

  for (const [format, arbitrary] of shaped) {
    it(`${format}: imports or rejects with one message, never a cycle`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const text = JSON.stringify(value) ?? 'null';
          const result = importInput({ text, fileName: 'fuzz.json', format });
          checkContract(result, 'fuzz.json');
          expect(result.format).toBe(format);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('wp-html: random comment markup with bad nesting and colliding ids', () => {
    const piece = fc.constantFrom('<ol class="comment-list">', '</ol>', '<ul class="children">', '</ul>', '</li>', '<li id="comment-1" class="comment depth-1">', '<li id="comment-2" class="comment depth-2">', '<li class="pingback depth-3">', '<li id="comment-1" class="comment depth-5">', '<div class="comment-content"><p>body', '<cite>Name</cite>', '<time datetime="2020-02-30T00:00:00Z">x</time>', '<time datetime="2020-01-01T10:00:00+01:00">x</time>', '</div>', '<span class="fn">N says:</span>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const result = importInput({ text: `<!DOCTYPE html><html><body>${pieces.join('\n')}</body></html>`, fileName: 'page.html', format: 'wp-html' });
        checkContract(result, 'page.html');
      }),
      { numRuns: 200 },
    );
  });
});
