/**
 * The progress of queued jobs (ADR 0032): one `job_progress` row per job, keyed by the job's id (its kind and
 * de-duplication key), so that any console server sharing the database can show how an import or a scoring run is
 * going, and so that enqueueing the same key twice finds the first job.
 *
 * Contract:
 * - `register` inserts a job as `queued` unless its id is there already (then nothing changes); `created` says which.
 * - `requeue` brings a `failed` job back to `queued` (done 0, error cleared, a new `created_at`, which names the run);
 *   it changes nothing in any other state, so two callers cannot both requeue one job.
 * - `started`, `report`, `finished` and `failedAttempt` record what a worker does; values are absolute (done of
 *   total, the attempt's number), never increments, so a job taken over by another worker after a crash, or an attempt
 *   run twice, leaves the right figures. `report` changes a job only while it is `running`.
 * - `interrupted` ends every job that is not `done` or `failed` as `failed` with the message given (the in-process
 *   queue calls it at start: on SQLite the previous process's jobs died with it).
 * - `batch` sums the jobs of one batch: done and total, how many jobs are in each state, and its state: `failed` when
 *   any job failed and none is still to run, `done` when all are done, `running` when any has started, else `queued`.
 * - Error messages are stored as given, cut to 1,000 characters: callers pass messages without comment text.
 */
import type { Sql } from './sql.ts';

export const JOB_STATES = ['queued', 'running', 'retrying', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Longest error message kept. */
export const MAX_ERROR_LENGTH = 1000;

export interface JobProgress {
  id: string;
  kind: string;
  batchId: string | null;
  done: number;
  total: number;
  state: JobState;
  /** Attempts started so far (a retry or a takeover after a crash is another attempt). */
  attempts: number;
  error: string | null;
  /** When the job was (last re)queued: names the run. */
  createdAt: string;
  updatedAt: string;
}

export interface BatchProgress {
  batchId: string;
  jobs: number;
  done: number;
  total: number;
  state: JobState;
  /** Jobs in each state. */
  states: Record<JobState, number>;
  /** The first few errors of failed or retrying jobs. */
  errors: string[];
  updatedAt: string;
}

export interface NewJob {
  id: string;
  kind: string;
  batchId?: string | null;
  total?: number;
}

interface Row {
  id: string;
  kind: string;
  batch_id: string | null;
  done: number;
  total: number;
  state: string;
  attempts: number;
  error: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, kind, batch_id, done, total, state, attempts, error, created_at, updated_at';
const ERRORS_SHOWN = 5;

function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

function fromRow(row: Row): JobProgress {
  if (!isJobState(row.state)) throw new Error(`job_progress row ${row.id.slice(0, 80)} has an unknown state ${row.state.slice(0, 20)}`);
  return {
    id: row.id, kind: row.kind, batchId: row.batch_id, done: row.done, total: row.total, state: row.state,
    attempts: row.attempts, error: row.error, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function cut(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 3)}...` : message;
}

function count(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number from 0, not ${String(value).slice(0, 20)}`);
  return value;
}

/** The state of a batch from its jobs' states (see the header). */
export function batchState(states: Record<JobState, number>): JobState {
  const jobs = JOB_STATES.reduce((sum, s) => sum + states[s], 0);
  const pending = states.queued + states.running + states.retrying;
  if (states.failed > 0 && pending === 0) return 'failed';
  if (states.done === jobs) return 'done';
  if (states.running > 0 || states.retrying > 0 || states.done > 0 || states.failed > 0) return 'running';
  return 'queued';
}

export class JobProgressRepository {
  constructor(private readonly sql: Sql, private readonly now: () => string = () => new Date().toISOString()) {}

  /** Registers a queued job unless one has its id; returns the job as stored and whether this call made it. */
  async register(job: NewJob): Promise<{ created: boolean; progress: JobProgress }> {
    const at = this.now();
    const { changes } = await this.sql.run(
      `INSERT INTO job_progress (${COLUMNS}) VALUES (?, ?, ?, 0, ?, 'queued', 0, NULL, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [job.id, job.kind, job.batchId ?? null, count(job.total ?? 0, 'a job\'s total'), at, at],
    );
    const progress = await this.get(job.id);
    if (progress === undefined) throw new Error(`job ${job.id.slice(0, 80)} was registered but cannot be read back`);
    return { created: changes === 1, progress };
  }

  /** A failed job queued again as a new run; true when this call did it. */
  async requeue(id: string): Promise<boolean> {
    const at = this.now();
    const { changes } = await this.sql.run(
      "UPDATE job_progress SET state = 'queued', done = 0, error = NULL, created_at = ?, updated_at = ? WHERE id = ? AND state = 'failed'",
      [at, at, id],
    );
    return changes === 1;
  }

  async get(id: string): Promise<JobProgress | undefined> {
    const row = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM job_progress WHERE id = ?`, [id]);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Attempt number `attempt` has started. */
  async started(id: string, attempt: number): Promise<void> {
    await this.sql.run("UPDATE job_progress SET state = 'running', attempts = ?, updated_at = ? WHERE id = ?", [count(attempt, 'an attempt'), this.now(), id]);
  }

  /** `done` of `total` units are done (absolute figures); only while the job is running. */
  async report(id: string, done: number, total: number): Promise<void> {
    await this.sql.run(
      "UPDATE job_progress SET done = ?, total = ?, updated_at = ? WHERE id = ? AND state = 'running'",
      [count(done, 'done'), count(total, 'total'), this.now(), id],
    );
  }

  /** The job ended well: done is set to its total. */
  async finished(id: string): Promise<void> {
    await this.sql.run("UPDATE job_progress SET state = 'done', done = total, error = NULL, updated_at = ? WHERE id = ?", [this.now(), id]);
  }

  /**
   * An attempt failed: `retrying` when another attempt follows, else `failed`. With `only.attempt`, only while no later
   * attempt has started (an attempt cut off by its expiry ends after the next one began elsewhere); with
   * `only.unchangedSince`, only when the row was last updated then (a reader recording a lost attempt must not
   * overwrite a worker that started the next one).
   */
  async failedAttempt(id: string, error: string, final: boolean, only: { attempt?: number; unchangedSince?: string } = {}): Promise<void> {
    let sql = 'UPDATE job_progress SET state = ?, error = ?, updated_at = ? WHERE id = ?';
    const params: Array<string | number> = [final ? 'failed' : 'retrying', cut(error), this.now(), id];
    if (only.attempt !== undefined) {
      sql += ' AND attempts = ?';
      params.push(count(only.attempt, 'an attempt'));
    }
    if (only.unchangedSince !== undefined) {
      sql += ' AND updated_at = ?';
      params.push(only.unchangedSince);
    }
    await this.sql.run(sql, params);
  }

  /** Ends every job not done or failed as failed with `error`; returns how many. */
  async interrupted(error: string): Promise<number> {
    const { changes } = await this.sql.run(
      "UPDATE job_progress SET state = 'failed', error = ?, updated_at = ? WHERE state IN ('queued', 'running', 'retrying')",
      [cut(error), this.now()],
    );
    return changes;
  }

  /** The jobs of a batch, in the order they were registered. */
  async jobsOf(batchId: string): Promise<JobProgress[]> {
    const rows = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM job_progress WHERE batch_id = ? ORDER BY created_at, id`, [batchId]);
    return rows.map(fromRow);
  }

  /** The sum of a batch's jobs, or undefined when it has none. */
  async batch(batchId: string): Promise<BatchProgress | undefined> {
    const jobs = await this.jobsOf(batchId);
    if (jobs.length === 0) return undefined;
    const states = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    let done = 0;
    let total = 0;
    let updatedAt = '';
    const errors: string[] = [];
    for (const job of jobs) {
      states[job.state] += 1;
      done += job.done;
      total += job.total;
      if (job.updatedAt > updatedAt) updatedAt = job.updatedAt;
      if (job.error !== null && (job.state === 'failed' || job.state === 'retrying') && errors.length < ERRORS_SHOWN) errors.push(job.error);
    }
    return { batchId, jobs: jobs.length, done, total, state: batchState(states), states, errors, updatedAt };
  }
}
