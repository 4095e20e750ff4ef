/**
 * The job queue inside one process, for the SQLite engine (ADR 0032): a single console server owns the SQLite file,
 * so its jobs run in it as imports always have; progress goes to `job_progress` all the same, so the routes that show
 * it do not care which queue runs the jobs.
 *
 * Contract, beyond job-queue.ts:
 * - Jobs wait in memory, in the order enqueued; `work` runs up to `concurrency` of a kind at once. A job enqueued
 *   before its kind is worked waits until it is.
 * - `InProcessJobQueue.open(sql)` first ends, as `failed`, the jobs a previous process left unfinished (they died with
 *   it; the message says to enqueue them again, which starts a new run).
 * - Retries wait `retryDelayMs` on a timer; an attempt running past its expiry (the job's `expireSeconds` when it was
 *   enqueued with one, else its kind's) has its signal aborted and is retried once its handler returns (one process:
 *   nobody else could take it over).
 * - `stop` aborts the running handlers, waits for them up to `timeoutMs`, and drops the waiting jobs and timers: they
 *   stay `queued` or `retrying` in the table until the next `open` ends them as interrupted.
 */
import { JobProgressRepository, type BatchProgress, type JobProgress } from '../store/job-progress.ts';
import type { Sql } from '../store/sql.ts';
import {
  checkConcurrency, checkKind, checkPayload, errorMessage, expireSecondsOf, jobId, retryDelayMs,
  type EnqueueRequest, type Enqueued, type JobEvent, type JobHandler, type JobKind, type JobQueue, type WorkOptions,
} from './job-queue.ts';

export const INTERRUPTED_MESSAGE = 'interrupted: the server stopped before this job ended; enqueue it again to run it';

interface Waiting {
  id: string;
  payload: unknown;
  attempt: number;
  /** The job's expiry of an attempt (its request's, else its kind's). */
  expireSeconds: number;
}

interface Worked {
  kind: JobKind<unknown>;
  handler: JobHandler<unknown>;
  concurrency: number;
  running: number;
}

export class InProcessJobQueue implements JobQueue {
  readonly engine = 'in-process' as const;
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly kinds = new Map<string, JobKind<unknown>>();
  private readonly worked = new Map<string, Worked>();
  /** Ids queued, running or waiting for a retry here (a second enqueue of one of them adds nothing). */
  private readonly live = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private readonly runs = new Set<Promise<void>>();
  private stopped = false;

  private constructor(private readonly progress: JobProgressRepository, private readonly onEvent: (event: JobEvent) => void) {}

  static async open(sql: Sql, onEvent: (event: JobEvent) => void = () => undefined): Promise<InProcessJobQueue> {
    const progress = new JobProgressRepository(sql);
    await progress.interrupted(INTERRUPTED_MESSAGE);
    return new InProcessJobQueue(progress, onEvent);
  }

  async enqueue<P>(kind: JobKind<P>, request: EnqueueRequest<P>): Promise<Enqueued> {
    if (this.stopped) throw new Error('the job queue is stopped');
    checkKind(kind as JobKind<unknown>);
    const id = jobId(kind as JobKind<unknown>, request.key);
    const payload = checkPayload(kind, request.payload);
    const expireSeconds = expireSecondsOf(kind as JobKind<unknown>, request as EnqueueRequest<unknown>);
    this.kinds.set(kind.name, kind as JobKind<unknown>);
    let { created, progress } = await this.progress.register({ id, kind: kind.name, batchId: request.batchId ?? null, total: request.total ?? 0 });
    if (!created && progress.state === 'failed' && await this.progress.requeue(id)) {
      created = true;
      progress = (await this.progress.get(id))!;
    }
    if (created && !this.live.has(id)) this.push(kind.name, { id, payload, attempt: 1, expireSeconds });
    return { id, created, progress };
  }

  async work<P>(kind: JobKind<P>, handler: JobHandler<P>, options: WorkOptions): Promise<void> {
    if (this.stopped) throw new Error('the job queue is stopped');
    checkKind(kind as JobKind<unknown>);
    if (this.worked.has(kind.name)) throw new Error(`jobs of kind ${kind.name} are worked already`);
    this.kinds.set(kind.name, kind as JobKind<unknown>);
    this.worked.set(kind.name, { kind: kind as JobKind<unknown>, handler: handler as JobHandler<unknown>, concurrency: checkConcurrency(options.concurrency), running: 0 });
    this.pump(kind.name);
  }

  job(id: string): Promise<JobProgress | undefined> {
    return this.progress.get(id);
  }

  batch(batchId: string): Promise<BatchProgress | undefined> {
    return this.progress.batch(batchId);
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    for (const controller of this.controllers) controller.abort('the worker is stopping');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, options.timeoutMs ?? 30_000); });
    await Promise.race([Promise.allSettled([...this.runs]), timeout]);
    clearTimeout(timer);
  }

  private push(kind: string, job: Waiting): void {
    this.live.add(job.id);
    const list = this.waiting.get(kind) ?? [];
    list.push(job);
    this.waiting.set(kind, list);
    this.pump(kind);
  }

  private pump(kind: string): void {
    const worked = this.worked.get(kind);
    const list = this.waiting.get(kind);
    while (!this.stopped && worked !== undefined && list !== undefined && list.length > 0 && worked.running < worked.concurrency) {
      const job = list.shift()!;
      worked.running += 1;
      const run = this.run(worked, job).finally(() => {
        worked.running -= 1;
        this.runs.delete(run);
        this.pump(kind);
      });
      this.runs.add(run);
    }
  }

  private async run(worked: Worked, job: Waiting): Promise<void> {
    const { kind, handler } = worked;
    const started = Date.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const expiry = setTimeout(() => controller.abort(`the attempt ran past ${job.expireSeconds} s`), job.expireSeconds * 1000);
    const final = job.attempt > kind.retryLimit;
    try {
      let payload: unknown;
      try {
        payload = kind.parse(job.payload);
      } catch (error) {
        await this.progress.failedAttempt(job.id, `the payload was refused: ${errorMessage(error)}`, true);
        this.onEvent({ event: 'job.failed', kind: kind.name, job: job.id, attempt: job.attempt, ms: Date.now() - started, final: true, error: errorMessage(error) });
        this.live.delete(job.id);
        return;
      }
      await this.progress.started(job.id, job.attempt);
      this.onEvent({ event: 'job.started', kind: kind.name, job: job.id, attempt: job.attempt });
      await handler({
        id: job.id, kind: kind.name, payload, attempt: job.attempt, signal: controller.signal,
        progress: (done, total) => this.progress.report(job.id, done, total),
      });
      await this.progress.finished(job.id);
      this.onEvent({ event: 'job.done', kind: kind.name, job: job.id, attempt: job.attempt, ms: Date.now() - started });
      this.live.delete(job.id);
    } catch (error) {
      const message = errorMessage(error);
      const end = final || this.stopped;
      await this.progress.failedAttempt(job.id, message, final, { attempt: job.attempt }).catch((failure: unknown) => {
        this.onEvent({ event: 'queue.error', error: `recording job ${job.id.slice(0, 80)}'s failure: ${errorMessage(failure)}` });
      });
      this.onEvent({ event: 'job.failed', kind: kind.name, job: job.id, attempt: job.attempt, ms: Date.now() - started, final, error: message });
      if (end) {
        this.live.delete(job.id);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.live.delete(job.id);
        this.push(kind.name, { ...job, attempt: job.attempt + 1 });
      }, retryDelayMs(kind, job.attempt));
      this.timers.add(timer);
    } finally {
      clearTimeout(expiry);
      this.controllers.delete(controller);
    }
  }
}
