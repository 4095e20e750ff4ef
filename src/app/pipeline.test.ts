import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult, Thread } from '../core/model.ts';
import type { Scorer } from '../core/scoring.ts';
import { createTropeDetector } from '../scoring/index.ts';
import { getThreadView } from './thread-view.ts';
import { importAndScore, storeImport } from './pipeline.ts';
import { scorePending, SCORE_BATCH_SIZE } from './score-texts.ts';
import { describeEachEngine, freshDatabase, TEST_ENGINES } from './store/testing/databases.ts';
import { Store } from './store/store.ts';
import { comment, countingScorer, fakeDetector, fakeScorer, sampleThread, useEngineStore } from './testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

function ok(...threads: Thread[]): Extract<ImportResult, { ok: true }> {
  return { ok: true, format: 'test', threads, problems: [{ severity: 'warning', where: 'line 3', message: 'odd line skipped' }] };
}

describeEachEngine('pipeline', (engine) => {
  const ctx = useEngineStore(engine);

  it('imports the seed, scores each distinct non-empty text once, and a second import scores nothing', async () => {
    const scorer = countingScorer(fakeScorer());
    const detector = fakeDetector();
    const bytes = fs.readFileSync(SEED);
    const first = await importAndScore(ctx.store, { bytes, fileName: path.basename(SEED) }, { scorer, detector });
    if (!first.ok) throw new Error(first.message);
    expect(first.response.threads).toHaveLength(1);
    expect(first.response.threads[0]!.commentCount).toBe(15);
    const view = (await getThreadView(ctx.store, first.response.threads[0]!.id, scorer, detector))!;
    const nonEmpty = new Set(view.comments.map((c) => c.text).filter((t) => t.trim() !== ''));
    expect(scorer.texts.sort()).toEqual([...nonEmpty].sort());
    expect(detector.calls).toBe(nonEmpty.size);

    scorer.calls = 0;
    scorer.texts = [];
    const second = await importAndScore(ctx.store, { bytes, fileName: path.basename(SEED) }, { scorer, detector });
    if (!second.ok) throw new Error(second.message);
    expect(scorer.calls).toBe(0);
    expect(detector.calls).toBe(nonEmpty.size);
    expect(second.response.threads[0]).toMatchObject({ existed: true, revision: 2, decisionsKept: 0, changes: { unchanged: { count: 15 }, missing: { count: 0 }, added: { count: 0 } } });
    expect(second.response.problems.filter((p) => p.where.startsWith('thread '))).toEqual([]);
    expect(await ctx.store.listThreads()).toHaveLength(1);
  });

  it('adds a thread-context trope flag to a reply endorsing a trope comment, at view time, without caching it per text', async () => {
    const detector = createTropeDetector();
    const bytes = fs.readFileSync(SEED);
    const done = await importAndScore(ctx.store, { bytes, fileName: path.basename(SEED) }, { scorer: fakeScorer(), detector });
    if (!done.ok) throw new Error(done.message);
    const view = (await getThreadView(ctx.store, done.response.threads[0]!.id, fakeScorer(), detector))!;
    const withContext = view.comments.filter((c) => c.tropes.some((h) => h.contextOf !== undefined));
    expect(withContext.map((c) => c.author)).toEqual(['James Willy']);
    const reply = withContext[0]!;
    const hit = reply.tropes.find((h) => h.contextOf)!;
    expect(hit.contextOf?.commentId).toBe(reply.treeParentId);
    expect(view.comments.find((c) => c.id === reply.treeParentId)?.author).toBe('John C Carleton');
    expect(hit.explanation).toMatch(/^Endorses a flagged comment by John C Carleton: "/);
    expect(detector.detect(reply.text)).toEqual([]);
  });

  it('returns the importer message and stores nothing when the input is not a thread', async () => {
    const scorer = countingScorer(fakeScorer());
    const outcome = await importAndScore(ctx.store, { text: 'just one line, no comments at all' }, { scorer, detector: fakeDetector() });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message.length).toBeGreaterThan(10);
    expect(await ctx.store.isEmpty()).toBe(true);
    expect(scorer.calls).toBe(0);
  });

  it('scores the same text once across threads and in batches of at most SCORE_BATCH_SIZE', async () => {
    const scorer = countingScorer(fakeScorer());
    const many = Array.from({ length: SCORE_BATCH_SIZE * 2 + 7 }, (_, i) => comment(`m${i}`, null, `text number ${i}`));
    const a: Thread = { ...sampleThread('a'), comments: many };
    const b: Thread = { ...sampleThread('b'), comments: many.slice(0, 10) };
    await storeImport(ctx.store, ok(a, b), { scorer, detector: fakeDetector() });
    expect(scorer.calls).toBe(3);
    expect(scorer.texts).toHaveLength(many.length);
  });

  it('stores a per-comment scorer error and shows it; a failed batch is not cached and is retried', async () => {
    const detector = fakeDetector();
    const thread: Thread = { ...sampleThread(), comments: [comment('c1', null, 'please FAIL here'), comment('c2', null, 'fine text')] };
    const response = await storeImport(ctx.store, ok(thread), { scorer: fakeScorer(), detector });
    expect(response.problems).toEqual([{ severity: 'warning', where: 'line 3', message: 'odd line skipped' }]);
    const view = (await getThreadView(ctx.store, 't1', fakeScorer(), detector))!;
    expect(view.comments[0]).toMatchObject({ score: null, scoreError: 'text too long for the fake scorer' });
    expect(view.comments[1]!.score?.scores.INSULT).toBe(0.05);

    const broken: Scorer = { ...fakeScorer('2'), score: async () => { throw new Error('service down'); } };
    const again = await storeImport(ctx.store, ok(thread), { scorer: broken, detector });
    expect(again.problems.some((p) => p.message.startsWith('Scoring 2 texts failed (service down)'))).toBe(true);
    expect((await getThreadView(ctx.store, 't1', broken, detector))!.comments[1]!.scoreError).toBe('not scored yet by fake 2');

    const counting = countingScorer(fakeScorer('2'));
    expect(await scorePending(ctx.store, 't1', { scorer: counting, detector })).toBe(2);
    expect((await getThreadView(ctx.store, 't1', counting, detector))!.comments[1]!.score?.scores.TOXICITY).toBe(0.1);
    expect(await scorePending(ctx.store, 't1', { scorer: counting, detector })).toBe(0);
    expect(counting.calls).toBe(1);
  });

  it('builds the view in display order with tree positions, cached scores, tropes, problems and decisions', async () => {
    const thread: Thread = {
      ...sampleThread(),
      comments: [
        comment('r1', null, 'top one'),
        comment('r2', null, 'they are vermin and losers'),
        comment('x1', 'r1', 'reply to one'),
        comment('o1', 'ghost', 'orphan reply'),
        comment('x2', 'x1', ''),
        comment('r1', null, 'duplicate id'),
      ],
    };
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    const response = await storeImport(ctx.store, ok(thread), engines);
    expect(response.problems.map((p) => p.where)).toEqual(['line 3', 'thread "t1", comment "r1"', 'thread "t1", comment "o1"']);
    await ctx.store.appendDecision('t1', { id: 'dec-0000001', commentId: 'r2', action: 'reject', moderator: 'mo' }, '2024-01-01T00:00:00.000Z');
    const view = (await getThreadView(ctx.store, 't1', engines.scorer, engines.detector))!;
    expect(view.comments.map((c) => [c.id, c.depth, c.treeParentId, c.orphan, c.descendantCount])).toEqual([
      ['r1', 0, null, false, 2],
      ['x1', 1, 'r1', false, 1],
      ['x2', 2, 'x1', false, 0],
      ['r2', 0, null, false, 0],
      ['o1', 0, null, true, 0],
    ]);
    const r2 = view.comments[3]!;
    expect(r2.score?.scores.INSULT).toBe(0.9);
    expect(r2.tropes.map((t) => t.id)).toEqual(['dehumanisation']);
    expect(view.comments[2]).toMatchObject({ text: '', score: null, scoreError: null, tropes: [] });
    expect(view.problems.map((p) => p.where)).toEqual(['line 3', 'comment "r1"', 'comment "o1"']);
    expect(view.decisions.map((d) => d.id)).toEqual(['dec-0000001']);
    expect(view).toMatchObject({ id: 't1', title: 'Sample thread', articleText: 'The article.', sourceFormat: 'test', scorer: { name: 'fake', version: '1', description: 'Test scorer.' }, detector: { name: 'fake-tropes', version: '1' } });
    expect(view.defaultThresholds.tropeMinSeverity).toBe(2);
    expect(await getThreadView(ctx.store, 'missing', engines.scorer, engines.detector)).toBeNull();
  });

  it('imports, scores and builds the view of 10,000 comments nested 10 deep without a quadratic step (pipeline overhead)', async () => {
    const comments = Array.from({ length: 10_000 }, (_, i) => comment(`c${i}`, i % 10 === 0 ? null : `c${i - 1}`, `Comment number ${i} says something about the article ${i % 97}.`));
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    await storeImport(ctx.store, ok({ ...sampleThread('big'), comments }), engines);
    const view = (await getThreadView(ctx.store, 'big', engines.scorer, engines.detector))!;
    expect(view.comments).toHaveLength(10_000);
    expect(Math.max(...view.comments.map((c) => c.depth))).toBe(9);
    // Alone this takes ~0.5 s; a quadratic step (10,000² work) would run into the test's timeout. Speed itself is
    // measured by `npm run bench`, not asserted here.
  }, 60_000);
});

describe('the same thread on every engine of the run', () => {
  /** 5,000 comments: replies up to 12 deep, orphans, a repeated id, empty and repeated texts, flagged words. */
  function fiveThousand(): Thread {
    const comments = Array.from({ length: 5000 }, (_, i) => {
      const parent = i % 7 === 0 ? null : i % 113 === 5 ? `gone-${i}` : `c${i - 1 - (i % 3)}`;
      const text = i % 50 === 0 ? '' : i % 11 === 0 ? 'You are a loser.' : i % 13 === 0 ? `They are vermin, number ${i}.` : `Comment ${i}: ${'word '.repeat(i % 17)}Ünïcødé “${i % 29}”`;
      return comment(i === 4999 ? 'c10' : `c${i}`, parent, text, { author: `author ${i % 41}`, createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() });
    });
    return { ...sampleThread('five'), comments };
  }

  it.skipIf(TEST_ENGINES.length < 2)('a 5,000-comment import gives the same thread view and the same decisions on SQLite and PostgreSQL', async () => {
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    const views: unknown[] = [];
    for (const engine of TEST_ENGINES) {
      const db = await freshDatabase(engine);
      const store = await Store.open(db.locator);
      try {
        const response = await storeImport(store, ok(fiveThousand()), engines);
        await store.appendDecision('five', { id: 'dec-five-0001', commentId: 'c700', action: 'reject', moderator: 'mo' }, '2024-02-01T00:00:00.000Z');
        const view = (await getThreadView(store, 'five', engines.scorer, engines.detector))!;
        expect(view.comments).toHaveLength(4999);
        // The import time differs from run to run; everything else must be the same.
        views.push(JSON.parse(JSON.stringify({ response: { ...response, threads: response.threads.map((t) => ({ ...t, importedAt: '' })) }, view: { ...view, importedAt: '' } }), (key, value: unknown) => (key === 'version' ? '' : value)));
      } finally {
        await store.close();
        await db.dispose();
      }
    }
    for (const other of views.slice(1)) expect(other).toEqual(views[0]);
  }, 120_000);
});
