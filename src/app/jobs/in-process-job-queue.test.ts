/**
 * The in-process job queue of the SQLite engine (in-process-job-queue.ts, ADR 0032): enqueue and work with a
 * concurrency, one run per key, retries with growing delays ending failed, jobs enqueued before their kind is worked,
 * the jobs a previous process left ended as interrupted, and stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobProgressRepository } from '../store/job-progress.ts';
import { migrate } from '../store/pg-schema.ts';
import { freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { JobUnitsRepository } from '../store/testing/job-units.ts';
import { InProcessJobQueue, INTERRUPTED_MESSAGE } from './in-process-job-queue.ts';
import { retryDelayMs, type JobEvent, type JobKind } from './job-queue.ts';
import { recordUnits, unitsKind } from './testing/unit-kind.ts';
import { until } from './testing/until.ts';

const failingKind: JobKind<{ failAttempts: number }> = {
  name: 'test-failing', retryLimit: 2, retryDelaySeconds: 1, expireSeconds: 30,
  parse(payload) {
    const n = (payload as { failAttempts?: unknown } | null)?.failAttempts;
    if (typeof n !== 'number') throw new Error('payload.failAttempts must be a number');
    return { failAttempts: n };
  },
};

it('retry delays double from the kind\'s first delay, with up to as much again at random', () => {
  expect(retryDelayMs(failingKind, 1, () => 0)).toBe(1000);
  expect(retryDelayMs(failingKind, 1, () => 0.999)).toBe(1999);
  expect(retryDelayMs(failingKind, 2, () => 0)).toBe(2000);
  expect(retryDelayMs(failingKind, 3, () => 0.5)).toBe(6000);
});

describe('InProcessJobQueue (sqlite)', () => {
  let db: FreshDatabase;
  let queue: InProcessJobQueue;
  let events: JobEvent[];
  const kind = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 30 });

  beforeEach(async () => {
    db = await freshDatabase('sqlite');
    await migrate(db.sql);
    await new JobUnitsRepository(db.sql).create();
    events = [];
    queue = await InProcessJobQueue.open(db.sql, (e) => events.push(e));
  });
  afterEach(async () => {
    await queue.stop({ timeoutMs: 1000 });
    await db.dispose();
  });

  it('works jobs enqueued before and after work starts, up to the concurrency at once, each key once', async () => {
    const first = await queue.enqueue(kind, { key: 'one', payload: { units: ['a1', 'a2'], delayMs: 20 }, batchId: 'b' });
    expect(first).toMatchObject({ id: 'test-units:one', created: true, progress: { state: 'queued' } });
    expect((await queue.enqueue(kind, { key: 'one', payload: { units: ['a1', 'a2'], delayMs: 20 } })).created).toBe(false);
    let running = 0;
    let most = 0;
    const record = recordUnits(db.sql, 'server');
    await queue.work(kind, async (job) => {
      most = Math.max(most, ++running);
      try {
        await record(job);
      } finally {
        running -= 1;
      }
    }, { concurrency: 2 });
    for (const key of ['two', 'three', 'four']) await queue.enqueue(kind, { key, payload: { units: [`${key}-1`, `${key}-2`], delayMs: 20 }, batchId: 'b' });
    expect((await queue.enqueue(kind, { key: 'two', payload: { units: [], delayMs: 0 } })).created).toBe(false);
    const batch = await until('the batch to be done', () => queue.batch('b'), (b) => b?.state === 'done');
    expect(batch).toMatchObject({ jobs: 4, done: 8, total: 8 });
    expect(most).toBe(2);
    expect(await new JobUnitsRepository(db.sql).work()).toHaveLength(8);
    expect(events.filter((e) => e.event === 'job.done')).toHaveLength(4);
  });

  it('retries a failing job after growing delays and ends it failed, with the error recorded; enqueued again it runs anew', async () => {
    const starts: number[] = [];
    await queue.work(failingKind, async (job) => {
      starts.push(Date.now());
      if (job.attempt <= job.payload.failAttempts) throw new Error(`planned failure on attempt ${job.attempt}`);
    }, { concurrency: 1 });
    const { id } = await queue.enqueue(failingKind, { key: 'k', payload: { failAttempts: 9 } });
    const failed = await until('the job to fail', () => queue.job(id), (p) => p?.state === 'failed', 15_000);
    expect(failed).toMatchObject({ attempts: 3, error: 'planned failure on attempt 3' });
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(2000);
    const again = await queue.enqueue(failingKind, { key: 'k', payload: { failAttempts: 0 } });
    expect(again.created).toBe(true);
    expect(await until('the new run to be done', () => queue.job(id), (p) => p?.state === 'done')).toMatchObject({ attempts: 1, error: null });
  });

  it('ends the jobs a previous process left unfinished as interrupted when it opens', async () => {
    const progress = new JobProgressRepository(db.sql);
    await progress.register({ id: 'test-units:left', kind: 'test-units' });
    await progress.started('test-units:left', 1);
    const next = await InProcessJobQueue.open(db.sql);
    expect(await next.job('test-units:left')).toMatchObject({ state: 'failed', error: INTERRUPTED_MESSAGE });
    await next.stop();
  });

  it('stop aborts the running handler between two units and takes no new job', async () => {
    const units = Array.from({ length: 50 }, (_, i) => `s${i}`);
    await queue.work(kind, recordUnits(db.sql, 'server'), { concurrency: 1 });
    const { id } = await queue.enqueue(kind, { key: 'long', payload: { units, delayMs: 20 } });
    await until('a few units', () => queue.job(id), (p) => (p?.done ?? 0) >= 3);
    await queue.stop({ timeoutMs: 5000 });
    const stopped = (await queue.job(id))!;
    expect(stopped).toMatchObject({ state: 'retrying', error: 'the worker is stopping' });
    expect(stopped.done).toBeLessThan(50);
    await expect(queue.enqueue(kind, { key: 'late', payload: { units: [], delayMs: 0 } })).rejects.toThrow('the job queue is stopped');
  });

  it('a job enqueued with a longer expiry than its kind\'s keeps it for its attempts; one out of range is refused', async () => {
    const short = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 1 });
    await queue.work(short, recordUnits(db.sql, 'server'), { concurrency: 1 });
    // 5 units 300 ms apart: 1.5 s, past the kind's 1 s, within the job's 4 s.
    const { id } = await queue.enqueue(short, { key: 'long-expiry', payload: { units: ['e1', 'e2', 'e3', 'e4', 'e5'], delayMs: 300 }, expireSeconds: 4 });
    expect(await until('the job to end or retry', () => queue.job(id), (p) => p?.state === 'done' || p?.state === 'retrying', 10_000)).toMatchObject({ state: 'done', attempts: 1, done: 5 });
    for (const bad of [0, 2.5, 86_401]) {
      await expect(queue.enqueue(short, { key: `bad-${bad}`, payload: { units: [], delayMs: 0 }, expireSeconds: bad })).rejects.toThrow(`a test-units job's expireSeconds must be a whole number from 1 (its kind's) to 86400, not ${bad}`);
    }
    // Without one the kind's expiry applies: the same work is cut at 1 s.
    const cut = await queue.enqueue(short, { key: 'kind-expiry', payload: { units: ['k1', 'k2', 'k3', 'k4', 'k5'], delayMs: 300 } });
    expect(await until('the attempt to be cut', () => queue.job(cut.id), (p) => p?.state === 'retrying' || p?.state === 'done', 10_000)).toMatchObject({ state: 'retrying', error: 'the attempt ran past 1 s' });
  });
});
