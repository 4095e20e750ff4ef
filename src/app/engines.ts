/**
 * The scorer and trope detector of a process (the server, the CLI), made in one place (ADR 0019): the chosen scorer
 * and the embedded detector, run in the scoring pool's worker threads when the process has workers. The chosen
 * scorer is pooled when it is the embedded one (a remote adapter stays as it is: its work is waiting on the
 * network); the detector is pooled whatever the scorer. Pooled engines answer under the in-process names, versions
 * and description, so caches, reports and versions do not change with the number of workers.
 */
import type { Scorer, TropeDetector } from '../core/scoring.ts';
import { createEmbeddedScorer, createTropeDetector, MODEL_SCORER_NAME } from '../scoring/index.ts';
import type { SaveTarget } from './import-worker-protocol.ts';
import { poolBehind, ScorePool, type PoolJobKind, type ScorePoolOptions } from './score-pool.ts';
import { detectOutcome, type Engines, type ParallelScorer } from './score-texts.ts';
import { locatorFrom, type DatabaseLocator } from './store/store.ts';

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

/**
 * Runs the scorer (`score`) or the detector (`detect`) of `engines` on texts for another thread (the import worker):
 * the outcomes as JSON text, one per text. The scoring pool's JSON is passed on as it came (this thread parses
 * nothing); other engines run here and their outcomes are serialized.
 */
export async function outcomesJson(engines: Engines, kind: PoolJobKind, texts: string[]): Promise<string> {
  const engine = kind === 'score' ? engines.scorer : engines.detector;
  const pool = poolBehind(engine);
  if (pool) return pool.run(kind, texts);
  if (kind === 'score') return JSON.stringify(await engines.scorer.score(texts.map((text, i) => ({ key: String(i), text }))));
  return JSON.stringify(texts.map((text) => detectOutcome(engines.detector, text)));
}

/**
 * What the import worker needs to save under these engines' names and versions (ADR 0019): the database (a store's
 * `locator`, or a data directory's SQLite file) and the engines' names and versions.
 */
export function saveTargetOf(database: DatabaseLocator | string, { scorer, detector }: Engines): SaveTarget {
  const parallelism = (scorer as Partial<ParallelScorer>).parallelism;
  return {
    database: typeof database === 'string' ? locatorFrom({ dataDir: database }) : database,
    scorer: { name: scorer.name, version: scorer.version, description: scorer.description, attributes: [...scorer.attributes], parallelism: typeof parallelism === 'number' ? parallelism : 0 },
    detector: { name: detector.name, version: detector.version },
  };
}
