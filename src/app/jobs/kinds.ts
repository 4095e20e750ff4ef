/**
 * The job kinds Threadscope runs, each with the handler a worker (a worker process, or a console server that works)
 * makes for it once its store is open (ADR 0032, ADR 0033).
 *
 * Contract: `JOB_KINDS` lists every kind in production (`score-texts`, `import-file`); a handler gets the process's
 * `JobContext`: its store, its queue (an import enqueues its threads' scoring), its engines (made on first use, so a
 * process that works no scoring or import job loads no model) and its parser (`parse`: a console server passes its
 * import worker pool's, so a parse runs off its main thread; a worker process parses in-process with
 * `parseInProcess`).
 */
import type { ImportResult } from '../../core/model.ts';
import { importInput } from '../../importers/registry.ts';
import type { Engines } from '../score-texts.ts';
import type { Store } from '../store/store.ts';
import { IMPORT_FILE, importFileHandler } from './import-job.ts';
import { throwIfAborted, type JobHandler, type JobKind, type JobQueue } from './job-queue.ts';
import { SCORE_TEXTS, scoreTextsHandler } from './score-job.ts';

/** A file to parse, as the import job has it from its upload. */
export interface ParseInput {
  bytes: Uint8Array;
  fileName?: string;
  format?: string;
}

export interface ParseHooks {
  /** Aborted when the job's attempt must end: the parser stops if it can (a worker pool's), else it is checked after. */
  signal: AbortSignal;
  /** Fraction of the input read (0..1), from importers that report it. */
  onProgress(fraction: number): void;
}

/** What a handler gets from the process that works it. */
export interface JobContext {
  store: Store;
  /** The queue the process works (jobs enqueue follow-up jobs on it). */
  queue: JobQueue;
  /** The process's scorer and detector (made on the first call, then the same). */
  engines(): Engines;
  /** Parses a file with the importers: the importer's refusal is a result (`ok: false`), not a throw. */
  parse(input: ParseInput, hooks: ParseHooks): Promise<ImportResult>;
}

/**
 * Parses on the calling thread (a worker process: the job is all it does). The importers are synchronous, so the
 * signal is checked before (a parse in progress cannot be stopped here; the job checks the signal after it).
 */
export async function parseInProcess(input: ParseInput, hooks: ParseHooks): Promise<ImportResult> {
  throwIfAborted(hooks.signal);
  return importInput({ bytes: input.bytes, ...(input.fileName !== undefined ? { fileName: input.fileName } : {}), ...(input.format !== undefined ? { format: input.format } : {}), onProgress: hooks.onProgress });
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
  { kind: IMPORT_FILE, handler: (context) => importFileHandler(context) },
];
