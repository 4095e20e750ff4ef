/**
 * Imports as jobs (issue 15, ADR 0033): on PostgreSQL a console server stores the body of `POST /api/imports` as an
 * upload (store/uploads.ts) and enqueues an `import-file` job, which any worker process or console server runs; the
 * server that received the file, or any other, follows it with `importStatus` and answers as the POST always has.
 *
 * Contract:
 * - `enqueueImport(queue, store, request, engines)` stores the bytes as an upload (a new UUID; the actor, the
 *   client's progress id, file name and format) and enqueues its job: key `upload:<uploadId>`, batch
 *   `importBatchId(uploadId)`, payload `{ uploadId, scorer, detector }` (names and versions only: never the file's
 *   text), expiry `importExpirySeconds(bytes)` (a large file needs longer than one kind-wide expiry: pg-boss 10 has no
 *   heartbeat). If the enqueue fails, the upload is ended as refused ("could not be queued") and its bytes dropped,
 *   and the error is thrown.
 * - The handler (`importFileHandler`), ADR 0033's four steps:
 *   1. reads the upload; when an outcome is recorded already (an earlier attempt committed, then died), goes to 4;
 *   2. parses the bytes with the process's parser (`JobContext.parse`); an input the importer refuses is an outcome
 *      (`ok: false`, the importer's message and place), recorded at once and not retried;
 *   3. saves the threads unscored (`storeImportUnscored`, merge by comment id) and, inside the transaction that makes
 *      them current, records the outcome (the `ImportResponse` and its threads' score batches) and appends one
 *      `import` audit entry per thread (src/app/audit/import-audit.ts, the same wording as the SQLite route). When
 *      another attempt recorded an outcome first, this attempt's save is rolled back (nothing twice) and its outcome
 *      used. So a kill at any point left either nothing visible or the threads, the outcome and the audit together;
 *   4. enqueues each stored thread's scoring (`enqueueThreadScoring`: keyed chunk jobs, so a second attempt adds
 *      none), drops the upload's bytes, and appends a `thread` live event per thread (the live bus of every console
 *      server reads it after the NOTIFY: ADR 0031).
 *   The signal is checked between the steps (a parse in progress stops only if the parser can: a worker pool's); the
 *   save, once started, completes. The handler scores nothing, so any worker runs it whatever its own scorer: the
 *   score jobs it enqueues name the payload's scorer and detector (a worker without them refuses those, as score-job
 *   says; if none has them they fail, and the import answers with a warning: see `importStatus`). When the last attempt (`retryLimit` + 1) fails, it drops the upload's bytes
 *   (no outcome is recorded: the failed job is the answer, a 500). A last attempt lost with its worker drops nothing:
 *   its bytes stay until `pruneUploads` takes the row by its age.
 * - Progress (job_progress, absolute figures): while parsing `done` of `PARSE_STEPS` (< PARSE_STEPS; total 0 until
 *   the importer reports a fraction); while saving `PARSE_STEPS` of `PARSE_STEPS`.
 * - `importStatus(store, queue, uploadId, engines)` reads the upload, its job and its threads' score batches (any
 *   server, the database alone) and maps them onto the console's `ImportProgress`: `queued` (job waiting or between
 *   attempts) → `parsing` (with the importer's fraction) → `saving` → `scoring` (the sum of the score batches) → `done`
 *   (the job done and every score batch ended) or `failed` (the importer refused: 400 with its message and place; the
 *   job failed after its retries: 500 with the error). A score batch that ended with failed jobs while the thread
 *   still has unscored texts adds a warning to the answer's problems (the import is stored; as on SQLite, unscored
 *   texts are a warning, scored when the thread is opened or rescored); one whose texts are all scored (a failure of
 *   an earlier import of the thread) adds nothing. `outcome` is how the POST answers, or
 *   null while the import runs. The progress id is the client's, else the upload id. `engines` (the import's scorer
 *   and detector) tell which texts are still unscored when a score batch failed.
 *
 * Tests: import-job.test.ts (the in-process queue on SQLite and PgJobQueue on the test cluster).
 */
import crypto from 'node:crypto';
import type { ImportProgress, ImportResponse } from '../../core/api.ts';
import type { ImportProblem, ImportResult } from '../../core/model.ts';
import { isRole, type Role } from '../../core/roles.ts';
import type { ScorerInfo } from '../../core/scoring.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { auditImport, importSource } from '../audit/import-audit.ts';
import { isProgressId } from '../import-progress.ts';
import { storeImportUnscored } from '../pipeline.ts';
import { isScorable, type EngineNames } from '../score-texts.ts';
import { appendLiveEvent } from '../store/live-events.ts';
import type { Store } from '../store/store.ts';
import { dropUploadBytes, recordUploadOutcome, saveUpload, uploadBytes, uploadMeta, type UploadMeta, type UploadOutcome } from '../store/uploads.ts';
import type { JobContext } from './kinds.ts';
import { errorMessage, jobId, MAX_EXPIRE_SECONDS, throwIfAborted, type BatchProgress, type JobHandler, type JobKind, type JobQueue, type RunningJob } from './job-queue.ts';
import { enqueueThreadScoring, parseScorerInfo, scoreBatchId } from './score-job.ts';

export interface ImportPayload {
  uploadId: string;
  scorer: ScorerInfo;
  detector: ScorerInfo;
}

/** Steps of the parsing phase in the job's progress (the importer's fraction in thousandths). */
export const PARSE_STEPS = 1000;

/**
 * Bytes a second an import job reads back, parses and saves (unscored), measured on PostgreSQL (2026-12-07, 2 cores
 * at a load of 8-11): `bench/generate-big-thread.ts`'s 100,000-comment CSV, 21.1 MB, read back from `upload_parts` in
 * 1.0 s, parsed in 4.1 s, saved in 16.4 s: 21.5 s, about 0.98 MB/s. `importExpirySeconds` leaves three times that.
 */
export const IMPORT_BYTES_PER_SECOND = 1_000_000;

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAYLOAD_KEYS = new Set(['uploadId', 'scorer', 'detector']);

export const IMPORT_FILE: JobKind<ImportPayload> = {
  name: 'import-file',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireSeconds: 120,
  parse(payload: unknown): ImportPayload {
    const p = payload as Partial<Record<keyof ImportPayload, unknown>> | null;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error('the payload must be an object');
    const extra = Object.keys(p).find((key) => !PAYLOAD_KEYS.has(key));
    if (extra !== undefined) throw new Error(`the payload holds ${JSON.stringify(extra.slice(0, 40))}: an import-file payload is { uploadId, scorer, detector } only (never the file or its text)`);
    if (typeof p.uploadId !== 'string' || !UPLOAD_ID.test(p.uploadId)) throw new Error('payload.uploadId must be an upload id (a lower-case UUID)');
    return { uploadId: p.uploadId, scorer: parseScorerInfo(p.scorer, 'scorer'), detector: parseScorerInfo(p.detector, 'detector') };
  },
};

/** The batch of an upload's import job. */
export function importBatchId(uploadId: string): string {
  return `import:${uploadId}`;
}

/** The id of an upload's import job. */
export function importJobId(uploadId: string): string {
  return jobId(IMPORT_FILE, `upload:${uploadId}`);
}

/** The expiry of one attempt of an import of `byteLength` bytes: the kind's, plus three times the measured time. */
export function importExpirySeconds(byteLength: number): number {
  const bytes = Number.isFinite(byteLength) && byteLength > 0 ? byteLength : 0;
  return Math.min(MAX_EXPIRE_SECONDS, IMPORT_FILE.expireSeconds + Math.ceil((3 * bytes) / IMPORT_BYTES_PER_SECOND));
}

export interface ImportRequest {
  bytes: Uint8Array;
  fileName: string | null;
  format: string | null;
  progressId: string | null;
  actor: { username: string; role: Role | null };
}

/** Stores the upload and enqueues its import; returns the upload id and the import job's id. */
export async function enqueueImport(queue: JobQueue, store: Store, request: ImportRequest, engines: EngineNames): Promise<{ uploadId: string; jobId: string }> {
  if (!(request.bytes instanceof Uint8Array)) throw new Error('enqueueImport: the bytes must be a Uint8Array');
  if (request.progressId !== null && !isProgressId(request.progressId)) throw new Error('enqueueImport: the progress id is not one a client may choose');
  if (typeof request.actor?.username !== 'string' || request.actor.username === '') throw new Error('enqueueImport: the import has no actor');
  const uploadId = crypto.randomUUID();
  await saveUpload(store.sql, {
    id: uploadId, progressId: request.progressId, actor: request.actor.username, actorRole: request.actor.role,
    fileName: request.fileName, format: request.format, bytes: request.bytes, createdAt: new Date().toISOString(),
  });
  try {
    const enqueued = await queue.enqueue(IMPORT_FILE, {
      key: `upload:${uploadId}`,
      payload: { uploadId, scorer: infoOf(engines.scorer), detector: infoOf(engines.detector) },
      batchId: importBatchId(uploadId),
      expireSeconds: importExpirySeconds(request.bytes.length),
    });
    return { uploadId, jobId: enqueued.id };
  } catch (error) {
    // Ended, so that the upload is pruned in time and no status waits for a job that will never run.
    await recordUploadOutcome(store.sql, uploadId, { ok: false, error: `the import could not be queued (${errorMessage(error)}); send the file again`, where: null }, new Date().toISOString()).catch(() => false);
    await dropUploadBytes(store.sql, uploadId).catch(() => 0);
    throw error;
  }
}

export interface ImportStatus {
  /** The import's progress as GET /api/imports/progress/:id shows it; `id` is the progress id, else the upload id. */
  progress: ImportProgress;
  /** null while running; else how the POST answers. */
  outcome: null | { status: 201; response: ImportResponse } | { status: 400 | 500; error: string; where: string | null };
}

/** The import as the console shows it, from the database alone (any server). null for an unknown upload. */
export async function importStatus(store: Store, queue: JobQueue, uploadId: string, engines: EngineNames): Promise<ImportStatus | null> {
  if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) return null;
  const meta = await uploadMeta(store.sql, uploadId);
  if (meta === undefined) return null;
  const job = await queue.job(importJobId(uploadId));
  const times = [meta.createdAt, meta.endedAt, job?.updatedAt].filter((t): t is string => typeof t === 'string');
  const base: ImportProgress = {
    id: meta.progressId ?? uploadId, phase: 'queued', fraction: null, done: null, total: null, error: null, where: null, threadIds: [],
    updatedAt: times.sort().at(-1)!,
  };
  const failed = (status: 400 | 500, error: string, where: string | null, at?: string): ImportStatus => ({
    progress: { ...base, phase: 'failed', error, where, ...(at !== undefined && at > base.updatedAt ? { updatedAt: at } : {}) },
    outcome: { status, error, where },
  });
  const outcome = meta.outcome;
  if (outcome !== null && !outcome.ok) return failed(400, outcome.error, outcome.where);
  if (job?.state === 'failed') return failed(500, job.error ?? 'the import job failed', null);
  if (outcome === null) {
    if (job === undefined || job.state === 'queued' || job.state === 'retrying') return { progress: base, outcome: null };
    // Not reached by this handler (it records an outcome or throws); a row edited by hand must not show "parsing".
    if (job.state === 'done') return failed(500, 'the import job ended without recording its outcome', null);
    if (job.total === PARSE_STEPS && job.done >= PARSE_STEPS) return { progress: { ...base, phase: 'saving' }, outcome: null };
    const fraction = job.total === PARSE_STEPS ? Math.min(1, job.done / PARSE_STEPS) : null;
    return { progress: { ...base, phase: 'parsing', fraction }, outcome: null };
  }
  // Saved: scoring until the job (which enqueues the scoring) and every score batch are done.
  let done = 0;
  let total = 0;
  let finished = job?.state === 'done';
  let updatedAt = base.updatedAt;
  const unscored: ImportProblem[] = [];
  for (const [i, batchId] of outcome.scoreBatches.entries()) {
    const batch = await queue.batch(batchId);
    if (batch === undefined) continue; // nothing to score in that thread
    done += batch.done;
    total += batch.total;
    if (batch.state !== 'done' && batch.state !== 'failed') finished = false;
    if (batch.updatedAt > updatedAt) updatedAt = batch.updatedAt;
    const threadId = outcome.response.threads[i]?.id;
    if (batch.state === 'failed' && threadId !== undefined) {
      const problem = await scoringProblem(store, threadId, batch, engines);
      if (problem !== null) unscored.push(problem);
    }
  }
  const threadIds = outcome.response.threads.map((t) => t.id);
  if (finished) {
    const response = unscored.length === 0 ? outcome.response : { ...outcome.response, problems: [...outcome.response.problems, ...unscored] };
    return { progress: { ...base, phase: 'done', fraction: 1, done, total, threadIds, updatedAt }, outcome: { status: 201, response } };
  }
  return { progress: { ...base, phase: 'scoring', fraction: total > 0 ? done / total : null, done, total, updatedAt }, outcome: null };
}

/**
 * The warning for a thread whose score batch ended with failed jobs, or null when the thread has no scorable text
 * left uncached (the failed job was an earlier import's, or its texts were scored since). The import itself is
 * stored: as on SQLite, texts the scorer could not score are a warning of the import, not its failure, and are scored
 * when the thread is opened or rescored.
 */
async function scoringProblem(store: Store, threadId: string, batch: BatchProgress, engines: EngineNames): Promise<ImportProblem | null> {
  const left = (await store.uncachedTexts(threadId, engines.scorer, engines.detector)).filter((t) => isScorable(t.text)).length;
  if (left === 0) return null;
  const why = batch.errors[0] ?? 'no error was recorded';
  return {
    severity: 'warning',
    where: `thread "${threadId}"`,
    message: `${left} ${left === 1 ? 'text was' : 'texts were'} not scored: ${batch.states.failed} of ${batch.jobs} scoring jobs failed (${why}); they are scored when the thread is opened, or with Rescore.`,
  };
}

/** Test-only points of the handler, to cut an attempt at a chosen place (the tests' stand-in for a killed worker). */
export interface ImportHandlerTesting {
  /** Awaited once the parse ended well and `saving` is reported, before the save starts. */
  beforeSave?(): Promise<void>;
  /** Awaited inside the save's transaction, after the outcome and the audit entries were written. */
  inCommit?(): Promise<void>;
  /** Awaited once the save committed, before step 4. */
  afterCommit?(): Promise<void>;
}

/** Another attempt recorded the outcome first: this attempt's save is rolled back. */
class AlreadyRecorded extends Error {
  override name = 'AlreadyRecorded';
}

function infoOf(engine: ScorerInfo): ScorerInfo {
  return { name: engine.name, version: engine.version };
}

/**
 * Reports the parse's fraction as job progress: the importers call back synchronously, the progress is written
 * asynchronously, one write at a time and only the latest value (never a backlog of writes).
 */
function parseProgress(job: RunningJob<ImportPayload>): { report(fraction: number): void; settle(): Promise<void> } {
  let shown = -1;
  let latest: number | null = null;
  let writing: Promise<void> | null = null;
  let failure: unknown = null;
  const flush = async (): Promise<void> => {
    while (latest !== null) {
      const value = latest;
      latest = null;
      await job.progress(value, PARSE_STEPS);
    }
  };
  return {
    report(fraction: number) {
      if (!Number.isFinite(fraction)) return;
      const value = Math.max(0, Math.min(PARSE_STEPS - 1, Math.floor(fraction * PARSE_STEPS)));
      if (value === shown) return;
      shown = value;
      latest = value;
      writing ??= flush().catch((error: unknown) => { failure ??= error; }).finally(() => { writing = null; });
    },
    async settle() {
      while (writing !== null) await writing;
      if (failure !== null) throw failure;
    },
  };
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Steps 2 and 3: parses and saves; returns the outcome recorded (this attempt's, or the one another recorded first). */
async function parseAndSave(context: JobContext, job: RunningJob<ImportPayload>, meta: UploadMeta, engines: EngineNames, testing: ImportHandlerTesting): Promise<UploadOutcome> {
  const { store } = context;
  const { uploadId } = job.payload;
  const recorded = async (): Promise<UploadOutcome> => {
    const outcome = (await uploadMeta(store.sql, uploadId))?.outcome;
    if (outcome === null || outcome === undefined) throw new Error(`upload ${uploadId}: no outcome was recorded`);
    return outcome;
  };
  await job.progress(0, 0);
  const bytes = await uploadBytes(store.sql, uploadId);
  if (bytes === undefined) {
    // Dropped only once an outcome is recorded: another attempt may have just ended it.
    const again = await uploadMeta(store.sql, uploadId);
    if (again?.outcome) return again.outcome;
    throw new Error(`upload ${uploadId} has neither its bytes nor an outcome: it cannot be imported`);
  }
  const progress = parseProgress(job);
  let result: ImportResult;
  try {
    result = await context.parse(
      { bytes, ...(meta.fileName !== null ? { fileName: meta.fileName } : {}), ...(meta.format !== null ? { format: meta.format } : {}) },
      { signal: job.signal, onProgress: (fraction) => progress.report(fraction) },
    );
  } finally {
    await progress.settle();
  }
  throwIfAborted(job.signal);
  if (!result.ok) {
    await recordUploadOutcome(store.sql, uploadId, { ok: false, error: result.message, where: result.where }, new Date().toISOString());
    return recorded();
  }
  await job.progress(PARSE_STEPS, PARSE_STEPS);
  await testing.beforeSave?.();
  const actor = { username: meta.actor, role: isRole(meta.actorRole) ? meta.actorRole : null };
  const source = importSource(meta.fileName);
  try {
    await storeImportUnscored(store, result, engines, {
      pause,
      onCommit: async (tx, response) => {
        const outcome: UploadOutcome = { ok: true, response, scoreBatches: response.threads.map((t) => scoreBatchId(t.id, engines)) };
        if (!(await recordUploadOutcome(tx, uploadId, outcome, new Date().toISOString()))) throw new AlreadyRecorded();
        await auditImport(new AuditLog({ sql: tx }), actor, response, source);
        await testing.inCommit?.();
      },
    }, meta.fileName);
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
  }
  return recorded();
}

/** The handler of `import-file` jobs in this process (its store, queue, engines and parser). */
export function importFileHandler(context: JobContext, testing: ImportHandlerTesting = {}): JobHandler<ImportPayload> {
  const run: JobHandler<ImportPayload> = async (job) => {
    const { store, queue } = context;
    const { uploadId, scorer, detector } = job.payload;
    // The import scores nothing itself: its score jobs name the scorer it was enqueued for, whichever this worker has.
    const engines: EngineNames = { scorer, detector };
    // 1. The upload, and its outcome if an earlier attempt recorded one.
    const meta = await uploadMeta(store.sql, uploadId);
    if (meta === undefined) throw new Error(`upload ${uploadId} is not in the database (never stored, or pruned): nothing to import`);
    throwIfAborted(job.signal);
    // 2 and 3, unless done already.
    const outcome = meta.outcome ?? await parseAndSave(context, job, meta, engines, testing);
    await testing.afterCommit?.();
    throwIfAborted(job.signal);
    // 4. Scoring enqueued (keyed: again adds nothing), the bytes dropped, the consoles told.
    const threadIds = outcome.ok ? outcome.response.threads.map((t) => t.id) : [];
    for (const threadId of threadIds) {
      await enqueueThreadScoring(queue, store, threadId, engines);
      throwIfAborted(job.signal);
    }
    await dropUploadBytes(store.sql, uploadId);
    for (const threadId of threadIds) await appendLiveEvent(store.sql, { type: 'thread', threadId });
  };
  return async (job) => {
    try {
      await run(job);
    } catch (error) {
      // The last attempt failed: no attempt will read the bytes again (the job's failure is the import's answer).
      if (job.attempt > IMPORT_FILE.retryLimit) await dropUploadBytes(context.store.sql, job.payload.uploadId).catch(() => 0);
      throw error;
    }
  };
}
