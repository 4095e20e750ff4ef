/**
 * Scoring as jobs (issue 15, ADR 0032): a thread's texts that the score or trope cache lacks, in chunks of hashes,
 * each chunk one `score-texts` job, worked by any worker process or server on the same database.
 *
 * Contract:
 * - `enqueueThreadScoring(queue, store, threadId, engines)` enqueues one job per chunk of at most `chunkSize` distinct
 *   scorable hashes (sorted, so the same texts make the same chunks), all in the batch `scoreBatchId(...)`; the key
 *   of a chunk is a hash of the thread, the scorer's and the detector's names and versions and the chunk's hashes,
 *   so enqueueing the same work again (from another server too) makes no new job, and a new scorer version does.
 * - The payload: the thread id, the scorer's and detector's names and versions, the hashes. Never a text.
 * - The handler is idempotent: it reads the chunk's texts from the store by hash, skips hashes the caches hold (and
 *   hashes the thread no longer has), scores the rest `SCORE_BATCH_SIZE` at a time through `scoreTexts` and writes each
 *   batch at once (`saveCaches`, ON CONFLICT DO NOTHING), reporting progress and checking its signal between
 *   batches; so a job taken over after a crash scores only what was not stored, and nothing is stored twice.
 * - A worker whose scorer or detector is not the one the job names fails the attempt (it is retried, maybe on another
 *   worker); a scorer batch that fails as a whole fails the attempt after the other batches are stored.
 */
import crypto from 'node:crypto';
import type { ScorerInfo } from '../../core/scoring.ts';
import { isScorable, SCORE_BATCH_SIZE, scoreTexts, type EngineNames, type Engines } from '../score-texts.ts';
import type { Store } from '../store/store.ts';
import { textsByHash } from '../store/texts-by-hash.ts';
import { throwIfAborted, type JobHandler, type JobKind, type JobQueue } from './job-queue.ts';

export interface ScorePayload {
  threadId: string;
  scorer: ScorerInfo;
  detector: ScorerInfo;
  hashes: string[];
}

/** Hashes per job: a chunk takes seconds to score, well within `expireSeconds`. */
export const SCORE_CHUNK_SIZE = 2000;

const HASH = /^[0-9a-f]{64}$/;

/** A payload's scorer or detector `{ name, version }`, checked; throws naming `payload.<where>`. */
export function parseScorerInfo(value: unknown, where: string): ScorerInfo {
  const v = value as Partial<ScorerInfo> | null;
  if (typeof v !== 'object' || v === null || typeof v.name !== 'string' || typeof v.version !== 'string'
    || v.name.length === 0 || v.name.length > 100 || v.version.length === 0 || v.version.length > 100) {
    throw new Error(`payload.${where} must be { name, version } (1-100 characters each)`);
  }
  return { name: v.name, version: v.version };
}

export const SCORE_TEXTS: JobKind<ScorePayload> = {
  name: 'score-texts',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireSeconds: 45,
  parse(payload: unknown): ScorePayload {
    const p = payload as Partial<Record<keyof ScorePayload, unknown>> | null;
    if (typeof p !== 'object' || p === null) throw new Error('the payload must be an object');
    if (typeof p.threadId !== 'string' || p.threadId.length === 0 || p.threadId.length > 1000) throw new Error('payload.threadId must be a thread id (1-1000 characters)');
    if (!Array.isArray(p.hashes) || p.hashes.length > SCORE_CHUNK_SIZE) throw new Error(`payload.hashes must be a list of at most ${SCORE_CHUNK_SIZE} text hashes`);
    const bad = p.hashes.findIndex((h) => typeof h !== 'string' || !HASH.test(h));
    if (bad >= 0) throw new Error(`payload.hashes[${bad}] is not a text hash (64 hex digits)`);
    return { threadId: p.threadId, scorer: parseScorerInfo(p.scorer, 'scorer'), detector: parseScorerInfo(p.detector, 'detector'), hashes: p.hashes as string[] };
  },
};

/** The batch of a thread's scoring jobs for these engines (its progress is the sum of its chunks). */
export function scoreBatchId(threadId: string, engines: EngineNames): string {
  const digest = crypto.createHash('sha256').update(JSON.stringify([threadId, engines.scorer.name, engines.scorer.version, engines.detector.name, engines.detector.version])).digest('hex');
  return `score:${digest.slice(0, 32)}`;
}

/** Enqueues the thread's uncached scorable texts as chunk jobs; returns the batch id and the jobs made and found. */
export async function enqueueThreadScoring(queue: JobQueue, store: Store, threadId: string, engines: EngineNames, chunkSize = SCORE_CHUNK_SIZE): Promise<{ batchId: string; jobs: number; created: number }> {
  const hashes = [...new Set((await store.uncachedTexts(threadId, engines.scorer, engines.detector)).filter((t) => isScorable(t.text)).map((t) => t.hash))].sort();
  const batchId = scoreBatchId(threadId, engines);
  const scorer = { name: engines.scorer.name, version: engines.scorer.version };
  const detector = { name: engines.detector.name, version: engines.detector.version };
  let created = 0;
  let jobs = 0;
  for (let from = 0; from < hashes.length; from += chunkSize) {
    const chunk = hashes.slice(from, from + chunkSize);
    const key = crypto.createHash('sha256').update(JSON.stringify([threadId, scorer, detector, chunk])).digest('hex').slice(0, 40);
    const enqueued = await queue.enqueue(SCORE_TEXTS, { key, payload: { threadId, scorer, detector, hashes: chunk }, batchId, total: chunk.length });
    jobs += 1;
    if (enqueued.created) created += 1;
  }
  return { batchId, jobs, created };
}

function sameEngine(a: ScorerInfo, b: ScorerInfo): boolean {
  return a.name === b.name && a.version === b.version;
}

/** The handler of `score-texts` jobs on this store with these engines. */
export function scoreTextsHandler(store: Store, engines: Engines): JobHandler<ScorePayload> {
  return async (job) => {
    const { threadId, hashes, scorer, detector } = job.payload;
    if (!sameEngine(scorer, engines.scorer) || !sameEngine(detector, engines.detector)) {
      throw new Error(`this worker scores with ${engines.scorer.name} ${engines.scorer.version} and ${engines.detector.name} ${engines.detector.version}; the job asks for ${scorer.name} ${scorer.version} and ${detector.name} ${detector.version}`);
    }
    const texts = await textsByHash(store.sql, threadId, hashes);
    const cached = await store.cachedOf([...texts.keys()], engines.scorer, engines.detector);
    const pending = [...texts.keys()].filter((h) => isScorable(texts.get(h)!) && !(cached.scored.has(h) && cached.detected.has(h)));
    const total = hashes.length;
    let done = total - pending.length;
    await job.progress(done, total);
    const problems: string[] = [];
    for (let from = 0; from < pending.length; from += SCORE_BATCH_SIZE) {
      throwIfAborted(job.signal);
      const batch = pending.slice(from, from + SCORE_BATCH_SIZE);
      const scored = await scoreTexts(store, new Map(batch.map((h) => [h, texts.get(h)!])), engines);
      await store.saveCaches(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
      problems.push(...scored.problems.map((p) => `${p.where}: ${p.message}`));
      done += batch.length;
      await job.progress(done, total);
    }
    if (problems.length > 0) throw new Error(problems[0]!);
  };
}
