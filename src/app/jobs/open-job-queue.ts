/**
 * The job queue of a process's store (ADR 0032): pg-boss on PostgreSQL, the in-process queue on SQLite; and the
 * wiring of the production kinds to it. What a console server calls at start (the worker process does the same on
 * PostgreSQL only).
 *
 * Contract:
 * - `openJobQueue(store, options)` opens `PgJobQueue` on the store's PostgreSQL URL (pg-boss's own small pool) or
 *   `InProcessJobQueue` on its SQLite connection (which first ends a previous process's unfinished jobs).
 * - `workKinds(queue, kinds, context, concurrency)` works every kind with its handler; a concurrency of 0 works none
 *   (a console server started with `--workers 0` only enqueues; on SQLite nothing would run its jobs, so the
 *   server must not allow it there).
 */
import type { Store } from '../store/store.ts';
import { InProcessJobQueue } from './in-process-job-queue.ts';
import type { JobEvent, JobQueue } from './job-queue.ts';
import type { JobContext, WiredKinds } from './kinds.ts';
import { PgJobQueue, type PgQueueTiming } from './pg-job-queue.ts';

export interface OpenJobQueueOptions {
  onEvent?: (event: JobEvent) => void;
  timing?: Partial<PgQueueTiming>;
}

export function openJobQueue(store: Store, options: OpenJobQueueOptions = {}): Promise<JobQueue> {
  const locator = store.locator;
  if (locator.kind === 'postgres') {
    return PgJobQueue.open({ url: locator.url, sql: store.sql, ...(options.onEvent ? { onEvent: options.onEvent } : {}), ...(options.timing ? { timing: options.timing } : {}) });
  }
  return InProcessJobQueue.open(store.sql, options.onEvent);
}

/** Works each kind with `concurrency` jobs at once (none when 0). */
export async function workKinds(queue: JobQueue, kinds: WiredKinds, context: JobContext, concurrency: number): Promise<void> {
  if (concurrency === 0) return;
  for (const { kind, handler } of kinds) await queue.work(kind, handler(context), { concurrency });
}
