import { describe, expect, it } from 'vitest';
import { hashText, type LiveThread } from './store.ts';
import { comment, useTempStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };
const LIVE: LiveThread = { id: 'coral:s1', title: 'https://news.example/a', url: 'https://news.example/a', sourceFormat: 'coral-live' };
const T1 = '2026-12-01T10:00:00.000Z';

describe('Store.appendLiveComment (a live thread, ADR 0015)', () => {
  const ctx = useTempStore();
  const rows = () => ctx.store.comments(LIVE.id, SCORER, DETECTOR);

  it('creates the thread, appends in arrival order, and never marks earlier comments missing', () => {
    expect(ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1).kind).toBe('added');
    expect(ctx.store.appendLiveComment(LIVE, comment('b', 'a', 'Second.'), T1).kind).toBe('added');
    expect(ctx.store.appendLiveComment(LIVE, comment('c', null, 'Third.'), T1).kind).toBe('added');
    expect(rows().map((r) => [r.id, r.parent_id, r.missing_since])).toEqual([['a', null, null], ['b', 'a', null], ['c', null, null]]);
    const thread = ctx.store.getThread(LIVE.id)!;
    expect(thread).toMatchObject({ title: LIVE.title, url: LIVE.url, sourceFormat: 'coral-live', revision: 1 });
  });

  it('changes nothing for a repeat, updates in place for new content, and moves the thread time strictly forward', () => {
    const first = ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1);
    ctx.store.appendLiveComment(LIVE, comment('b', null, 'Second.'), T1);
    const afterSecond = ctx.store.getThread(LIVE.id)!.importedAt;
    expect(afterSecond > first.at).toBe(true);
    expect(ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1)).toEqual({ kind: 'unchanged', at: afterSecond });
    expect(ctx.store.getThread(LIVE.id)!.importedAt).toBe(afterSecond);
    const edited = ctx.store.appendLiveComment(LIVE, comment('a', null, 'First, edited.', { status: 'pending' }), T1);
    expect(edited.kind).toBe('updated');
    expect(edited.at > afterSecond).toBe(true);
    expect(rows().map((r) => [r.id, r.text, r.status, r.text_hash])).toEqual([
      ['a', 'First, edited.', 'pending', hashText('First, edited.')],
      ['b', 'Second.', 'published', hashText('Second.')],
    ]);
    expect(ctx.store.getThread(LIVE.id)!.revision).toBe(1);
  });
});
