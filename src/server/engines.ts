/**
 * The scorer and trope detector of a process (the server, the CLI), made in one place (ADR 0019): the chosen scorer
 * and the embedded detector, run in the scoring pool's worker threads when the process has workers. The chosen
 * scorer is pooled when it is the embedded one (a remote adapter stays as it is: its work is waiting on the
 * network); the detector is pooled whatever the scorer. Pooled engines answer under the in-process names, versions
 * and description, so caches, reports and versions do not change with the number of workers.
 */
import type { Scorer, TropeDetector } from '../core/scoring.ts';
import { createEmbeddedScorer, createTropeDetector, MODEL_SCORER_NAME } from '../scoring/index.ts';
import { ScorePool, type ScorePoolOptions } from './score-pool.ts';
import type { Engines } from './score-texts.ts';

/** A process's engines and the pool behind them, if any. */
export interface ProcessEngines extends Engines {
  /** The scoring pool (null: everything runs on the calling thread). */
  readonly pool: ScorePool | null;
  /** The embedded scorer, pooled when there is a pool (comments:analyze and Coral use it whatever the console chose). */
  readonly embedded: Scorer;
  /** Ends the pool's workers. */
  close(): Promise<void>;
}

export interface EnginesOptions {
  /** Worker threads of the pool; 0 runs the scorer and the detector on the calling thread. */
  workers: number;
  /** Starts a worker (tests). */
  spawn?: ScorePoolOptions['spawn'];
  /** The in-process detector (default: the embedded one). */
  detector?: TropeDetector;
}

/**
 * Inputs smaller than this are scored on the CLI's own thread: starting the workers costs each a load of the model
 * (see ADR 0019 for the times measured), more than scoring a small thread takes.
 */
export const POOL_MIN_INPUT_BYTES = 1024 * 1024;

/** Workers for a CLI run over an input of `inputBytes`: none below POOL_MIN_INPUT_BYTES, else `configured`. */
export function workersForInput(inputBytes: number, configured: number): number {
  return inputBytes < POOL_MIN_INPUT_BYTES ? 0 : configured;
}

/** True for the embedded scorer (by name: the pooled one and the in-process one are the same scorer). */
export function isEmbedded(scorer: Scorer): boolean {
  return scorer.name === MODEL_SCORER_NAME;
}

/** The engines of a process for the chosen scorer. The pool's workers start loading the model now, not on the first request. */
export function createEngines(chosen: Scorer, options: EnginesOptions): ProcessEngines {
  const detector = options.detector ?? createTropeDetector();
  const embedded = isEmbedded(chosen) ? chosen : createEmbeddedScorer();
  if (options.workers === 0) return { scorer: chosen, detector, embedded, pool: null, close: async () => undefined };
  const pool = new ScorePool({ size: options.workers, scorer: embedded, detector, spawn: options.spawn });
  return {
    scorer: isEmbedded(chosen) ? pool.scorer : chosen,
    detector: pool.detector,
    embedded: pool.scorer,
    pool,
    close: () => pool.close(),
  };
}
