import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { ThreadIndex, ViewComment } from '../core/api.ts';
import type { Comment, Thread } from '../core/model.ts';
import type { ScoreOutcome, Scorer } from '../core/scoring.ts';
import { ThreadIndexBuilder } from '../core/thread-index.ts';
import { mulberry32 } from '../scoring/model/logistic.ts';
import { importAndScore, storeImport } from './pipeline.ts';
import { scoreIntoCaches } from './score-texts.ts';
import { insertFeedback } from './store/score-feedback.ts';
import { hashText, type Store } from './store/store.ts';
import { buildIndex, ThreadSearch, windowComments, type ReadEngines } from './thread-read.ts';
import { getThreadView } from './thread-view.ts';
import { comment, fakeDetector, fakeScorer, importResultOf, useEngineStore } from './testing/helpers.ts';
import { describeEachEngine } from './store/testing/databases.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

/** fakeScorer, plus a language it does not support ("bonjour": fr) and one it detects and supports ("hello there": en). */
function languageScorer(): Scorer {
  const inner = fakeScorer();
  return {
    ...inner,
    async score(batch) {
      const outcomes = await inner.score(batch);
      return batch.map((r, i): ScoreOutcome => {
        if (r.text.includes('bonjour')) return { ok: true, score: { scores: { TOXICITY: 0.9 }, evidence: {}, language: 'fr', languageUnsupported: true } };
        if (r.text.includes('hello there')) return { ok: true, score: { scores: { TOXICITY: 0.2, INSULT: 0.75 }, evidence: {}, language: 'en' } };
        if (r.text.includes('hola')) return { ok: true, score: { scores: { INSULT: 0.1 }, evidence: {}, language: 'es' } };
        return outcomes[i]!;
      });
    },
  };
}

const TEXTS = ['They are vermin, all of them.', 'Exactly.', 'so true', 'You are a loser.', 'bonjour à tous', 'hello there friend', 'hola vermin', 'FAIL this one', '', '   ', 'A civil remark.', 'Exactly. But I disagree.'];

/** A thread with orphans, a repeated id, a self-parent, empty texts, failed scores, languages, tropes and endorsing replies. */
function generated(count: number, seed = 7): Thread {
  const random = mulberry32(seed);
  const comments: Comment[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const parentId = i === 0 || roll < 0.2 ? null : roll < 0.25 ? `gone${i}` : roll < 0.26 ? `g${i}` : `g${Math.floor(random() * i)}`;
    const author = i % 7 === 0 ? '' : `Author ${i % 5}`;
    comments.push(comment(`g${i}`, parentId, TEXTS[Math.floor(random() * TEXTS.length)]!, { author, createdAt: i % 9 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), kind: i % 31 === 0 ? 'pingback' : 'comment' }));
  }
  comments.push(comment('g3', null, 'A second record with a repeated id.'));
  return { id: 'gen', title: 'Generated', url: null, articleText: '', sourceFormat: 'test', comments };
}

/** The index ThreadIndexBuilder makes from getThreadView's comments (the reference), version and decisions left out. */
async function referenceIndex(store: Store, threadId: string, engines: ReadEngines): Promise<{ index: Omit<ThreadIndex, 'version' | 'decisions'>; comments: ViewComment[] }> {
  const view = (await getThreadView(store, threadId, engines.scorer, engines.detector))!;
  const builder = new ThreadIndexBuilder();
  view.comments.forEach((c) => builder.add(c));
  const { comments, decisions: _decisions, ...header } = view;
  const { version: _version, decisions: _none, ...index } = builder.finish(header, '', []);
  return { index, comments };
}

/** The index and every window from the read model equal the reference, in JSON (key order and absent fields included). */
async function expectSameAsView(store: Store, threadId: string, engines: ReadEngines): Promise<ViewComment[]> {
  const built = (await buildIndex(store, threadId, engines))!;
  expect(built.complete).toBe(true);
  const { version, ...index } = built.index;
  expect(version).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const reference = await referenceIndex(store, threadId, engines);
  expect(JSON.stringify(index)).toBe(JSON.stringify(reference.index));
  const state = (await store.threadState(threadId))!;
  const windows = await store.snapshot((snap) => windowComments(snap, threadId, state, reference.comments.map((_, i) => i), engines));
  expect(windows.map((c) => c.index)).toEqual(reference.comments.map((_, i) => i));
  expect(JSON.stringify(windows.map(({ index: _index, ...c }) => c))).toBe(JSON.stringify(reference.comments));
  // A sparse list (read by display indexes rather than as one range) gives the same comments.
  const sparse = [reference.comments.length - 1, 0, Math.floor(reference.comments.length / 2)];
  const picked = await store.snapshot((snap) => windowComments(snap, threadId, state, sparse, engines));
  expect(JSON.stringify(picked.map(({ index: _index, ...c }) => c))).toBe(JSON.stringify(sparse.map((i) => reference.comments[i])));
  return reference.comments;
}

describeEachEngine('the thread read model (index, windows, search)', (engine) => {
  const ctx = useEngineStore(engine);
  const engines = { scorer: languageScorer(), detector: fakeDetector() };

  it('gives the same index and comments as the full view for the seed', async () => {
    const outcome = await importAndScore(ctx.store, { bytes: fs.readFileSync(SEED), fileName: 'seed.txt' }, engines);
    if (!outcome.ok) throw new Error(outcome.message);
    const comments = await expectSameAsView(ctx.store, outcome.response.threads[0]!.id, engines);
    expect(comments.length).toBeGreaterThan(10);
  });

  it('gives the same index and comments for a generated thread with orphans, repeats, languages, failures, tropes, context hits, missing comments and feedback', async () => {
    const thread = generated(400);
    await storeImport(ctx.store, importResultOf([thread]), engines);
    // A re-import that lacks some comments marks them missing (their replies stay under them).
    const cut = { ...thread, comments: thread.comments.filter((_, i) => i % 11 !== 5) };
    await storeImport(ctx.store, importResultOf([cut]), engines, {}, 'cut.csv');
    await insertFeedback(ctx.store.sql, [
      { keyLabel: 'coral', textHash: hashText('You are a loser.'), text: null, attribute: 'INSULT', suggested: 0.1, clientToken: null, communityId: null, at: '2026-12-01T00:00:00.000Z' },
      { keyLabel: 'coral', textHash: hashText('A civil remark.'), text: null, attribute: 'TOXICITY', suggested: 0.2, clientToken: 'c', communityId: null, at: '2026-12-01T00:00:01.000Z' },
    ]);
    const comments = await expectSameAsView(ctx.store, 'gen', engines);
    // The thread has what the comparison is meant to cover.
    expect(comments.some((c) => c.orphan)).toBe(true);
    expect(comments.some((c) => c.missing)).toBe(true);
    expect(comments.some((c) => c.feedback)).toBe(true);
    expect(comments.some((c) => c.scoreError !== null)).toBe(true);
    expect(comments.some((c) => c.score?.languageUnsupported)).toBe(true);
    expect(comments.some((c) => c.tropes.some((h) => h.contextOf))).toBe(true);
    expect(comments.length).toBe(thread.comments.length - 1);
  });

  it('keeps the read model of a live thread as comments arrive, move and are removed', async () => {
    const live = { id: 'coral:s', title: 'Live', url: null, sourceFormat: 'coral-live' };
    const at = '2026-12-01T10:00:00.000Z';
    await ctx.store.appendLiveComment(live, comment('b', 'a', 'Exactly.'), at);
    await ctx.store.appendLiveComment(live, comment('c', null, 'A civil remark.'), at);
    await ctx.store.appendLiveComment(live, comment('a', null, 'They are vermin, all of them.'), at);
    await ctx.store.appendLiveComment(live, comment('d', 'c', 'so true'), at);
    await ctx.store.appendLiveComment(live, comment('d', 'a', 'so true'), at);
    await scoreIntoCaches(ctx.store, new Map((await ctx.store.uncachedTexts(live.id, engines.scorer, engines.detector)).map((p) => [p.hash, p.text])), engines);
    const comments = await expectSameAsView(ctx.store, live.id, engines);
    expect(comments.map((c) => [c.id, c.depth])).toEqual([['c', 0], ['a', 0], ['b', 1], ['d', 1]]);
  });

  it('searches text and author case-insensitively, in display order', async () => {
    await storeImport(ctx.store, importResultOf([{ id: 't', title: 't', url: null, articleText: '', sourceFormat: 'test', comments: [
      comment('x', null, 'Straße und ÄRGER', { author: 'Zoë' }),
      comment('y', 'z', 'nothing here', { author: 'ANNA' }),
      comment('z', null, 'ärger again'),
    ] }]), engines);
    const state = (await ctx.store.threadState('t'))!;
    const search = new ThreadSearch();
    expect(await search.search(ctx.store, 't', state, 'ärger')).toEqual([0, 1]);
    expect(await search.search(ctx.store, 't', state, 'anna')).toEqual([2]);
    expect(await search.search(ctx.store, 't', state, 'zo')).toEqual([0]);
    expect(await search.search(ctx.store, 't', state, 'author z')).toEqual([1]);
    expect(await search.search(ctx.store, 't', state, 'q')).toEqual([]);
  });

  it('reads search columns ahead in steps, answering as a direct read does, and drops a read the thread left midway', async () => {
    const store = ctx.store;
    const texts = ['Alpha loser', 'beta', 'GAMMA Loser', 'delta', 'epsilon loser'];
    const thread = (comments: Comment[]): Thread => ({ id: 't1', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments });
    const first = thread(texts.map((t, i) => comment(`c${i}`, null, t)));
    await storeImport(store, importResultOf([first]), engines);
    const direct = await new ThreadSearch().search(store, 't1', (await store.threadState('t1'))!, 'LOSER');
    expect(direct).toEqual([0, 2, 4]);
    const ahead = new ThreadSearch(2, 2);
    let pauses = 0;
    await ahead.readAhead(store, 't1', (await store.threadState('t1'))!, async () => { pauses++; });
    expect(pauses).toBe(2);
    expect(await ahead.search(store, 't1', (await store.threadState('t1'))!, 'LOSER')).toEqual(direct);
    // A re-import between two steps: what was read is not kept, and the next search reads the new state.
    const left = new ThreadSearch(2, 2);
    const before = (await store.threadState('t1'))!;
    await left.readAhead(store, 't1', before, async () => {
      if ((await store.threadState('t1'))!.gen === before.gen) await storeImport(store, importResultOf([thread([comment('c9', null, 'only one loser now')])]), engines);
    });
    const now = (await store.threadState('t1'))!;
    expect(now.gen).not.toBe(before.gen);
    // The new state keeps the five comments the file lacked (marked missing, ADR 0009) and adds c9.
    const fresh = await new ThreadSearch().search(store, 't1', now, 'loser');
    expect(fresh).toHaveLength(4);
    expect(await left.search(store, 't1', now, 'loser')).toEqual(fresh);
    // A state the thread has left answers null (the route's 409), never another state's matches.
    expect(await new ThreadSearch().search(store, 't1', before, 'loser')).toBeNull();
  });
});
