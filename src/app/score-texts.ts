/**
 * Scoring of distinct texts (by hash) into the score and trope caches: the scorer and the trope detector in batches.
 * Shared by imports (pipeline.ts), thread views that find texts a new scorer version has not scored
 * (view-cache.ts), rescoring and live threads. With the scoring pool (score-pool.ts, ADR 0019) several batches are
 * in flight at once, so every worker works, and the detector runs in the workers too.
 */
import type { ImportProblem } from '../core/model.ts';
import type { CommentScore, Scorer, ScorerInfo, TropeDetector } from '../core/scoring.ts';
import type { DetectOutcome } from './score-pool-protocol.ts';
import type { ScoreRecord, Store, TropeRecord } from './store/store.ts';

/** The scorer and trope detector a pipeline run uses. */
export interface Engines {
  scorer: Scorer;
  detector: TropeDetector;
}
/** Which scorer and detector, by name and version only: what a stored result or a job is keyed by. */
export interface EngineNames {
  scorer: ScorerInfo;
  detector: ScorerInfo;
}
/** A scorer that takes several batches at once (the scoring pool's: one per worker). */
export interface ParallelScorer extends Scorer {
  readonly parallelism: number;
}
/** A detector that also checks batches asynchronously, off the main thread (the scoring pool's). */
export interface BatchTropeDetector extends TropeDetector {
  detectBatch(texts: readonly string[]): Promise<DetectOutcome[]>;
}
/** Progress of storing an import, and room for the caller to let other work run; throwing stops it with nothing saved. */
export interface StoreHooks {
  /** `done` of `total` scoring steps (a trope check or a score of one new distinct text), after each batch. */
  onScoring?(done: number, total: number): void;
  /** Awaited between pieces of work (threads prepared, cache look-ups, batches): the server answers other requests there. */
  pause?(): Promise<void>;
  /** Called right before the one write. */
  onSaving?(): void;
}
/** Threads prepared, or texts looked up in the caches, between two pauses. */
export const PAUSE_EVERY = 2000;
/** Texts per scorer call. */
export const SCORE_BATCH_SIZE = 500;

/** True when a text is worth scoring (empty and whitespace-only bodies are not). */
export function isScorable(text: string): boolean {
  return text.trim() !== '';
}
/** Batches in flight at once: one more than the scorer takes in parallel (so no worker waits for the next), else one. */
export function batchesInFlight(scorer: Scorer): number {
  const parallelism = (scorer as Partial<ParallelScorer>).parallelism;
  return typeof parallelism === 'number' && parallelism >= 1 ? parallelism + 1 : 1;
}
/** True for a detector that checks batches off the main thread. */
export function isBatchDetector(detector: TropeDetector): detector is BatchTropeDetector {
  return typeof (detector as Partial<BatchTropeDetector>).detectBatch === 'function';
}
/** Scores (and runs the detector on) the texts of a stored thread that the caches lack, e.g. after a scorer upgrade. */
export async function scorePending(store: Store, threadId: string, engines: Engines): Promise<number> {
  const pending = new Map<string, string>();
  for (const { hash, text } of await store.uncachedTexts(threadId, engines.scorer, engines.detector)) {
    if (isScorable(text)) pending.set(hash, text);
  }
  return scoreIntoCaches(store, pending, engines);
}

/** Scores (and runs the detector on) the given texts, by hash, that the caches lack, and caches the results; returns how many were scored. */
export async function scoreIntoCaches(store: Store, texts: ReadonlyMap<string, string>, engines: Engines): Promise<number> {
  if (texts.size === 0) return 0;
  const scored = await scoreTexts(store, texts, engines);
  await store.saveCaches(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
  return scored.scores.length;
}

/** Runs the scorer and the detector on the texts (by hash) whose results are not cached yet. */
export async function scoreTexts(store: Store, texts: ReadonlyMap<string, string>, engines: Engines, hooks: StoreHooks = {}): Promise<{ scores: ScoreRecord[]; tropes: TropeRecord[]; problems: ImportProblem[] }> {
  const { scorer, detector } = engines;
  const scores: ScoreRecord[] = [];
  const tropes: TropeRecord[] = [];
  const problems: ImportProblem[] = [];
  const toScore: Array<{ key: string; text: string }> = [];
  const toDetect: Array<{ key: string; text: string }> = [];
  const cached = await store.cachedOf([...texts.keys()], scorer, detector, async () => { await hooks.pause?.(); });
  for (const [hash, text] of texts) {
    if (!cached.scored.has(hash)) toScore.push({ key: hash, text });
    if (!cached.detected.has(hash)) toDetect.push({ key: hash, text });
  }
  const total = toDetect.length + toScore.length;
  let done = 0;
  hooks.onScoring?.(done, total);
  await hooks.pause?.();
  const batches: Array<() => Promise<void>> = [];
  for (let start = 0; start < toDetect.length; start += SCORE_BATCH_SIZE) {
    const batch = toDetect.slice(start, start + SCORE_BATCH_SIZE);
    batches.push(async () => {
      tropes.push(...await detectBatch(detector, batch, problems));
      done += batch.length;
    });
  }
  for (let start = 0; start < toScore.length; start += SCORE_BATCH_SIZE) {
    const batch = toScore.slice(start, start + SCORE_BATCH_SIZE);
    batches.push(async () => {
      scores.push(...await scoreBatch(scorer, batch, problems));
      done += batch.length;
    });
  }
  await inFlight(batches, batchesInFlight(scorer), async () => {
    hooks.onScoring?.(done, total);
    await hooks.pause?.();
  });
  return { scores, tropes, problems };
}

/**
 * Runs `tasks` with at most `limit` at once, calling `between` after each one ends (it may throw to stop: no new
 * task starts, and the error is thrown once the running ones have ended, so none is left behind).
 */
async function inFlight(tasks: ReadonlyArray<() => Promise<void>>, limit: number, between: () => Promise<void>): Promise<void> {
  let next = 0;
  let stopped: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (stopped === null && next < tasks.length) {
      const task = tasks[next++]!;
      await task();
      if (stopped !== null) return;
      try {
        await between();
      } catch (error) {
        stopped ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  if (stopped !== null) throw (stopped as { error: unknown }).error;
}

/** One scorer batch; a batch that fails as a whole caches nothing (the texts are scored again next time) and says so. */
async function scoreBatch(scorer: Scorer, batch: ReadonlyArray<{ key: string; text: string }>, problems: ImportProblem[]): Promise<ScoreRecord[]> {
  try {
    const outcomes = await scorer.score(batch);
    return batch.map((request, i) => {
      const outcome = outcomes[i];
      if (!outcome) return { hash: request.key, result: null, error: `${scorer.name} returned no result for this text` };
      if (!outcome.ok) return { hash: request.key, result: null, error: String(outcome.error) };
      return checkedScore(request.key, outcome.score, scorer);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ severity: 'warning', where: `scorer ${scorer.name} ${scorer.version}`, message: `Scoring ${batch.length} texts failed (${reason}); they stay unscored and are retried when the thread is opened.` });
    return [];
  }
}

/** One detector batch: in the scoring pool's workers when it has them, else here; a failed batch caches nothing and says so. */
async function detectBatch(detector: TropeDetector, batch: ReadonlyArray<{ key: string; text: string }>, problems: ImportProblem[]): Promise<TropeRecord[]> {
  if (!isBatchDetector(detector)) return batch.map(({ key, text }) => detectTropes(detector, key, text));
  try {
    const outcomes = await detector.detectBatch(batch.map((b) => b.text));
    return batch.map(({ key }, i) => {
      const outcome = outcomes[i];
      return outcome ? { hash: key, hits: outcome.hits, error: outcome.error } : { hash: key, hits: null, error: `${detector.name} returned no result for this text` };
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ severity: 'warning', where: `detector ${detector.name} ${detector.version}`, message: `Checking ${batch.length} texts for tropes failed (${reason}); they stay unchecked and are retried when the thread is opened.` });
    return [];
  }
}

function checkedScore(hash: string, score: CommentScore, scorer: ScorerInfo): ScoreRecord {
  for (const [attribute, value] of Object.entries(score.scores)) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      return { hash, result: null, error: `${scorer.name} returned an invalid ${attribute} score` };
    }
  }
  return { hash, result: score, error: null };
}

function detectTropes(detector: TropeDetector, hash: string, text: string): TropeRecord {
  return { hash, ...detectOutcome(detector, text) };
}

/** The detector's hits on one text, or its error (kept per text, as the trope cache stores it). */
export function detectOutcome(detector: TropeDetector, text: string): DetectOutcome {
  try {
    return { hits: detector.detect(text), error: null };
  } catch (error) {
    return { hits: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The scoreError of a scorable comment whose text this scorer version has not scored (yet). */
export function notScoredMessage(scorer: ScorerInfo): string {
  return `not scored yet by ${scorer.name} ${scorer.version}`;
}
