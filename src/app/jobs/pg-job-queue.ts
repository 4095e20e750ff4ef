/**
 * The job queue on PostgreSQL over pg-boss 10 (ADR 0032): jobs in pg-boss's own schema (`pgboss`, created and
 * migrated by pg-boss at start), progress in Threadscope's `job_progress` (store/job-progress.ts).
 *
 * Contract, beyond job-queue.ts:
 * - One pg-boss queue per job kind, named as the kind, created on first use with the kind's retry and expiry policy
 *   (exponential backoff); every job also carries that policy, so a changed policy applies to new jobs. A job
 *   enqueued with its own `expireSeconds` is sent with that expiry, and its attempts' signals abort at it.
 * - The pg-boss job id is a UUID derived from the job id and the run's `created_at` (a SHA-256, formatted as a
 *   version-8 UUID), so that enqueueing one job again, even from two servers at once or after a crash between
 *   registering and sending, inserts no second pg-boss job (pg-boss inserts with ON CONFLICT DO NOTHING).
 * - `work` polls with `concurrency` pg-boss workers of one job each (a worker that ran a job fetches the next at
 *   once; only an idle one waits the polling interval); an attempt is `retryCount + 1` and the last one
 *   is the one where `retryCount` has reached `retryLimit`.
 * - A job whose worker died stays `active` in pg-boss until `expireSeconds` after it started; pg-boss's maintenance
 *   (every `maintenanceIntervalSeconds`, one server at a time) then fails it into a retry (after the backoff) or, on
 *   its last attempt, into `failed`. `job(id)` and `batch(id)` look such jobs up in pg-boss and record the end in
 *   `job_progress` (no handler ran to do it).
 * - pg-boss's pool is its own (`poolSize` connections, on the same URL with `?pool=` taken off); it never logs the
 *   URL. pg-boss errors are reported as `queue.error` events, never thrown into the process.
 */
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { connectionStringOf } from '../store/open-sql.ts';
import { JobProgressRepository, type BatchProgress, type JobProgress } from '../store/job-progress.ts';
import type { Sql } from '../store/sql.ts';
import {
  checkConcurrency, checkKind, checkPayload, errorMessage, expireSecondsOf, jobId,
  type EnqueueRequest, type Enqueued, type JobEvent, type JobHandler, type JobKind, type JobQueue, type WorkOptions,
} from './job-queue.ts';

/** PostgreSQL's error code for a deadlock (one of the transactions is ended). */
const DEADLOCK = '40P01';

/** pg-boss's schema in the database. */
export const PGBOSS_SCHEMA = 'pgboss';

export interface PgQueueTiming {
  /** How often one of the servers and workers expires lost jobs (pg-boss maintenance). Production: 10. */
  maintenanceIntervalSeconds: number;
  /** How often an idle worker looks for a job. Production: 2. */
  pollingIntervalSeconds: number;
}

export const PRODUCTION_TIMING: PgQueueTiming = { maintenanceIntervalSeconds: 10, pollingIntervalSeconds: 2 };

export interface PgQueueOptions {
  /** The PostgreSQL URL (a `?pool=` parameter is taken off). */
  url: string;
  /** The store's connection, for `job_progress`. */
  sql: Sql;
  timing?: Partial<PgQueueTiming>;
  /** pg-boss's own pool (default 4). */
  poolSize?: number;
  onEvent?: (event: JobEvent) => void;
}

/** What this queue puts in a pg-boss job's data. */
interface BossData {
  id: string;
  payload: unknown;
}

/** The pg-boss job id of a run of a job: a UUID (version 8, RFC 9562) from SHA-256 of the id and the run's time. */
export function bossJobId(id: string, createdAt: string): string {
  const hash = crypto.createHash('sha256').update(`${id}\u0000${createdAt}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function bossData(data: unknown): BossData {
  if (typeof data !== 'object' || data === null || typeof (data as { id?: unknown }).id !== 'string') {
    throw new Error('the pg-boss job has no Threadscope job id in its data');
  }
  return data as BossData;
}

export class PgJobQueue implements JobQueue {
  readonly engine = 'postgres' as const;
  private readonly progress: JobProgressRepository;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly kinds = new Map<string, JobKind<unknown>>();
  private readonly worked = new Set<string>();
  private readonly controllers = new Set<AbortController>();
  private readonly timing: PgQueueTiming;
  private readonly onEvent: (event: JobEvent) => void;
  private stopping: Promise<void> | null = null;

  private constructor(private readonly boss: PgBoss, options: PgQueueOptions, timing: PgQueueTiming) {
    this.progress = new JobProgressRepository(options.sql);
    this.timing = timing;
    this.onEvent = options.onEvent ?? (() => undefined);
  }

  /** Connects pg-boss (creating or migrating its schema) and starts its maintenance. */
  static async open(options: PgQueueOptions): Promise<PgJobQueue> {
    const timing = { ...PRODUCTION_TIMING, ...options.timing };
    const connectionString = connectionStringOf(options.url);
    const boss = new PgBoss({
      connectionString,
      max: options.poolSize ?? 4,
      schema: PGBOSS_SCHEMA,
      application_name: 'threadscope-jobs',
      supervise: true,
      migrate: true,
      schedule: false,
      maintenanceIntervalSeconds: timing.maintenanceIntervalSeconds,
      pollingIntervalSeconds: timing.pollingIntervalSeconds,
    });
    const queue = new PgJobQueue(boss, options, timing);
    boss.on('error', (error: unknown) => queue.onEvent({ event: 'queue.error', error: errorMessage(error) }));
    try {
      await boss.start();
    } catch (error) {
      // Its pool may be open: closed, so that a process that cannot start can exit.
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw error;
    }
    return queue;
  }

  async enqueue<P>(kind: JobKind<P>, request: EnqueueRequest<P>): Promise<Enqueued> {
    if (this.stopping !== null) throw new Error('the job queue is stopped');
    const id = jobId(kind as JobKind<unknown>, request.key);
    const payload = checkPayload(kind, request.payload);
    const expireSeconds = expireSecondsOf(kind as JobKind<unknown>, request as EnqueueRequest<unknown>);
    await this.ensureQueue(kind as JobKind<unknown>);
    let { created, progress } = await this.progress.register({ id, kind: kind.name, batchId: request.batchId ?? null, total: request.total ?? 0 });
    if (!created && progress.state === 'failed' && await this.progress.requeue(id)) {
      created = true;
    }
    progress = (await this.progress.get(id))!;
    // A queued job is sent again: pg-boss keeps one job per run id, and a crash between register and send is healed.
    if (created || progress.state === 'queued') {
      const data: BossData = { id, payload };
      await this.boss.send(kind.name, data as unknown as object, {
        id: bossJobId(id, progress.createdAt),
        retryLimit: kind.retryLimit,
        retryDelay: kind.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: expireSeconds,
      });
    }
    return { id, created, progress };
  }

  async work<P>(kind: JobKind<P>, handler: JobHandler<P>, options: WorkOptions): Promise<void> {
    if (this.stopping !== null) throw new Error('the job queue is stopped');
    const concurrency = checkConcurrency(options.concurrency);
    if (this.worked.has(kind.name)) throw new Error(`jobs of kind ${kind.name} are worked already`);
    await this.ensureQueue(kind as JobKind<unknown>);
    this.worked.add(kind.name);
    for (let lane = 0; lane < concurrency; lane++) {
      // pg-boss 10 waits out the polling interval after every fetch, jobs or not: a lane that just ran a job asks
      // for the next one at once (notifyWorker skips that wait), so short jobs are not held to one per interval.
      let workerId: string | null = null;
      workerId = await this.boss.work<BossData>(
        kind.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.timing.pollingIntervalSeconds },
        async (jobs) => {
          try {
            for (const job of jobs) await this.run(kind, handler, job);
          } finally {
            if (jobs.length > 0 && workerId !== null && this.stopping === null) this.boss.notifyWorker(workerId);
          }
        },
      );
    }
  }

  async job(id: string): Promise<JobProgress | undefined> {
    const progress = await this.progress.get(id);
    return progress === undefined ? undefined : this.reconciled(progress);
  }

  async batch(batchId: string): Promise<BatchProgress | undefined> {
    for (const job of await this.progress.jobsOf(batchId)) await this.reconciled(job);
    return this.progress.batch(batchId);
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping ??= (async () => {
      for (const controller of this.controllers) controller.abort('the worker is stopping');
      // Graceful: pg-boss stops fetching, waits for the running handlers (up to the timeout), then fails what is left
      // into a retry, which another worker picks up after the backoff.
      await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, options.timeoutMs ?? 30_000) });
    })();
    return this.stopping;
  }

  private ensureQueue(kind: JobKind<unknown>): Promise<void> {
    checkKind(kind);
    const known = this.kinds.get(kind.name);
    if (known !== undefined && known !== kind) throw new Error(`two different job kinds are named ${kind.name}`);
    this.kinds.set(kind.name, kind);
    let made = this.queues.get(kind.name);
    if (made === undefined) {
      made = this.createQueue(kind);
      made.catch(() => this.queues.delete(kind.name));
      this.queues.set(kind.name, made);
    }
    return made;
  }

  /**
   * Creates the kind's pg-boss queue unless it exists. pg-boss's create_queue attaches a partition to its job table;
   * two processes creating queues at once can deadlock there (PostgreSQL ends one), so that one tries again.
   */
  private async createQueue(kind: JobKind<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await this.boss.getQueue(kind.name) !== null) return;
      try {
        await this.boss.createQueue(kind.name, {
          name: kind.name, policy: 'standard', retryLimit: kind.retryLimit, retryDelay: kind.retryDelaySeconds,
          retryBackoff: true, expireInSeconds: kind.expireSeconds,
        });
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DEADLOCK || attempt >= 5) throw error;
        await sleep(50 + Math.random() * 200 * attempt);
      }
    }
  }

  /** One attempt of a job; throws (so that pg-boss retries or fails it) when the handler did. */
  private async run<P>(kind: JobKind<P>, handler: JobHandler<P>, job: PgBoss.JobWithMetadata<BossData>): Promise<void> {
    const started = Date.now();
    const attempt = job.retryCount + 1;
    const final = job.retryCount >= job.retryLimit;
    let id: string;
    let payload: P;
    try {
      const data = bossData(job.data);
      id = data.id;
      payload = kind.parse(data.payload);
    } catch (error) {
      // Not retried: the same data would be refused again. The job is completed in pg-boss and failed here.
      const message = `the payload was refused: ${errorMessage(error)}`;
      const known = typeof (job.data as { id?: unknown } | null)?.id === 'string' ? (job.data as { id: string }).id : null;
      if (known !== null) await this.progress.failedAttempt(known, message, true);
      this.onEvent({ event: 'job.failed', kind: kind.name, job: known ?? `pgboss:${job.id}`, attempt, ms: Date.now() - started, final: true, error: message });
      return;
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    // pg-boss gives up on the attempt at the job's expiry (and another may start): the handler is told to end.
    const expireSeconds = Math.max(1, job.expireInSeconds);
    const expiry = setTimeout(() => controller.abort(`the attempt ran past ${expireSeconds} s`), expireSeconds * 1000);
    try {
      await this.progress.started(id, attempt);
      this.onEvent({ event: 'job.started', kind: kind.name, job: id, attempt });
      await handler({
        id, kind: kind.name, payload, attempt, signal: controller.signal,
        progress: (done, total) => this.progress.report(id, done, total),
      });
      await this.progress.finished(id);
      this.onEvent({ event: 'job.done', kind: kind.name, job: id, attempt, ms: Date.now() - started });
    } catch (error) {
      const message = errorMessage(error);
      await this.progress.failedAttempt(id, message, final, { attempt }).catch((failure: unknown) => {
        this.onEvent({ event: 'queue.error', error: `recording job ${id.slice(0, 80)}'s failure: ${errorMessage(failure)}` });
      });
      this.onEvent({ event: 'job.failed', kind: kind.name, job: id, attempt, ms: Date.now() - started, final, error: message });
      throw error;
    } finally {
      clearTimeout(expiry);
      this.controllers.delete(controller);
    }
  }

  /** A job not ended in `job_progress` but ended in pg-boss (its last attempt expired): recorded, then returned. */
  private async reconciled(progress: JobProgress): Promise<JobProgress> {
    if (progress.state === 'done' || progress.state === 'failed') return progress;
    const job = await this.boss.getJobById<BossData>(progress.kind, bossJobId(progress.id, progress.createdAt), { includeArchive: true });
    if (job === null) return progress;
    const lost = `an attempt did not end within ${Math.round(job.expireInSeconds)} s (its worker stopped or hung)`;
    if (job.state === 'failed') {
      await this.progress.failedAttempt(progress.id, progress.state === 'running' ? lost : progress.error ?? 'its last attempt failed', true, { unchangedSince: progress.updatedAt });
    } else if (job.state === 'retry' && progress.state === 'running') {
      await this.progress.failedAttempt(progress.id, lost, false, { unchangedSince: progress.updatedAt });
    } else {
      return progress;
    }
    return (await this.progress.get(progress.id)) ?? progress;
  }
}
