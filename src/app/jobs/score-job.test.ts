/**
 * Scoring as jobs (score-job.ts) on both engines (the in-process queue on SQLite, pg-boss on PostgreSQL): a thread's
 * uncached texts in chunk jobs, each text scored once, what the caches hold skipped, the same work enqueued twice
 * made once, payloads without text, and a worker with another scorer refusing the job.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Thread } from '../../core/model.ts';
import { isScorable } from '../score-texts.ts';
import { hashText } from '../store/store.ts';
import { describeEachEngine } from '../store/testing/databases.ts';
import { comment, countingScorer, fakeDetector, fakeScorer, useEngineStore } from '../testing/helpers.ts';
import { InProcessJobQueue } from './in-process-job-queue.ts';
import type { JobEvent, JobQueue } from './job-queue.ts';
import { PgJobQueue } from './pg-job-queue.ts';
import { enqueueThreadScoring, SCORE_TEXTS, scoreBatchId, scoreTextsHandler } from './score-job.ts';
import { until } from './testing/until.ts';

/** 230 comments: 200 distinct texts, 20 repeats, 10 empty ones. */
function bigThread(): Thread {
  const comments = [];
  for (let i = 0; i < 200; i++) comments.push(comment(`c${i}`, null, `Comment number ${i}${i % 17 === 0 ? ', you loser' : ''}.`));
  for (let i = 0; i < 20; i++) comments.push(comment(`r${i}`, null, `Comment number ${i * 3}${(i * 3) % 17 === 0 ? ', you loser' : ''}.`));
  for (let i = 0; i < 10; i++) comments.push(comment(`e${i}`, null, i % 2 === 0 ? '' : '   '));
  return { id: 'thread-1', title: 'Big', url: null, articleText: 'Article.', sourceFormat: 'test', comments };
}

describeEachEngine('scoring jobs', (engine) => {
  const ctx = useEngineStore(engine);
  let queue: JobQueue;
  let events: JobEvent[];

  beforeEach(async () => {
    events = [];
    const onEvent = (e: JobEvent) => events.push(e);
    queue = ctx.locator.kind === 'postgres'
      ? await PgJobQueue.open({ url: ctx.locator.url, sql: ctx.store.sql, timing: { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 }, poolSize: 2, onEvent })
      : await InProcessJobQueue.open(ctx.store.sql, onEvent);
    const thread = bigThread();
    await ctx.store.saveImport({
      threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }],
      importedAt: '2026-12-07T08:00:00.000Z', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, scores: [], tropes: [],
    });
  });
  afterEach(() => queue.stop({ timeoutMs: 1000 }));

  it('scores every uncached text once, in chunk jobs, skipping what the caches hold; enqueueing again makes nothing', async () => {
    const scorer = countingScorer(fakeScorer());
    const detector = fakeDetector();
    const engines = { scorer, detector };
    // Ten texts are cached already (by an earlier run): the jobs skip them.
    const cachedTexts = Array.from({ length: 10 }, (_, i) => `Comment number ${i + 1}.`);
    await ctx.store.saveCaches(scorer, detector,
      cachedTexts.map((t) => ({ hash: hashText(t), result: { scores: { TOXICITY: 0.1, INSULT: 0.05 }, evidence: {} }, error: null })),
      cachedTexts.map((t) => ({ hash: hashText(t), hits: [], error: null })), '2026-12-07T08:00:00.000Z');

    const first = await enqueueThreadScoring(queue, ctx.store, 'thread-1', engines, 50);
    expect(first).toEqual({ batchId: scoreBatchId('thread-1', engines), jobs: 4, created: 4 });
    expect(await enqueueThreadScoring(queue, ctx.store, 'thread-1', engines, 50)).toMatchObject({ jobs: 4, created: 0 });

    await queue.work(SCORE_TEXTS, scoreTextsHandler(ctx.store, engines), { concurrency: 2 });
    const batch = await until('the batch to be done', () => queue.batch(first.batchId), (b) => b?.state === 'done', 30_000);
    expect(batch).toMatchObject({ jobs: 4, done: 190, total: 190, errors: [] });

    const remaining = (await ctx.store.uncachedTexts('thread-1', scorer, detector)).filter((t) => isScorable(t.text));
    expect(remaining).toEqual([]);
    expect(scorer.texts).toHaveLength(190);
    expect(new Set(scorer.texts).size).toBe(190);
    expect(scorer.texts.filter((t) => cachedTexts.includes(t))).toEqual([]);
    expect(detector.calls).toBe(190);
    expect((await ctx.store.comments('thread-1', scorer, detector)).find((c) => c.id === 'c17')?.result_json).toContain('"INSULT":0.9');
    // No text in what the queue reports (ids, kinds, attempts, times).
    expect(JSON.stringify(events)).not.toContain('Comment number');

    // Scored: a new enqueue finds nothing to do; a new scorer version is new work.
    expect(await enqueueThreadScoring(queue, ctx.store, 'thread-1', engines, 50)).toMatchObject({ jobs: 0, created: 0 });
    const newer = { scorer: fakeScorer('2'), detector };
    expect(await enqueueThreadScoring(queue, ctx.store, 'thread-1', newer, 50)).toMatchObject({ jobs: 4, created: 4 });
  });

  it('a worker with another scorer version fails the attempt, saying which', async () => {
    const detector = fakeDetector();
    const { batchId } = await enqueueThreadScoring(queue, ctx.store, 'thread-1', { scorer: fakeScorer('2'), detector }, 500);
    await queue.work(SCORE_TEXTS, scoreTextsHandler(ctx.store, { scorer: fakeScorer('1'), detector }), { concurrency: 1 });
    const batch = await until('an attempt to fail', () => queue.batch(batchId), (b) => (b?.errors.length ?? 0) > 0);
    expect(batch!.errors[0]).toBe('this worker scores with fake 1 and fake-tropes 1; the job asks for fake 2 and fake-tropes 1');
  });

  it('an attempt cut off between two batches is taken over without scoring a stored text again', async () => {
    const scorer = countingScorer(fakeScorer());
    const detector = fakeDetector();
    const engines = { scorer, detector };
    // 1,200 distinct texts: three scorer batches (500, 500, 200).
    const thread: Thread = { ...bigThread(), id: 'thread-2', comments: Array.from({ length: 1200 }, (_, i) => comment(`k${i}`, null, `Text ${i} of the long thread.`)) };
    await ctx.store.saveImport({
      threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }],
      importedAt: '2026-12-07T08:00:00.000Z', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, scores: [], tropes: [],
    });
    const payload = { threadId: 'thread-2', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, hashes: thread.comments.map((c) => hashText(c.text)) };
    const handler = scoreTextsHandler(ctx.store, engines);
    const reports: Array<[number, number]> = [];
    // The first attempt is cut off (its worker stopping, or its expiry) once its first batch is stored.
    const first = new AbortController();
    await expect(handler({
      id: 'score-texts:x', kind: 'score-texts', payload, attempt: 1, signal: first.signal,
      progress: async (done, total) => {
        reports.push([done, total]);
        if (done > 0) first.abort('the worker is stopping');
      },
    })).rejects.toThrow('the worker is stopping');
    expect(scorer.texts).toHaveLength(500);
    await handler({ id: 'score-texts:x', kind: 'score-texts', payload, attempt: 2, signal: new AbortController().signal, progress: async (done, total) => { reports.push([done, total]); } });
    expect(reports).toEqual([[0, 1200], [500, 1200], [500, 1200], [1000, 1200], [1200, 1200]]);
    expect(scorer.texts).toHaveLength(1200);
    expect(new Set(scorer.texts).size).toBe(1200);
    expect((await ctx.store.uncachedTexts('thread-2', scorer, detector))).toEqual([]);
  });

  it('refuses a payload with text in place of hashes, naming the field', () => {
    expect(() => SCORE_TEXTS.parse({ threadId: 't', scorer: { name: 'a', version: '1' }, detector: { name: 'b', version: '1' }, hashes: ['You are a loser.'] }))
      .toThrow('payload.hashes[0] is not a text hash (64 hex digits)');
    expect(() => SCORE_TEXTS.parse({ threadId: '', scorer: {}, detector: {}, hashes: [] })).toThrow('payload.threadId');
    expect(() => SCORE_TEXTS.parse({ threadId: 't', scorer: { name: 'a' }, detector: { name: 'b', version: '1' }, hashes: [] })).toThrow('payload.scorer must be { name, version }');
  });
});
