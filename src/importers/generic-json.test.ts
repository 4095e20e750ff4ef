import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImportResult, Thread } from '../core/model.ts';
import { chain, commentLikeObjects, genericComment, generateTree, unaccounted } from './accounting-test-support.ts';
import { genericJsonImporter, isCommentLike } from './generic-json.ts';
import { idText } from './json-source.ts';
import { importInput } from './registry.ts';
import { JsonNumber, JsonObject, MAX_JSON_DEPTH, parseJson } from './json-text.ts';
import type { JsonValue } from './json-text.ts';

function threads(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  return result.threads;
}

/** Our parse tree turned into what JSON.parse gives, to compare the two. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number(value.raw);
  if (value instanceof JsonObject) return Object.fromEntries([...value.fields].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

describe('parseJson', () => {
  it('agrees with JSON.parse on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 1);
        const ours = parseJson(text);
        return ours.ok && JSON.stringify(plain(ours.value)) === JSON.stringify(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('fails exactly where JSON.parse fails, never throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const ours = parseJson(s);
        let native = true;
        try {
          JSON.parse(s);
        } catch {
          native = false;
        }
        return ours.ok === native;
      }),
      { numRuns: 500 },
    );
  });

  it('gives line and column of syntax errors', () => {
    expect(parseJson('[\n  {"id": 1,\n   "text": "a" "b"}\n]')).toMatchObject({ ok: false, line: 3, column: 16 });
    expect(parseJson('{"a": "unterminated')).toMatchObject({ ok: false, line: 1, column: 7, message: expect.stringContaining('not closed') });
    expect(parseJson('')).toMatchObject({ ok: false, line: 1, column: 1 });
  });

  it('reads nesting far deeper than the call stack allows, and refuses it past the limit', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    const read = parseJson(deep(210_000));
    expect(read.ok).toBe(true);
    let depth = 0;
    for (let at = read.ok ? read.value : null; Array.isArray(at); at = at[0] ?? null) depth++;
    expect(depth).toBe(210_000);
    expect(parseJson(deep(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) });
  });
});

describe('generic JSON importer', () => {
  it('reads an array of comments with snake_case or camelCase keys', () => {
    const json = JSON.stringify([
      { id: 'a', author: 'Ann', created_at: '2019-10-03T10:00:00Z', text: 'hi' },
      { id: 'b', parentId: 'a', createdAt: 1570097000, body: 'reply', status: 'deleted' },
    ]);
    const [thread] = threads(genericJsonImporter.parse(json, 'dump.json'));
    expect(thread!.title).toBe('dump');
    expect(thread!.comments).toEqual([
      { id: 'a', parentId: null, author: 'Ann', createdAt: '2019-10-03T10:00:00.000Z', createdAtText: '2019-10-03T10:00:00Z', text: 'hi', html: null, kind: 'comment', status: 'published' },
      { id: 'b', parentId: 'a', author: '', createdAt: '2019-10-03T10:03:20.000Z', createdAtText: '1570097000', text: 'reply', html: null, kind: 'comment', status: 'deleted' },
    ]);
  });

  it('keeps numeric ids beyond 2^53 exactly as written', () => {
    const json = '[{"id": 12345678901234567891, "text": "a"}, {"id": 12345678901234567892, "parent_id": 12345678901234567891, "text": "b"}]';
    const comments = threads(genericJsonImporter.parse(json))[0]!.comments;
    expect(comments.map((c) => [c.id, c.parentId])).toEqual([
      ['12345678901234567891', null],
      ['12345678901234567892', '12345678901234567891'],
    ]);
  });

  it('reads the { title, comments } and { threads } shapes, and nested replies', () => {
    const single = threads(genericJsonImporter.parse(JSON.stringify({ title: 'T', url: 'https://example.org/p', article: 'Body', comments: [{ id: 1, text: 'a', replies: [{ id: 2, text: 'b', children: [{ id: 3, text: 'c' }] }] }] })));
    expect(single).toHaveLength(1);
    expect(single[0]).toMatchObject({ title: 'T', url: 'https://example.org/p', articleText: 'Body' });
    expect(single[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['1<-', '2<1', '3<2']);
    const many = threads(genericJsonImporter.parse(JSON.stringify({ threads: [{ id: 'x', title: 'X', comments: [{ id: 1, text: 'a' }] }, { comments: [{ id: 1, text: 'b' }] }] }), 'f.json'));
    expect(many.map((t) => [t.id, t.title])).toEqual([
      ['x', 'X'],
      [many[1]!.id, 'f (2)'],
    ]);
  });

  it('skips items that are not objects or lack id or text, naming the item and its line', () => {
    const json = '[\n  {"id": 1, "text": "ok"},\n  7,\n  {"text": "no id"},\n  {"id": 4},\n  {"id": 5, "text": null, "author": {"x": 1}}\n]';
    const result = genericJsonImporter.parse(json);
    expect(threads(result)[0]!.comments.map((c) => [c.id, c.text, c.author])).toEqual([
      ['1', 'ok', ''],
      ['5', '', ''],
    ]);
    expect(result.problems).toEqual([
      { severity: 'warning', where: 'item 2', message: 'Not an object; skipped.' },
      { severity: 'warning', where: 'item 3 (line 4)', message: 'No id; skipped.' },
      { severity: 'warning', where: 'item 4 (line 5)', message: expect.stringContaining('No "text"') },
      { severity: 'warning', where: 'item 5 (line 6)', message: expect.stringContaining('"author" is not a string') },
    ]);
  });

  it('rejects syntax errors with line and column, and other shapes with a clear message', () => {
    expect(genericJsonImporter.parse('[{"id": 1, "text": "a"},\n{"id": 2, text: "b"}]')).toMatchObject({ ok: false, where: 'line 2, column 11', message: expect.stringContaining('Invalid JSON') });
    expect(genericJsonImporter.parse('{"posts": []}')).toMatchObject({ ok: false, where: 'line 1', message: expect.stringContaining('"comments"') });
    expect(genericJsonImporter.parse('[1, 2]')).toMatchObject({ ok: false, where: 'item 1', message: expect.stringContaining('No comment could be read') });
  });

  it('detects JSON with comment keys confidently and other JSON weakly', () => {
    expect(genericJsonImporter.detect('[{"id": 1, "text": "a"}]')).toBeGreaterThanOrEqual(0.9);
    expect(genericJsonImporter.detect('{"foo": 1}')).toBeLessThan(0.9);
    expect(genericJsonImporter.detect('id,text')).toBe(0);
  });
});

describe('generic JSON importer: nested replies and wrappers', () => {
  it('follows "comments", "replies" and "children" at any depth, parents from the nesting unless named', () => {
    const json = JSON.stringify({ title: 'T', comments: [
      { id: 'a', text: '1', comments: [{ id: 'b', text: '2', replies: [{ id: 'c', text: '3', children: [{ id: 'd', text: '4', parent_id: 'a' }] }] }] },
      { id: 'e', text: '5', replies: { data: [{ id: 'f', text: '6' }] } },
    ] });
    const result = genericJsonImporter.parse(json);
    expect(threads(result)[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['a<-', 'b<a', 'c<b', 'd<a', 'e<-', 'f<e']);
    expect(result.problems).toEqual([]);
  });

  it('takes the list out of {"data": [...]}, {"data": {"comments": ...}} and {"comments": {"data": [...]}} wrappers', () => {
    const comments = [{ id: '1', message: 'hi', from: 'x', comments: { data: [{ id: '2', message: 'reply' }], paging: {} } }];
    for (const doc of [{ data: comments }, { data: { title: 'Wrapped', comments } }, { comments: { data: comments } }, { data: { data: comments } }]) {
      const result = genericJsonImporter.parse(JSON.stringify(doc), 'w.json');
      expect(threads(result)[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['1<-', '2<1']);
    }
    expect(threads(genericJsonImporter.parse(JSON.stringify({ data: { title: 'Wrapped', comments } })))[0]!.title).toBe('Wrapped');
  });

  it('reads one comment object with its replies as a list of one', () => {
    const result = genericJsonImporter.parse(JSON.stringify({ id: 'r', text: 'root', replies: [{ id: 's', text: 'child' }] }));
    expect(threads(result)[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['r<-', 's<r']);
  });

  it('names what it cannot read: comment-like objects under other keys, items without text or id that have replies', () => {
    const json = '{"title": "T",\n "pinned": [{"id": "p1", "text": "pinned one"}],\n "comments": [\n  {"id": "a", "replies": [{"id": "b", "text": "kept"}]},\n  {"text": "no id", "replies": [{"id": "c", "text": "kept too"}]},\n  {"id": "d", "text": "x", "quoted": {"id": "q", "body": "quoted"}}\n ]}';
    const result = genericJsonImporter.parse(json);
    expect(threads(result)[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['b<a', 'c<-', 'd<-']);
    expect(result.problems).toEqual([
      { severity: 'warning', where: '"pinned" (line 2)', message: expect.stringContaining('"pinned" holds 1 comment-like object(s) that were not read (p1)') },
      { severity: 'warning', where: 'comment 1 (line 4)', message: 'No "text" (or "body") field; skipped (its 1 reply keeps it as parent).' },
      { severity: 'warning', where: 'comment 2 (line 5)', message: 'No id, so its 1 nested reply is read as top-level comments.' },
      { severity: 'warning', where: 'comment 2 (line 5)', message: 'No id; skipped.' },
      { severity: 'warning', where: 'comment 3 (line 6)', message: expect.stringContaining('"quoted" holds 1 comment-like object(s) that were not read (q)') },
    ]);
    const expected = commentLikeObjects(json, isCommentLike, (o) => idText(o.fields.get('id')));
    expect(unaccounted(result, expected)).toEqual([]);
  });

  it('reads one reply given as an object, and names reply keys it cannot read', () => {
    const json = '[\n{"id": "a", "text": "1", "replies": {"id": "b", "text": "2", "replies": [{"id": "c", "text": "3"}]}},\n{"id": "d", "text": "4", "comments": 2, "children": "none", "replies": {}}\n]';
    const result = genericJsonImporter.parse(json);
    expect(threads(result)[0]!.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['a<-', 'b<a', 'c<b', 'd<-']);
    expect(result.problems).toEqual([{ severity: 'warning', where: 'item 2 (line 3)', message: '"children" is not a list of replies; ignored.' }]);
  });

  it('imports all 2,000 comments of a generated nested document with the generated parents', () => {
    const tree = generateTree(2000, 7, genericComment, (k) => `c${k}`);
    const result = importInput({ text: JSON.stringify({ title: 'Generated' }).replace(/\}$/, `,"comments":${tree.json}}`) });
    expect(result).toMatchObject({ ok: true, format: 'generic-json' });
    const comments = threads(result)[0]!.comments;
    expect(comments).toHaveLength(2000);
    expect(comments.map((c) => c.id)).toEqual(tree.ids);
    expect(comments.every((c) => c.parentId === tree.parentOf.get(c.id))).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it('reads a reply chain 100,000 deep without overflowing the stack', () => {
    const result = genericJsonImporter.parse(chain(100_000, genericComment));
    const comments = threads(result)[0]!.comments;
    expect(comments).toHaveLength(100_000);
    expect(comments[99_999]).toMatchObject({ id: '100000', parentId: '99999' });
    expect(result.problems).toEqual([]);
  });

  it('names a skipped item deep in a chain by depth and line', () => {
    const deep = chain(12, genericComment).replace('{"id":"11","author":"a11","text":"Comment 11 at 10",', '{"id":"11","author":"a11",');
    const result = genericJsonImporter.parse(deep);
    expect(threads(result)[0]!.comments).toHaveLength(11);
    expect(result.problems).toEqual([{ severity: 'warning', where: 'item 1 at depth 11 (line 1)', message: expect.stringContaining('No "text"') }]);
  });
});
