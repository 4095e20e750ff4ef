import { expect, it } from 'vitest';
import { hashText, type LiveThread } from './store.ts';
import { describeEachEngine } from './testing/databases.ts';
import { comment, useEngineStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };
const LIVE: LiveThread = { id: 'coral:s1', title: 'https://news.example/a', url: 'https://news.example/a', sourceFormat: 'coral-live' };
const T1 = '2026-12-01T10:00:00.000Z';

describeEachEngine('Store.appendLiveComment (a live thread, ADR 0015)', (engine) => {
  const ctx = useEngineStore(engine);
  const rows = () => ctx.store.comments(LIVE.id, SCORER, DETECTOR);

  it('creates the thread, appends in arrival order, and never marks earlier comments missing', async () => {
    expect((await ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1)).kind).toBe('added');
    expect((await ctx.store.appendLiveComment(LIVE, comment('b', 'a', 'Second.'), T1)).kind).toBe('added');
    expect((await ctx.store.appendLiveComment(LIVE, comment('c', null, 'Third.'), T1)).kind).toBe('added');
    expect((await rows()).map((r) => [r.id, r.parent_id, r.missing_since])).toEqual([['a', null, null], ['b', 'a', null], ['c', null, null]]);
    const thread = (await ctx.store.getThread(LIVE.id))!;
    expect(thread).toMatchObject({ title: LIVE.title, url: LIVE.url, sourceFormat: 'coral-live', revision: 1 });
  });

  it('changes nothing for a repeat, updates in place for new content, and moves the thread time strictly forward', async () => {
    const first = await ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1);
    await ctx.store.appendLiveComment(LIVE, comment('b', null, 'Second.'), T1);
    const afterSecond = (await ctx.store.getThread(LIVE.id))!.importedAt;
    expect(afterSecond > first.at).toBe(true);
    expect(await ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1)).toEqual({ kind: 'unchanged', at: afterSecond });
    expect((await ctx.store.getThread(LIVE.id))!.importedAt).toBe(afterSecond);
    const edited = await ctx.store.appendLiveComment(LIVE, comment('a', null, 'First, edited.', { status: 'pending' }), T1);
    expect(edited.kind).toBe('updated');
    expect(edited.at > afterSecond).toBe(true);
    expect((await rows()).map((r) => [r.id, r.text, r.status, r.text_hash])).toEqual([
      ['a', 'First, edited.', 'pending', hashText('First, edited.')],
      ['b', 'Second.', 'published', hashText('Second.')],
    ]);
    expect((await ctx.store.getThread(LIVE.id))!.revision).toBe(1);
  });

  it('keeps the read model current: a late reply is shown under its parent, the later rows move down', async () => {
    await ctx.store.appendLiveComment(LIVE, comment('a', null, 'First.'), T1);
    await ctx.store.appendLiveComment(LIVE, comment('b', null, 'Second.'), T1);
    await ctx.store.appendLiveComment(LIVE, comment('r', 'a', 'A reply to the first.'), T1);
    const state = (await ctx.store.threadState(LIVE.id))!;
    expect(state.readModel).toBe(true);
    const window = await ctx.store.windowRows(LIVE.id, state.gen, 0, 2, SCORER, DETECTOR);
    expect(window.map((r) => [r.id, r.display_index, r.depth, r.tree_parent, r.descendants])).toEqual([['a', 0, 0, -1, 1], ['r', 1, 1, 0, 0], ['b', 2, 0, -1, 0]]);
  });
});
