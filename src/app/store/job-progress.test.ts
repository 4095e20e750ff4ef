/**
 * The job_progress repository (job-progress.ts) on both engines: registering once per id, requeueing only failed
 * jobs, absolute progress while running, attempts that fail or end, interrupted jobs, and a batch's sum and state.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { batchState, JobProgressRepository, type JobState } from './job-progress.ts';
import { migrate } from './pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from './testing/databases.ts';

const states = (s: Partial<Record<JobState, number>>): Record<JobState, number> => ({ queued: 0, running: 0, retrying: 0, done: 0, failed: 0, ...s });

it('a batch is failed once a job failed and none is left to run, done when all are, running once one started', () => {
  expect(batchState(states({ queued: 2 }))).toBe('queued');
  expect(batchState(states({ queued: 1, done: 1 }))).toBe('running');
  expect(batchState(states({ retrying: 1, queued: 1 }))).toBe('running');
  expect(batchState(states({ failed: 1, running: 1 }))).toBe('running');
  expect(batchState(states({ failed: 1, done: 3 }))).toBe('failed');
  expect(batchState(states({ done: 3 }))).toBe('done');
});

describeEachEngine('JobProgressRepository', (engine) => {
  let db: FreshDatabase;
  let clock: number;
  let repo: JobProgressRepository;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
    clock = Date.parse('2026-12-07T08:00:00.000Z');
    repo = new JobProgressRepository(db.sql, () => new Date(clock += 1000).toISOString());
  });
  afterEach(() => db.dispose());

  it('registers a job once per id; the second registration changes nothing', async () => {
    const first = await repo.register({ id: 'score:t1', kind: 'score', batchId: 'b1', total: 10 });
    expect(first).toEqual({ created: true, progress: {
      id: 'score:t1', kind: 'score', batchId: 'b1', done: 0, total: 10, state: 'queued', attempts: 0, error: null,
      createdAt: '2026-12-07T08:00:01.000Z', updatedAt: '2026-12-07T08:00:01.000Z',
    } });
    const second = await repo.register({ id: 'score:t1', kind: 'score', batchId: 'other', total: 99 });
    expect(second).toEqual({ created: false, progress: first.progress });
  });

  it('records attempts with absolute figures; progress only while running; a failed job can be requeued once', async () => {
    await repo.register({ id: 'j', kind: 'k' });
    await repo.report('j', 5, 10);
    expect(await repo.get('j')).toMatchObject({ state: 'queued', done: 0, total: 0 });
    await repo.started('j', 1);
    await repo.report('j', 3, 10);
    await repo.report('j', 4, 10);
    expect(await repo.get('j')).toMatchObject({ state: 'running', done: 4, total: 10, attempts: 1 });
    expect(await repo.requeue('j')).toBe(false);
    await repo.failedAttempt('j', 'first', false);
    expect(await repo.get('j')).toMatchObject({ state: 'retrying', error: 'first' });
    await repo.started('j', 2);
    await repo.failedAttempt('j', 'x'.repeat(5000), true);
    const failed = (await repo.get('j'))!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 2 });
    expect(failed.error).toHaveLength(1000);
    expect(await repo.requeue('j')).toBe(true);
    expect(await repo.requeue('j')).toBe(false);
    const again = (await repo.get('j'))!;
    expect(again).toMatchObject({ state: 'queued', done: 0, error: null });
    expect(again.createdAt > failed.createdAt).toBe(true);
    await repo.started('j', 3);
    await repo.report('j', 2, 7);
    await repo.finished('j');
    expect(await repo.get('j')).toMatchObject({ state: 'done', done: 7, total: 7, attempts: 3, error: null });
  });

  it('a lost attempt is recorded only if the row has not changed since it was read', async () => {
    await repo.register({ id: 'j', kind: 'k' });
    await repo.started('j', 1);
    const read = (await repo.get('j'))!;
    await repo.started('j', 2);
    await repo.failedAttempt('j', 'lost', false, { unchangedSince: read.updatedAt });
    expect(await repo.get('j')).toMatchObject({ state: 'running', attempts: 2, error: null });
    const now = (await repo.get('j'))!;
    await repo.failedAttempt('j', 'lost', false, { unchangedSince: now.updatedAt });
    expect(await repo.get('j')).toMatchObject({ state: 'retrying', error: 'lost' });
  });

  it('an attempt that ends after the next one started records no failure over it', async () => {
    await repo.register({ id: 'j', kind: 'k' });
    await repo.started('j', 1);
    await repo.started('j', 2);
    await repo.failedAttempt('j', 'attempt 1 cut off', false, { attempt: 1 });
    expect(await repo.get('j')).toMatchObject({ state: 'running', attempts: 2, error: null });
    await repo.failedAttempt('j', 'attempt 2 failed', true, { attempt: 2 });
    expect(await repo.get('j')).toMatchObject({ state: 'failed', error: 'attempt 2 failed' });
  });

  it('ends unfinished jobs as interrupted and sums a batch', async () => {
    for (const [id, total] of [['a', 4], ['b', 6], ['c', 5]] as const) await repo.register({ id, kind: 'k', batchId: 'import', total });
    await repo.register({ id: 'other', kind: 'k', batchId: 'elsewhere' });
    await repo.started('a', 1);
    await repo.finished('a');
    await repo.started('b', 1);
    await repo.report('b', 2, 6);
    expect(await repo.batch('import')).toMatchObject({ jobs: 3, done: 6, total: 15, state: 'running', states: states({ done: 1, running: 1, queued: 1 }), errors: [] });
    expect(await repo.interrupted('server stopped')).toBe(3);
    expect(await repo.batch('import')).toMatchObject({ state: 'failed', states: states({ done: 1, failed: 2 }), errors: ['server stopped', 'server stopped'] });
    expect(await repo.batch('none')).toBeUndefined();
    expect(await repo.get('none')).toBeUndefined();
  });

  it('refuses a negative or fractional figure', async () => {
    await repo.register({ id: 'j', kind: 'k' });
    await repo.started('j', 1);
    await expect(repo.report('j', -1, 3)).rejects.toThrow('done must be a whole number from 0, not -1');
    await expect(repo.report('j', 1, 2.5)).rejects.toThrow('total must be a whole number from 0');
  });
});
