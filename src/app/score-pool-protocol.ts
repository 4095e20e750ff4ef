/**
 * The messages between the scoring pool (score-pool.ts, main thread) and its workers (score-pool-worker.ts). Only
 * texts go in and results come out, as JSON text (one string per job: cloning a string is a copy, not a walk of
 * every object, and an import worker forwards it without parsing it on the main thread).
 */
import type { ScorerInfo } from '../core/scoring.ts';
import type { TropeRecord } from './store/store.ts';

/** What a worker runs: the embedded scorer (`score`) or the trope detector (`detect`). */
export type PoolJobKind = 'score' | 'detect';

/** The detector's outcome for one text (an error is kept per text, as the trope cache stores it). */
export type DetectOutcome = Omit<TropeRecord, 'hash'>;

/** Main thread → worker: texts of one or more jobs of the same kind, merged into one message. */
export interface PoolRequest {
  /** Counter of the pool, echoed in the reply. */
  id: number;
  kind: PoolJobKind;
  /** The texts of each job, in order. */
  jobs: string[][];
}

/** Worker → main thread: ready (with what it runs and how long it took to load), or the answer to one request. */
export type PoolReply =
  | { type: 'ready'; scorer: ScorerInfo & { description: string }; detector: ScorerInfo; loadMs: number }
  /** `json[j]`: JSON of job j's outcomes (ScoreOutcome[] or DetectOutcome[]), one per text in order. */
  | { type: 'done'; id: number; json: string[] }
  /** The whole request failed (the scorer threw): every job of it is a batch error. */
  | { type: 'failed'; id: number; error: string };
