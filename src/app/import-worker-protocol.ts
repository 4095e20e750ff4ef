/**
 * The messages between the server's main thread and the import worker thread (import-worker.ts). With a save
 * target the worker does the whole import (parse → hash → score → save in its own connection to the database) and
 * only progress, the scoring requests and the ImportResponse cross threads (ADR 0019); without one it parses and
 * posts the parsed result back (a store in memory, which no other thread can open: ADR 0005's path).
 */
import type { ImportResponse } from '../core/api.ts';
import type { ImportResult } from '../core/model.ts';
import type { Attribute, ScorerInfo } from '../core/scoring.ts';
import type { PoolJobKind } from './score-pool-protocol.ts';
import type { DatabaseLocator } from './store/store.ts';

/** What the worker reads: the registry's input without the progress callback (functions cannot cross threads). */
export interface WorkerInput {
  /** Raw file bytes; their buffer is transferred to the worker, not copied. */
  bytes?: Uint8Array;
  text?: string;
  fileName?: string;
  format?: string;
}

/** Where and under which scorer the worker saves an import; the main thread scores for it (through the scoring pool). */
export interface SaveTarget {
  /** The server's database (`store.locator`): the worker opens its own connection (SQLite WAL, or a small PostgreSQL pool). */
  database: DatabaseLocator;
  scorer: ScorerInfo & { description: string; attributes: readonly Attribute[]; parallelism: number };
  detector: ScorerInfo;
}

/** Main thread → worker. */
export type WorkerRequest =
  /** Import this input: parse only (`save` null) or all of it. */
  | { type: 'import'; taskId: number; input: WorkerInput; save: SaveTarget | null }
  /** The client went away: stop at the next pause, unless saving has begun. */
  | { type: 'cancel'; taskId: number }
  /** The answer to a `score` request: the outcomes as JSON text, or why the batch failed. */
  | { type: 'scored'; taskId: number; jobId: number; json: string | null; error: string | null };

/** Worker → main thread. */
export type WorkerReply =
  /** A fraction of the input read. */
  | { taskId: number; type: 'progress'; fraction: number }
  /** The registry's result: a parse without a save target, or an input that could not be read (nothing stored). */
  | { taskId: number; type: 'result'; result: ImportResult }
  /** Please run the scorer or the detector on these texts (answered with `scored`). */
  | { taskId: number; type: 'score'; jobId: number; kind: PoolJobKind; texts: string[] }
  | { taskId: number; type: 'scoring'; done: number; total: number }
  | { taskId: number; type: 'saving' }
  /** Stored: what the POST answers. */
  | { taskId: number; type: 'stored'; response: ImportResponse }
  /** Stopped after a cancel; nothing stored. */
  | { taskId: number; type: 'cancelled' }
  /** Scoring or saving failed; nothing stored. */
  | { taskId: number; type: 'failed'; error: string };
