/**
 * The job queue (issue 15, ADR 0032): imports and scoring run as jobs, on PostgreSQL through pg-boss
 * (`pg-job-queue.ts`, worked by any number of worker processes and console servers) or, on SQLite, inside the one
 * server process (`in-process-job-queue.ts`). Both keep each job's progress in the database (`job_progress`,
 * store/job-progress.ts), where any console server reads it.
 *
 * Contract (both implementations):
 * - A job is `kind` + `key`: its id is `<kind>:<key>`. `enqueue` with the id of a job that is queued, running,
 *   retrying or done does not make another (`created: false`); a job that ended `failed` is queued again as a new
 *   run. So the key must name the work itself (e.g. the thread, the chunk's hashes and the scorer version).
 * - Payloads carry ids and hashes, never comment text or secrets: they are stored in the queue's tables and may be
 *   logged. `kind.parse` checks a payload at `enqueue` and again before a handler sees it (the queue's tables are
 *   input like any other); a payload it refuses fails the job at once, without retries.
 * - A handler must be idempotent: an attempt may be cut off at any point (a worker killed, a timeout) and the job run
 *   again, by this worker or another. Results are written keyed by what they are (a score by text hash and scorer
 *   version), so a second attempt skips what the first stored and nothing is stored twice.
 * - A handler that throws is retried after a growing delay (`retryDelaySeconds` * 2^(n-1) to twice that, before the
 *   n-th retry) up to `retryLimit` times; then the job ends `failed` with the last error's message. A job running
 *   longer than `expireSeconds` counts as lost: its `signal` is aborted and another attempt follows; on PostgreSQL
 *   this is also how a job of a killed worker is taken over (see ADR 0032 for the times).
 * - `stop` takes no new job, aborts the running handlers' signals, waits up to `timeoutMs` for them to end, and
 *   releases the rest for another worker. It is idempotent.
 */
import type { BatchProgress, JobProgress } from '../store/job-progress.ts';

export type { BatchProgress, JobProgress, JobState } from '../store/job-progress.ts';

/** A kind of job: its name, how its payload is checked, and its retry and expiry policy. */
export interface JobKind<P> {
  /** Lower-case letters, digits and dashes, starting with a letter (also the pg-boss queue's name). */
  readonly name: string;
  /** The payload checked; throws an Error naming what is wrong (never echoing long values). */
  parse(payload: unknown): P;
  /** Retries after the first attempt. */
  readonly retryLimit: number;
  /** The first retry's delay in seconds (at least 1); each next one doubles. */
  readonly retryDelaySeconds: number;
  /** How long one attempt may run before it counts as lost and another attempt follows. */
  readonly expireSeconds: number;
}

export interface EnqueueRequest<P> {
  /** What the job does, as a key: the same key enqueued again finds this job. 1-200 printable characters. */
  key: string;
  payload: P;
  /** Groups jobs whose progress is shown together (e.g. the chunks of one import). */
  batchId?: string;
  /** Units of work, when known before the job starts (the handler may report another total). */
  total?: number;
  /**
   * How long one attempt of this job may run, when it needs longer than its kind's `expireSeconds` (an import of a
   * large file): a whole number from the kind's value to MAX_EXPIRE_SECONDS. Kept with the job for all its attempts.
   */
  expireSeconds?: number;
}

export interface Enqueued {
  id: string;
  /** False when a job with this id was queued, running, retrying or done already. */
  created: boolean;
  progress: JobProgress;
}

export interface RunningJob<P> {
  id: string;
  kind: string;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the attempt has run too long or the worker stops: end soon, between two units. */
  signal: AbortSignal;
  /** Records `done` of `total` units (absolute figures) where every server can read them. */
  progress(done: number, total: number): Promise<void>;
}

export type JobHandler<P> = (job: RunningJob<P>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this kind run at once in this process (1-64). */
  concurrency: number;
}

/** What a queue tells its owner (the worker's log): ids, kinds, attempts and times, never a payload. */
export type JobEvent =
  | { event: 'job.started'; kind: string; job: string; attempt: number }
  | { event: 'job.done'; kind: string; job: string; attempt: number; ms: number }
  | { event: 'job.failed'; kind: string; job: string; attempt: number; ms: number; final: boolean; error: string }
  | { event: 'queue.error'; error: string };

export interface JobQueue {
  readonly engine: 'postgres' | 'in-process';
  enqueue<P>(kind: JobKind<P>, request: EnqueueRequest<P>): Promise<Enqueued>;
  /** Starts working jobs of `kind` in this process. One handler per kind. */
  work<P>(kind: JobKind<P>, handler: JobHandler<P>, options: WorkOptions): Promise<void>;
  /** A job's progress by its id, or undefined. */
  job(id: string): Promise<JobProgress | undefined>;
  /** The sum of a batch's jobs, or undefined when it has none. */
  batch(batchId: string): Promise<BatchProgress | undefined>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

const KIND_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const MAX_KEY_LENGTH = 200;
export const MAX_CONCURRENCY = 64;
/** Longest expiry of an attempt, in seconds (a day; pg-boss refuses more). */
export const MAX_EXPIRE_SECONDS = 86_400;
/** Largest payload, as JSON: payloads are ids and hashes, a chunk of a few thousand at most. */
export const MAX_PAYLOAD_BYTES = 1_000_000;

/** Throws when the kind's name or policy is not usable. */
export function checkKind(kind: JobKind<unknown>): void {
  if (!KIND_NAME.test(kind.name)) throw new Error(`a job kind's name must be lower-case letters, digits and dashes, starting with a letter: ${JSON.stringify(kind.name.slice(0, 64))}`);
  const whole = (value: number, min: number, max: number, what: string): void => {
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`job kind ${kind.name}: ${what} must be a whole number from ${min} to ${max}, not ${value}`);
  };
  whole(kind.retryLimit, 0, 100, 'retryLimit');
  whole(kind.retryDelaySeconds, 1, 3600, 'retryDelaySeconds');
  whole(kind.expireSeconds, 1, MAX_EXPIRE_SECONDS, 'expireSeconds');
}

/** The expiry of a job's attempts: the request's (checked: from the kind's to MAX_EXPIRE_SECONDS), else the kind's. */
export function expireSecondsOf(kind: JobKind<unknown>, request: Pick<EnqueueRequest<unknown>, 'expireSeconds'>): number {
  const value = request.expireSeconds;
  if (value === undefined) return kind.expireSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < kind.expireSeconds || value > MAX_EXPIRE_SECONDS) {
    throw new Error(`a ${kind.name} job's expireSeconds must be a whole number from ${kind.expireSeconds} (its kind's) to ${MAX_EXPIRE_SECONDS}, not ${String(value).slice(0, 20)}`);
  }
  return value;
}

/** The job's id for a kind and key; throws when the key is empty, too long or not printable. */
export function jobId(kind: JobKind<unknown>, key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new Error(`a ${kind.name} job's key must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new Error(`a ${kind.name} job's key must not contain control characters`);
  return `${kind.name}:${key}`;
}

/** The payload checked by its kind and as JSON (size); returns the parsed payload. */
export function checkPayload<P>(kind: JobKind<P>, payload: unknown): P {
  const parsed = kind.parse(payload);
  const json = JSON.stringify(parsed);
  if (json === undefined) throw new Error(`a ${kind.name} job's payload must be JSON`);
  if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) throw new Error(`a ${kind.name} job's payload is over ${MAX_PAYLOAD_BYTES} bytes: split the work into smaller jobs`);
  return parsed;
}

/** Throws unless `concurrency` is a whole number from 1 to MAX_CONCURRENCY. */
export function checkConcurrency(concurrency: number): number {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new Error(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${String(concurrency).slice(0, 20)}`);
  }
  return concurrency;
}

/** The delay before retry number `retry` (1 for the first), in ms: base * 2^(retry-1), up to twice that. */
export function retryDelayMs(kind: JobKind<unknown>, retry: number, random: () => number = Math.random): number {
  const base = kind.retryDelaySeconds * 1000 * 2 ** Math.min(16, retry - 1);
  return Math.round(base + base * random());
}

/** An error's message for the progress table and the log (first line, no stack). */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]!.slice(0, 1000);
}

/** Thrown by handlers when their `signal` was aborted (the job is retried, not failed). */
export class JobAborted extends Error {
  override name = 'JobAborted';
}

/** Throws JobAborted when the signal was aborted: call between two units of work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new JobAborted(typeof signal.reason === 'string' ? signal.reason : 'the job was stopped');
}
