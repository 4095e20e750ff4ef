/**
 * openJobQueue / workKinds (open-job-queue.ts) on both engines: the store's engine chooses the queue, and the
 * production kinds wired with a context score a thread's texts through it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { hashText } from '../store/store.ts';
import { describeEachEngine } from '../store/testing/databases.ts';
import { comment, countingScorer, fakeDetector, fakeScorer, useEngineStore } from '../testing/helpers.ts';
import { JOB_KINDS, parseInProcess } from './kinds.ts';
import { openJobQueue, workKinds } from './open-job-queue.ts';
import { enqueueThreadScoring } from './score-job.ts';

describeEachEngine('openJobQueue', (engine) => {
  const ctx = useEngineStore(engine);

  it('opens the engine\'s queue; the production kinds wired to it score an enqueued thread; concurrency 0 works none', async () => {
    const queue = await openJobQueue(ctx.store, { timing: { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } });
    try {
      expect(queue.engine).toBe(engine === 'postgres' ? 'postgres' : 'in-process');
      const comments = Array.from({ length: 30 }, (_, i) => comment(`c${i}`, null, `Comment ${i}.`));
      const thread = { id: 't', title: 'T', url: null, articleText: 'A.', sourceFormat: 'test', comments };
      await ctx.store.saveImport({ threads: [{ thread, problems: [], hashes: comments.map((c) => hashText(c.text)) }], importedAt: '2026-12-07T08:00:00.000Z', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, scores: [], tropes: [] });
      const engines = { scorer: countingScorer(fakeScorer()), detector: fakeDetector() };
      const { batchId } = await enqueueThreadScoring(queue, ctx.store, 't', engines, 10);
      await workKinds(queue, JOB_KINDS, { store: ctx.store, queue, engines: () => engines, parse: parseInProcess }, 0);
      await sleep(1200);
      expect((await queue.batch(batchId))?.state).toBe('queued');
      await workKinds(queue, JOB_KINDS, { store: ctx.store, queue, engines: () => engines, parse: parseInProcess }, 2);
      const deadline = Date.now() + 20_000;
      while ((await queue.batch(batchId))?.state !== 'done' && Date.now() < deadline) await sleep(100);
      expect(await queue.batch(batchId)).toMatchObject({ state: 'done', jobs: 3, done: 30, total: 30 });
      expect(engines.scorer.texts).toHaveLength(30);
    } finally {
      await queue.stop({ timeoutMs: 1000 });
    }
  });
});
