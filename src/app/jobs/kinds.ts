/**
 * The job kinds Threadscope runs, each with the handler a worker (a worker process, or a console server that works)
 * makes for it once its store is open (ADR 0032).
 *
 * Contract: `JOB_KINDS` lists every kind in production; a handler gets the process's store and its engines (made on
 * first use, so a process that works no scoring job loads no model).
 */
import type { Engines } from '../score-texts.ts';
import type { Store } from '../store/store.ts';
import type { JobHandler, JobKind } from './job-queue.ts';
import { SCORE_TEXTS, scoreTextsHandler } from './score-job.ts';

/** What a handler gets from the process that works it. */
export interface JobContext {
  store: Store;
  /** The process's scorer and detector (made on the first call, then the same). */
  engines(): Engines;
}

/** A kind with its handler, made once the store is open. */
export interface WiredKind<P> {
  kind: JobKind<P>;
  handler(context: JobContext): JobHandler<P>;
}

/** A list of kinds of different payloads; each entry is consistent in itself. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WiredKinds = ReadonlyArray<WiredKind<any>>;

export const JOB_KINDS: WiredKinds = [
  { kind: SCORE_TEXTS, handler: ({ store, engines }) => scoreTextsHandler(store, engines()) },
];
