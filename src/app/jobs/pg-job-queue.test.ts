/**
 * The job queue on PostgreSQL (pg-job-queue.ts, ADR 0032), on the test cluster: enqueue and work, one run per key,
 * retries with growing delays ending failed with the error recorded, and progress read from another connection while
 * a job runs. The takeover of a killed worker's job is in src/worker-process/worker.test.ts (real processes).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobProgressRepository } from '../store/job-progress.ts';
import { openSql } from '../store/open-sql.ts';
import { migrate } from '../store/pg-schema.ts';
import type { Sql } from '../store/sql.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../store/testing/databases.ts';
import { JobUnitsRepository } from '../store/testing/job-units.ts';
import type { JobEvent, JobKind, JobProgress } from './job-queue.ts';
import { bossJobId, PgJobQueue } from './pg-job-queue.ts';
import { recordUnits, unitsKind } from './testing/unit-kind.ts';
import { until } from './testing/until.ts';

const TIMING = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };

const failingKind: JobKind<{ failAttempts: number }> = {
  name: 'test-failing',
  retryLimit: 2,
  retryDelaySeconds: 1,
  expireSeconds: 30,
  parse(payload) {
    const n = (payload as { failAttempts?: unknown } | null)?.failAttempts;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error('payload.failAttempts must be a whole number');
    return { failAttempts: n };
  },
};

describe.skipIf(!TEST_ENGINES.includes('postgres'))('PgJobQueue (postgres)', () => {
  let db: FreshDatabase;
  let queue: PgJobQueue;
  let events: JobEvent[];

  beforeEach(async () => {
    db = await freshDatabase('postgres');
    await migrate(db.sql);
    await new JobUnitsRepository(db.sql).create();
    events = [];
    queue = await PgJobQueue.open({ url: (db.locator as { url: string }).url, sql: db.sql, timing: TIMING, poolSize: 3, onEvent: (e) => events.push(e) });
  });

  afterEach(async () => {
    await queue.stop({ timeoutMs: 1000 });
    await db.dispose();
  });

  it('works an enqueued job to done, with its progress and no payload in the events', async () => {
    const kind = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 30 });
    const enqueued = await queue.enqueue(kind, { key: 'thread-1', payload: { units: ['a', 'b', 'c'], delayMs: 0 }, batchId: 'import-1', total: 3 });
    expect(enqueued).toMatchObject({ id: 'test-units:thread-1', created: true, progress: { state: 'queued', done: 0, total: 3, batchId: 'import-1' } });
    await queue.work(kind, recordUnits(db.sql, 'w1'), { concurrency: 2 });
    const done = await until('the job to be done', () => queue.job(enqueued.id), (p) => p?.state === 'done');
    expect(done).toMatchObject({ done: 3, total: 3, attempts: 1, error: null });
    expect((await new JobUnitsRepository(db.sql).units()).map((u) => u.unitId)).toEqual(['a', 'b', 'c']);
    expect(await queue.batch('import-1')).toMatchObject({ jobs: 1, done: 3, total: 3, state: 'done' });
    expect(events.map((e) => e.event)).toEqual(['job.started', 'job.done']);
    expect(JSON.stringify(events)).not.toContain('"units"');
  });

  it('a lane that ran a job fetches the next at once, not after the polling interval', async () => {
    // A polling interval of 30 s: without the immediate fetch, 4 jobs on one lane take over 90 s.
    const slow = await PgJobQueue.open({ url: (db.locator as { url: string }).url, sql: db.sql, timing: { ...TIMING, pollingIntervalSeconds: 30 }, poolSize: 2 });
    try {
      const kind = unitsKind({ retryLimit: 0, retryDelaySeconds: 1, expireSeconds: 30 });
      const ids: string[] = [];
      for (const key of ['k1', 'k2', 'k3', 'k4']) ids.push((await slow.enqueue(kind, { key, payload: { units: [key], delayMs: 0 } })).id);
      await slow.work(kind, recordUnits(db.sql, 'w1'), { concurrency: 1 });
      for (const id of ids) await until(`${id} to be done`, () => slow.job(id), (p) => p?.state === 'done', 20_000);
      expect((await new JobUnitsRepository(db.sql).units()).map((u) => u.unitId).sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
    } finally {
      await slow.stop({ timeoutMs: 1000 });
    }
  }, 40_000);

  it('runs a key enqueued twice once (also from a second queue on the same database, also after it is done)', async () => {
    const kind = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 30 });
    const other = await PgJobQueue.open({ url: (db.locator as { url: string }).url, sql: db.sql, timing: TIMING, poolSize: 2 });
    try {
      const request = { key: 'same', payload: { units: ['u1', 'u2'], delayMs: 0 } };
      const [first, second] = await Promise.all([queue.enqueue(kind, request), other.enqueue(kind, request)]);
      expect([first.created, second.created].sort()).toEqual([false, true]);
      expect(first.id).toBe(second.id);
      await queue.work(kind, recordUnits(db.sql, 'w1'), { concurrency: 2 });
      await until('the job to be done', () => queue.job(first.id), (p) => p?.state === 'done');
      expect((await queue.enqueue(kind, request)).created).toBe(false);
      await sleep(1500);
      const work = await new JobUnitsRepository(db.sql).work();
      expect(work).toEqual([{ unitId: 'u1', worker: 'w1' }, { unitId: 'u2', worker: 'w1' }]);
      expect(events.filter((e) => e.event === 'job.started')).toHaveLength(1);
    } finally {
      await other.stop({ timeoutMs: 1000 });
    }
  });

  it('retries a failing job after growing delays and ends it failed after its limit, with the error recorded', async () => {
    const starts: number[] = [];
    await queue.work(failingKind, async (job) => {
      starts.push(Date.now());
      if (job.attempt <= job.payload.failAttempts) throw new Error(`planned failure on attempt ${job.attempt}`);
    }, { concurrency: 1 });
    const { id } = await queue.enqueue(failingKind, { key: 'always', payload: { failAttempts: 99 } });
    const failed = await until('the job to fail', () => queue.job(id), (p) => p?.state === 'failed', 30_000);
    expect(failed).toMatchObject({ attempts: 3, error: 'planned failure on attempt 3' });
    expect(starts).toHaveLength(3);
    // Backoff: the first retry 1-2 s after the failure, the second 2-4 s (plus polling).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(2000);
    expect(events.filter((e) => e.event === 'job.failed').map((e) => (e as { final: boolean }).final)).toEqual([false, false, true]);

    // Failed is not the end of the key: enqueueing it again starts a new run.
    const again = await queue.enqueue(failingKind, { key: 'always', payload: { failAttempts: 0 } });
    expect(again.created).toBe(true);
    expect(bossJobId(id, again.progress.createdAt)).not.toBe(bossJobId(id, failed!.createdAt));
  });

  it('a job that fails once is retried and ends done', async () => {
    await queue.work(failingKind, async (job) => {
      if (job.attempt <= job.payload.failAttempts) throw new Error(`planned failure on attempt ${job.attempt}`);
    }, { concurrency: 1 });
    const { id } = await queue.enqueue(failingKind, { key: 'once', payload: { failAttempts: 1 } });
    expect(await until('the job to be done', () => queue.job(id), (p) => p?.state === 'done')).toMatchObject({ attempts: 2, error: null });
  });

  it('shows a running job\'s progress to another connection', async () => {
    const kind = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 30 });
    const units = Array.from({ length: 20 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const { id } = await queue.enqueue(kind, { key: 'slow', payload: { units, delayMs: 100 } });
    await queue.work(kind, recordUnits(db.sql, 'w1'), { concurrency: 1 });
    const second: Sql = await openSql(db.locator);
    try {
      const reader = new JobProgressRepository(second);
      const midway = await until<JobProgress | undefined>('progress midway', () => reader.get(id), (p) => p !== undefined && p.state === 'running' && p.done >= 3 && p.done < 20);
      expect(midway!.total).toBe(20);
      await until('the job to be done', () => reader.get(id), (p) => p?.state === 'done');
    } finally {
      await second.close();
    }
  });

  it('refuses a payload its kind refuses, a bad key and a bad concurrency, naming them', async () => {
    const kind = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 30 });
    await expect(queue.enqueue(kind, { key: 'bad', payload: { units: ['has space'], delayMs: 0 } })).rejects.toThrow('payload.units');
    await expect(queue.enqueue(kind, { key: '', payload: { units: [], delayMs: 0 } })).rejects.toThrow("a test-units job's key must be 1 to 200 characters");
    await expect(queue.work(kind, recordUnits(db.sql, 'w'), { concurrency: 0 })).rejects.toThrow('concurrency must be a whole number from 1 to 64');
    expect(await queue.job('test-units:bad')).toBeUndefined();
  });

  it('a job enqueued with a longer expiry than its kind\'s keeps it (pg-boss and the attempt\'s signal); one out of range is refused', async () => {
    const short = unitsKind({ retryLimit: 1, retryDelaySeconds: 1, expireSeconds: 1 });
    await queue.work(short, recordUnits(db.sql, 'w1'), { concurrency: 1 });
    // 5 units 400 ms apart: 2 s, past the kind's 1 s (and a maintenance run), within the job's 6 s.
    const { id } = await queue.enqueue(short, { key: 'long-expiry', payload: { units: ['e1', 'e2', 'e3', 'e4', 'e5'], delayMs: 400 }, expireSeconds: 6 });
    expect(await until('the job to end or retry', () => queue.job(id), (p) => p?.state === 'done' || p?.state === 'retrying', 20_000)).toMatchObject({ state: 'done', attempts: 1, done: 5 });
    expect(events.filter((e) => e.event === 'job.failed')).toEqual([]);
    for (const bad of [0, 2.5, 86_401]) {
      await expect(queue.enqueue(short, { key: `bad-${bad}`, payload: { units: [], delayMs: 0 }, expireSeconds: bad })).rejects.toThrow(`a test-units job's expireSeconds must be a whole number from 1 (its kind's) to 86400, not ${bad}`);
    }
    expect(await queue.job('test-units:bad-0')).toBeUndefined();
  });
});
