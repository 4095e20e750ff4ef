import { describe, expect, it } from 'vitest';
import { boundedId, boundImportIds, MAX_COMMENT_ID_LENGTH, MAX_THREAD_ID_LENGTH } from './ids.ts';
import type { Comment, ImportResult } from './model.ts';

const comment = (id: string, parentId: string | null): Comment => ({ id, parentId, author: 'a', createdAt: null, createdAtText: null, text: 't', html: null, kind: 'comment', status: 'published' });

describe('boundedId', () => {
  it('keeps an id that fits, and shortens a longer one to its start, "~" and a stable hash', () => {
    const fits = 'x'.repeat(MAX_THREAD_ID_LENGTH);
    expect(boundedId(fits, MAX_THREAD_ID_LENGTH)).toBe(fits);
    const long = `mastodon:https://example.social/users/${'a'.repeat(600)}/statuses/1`;
    const short = boundedId(long, MAX_THREAD_ID_LENGTH);
    expect(short.length).toBeLessThanOrEqual(MAX_THREAD_ID_LENGTH);
    expect(short).toMatch(/^mastodon:https:\/\/example\.social\/users\/a+~[0-9a-f]{16}$/);
    expect(boundedId(long, MAX_THREAD_ID_LENGTH)).toBe(short);
    expect(boundedId(`${long}2`, MAX_THREAD_ID_LENGTH)).not.toBe(short);
  });

  it('never cuts a surrogate pair in half', () => {
    const emoji = '👩'.repeat(400);
    const short = boundedId(emoji, MAX_COMMENT_ID_LENGTH);
    expect(short.length).toBeLessThanOrEqual(MAX_COMMENT_ID_LENGTH);
    const start = short.slice(0, short.lastIndexOf('~'));
    expect(start.length % 2).toBe(0);
    expect([...start].every((ch) => ch === '👩')).toBe(true);
  });
});

describe('boundImportIds', () => {
  it('shortens long thread and comment ids, keeps parent references matched, and notes each as a problem', () => {
    const longComment = `c-${'9'.repeat(300)}`;
    const result: ImportResult = {
      ok: true,
      format: 'test',
      problems: [],
      threads: [{ id: `t-${'x'.repeat(600)}`, title: 'T', url: null, articleText: '', sourceFormat: 'test', comments: [comment(longComment, null), comment('reply', longComment)] }],
    };
    const bounded = boundImportIds(result);
    if (!bounded.ok) throw new Error('expected ok');
    const thread = bounded.threads[0]!;
    expect(thread.id.length).toBeLessThanOrEqual(MAX_THREAD_ID_LENGTH);
    expect(thread.comments[0]!.id.length).toBeLessThanOrEqual(MAX_COMMENT_ID_LENGTH);
    expect(thread.comments[1]!.parentId).toBe(thread.comments[0]!.id);
    expect(bounded.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('thread id has 602 characters, over the limit of 500'),
      expect.stringContaining('1 comment id has more than 200 characters'),
    ]);
  });

  it('returns the same result when every id fits', () => {
    const result: ImportResult = { ok: true, format: 'test', problems: [], threads: [{ id: 't', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments: [comment('c', null)] }] };
    expect(boundImportIds(result)).toBe(result);
  });
});
