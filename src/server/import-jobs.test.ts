/**
 * POST /api/imports and GET /api/imports/progress/:id in job mode (ADR 0033): an app on PostgreSQL with a job queue
 * stores the body as an upload, enqueues its import and answers what the import job recorded; the queue is worked in
 * the test (one import at a time, the shared import worker parsing, as main.ts wires it). Compared with the same
 * requests to an app on SQLite, which imports in the request. PostgreSQL only: skipped without the test cluster.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, ImportProgress, ImportResponse } from '../core/api.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { SINGLE_USER_ACTOR } from '../app/auth/actor.ts';
import { sharedImportPool } from '../app/import-worker-pool.ts';
import type { JobQueue } from '../app/jobs/job-queue.ts';
import { JOB_KINDS } from '../app/jobs/kinds.ts';
import { openJobQueue, workKinds } from '../app/jobs/open-job-queue.ts';
import { freshDatabase, TEST_DATABASE_URL, type FreshDatabase } from '../app/store/testing/databases.ts';
import { Store } from '../app/store/store.ts';
import { latestUploadOf } from '../app/store/uploads.ts';
import { fakeDetector, fakeScorer } from '../app/testing/helpers.ts';
import { buildApp } from './app.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const seedBytes = fs.readFileSync(SEED);
const octets = { 'content-type': 'application/octet-stream' };
const BROKEN_JSON = '[{"id": "1", "text": "ok"},\n {"id": 2, "text": ';
const FAST = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
const NO_UI = path.join(os.tmpdir(), 'threadscope-no-ui');

/** The value without its times (keys ending in "At"), for comparing answers made at different moments. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.endsWith('At')).map(([key, v]) => [key, withoutTimes(v)]));
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** What an app on SQLite (imports in the request) answers to the same POST. */
async function onSqlite(url: string, payload: string | Buffer): Promise<{ status: number; body: unknown; scores: number }> {
  const db = await freshDatabase('sqlite');
  const store = await Store.open(db.locator);
  const app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI });
  try {
    const res = await app.inject({ method: 'POST', url, payload, headers: octets });
    return { status: res.statusCode, body: res.json(), scores: await scoreCount(store) };
  } finally {
    await app.close();
    await store.close();
    await db.dispose();
  }
}

/** Scores in the store's cache (one per scorable text and scorer version). */
const scoreCount = async (store: Store): Promise<number> => Number(await store.sql.value('SELECT count(*) FROM scores'));

const describePg = TEST_DATABASE_URL === undefined ? describe.skip : describe;

describePg('imports as jobs on PostgreSQL (POST /api/imports and its progress)', () => {
  let db: FreshDatabase;
  let store: Store;
  let queue: JobQueue;
  let app: FastifyInstance;
  const closers: Array<() => Promise<void>> = [];
  const engines = { scorer: fakeScorer(), detector: fakeDetector() };

  beforeEach(async () => {
    db = await freshDatabase('postgres');
    store = await Store.open(db.locator);
    queue = await openJobQueue(store, { timing: FAST });
    const pool = sharedImportPool();
    await workKinds(queue, JOB_KINDS, { store, queue, engines: () => engines, parse: (input, hooks) => pool.parse(input, hooks) }, 1);
    app = await buildApp({ store, scorer: engines.scorer, detector: engines.detector, uiDir: NO_UI, jobs: queue });
  });
  afterEach(async () => {
    await app.close();
    for (const close of closers.splice(0).reverse()) await close();
    await queue.stop({ timeoutMs: 2000 });
    await store.close();
    await db.dispose();
  });

  /** Another console server on the same database: its own store, app and queue, working no jobs. */
  async function secondServer(): Promise<FastifyInstance> {
    const other = await Store.open(db.locator);
    const otherQueue = await openJobQueue(other, { timing: FAST });
    const otherApp = await buildApp({ store: other, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI, jobs: otherQueue });
    closers.push(async () => {
      await otherApp.close();
      await otherQueue.stop({ timeoutMs: 1000 });
      await other.close();
    });
    return otherApp;
  }

  it('imports the seed through the job: the same ImportResponse as on SQLite, its texts scored, one audit entry', async () => {
    const url = '/api/imports?fileName=seed.txt';
    const res = await app.inject({ method: 'POST', url, payload: seedBytes, headers: octets });
    expect(res.statusCode, res.body).toBe(201);
    const response = res.json() as ImportResponse;
    expect(response.threads).toHaveLength(1);
    expect(response.threads[0]!.commentCount).toBe(15);
    const reference = await onSqlite(url, seedBytes);
    expect(reference.status).toBe(201);
    expect(withoutTimes(response)).toEqual(withoutTimes(reference.body));

    // The POST answered once the import and its scoring ended: the jobs cached every score the request would have.
    expect(reference.scores).toBeGreaterThan(0);
    expect(await scoreCount(store)).toBe(reference.scores);
    const threadId = response.threads[0]!.id;
    const view = (await app.inject({ method: 'GET', url: `/api/threads/${threadId}` })).json() as { comments: Array<{ scores: unknown; scoreError: string | null }> };
    expect(view.comments).toHaveLength(15);
    expect(view.comments.filter((c) => c.scoreError !== null)).toEqual([]);
    const entries = await new AuditLog(store).read({ action: { exact: 'import' }, limit: 10 });
    expect(entries.map((e) => [e.actor, e.threadId, e.what])).toEqual([[SINGLE_USER_ACTOR.username, threadId, `imported 15 comments (15 new, 0 changed, 0 missing) from seed.txt as ${response.format}`]]);
  }, 60_000);

  it('imports a JSON body (pasted text) through the job as SQLite does', async () => {
    const payload = JSON.stringify({ content: seedBytes.toString('utf8'), fileName: 'pasted.txt' });
    const res = await app.inject({ method: 'POST', url: '/api/imports', payload, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(201);
    const db2 = await freshDatabase('sqlite');
    const other = await Store.open(db2.locator);
    const reference = await buildApp({ store: other, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI });
    try {
      const expected = await reference.inject({ method: 'POST', url: '/api/imports', payload, headers: { 'content-type': 'application/json' } });
      expect(withoutTimes(res.json())).toEqual(withoutTimes(expected.json()));
    } finally {
      await reference.close();
      await other.close();
      await db2.dispose();
    }
    const entries = await new AuditLog(store).read({ action: { exact: 'import' }, limit: 10 });
    expect(entries.map((e) => e.what)).toEqual([expect.stringMatching(/ from pasted\.txt as /)]);
  }, 60_000);

  it('answers 400 with the importer\'s message and place for a refused file, as on SQLite, and stores nothing', async () => {
    const url = '/api/imports?fileName=broken.json&progressId=broken-json-1';
    const res = await app.inject({ method: 'POST', url, payload: BROKEN_JSON, headers: octets });
    expect(res.statusCode).toBe(400);
    const reference = await onSqlite(url, BROKEN_JSON);
    expect(reference.status).toBe(400);
    expect(res.json()).toEqual(reference.body);
    expect((res.json() as ApiError).where).toBeTruthy();
    expect(await store.listThreads()).toEqual([]);
    const progress = (await app.inject({ method: 'GET', url: '/api/imports/progress/broken-json-1' })).json() as ImportProgress;
    expect(progress).toMatchObject({ id: 'broken-json-1', phase: 'failed', error: (res.json() as ApiError).error, where: (res.json() as ApiError).where });
    // The bytes are gone once the import ended; the row stays for the progress.
    expect(await latestUploadOf(store.sql, 'broken-json-1')).toMatchObject({ hasBytes: false });
  }, 60_000);

  it('shows the import\'s progress on a second server that works no jobs, by its progress id', async () => {
    const other = await secondServer();
    const missing = await other.inject({ method: 'GET', url: '/api/imports/progress/never-sent-1' });
    expect(missing.statusCode).toBe(404);

    let settled = false;
    const posting = app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt&progressId=seed-import-1', payload: seedBytes, headers: octets }).finally(() => (settled = true));
    const seen: ImportProgress[] = [];
    while (!settled) {
      const res = await other.inject({ method: 'GET', url: '/api/imports/progress/seed-import-1' });
      if (res.statusCode === 200) seen.push(res.json() as ImportProgress);
      else expect(res.statusCode).toBe(404); // before the upload is stored, only the receiving server knows it
      await sleep(20);
    }
    const res = await posting;
    expect(res.statusCode).toBe(201);
    const threadIds = (res.json() as ImportResponse).threads.map((t) => t.id);
    const order = ['queued', 'parsing', 'saving', 'scoring', 'done'];
    const phases = seen.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases.length).toBeGreaterThan(0);
    expect(phases.map((p) => order.indexOf(p))).toEqual([...phases.map((p) => order.indexOf(p))].sort((a, b) => a - b));
    expect(phases).not.toContain('failed');
    for (const server of [app, other]) {
      const final = (await server.inject({ method: 'GET', url: '/api/imports/progress/seed-import-1' })).json() as ImportProgress;
      expect(final).toMatchObject({ id: 'seed-import-1', phase: 'done', error: null, threadIds });
    }
  }, 60_000);

  /** A queue on the test's store working every kind, from now on (closed after the test). */
  async function startWorking(): Promise<void> {
    const later = await openJobQueue(store, { timing: FAST });
    closers.push(() => later.stop({ timeoutMs: 2000 }));
    await workKinds(later, JOB_KINDS, { store, queue: later, engines: () => engines, parse: (input, hooks) => sharedImportPool().parse(input, hooks) }, 1);
  }

  it('still imports a file whose client closed the connection after sending it', async () => {
    // Nobody works jobs until the client has gone (the import cannot end before): it is sent to a server that works none.
    await queue.stop({ timeoutMs: 1000 });
    const other = await secondServer();
    await other.listen({ port: 0, host: '127.0.0.1' });
    const { port } = other.server.address() as AddressInfo;
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/imports?fileName=seed.txt&progressId=closed-early-1', headers: { ...octets, 'content-length': seedBytes.length } });
    const answered = new Promise<number | null>((resolve) => {
      request.on('response', (response) => resolve(response.statusCode ?? null));
      request.on('error', () => resolve(null));
    });
    request.end(seedBytes);
    // The body is in the database: the client goes away before the import ended.
    const upload = await eventually(() => latestUploadOf(store.sql, 'closed-early-1'), (u) => u !== undefined, 10_000);
    expect(upload).toBeDefined();
    request.destroy();
    expect(await answered).toBeNull();
    const waiting = (await other.inject({ method: 'GET', url: '/api/imports/progress/closed-early-1' })).json() as ImportProgress;
    expect(waiting).toMatchObject({ phase: 'queued', error: null });
    await startWorking();

    const final = await eventually(async () => (await other.inject({ method: 'GET', url: '/api/imports/progress/closed-early-1' })).json() as ImportProgress, (p) => p.phase === 'done' || p.phase === 'failed');
    expect(final).toMatchObject({ phase: 'done', error: null });
    const threads = await store.listThreads();
    expect(threads.map((t) => [t.id, t.commentCount])).toEqual([[final.threadIds[0], 15]]);
    expect(await new AuditLog(store).read({ action: { exact: 'import' }, limit: 10 })).toHaveLength(1);
  }, 60_000);

  it('answers 503 to a waiting POST when the app closes, and the import goes on in the queue', async () => {
    // Nobody works jobs: the import waits in the queue while the app closes.
    await queue.stop({ timeoutMs: 1000 });
    const other = await secondServer();
    const posting = other.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt&progressId=stopping-1', payload: seedBytes, headers: octets });
    await eventually(() => latestUploadOf(store.sql, 'stopping-1'), (u) => u !== undefined, 10_000);
    await other.close();
    const res = await posting;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'this server is stopping: the import of seed.txt goes on in the job queue (GET /api/imports/progress/stopping-1 on any server shows it)', where: 'body' });
    // A worker that starts later runs it; this server shows it.
    await startWorking();
    const final = await eventually(async () => (await app.inject({ method: 'GET', url: '/api/imports/progress/stopping-1' })).json() as ImportProgress, (p) => p.phase === 'done' || p.phase === 'failed');
    expect(final.phase).toBe('done');
  }, 60_000);
});

describe('request time limits', () => {
  it('sets none on the HTTP server: a long upload or a POST waiting for its import job is not cut after 5 minutes', async () => {
    const db = await freshDatabase('sqlite');
    const store = await Store.open(db.locator);
    const app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI });
    try {
      await app.ready();
      expect(app.server.requestTimeout).toBe(0);
      expect(app.server.timeout).toBe(0);
    } finally {
      await app.close();
      await store.close();
      await db.dispose();
    }
  });
});
