/**
 * The messages between the server's main thread and the import worker thread (import-worker.ts).
 */
import type { ImportResult } from '../core/model.ts';

/** What the worker reads: the registry's input without the progress callback (functions cannot cross threads). */
export interface WorkerInput {
  /** Raw file bytes; their buffer is transferred to the worker, not copied. */
  bytes?: Uint8Array;
  text?: string;
  fileName?: string;
  format?: string;
}

/** Main thread → worker: parse this input. */
export interface WorkerRequest {
  /** Counter of the pool, echoed in every reply. */
  taskId: number;
  input: WorkerInput;
}

/** Worker → main thread: a fraction of the input read, or the registry's result. */
export type WorkerReply =
  | { taskId: number; type: 'progress'; fraction: number }
  | { taskId: number; type: 'result'; result: ImportResult };
