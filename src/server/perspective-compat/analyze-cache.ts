/**
 * Scores and trope hits for `comments:analyze`, by text hash: a small in-memory LRU first, then the store's score
 * and trope caches (the same rows imports write and read), then the embedded scorer and the detector. New results
 * go to the LRU and are written to the store in batches (one transaction every FLUSH_MS or FLUSH_AT results), never
 * one synchronous write per request. With the scoring pool (ADR 0019) the scorer and the detector run in its worker
 * threads (a text is scored and checked at once, in two jobs), so this thread only looks up, routes and answers. A `doNotStore` text leaves nothing anywhere: it is looked up (reads write
 * nothing), but its results enter neither the LRU nor the store.
 */
import type { CommentScore, Scorer, TropeDetector, TropeHit } from '../../core/scoring.ts';
import { isBatchDetector } from '../../app/score-texts.ts';
import { cachedScoreJson, cachedTropesJson } from '../../app/store/cache-lookups.ts';
import { hashText, type ScoreRecord, type Store, type TropeRecord } from '../../app/store/store.ts';

/** Results kept in memory. */
export const LRU_SIZE = 2000;
/** Longest wait before new results are written. */
export const FLUSH_MS = 250;
/** Results that trigger a write at once. */
export const FLUSH_AT = 500;

/** What the route needs for one text: its score, and its trope hits when they were asked for (null: not run). */
export interface Analyzed {
  score: CommentScore;
  hits: TropeHit[] | null;
}

/** The scorer failed on this text (the message names no text). */
export class ScoringFailed extends Error {}

/** A least-recently-used map of bounded size. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
}

export interface AnalyzeCacheOptions {
  lruSize?: number;
  flushMs?: number;
  flushAt?: number;
  /** Told when a batched write fails (the message of the database error; never a text). */
  onWriteError?: (message: string) => void;
}

export class AnalyzeCache {
  private readonly lru: Lru<Analyzed>;
  private pendingScores: ScoreRecord[] = [];
  private pendingTropes: TropeRecord[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly scorer: Scorer,
    private readonly detector: TropeDetector,
    private readonly options: AnalyzeCacheOptions = {},
  ) {
    this.lru = new Lru(options.lruSize ?? LRU_SIZE);
  }

  /**
   * The score of `text`, and its trope hits when `tropes` (the detector runs only for callers who ask for them);
   * `keep: false` (doNotStore) keeps nothing of it. Throws ScoringFailed.
   */
  async analyze(text: string, options: { keep: boolean; tropes: boolean }): Promise<Analyzed> {
    const hash = hashText(text);
    const remembered = this.lru.get(hash);
    if (remembered && (remembered.hits !== null || !options.tropes)) return remembered;
    const stored = remembered ?? (await this.fromStore(hash, options.tropes));
    const [score, hits] = await Promise.all([
      stored.score ?? this.score(text),
      stored.hits ?? (options.tropes ? this.detect(text) : null),
    ]);
    const result = { score, hits };
    if (options.keep) {
      this.lru.set(hash, result);
      if (!stored.score) this.pendingScores.push({ hash, result: score, error: null });
      if (!stored.hits && hits) this.pendingTropes.push({ hash, hits, error: null });
      this.schedule();
    }
    return result;
  }

  /** Writes what is pending in one transaction; a failure (the store closed, say) is told to onWriteError, never thrown. */
  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const scores = this.pendingScores;
    const tropes = this.pendingTropes;
    this.pendingScores = [];
    this.pendingTropes = [];
    if (scores.length === 0 && tropes.length === 0) return;
    try {
      await this.store.saveCaches(this.scorer, this.detector, scores, tropes, new Date().toISOString());
    } catch (error) {
      this.options.onWriteError?.(error instanceof Error ? error.message : 'unknown error');
    }
  }

  private schedule(): void {
    if (this.pendingScores.length + this.pendingTropes.length >= (this.options.flushAt ?? FLUSH_AT)) return void this.flush();
    if (this.timer !== null) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushMs ?? FLUSH_MS);
    this.timer.unref();
  }

  /** Cached results of this scorer and detector version; a cached failure counts as absent (scored again). */
  private async fromStore(hash: string, tropes: boolean): Promise<{ score: CommentScore | null; hits: TropeHit[] | null }> {
    const score = await cachedScoreJson(this.store.sql, hash, this.scorer);
    const hits = tropes ? await cachedTropesJson(this.store.sql, hash, this.detector) : null;
    return {
      score: typeof score === 'string' ? (JSON.parse(score) as CommentScore) : null,
      hits: typeof hits === 'string' ? (JSON.parse(hits) as TropeHit[]) : null,
    };
  }

  /** The detector's hits: in the pool's workers when it has them (a failure there is a ScoringFailed), else here. */
  private async detect(text: string): Promise<TropeHit[]> {
    if (!isBatchDetector(this.detector)) return this.detector.detect(text);
    const [outcome] = await this.detector.detectBatch([text]).catch(() => {
      throw new ScoringFailed(`${this.detector.name} could not check the comment`);
    });
    if (!outcome?.hits) throw new ScoringFailed(`${this.detector.name} failed on the comment`);
    return outcome.hits;
  }

  private async score(text: string): Promise<CommentScore> {
    const [outcome] = await this.scorer.score([{ key: 'analyze', text }]);
    if (!outcome) throw new ScoringFailed(`${this.scorer.name} returned no result`);
    if (!outcome.ok) throw new ScoringFailed(`${this.scorer.name} failed on the comment`);
    return outcome.score;
  }
}
