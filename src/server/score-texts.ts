/**
 * Scoring of distinct texts (by hash) into the score and trope caches: the scorer in batches, the trope detector
 * per text. Shared by imports (pipeline.ts), thread views that find texts a new scorer version has not scored
 * (view-cache.ts), rescoring and live threads.
 */
import type { ImportProblem } from '../core/model.ts';
import type { CommentScore, Scorer, ScorerInfo, TropeDetector } from '../core/scoring.ts';
import type { ScoreRecord, Store, TropeRecord } from './store.ts';

/** The scorer and trope detector a pipeline run uses. */
export interface Engines {
  scorer: Scorer;
  detector: TropeDetector;
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
/** Scores (and runs the detector on) the texts of a stored thread that the caches lack, e.g. after a scorer upgrade. */
export async function scorePending(store: Store, threadId: string, engines: Engines): Promise<number> {
  const pending = new Map<string, string>();
  for (const { hash, text } of store.uncachedTexts(threadId, engines.scorer, engines.detector)) {
    if (isScorable(text)) pending.set(hash, text);
  }
  return scoreIntoCaches(store, pending, engines);
}

/** Scores (and runs the detector on) the given texts, by hash, that the caches lack, and caches the results; returns how many were scored. */
export async function scoreIntoCaches(store: Store, texts: ReadonlyMap<string, string>, engines: Engines): Promise<number> {
  if (texts.size === 0) return 0;
  const scored = await scoreTexts(store, texts, engines);
  store.saveCaches(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
  return scored.scores.length;
}

/** Runs the scorer and the detector on the texts (by hash) whose results are not cached yet. */
export async function scoreTexts(store: Store, texts: ReadonlyMap<string, string>, { scorer, detector }: Engines, hooks: StoreHooks = {}): Promise<{ scores: ScoreRecord[]; tropes: TropeRecord[]; problems: ImportProblem[] }> {
  const scores: ScoreRecord[] = [];
  const tropes: TropeRecord[] = [];
  const problems: ImportProblem[] = [];
  const toScore: Array<{ key: string; text: string }> = [];
  const toDetect: Array<[string, string]> = [];
  let looked = 0;
  for (const [hash, text] of texts) {
    if (!store.hasScore(hash, scorer)) toScore.push({ key: hash, text });
    if (!store.hasTropes(hash, detector)) toDetect.push([hash, text]);
    if (++looked % PAUSE_EVERY === 0) await hooks.pause?.();
  }
  const total = toDetect.length + toScore.length;
  let done = 0;
  hooks.onScoring?.(done, total);
  await hooks.pause?.();
  for (let start = 0; start < toDetect.length; start += SCORE_BATCH_SIZE) {
    const chunk = toDetect.slice(start, start + SCORE_BATCH_SIZE);
    for (const [hash, text] of chunk) tropes.push(detectTropes(detector, hash, text));
    done += chunk.length;
    hooks.onScoring?.(done, total);
    await hooks.pause?.();
  }
  for (let start = 0; start < toScore.length; start += SCORE_BATCH_SIZE) {
    const batch = toScore.slice(start, start + SCORE_BATCH_SIZE);
    try {
      const outcomes = await scorer.score(batch);
      batch.forEach((request, i) => {
        const outcome = outcomes[i];
        if (!outcome) scores.push({ hash: request.key, result: null, error: `${scorer.name} returned no result for this text` });
        else if (!outcome.ok) scores.push({ hash: request.key, result: null, error: String(outcome.error) });
        else scores.push(checkedScore(request.key, outcome.score, scorer));
      });
    } catch (error) {
      // A whole batch failed (not a per-comment error): cache nothing, so the texts are scored again next time.
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ severity: 'warning', where: `scorer ${scorer.name} ${scorer.version}`, message: `Scoring ${batch.length} texts failed (${reason}); they stay unscored and are retried when the thread is opened.` });
    }
    done += batch.length;
    hooks.onScoring?.(done, total);
    await hooks.pause?.();
  }
  return { scores, tropes, problems };
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
  try {
    return { hash, hits: detector.detect(text), error: null };
  } catch (error) {
    return { hash, hits: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The scoreError of a scorable comment whose text this scorer version has not scored (yet). */
export function notScoredMessage(scorer: ScorerInfo): string {
  return `not scored yet by ${scorer.name} ${scorer.version}`;
}
