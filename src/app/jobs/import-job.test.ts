/**
 * The `import-file` job (import-job.ts, ADR 0033) through the engine's queue: the in-process queue on SQLite, pg-boss
 * on the test cluster. The seed imported as a job answers what `storeImport` answers and is scored once per text;
 * its status goes through the phases in order; a refused file ends 400 without retries; an attempt cut after the
 * commit leaves one outcome, one audit entry per thread and one revision (also two attempts at once: the second to
 * commit is rolled back); an attempt cut inside the commit leaves nothing and the queue's retry imports; bad payloads
 * are refused; a worker of another scorer imports the file and enqueues scoring for the import's scorer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportPhase, ImportResponse, LiveEvent } from '../../core/api.ts';
import { importInput } from '../../importers/registry.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { importAuditEntries } from '../audit/import-audit.ts';
import { PgLiveBus } from '../live/pg-live-bus.ts';
import { storeImport } from '../pipeline.ts';
import { isScorable, scoreTexts, type Engines } from '../score-texts.ts';
import { JobProgressRepository } from '../store/job-progress.ts';
import { liveEventsAfter } from '../store/live-events.ts';
import { describeEachEngine } from '../store/testing/databases.ts';
import { uploadMeta } from '../store/uploads.ts';
import { countingScorer, fakeDetector, fakeScorer, useEngineStore } from '../testing/helpers.ts';
import {
  enqueueImport, IMPORT_FILE, importExpirySeconds, importFileHandler, importJobId, importStatus, PARSE_STEPS,
  type ImportHandlerTesting, type ImportPayload, type ImportRequest, type ImportStatus,
} from './import-job.ts';
import { MAX_EXPIRE_SECONDS, type JobQueue, type RunningJob } from './job-queue.ts';
import { parseInProcess, type JobContext } from './kinds.ts';
import { openJobQueue } from './open-job-queue.ts';
import { SCORE_TEXTS, scoreBatchId, scoreTextsHandler } from './score-job.ts';
import { until } from './testing/until.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const TIMING = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
const ACTOR = { username: 'ana', role: 'editor' as const };

/** The response without the times of the import (they differ between two imports of the same file). */
function timeless(response: ImportResponse): unknown {
  return { ...response, threads: response.threads.map(({ importedAt: _at, ...rest }) => rest) };
}

function seedRequest(bytes: Uint8Array = fs.readFileSync(SEED), overrides: Partial<ImportRequest> = {}): ImportRequest {
  return { bytes, fileName: '000_63fe030f4ed4795b.txt', format: null, progressId: 'p-seed-0001', actor: ACTOR, ...overrides };
}

describe('import-file payloads and expiry', () => {
  const scorer = { name: 'fake', version: '1' };
  const detector = { name: 'fake-tropes', version: '1' };
  const uploadId = '0b5e4c0e-6f2a-4d7b-9a51-2f8f0c1d2e3a';

  it('takes { uploadId, scorer, detector } only: text, a bad upload id or a bad scorer is refused, naming the field', () => {
    expect(IMPORT_FILE.parse({ uploadId, scorer, detector })).toEqual({ uploadId, scorer, detector });
    expect(() => IMPORT_FILE.parse({ uploadId, scorer, detector, text: 'a comment' })).toThrow('the payload holds "text": an import-file payload is { uploadId, scorer, detector } only');
    expect(() => IMPORT_FILE.parse({ uploadId: '../../etc/passwd', scorer, detector })).toThrow('payload.uploadId must be an upload id');
    expect(() => IMPORT_FILE.parse({ uploadId: uploadId.toUpperCase(), scorer, detector })).toThrow('payload.uploadId');
    expect(() => IMPORT_FILE.parse({ uploadId, scorer: { name: 'fake' }, detector })).toThrow('payload.scorer must be { name, version }');
    expect(() => IMPORT_FILE.parse(['x'])).toThrow('the payload must be an object');
    expect(() => IMPORT_FILE.parse(null)).toThrow('the payload must be an object');
  });

  it('gives an expiry of at least the kind\'s that grows with the size, up to a day', () => {
    expect(importExpirySeconds(0)).toBe(IMPORT_FILE.expireSeconds);
    expect(importExpirySeconds(-5)).toBe(IMPORT_FILE.expireSeconds);
    expect(importExpirySeconds(Number.NaN)).toBe(IMPORT_FILE.expireSeconds);
    const mb = importExpirySeconds(1_000_000);
    const big = importExpirySeconds(256 * 1024 * 1024);
    expect(mb).toBeGreaterThan(IMPORT_FILE.expireSeconds);
    expect(big).toBeGreaterThan(mb);
    expect(big).toBeLessThanOrEqual(MAX_EXPIRE_SECONDS);
    expect(importExpirySeconds(1e15)).toBe(MAX_EXPIRE_SECONDS);
  });
});

describeEachEngine('the import-file job', (engine) => {
  const ctx = useEngineStore(engine);
  const reference = useEngineStore('sqlite');
  let queue: JobQueue;
  let engines: Engines & { scorer: ReturnType<typeof countingScorer>; detector: ReturnType<typeof fakeDetector> };
  let context: JobContext;

  beforeEach(async () => {
    queue = await openJobQueue(ctx.store, { timing: TIMING });
    engines = { scorer: countingScorer(fakeScorer()), detector: fakeDetector() };
    context = { store: ctx.store, queue, engines: () => engines, parse: parseInProcess };
  });
  afterEach(async () => {
    await queue?.stop({ timeoutMs: 2000 });
  });

  const status = async (uploadId: string): Promise<ImportStatus> => (await importStatus(ctx.store, queue, uploadId, engines))!;
  const work = async (testing: ImportHandlerTesting = {}): Promise<void> => {
    await queue.work(IMPORT_FILE, importFileHandler(context, testing), { concurrency: 1 });
  };
  const imports = async (): Promise<number> => (await new AuditLog(ctx.store).read({ action: { exact: 'import' }, limit: 100 })).length;

  it('imports the seed through the queue: the response storeImport gives, phases in order, each text scored once, audited once', async () => {
    const bytes = fs.readFileSync(SEED);
    const parsed = importInput({ bytes, fileName: '000_63fe030f4ed4795b.txt' });
    if (!parsed.ok) throw new Error(parsed.message);
    const expected = await storeImport(reference.store, parsed, { scorer: fakeScorer(), detector: fakeDetector() }, {}, '000_63fe030f4ed4795b.txt');

    let bus: PgLiveBus | null = null;
    const events: LiveEvent[] = [];
    if (engine === 'postgres') {
      bus = await PgLiveBus.open(ctx.store.sql, (ctx.locator as { url: string }).url);
      bus.subscribe((event) => events.push(event));
    }
    try {
      const { uploadId, jobId } = await enqueueImport(queue, ctx.store, seedRequest(bytes), engines);
      expect(jobId).toBe(importJobId(uploadId));
      const seen: ImportPhase[] = [];
      const look = async (): Promise<ImportStatus> => {
        const s = await status(uploadId);
        if (seen.at(-1) !== s.progress.phase) seen.push(s.progress.phase);
        return s;
      };
      expect(await look()).toMatchObject({ progress: { id: 'p-seed-0001', phase: 'queued', threadIds: [] }, outcome: null });

      // A parse that reports half-way, and a look at the status there and before the save.
      const parsing: ImportStatus[] = [];
      context.parse = async (input, hooks) => {
        hooks.onProgress(0.5);
        await sleep(100);
        parsing.push(await look());
        return parseInProcess(input, hooks);
      };
      const saving: ImportStatus[] = [];
      await work({ beforeSave: async () => { saving.push(await look()); } });
      await until('the import job to be done', () => queue.job(jobId), (j) => j?.state === 'done');
      expect(parsing[0]!.progress).toMatchObject({ phase: 'parsing', fraction: 0.5 });
      expect(saving[0]!.progress).toMatchObject({ phase: 'saving' });
      const scoring = await look();
      expect(scoring).toMatchObject({ progress: { phase: 'scoring', done: 0 }, outcome: null });
      expect(scoring.progress.total).toBeGreaterThan(0);
      expect(engines.scorer.texts).toEqual([]);

      await queue.work(SCORE_TEXTS, scoreTextsHandler(ctx.store, engines), { concurrency: 2 });
      const done = await until('the import and its scoring to end', look, (s) => s.outcome !== null);
      expect(seen).toEqual(['queued', 'parsing', 'saving', 'scoring', 'done']);
      expect(done.outcome?.status).toBe(201);
      const response = (done.outcome as { response: ImportResponse }).response;
      expect(timeless(response)).toEqual(timeless(expected));
      expect(done.progress).toMatchObject({ phase: 'done', threadIds: response.threads.map((t) => t.id), error: null });
      expect(response.threads.reduce((n, t) => n + t.commentCount, 0)).toBe(15);
      expect((await ctx.store.listThreads()).map((t) => t.commentCount)).toEqual([15]);

      // Every scorable text scored once, the detector run once per text; nothing left to score.
      const scorable = [...new Set(parsed.threads.flatMap((t) => t.comments.map((c) => c.text)).filter(isScorable))].sort();
      expect([...engines.scorer.texts].sort()).toEqual(scorable);
      expect(engines.detector.calls).toBe(scorable.length);
      expect((await ctx.store.uncachedTexts(response.threads[0]!.id, engines.scorer, engines.detector)).filter((t) => isScorable(t.text))).toEqual([]);

      // One audit entry per thread, worded as the SQLite route words it; the bytes dropped, the outcome kept.
      const audit = await new AuditLog(ctx.store).read({ action: { exact: 'import' }, limit: 100 });
      expect(audit.map(({ actor, actorRole, threadId, what }) => ({ actor, actorRole, threadId, what })))
        .toEqual(importAuditEntries(ACTOR, response, '000_63fe030f4ed4795b.txt').map(({ actor, actorRole, threadId, what }) => ({ actor, actorRole, threadId, what })));
      expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: false, outcome: { ok: true }, actor: 'ana', progressId: 'p-seed-0001' });

      // Consoles are told: a thread event per thread, through the live bus on PostgreSQL.
      const threadEvents = response.threads.map((t): LiveEvent => ({ type: 'thread', threadId: t.id }));
      if (bus !== null) await expect.poll(() => events, { timeout: 10_000 }).toEqual(threadEvents);
      else expect((await liveEventsAfter(ctx.store.sql, 0, 100)).map((r) => r.event)).toEqual(threadEvents);
    } finally {
      await bus?.close();
    }
  }, 60_000);

  it('a file the importer refuses ends 400 with its message and place, in one attempt; the bytes are dropped', async () => {
    const bytes = Buffer.from('{"this": "is not a thread export"}');
    const refused = importInput({ bytes, fileName: 'broken.json' });
    if (refused.ok) throw new Error('the test file was accepted');
    await work();
    const { uploadId, jobId } = await enqueueImport(queue, ctx.store, seedRequest(bytes, { fileName: 'broken.json', progressId: null }), engines);
    const ended = await until('the refusal', () => status(uploadId), (s) => s.outcome !== null);
    expect(ended).toEqual({
      progress: expect.objectContaining({ id: uploadId, phase: 'failed', error: refused.message, where: refused.where }),
      outcome: { status: 400, error: refused.message, where: refused.where },
    });
    expect(await until('the job to be done', () => queue.job(jobId), (j) => j?.state === 'done')).toMatchObject({ attempts: 1, error: null });
    expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: false });
    expect(await ctx.store.listThreads()).toEqual([]);
    expect(await imports()).toBe(0);
  });

  /** A run of the handler outside the queue (the queue's retries are its own tests'): one attempt of the upload's job. */
  const attempt = (uploadId: string, testing: ImportHandlerTesting = {}, n = 1): Promise<void> => importFileHandler(context, testing)({
    id: importJobId(uploadId), kind: IMPORT_FILE.name, attempt: n, signal: new AbortController().signal, progress: async () => undefined,
    payload: { uploadId, scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' } },
  });
  const revisionOfOnlyThread = async (): Promise<number | undefined> => {
    const threads = await ctx.store.listThreads();
    expect(threads).toHaveLength(1);
    return (await ctx.store.getThread(threads[0]!.id))?.revision;
  };

  it('an attempt cut after the commit: the next one records no second outcome or audit entry, the revision stays', async () => {
    const { uploadId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    await expect(attempt(uploadId, { afterCommit: async () => { throw new Error('killed after the commit'); } })).rejects.toThrow('killed after the commit');
    const first = await uploadMeta(ctx.store.sql, uploadId);
    expect(first).toMatchObject({ hasBytes: true, outcome: { ok: true } });
    expect(await ctx.store.uncachedTexts((await ctx.store.listThreads())[0]!.id, engines.scorer, engines.detector)).not.toEqual([]);

    await attempt(uploadId, {}, 2);
    expect(await revisionOfOnlyThread()).toBe(1);
    expect(await imports()).toBe(1);
    const meta = await uploadMeta(ctx.store.sql, uploadId);
    expect(meta).toMatchObject({ hasBytes: false, outcome: first!.outcome, endedAt: first!.endedAt });
    // The second attempt enqueued the scoring the first was cut before.
    expect((await status(uploadId)).progress).toMatchObject({ phase: 'scoring', done: 0 });
  });

  it('a failing attempt keeps the bytes for the next one; the last attempt drops them', async () => {
    const { uploadId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    context.parse = async () => { throw new Error('the parser crashed'); };
    await expect(attempt(uploadId, {}, IMPORT_FILE.retryLimit)).rejects.toThrow('the parser crashed');
    expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: true, outcome: null });
    await expect(attempt(uploadId, {}, IMPORT_FILE.retryLimit + 1)).rejects.toThrow('the parser crashed');
    expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: false, outcome: null });
    expect(await ctx.store.listThreads()).toEqual([]);
  });

  it('score jobs that failed for good: the import is stored and answers 201 with a warning, none once its texts are scored', async () => {
    const { uploadId, jobId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    await work();
    await until('the import job to be done', () => queue.job(jobId), (j) => j?.state === 'done');
    const saved = await status(uploadId);
    expect(saved.progress.phase).toBe('scoring');
    // Nothing works the score jobs here: they are ended as failed after their last attempt.
    const threadId = (await ctx.store.listThreads())[0]!.id;
    const progress = new JobProgressRepository(ctx.store.sql);
    const jobs = await progress.jobsOf(scoreBatchId(threadId, engines));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      await progress.started(job.id, SCORE_TEXTS.retryLimit + 1);
      await progress.failedAttempt(job.id, 'the scorer was unreachable', true);
    }
    const left = (await ctx.store.uncachedTexts(threadId, engines.scorer, engines.detector)).filter((t) => isScorable(t.text));
    const ended = await status(uploadId);
    expect(ended.progress.phase).toBe('done');
    expect(ended.outcome?.status).toBe(201);
    const problems = (ended.outcome as { response: ImportResponse }).response.problems;
    expect(problems.at(-1)).toEqual({
      severity: 'warning',
      where: `thread "${threadId}"`,
      message: `${left.length} texts were not scored: ${jobs.length} of ${jobs.length} scoring jobs failed (the scorer was unreachable); they are scored when the thread is opened, or with Rescore.`,
    });
    // Once its texts are scored (the thread opened), the failed batch adds no warning.
    const scored = await scoreTexts(ctx.store, new Map(left.map((t) => [t.hash, t.text])), engines);
    await ctx.store.saveCaches(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
    const after = await status(uploadId);
    const stored = (await uploadMeta(ctx.store.sql, uploadId))!.outcome as { ok: true; response: ImportResponse };
    expect(after.outcome?.status).toBe(201);
    expect((after.outcome as { response: ImportResponse }).response.problems).toEqual(stored.response.problems);
  });

  it('a job recorded done without an outcome (not this handler\'s doing) shows failed, not parsing', async () => {
    const { uploadId, jobId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    const progress = new JobProgressRepository(ctx.store.sql);
    await progress.started(jobId, 1);
    await progress.finished(jobId);
    expect((await status(uploadId)).outcome).toEqual({ status: 500, error: 'the import job ended without recording its outcome', where: null });
  });

  it('two attempts at once (an expired one still running): the second to commit is rolled back and uses the first\'s outcome', async () => {
    const { uploadId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    // Attempt 2 runs whole while attempt 1 is between its parse and its save.
    await attempt(uploadId, { beforeSave: () => attempt(uploadId, {}, 2) }, 1);
    expect(await revisionOfOnlyThread()).toBe(1);
    expect(await imports()).toBe(1);
    expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: false, outcome: { ok: true } });
  });

  it('an attempt cut inside the commit leaves nothing visible, and the retry imports it', async () => {
    let cuts = 0;
    await work({ inCommit: async () => { if (cuts++ === 0) throw new Error('killed before the commit ended'); } });
    const { uploadId, jobId } = await enqueueImport(queue, ctx.store, seedRequest(), engines);
    const retrying = await until('the first attempt to fail', () => queue.job(jobId), (j) => j?.state === 'retrying' || j?.state === 'done');
    if (retrying?.state === 'retrying') {
      expect(await ctx.store.listThreads()).toEqual([]);
      expect(await imports()).toBe(0);
      expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ outcome: null, hasBytes: true });
      expect((await status(uploadId)).progress.phase).toBe('queued');
    }
    expect(retrying?.state).toBe('retrying');
    expect(await until('the retry to be done', () => queue.job(jobId), (j) => j?.state === 'done')).toMatchObject({ attempts: 2 });
    const [thread] = await ctx.store.listThreads();
    expect(thread?.commentCount).toBe(15);
    expect((await ctx.store.getThread(thread!.id))?.revision).toBe(1);
    expect(await imports()).toBe(1);
    expect(await uploadMeta(ctx.store.sql, uploadId)).toMatchObject({ hasBytes: false, outcome: { ok: true } });
  }, 30_000);

  it('a worker with another scorer imports the file; its score jobs name the import\'s scorer; an unknown upload is no import', async () => {
    const asked = { scorer: fakeScorer('2'), detector: engines.detector };
    const { uploadId } = await enqueueImport(queue, ctx.store, seedRequest(), asked);
    const job: RunningJob<ImportPayload> = {
      id: importJobId(uploadId), kind: IMPORT_FILE.name, attempt: 1, signal: new AbortController().signal, progress: async () => undefined,
      payload: { uploadId, scorer: { name: 'fake', version: '2' }, detector: { name: 'fake-tropes', version: '1' } },
    };
    // This worker scores with fake 1: the import needs no scorer (it saves unscored), and nothing is scored here.
    await importFileHandler(context)(job);
    expect(engines.scorer.texts).toEqual([]);
    const meta = await uploadMeta(ctx.store.sql, uploadId);
    expect(meta).toMatchObject({ outcome: { ok: true }, hasBytes: false });
    const threadId = (await ctx.store.listThreads())[0]!.id;
    expect((meta!.outcome as { scoreBatches: string[] }).scoreBatches).toEqual([scoreBatchId(threadId, asked)]);
    expect((await new JobProgressRepository(ctx.store.sql).jobsOf(scoreBatchId(threadId, asked))).length).toBeGreaterThan(0);
    expect(await new JobProgressRepository(ctx.store.sql).jobsOf(scoreBatchId(threadId, engines))).toEqual([]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(importFileHandler(context)({ ...job, payload: { ...job.payload, uploadId: unknown, scorer: { name: 'fake', version: '1' } } }))
      .rejects.toThrow(`upload ${unknown} is not in the database`);
    expect(await importStatus(ctx.store, queue, unknown, engines)).toBeNull();
    expect(await importStatus(ctx.store, queue, 'not-an-id', engines)).toBeNull();
    await expect(queue.enqueue(IMPORT_FILE, { key: 'upload:x', payload: { uploadId, scorer: engines.scorer, detector: engines.detector, text: 'hi' } as ImportPayload }))
      .rejects.toThrow('the payload holds "text"');
    expect(PARSE_STEPS).toBe(1000);
  });
});
