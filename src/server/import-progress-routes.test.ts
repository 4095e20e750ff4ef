import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateWxr } from '../../bench/generate-exports.ts';
import type { ImportPhase, ImportProgress, ImportResponse } from '../core/api.ts';
import { buildApp } from './app.ts';
import { SINGLE_USER_ACTOR } from '../app/auth/actor.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { registerImportRoutes } from './import-progress-routes.ts';
import { ImportWorkerPool, spawnImportWorker } from '../app/import-worker-pool.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../app/testing/helpers.ts';
import type { Store } from '../app/store/store.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const seedBytes = fs.readFileSync(SEED);
const octets = { 'content-type': 'application/octet-stream' };
const PHASE_ORDER: ImportPhase[] = ['receiving', 'queued', 'parsing', 'scoring', 'saving', 'done'];

const counts = (store: Pick<Store, 'sql'>) =>
  store.sql.value("SELECT (SELECT count(*) FROM threads) || '/' || (SELECT count(*) FROM comments) || '/' || (SELECT count(*) FROM scores)");

describe('import progress over HTTP', () => {
  const ctx = useTempStore();
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui') });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await app.close();
  });

  it('reports the phases of a 20 MB WXR import and answers other requests while the worker parses it', async () => {
    const seed = await app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt', payload: seedBytes, headers: octets });
    const seedThread = (seed.json() as ImportResponse).threads[0]!;
    const wxr = Buffer.from(generateWxr({ comments: 20_000, posts: 200, sentences: 4 }));
    expect(wxr.length).toBeGreaterThan(15 * 1024 * 1024);

    let settled = false;
    const importing = app.inject({ method: 'POST', url: '/api/imports?fileName=big.wxr.xml&progressId=big-import-1', payload: wxr, headers: octets }).finally(() => (settled = true));
    const seen: ImportProgress[] = [];
    let answeredWhileParsing: number[] = [];
    while (!settled) {
      const res = await app.inject({ method: 'GET', url: '/api/imports/progress/big-import-1' });
      expect(res.statusCode).toBe(200);
      const progress = res.json() as ImportProgress;
      seen.push(progress);
      if (progress.phase === 'parsing' && answeredWhileParsing.length === 0) {
        // Another moderator's decision and a health check, answered while the import is still being read.
        const decision = await app.inject({ method: 'POST', url: `/api/threads/${seedThread.id}/decisions`, payload: { id: 'decision-during-import', commentId: '1', action: 'approve', moderator: 'Ada' } });
        const health = await app.inject({ method: 'GET', url: '/api/health' });
        if (!settled) answeredWhileParsing = [decision.statusCode, health.statusCode];
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const res = await importing;
    expect(res.statusCode).toBe(201);
    const response = res.json() as ImportResponse;
    expect(response.threads).toHaveLength(200);

    expect(answeredWhileParsing).toEqual([201, 200]);
    const phases = seen.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toContain('parsing');
    expect(phases.map((p) => PHASE_ORDER.indexOf(p))).toEqual([...phases.map((p) => PHASE_ORDER.indexOf(p))].sort((a, b) => a - b));
    const fractions = seen.filter((p) => p.phase === 'parsing' && p.fraction !== null).map((p) => p.fraction!);
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);

    const final = (await app.inject({ method: 'GET', url: '/api/imports/progress/big-import-1' })).json() as ImportProgress;
    expect(final).toMatchObject({ phase: 'done', fraction: 1, error: null });
    expect(final.threadIds).toEqual(response.threads.map((t) => t.id));
  });

  it('marks a refused import failed with the same message, and stores nothing', async () => {
    await app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt', payload: seedBytes, headers: octets });
    const before = await counts(ctx.store);
    const res = await app.inject({ method: 'POST', url: '/api/imports?fileName=broken.json&progressId=broken-json-1', payload: '[{"id": "1", "text": "ok"},\n {"id": 2, "text": ', headers: octets });
    expect(res.statusCode).toBe(400);
    const answer = res.json() as { error: string; where: string };
    const progress = (await app.inject({ method: 'GET', url: '/api/imports/progress/broken-json-1' })).json() as ImportProgress;
    expect(progress).toMatchObject({ phase: 'failed', error: answer.error, where: answer.where, threadIds: [] });
    expect(progress.error).toContain('broken.json');
    expect(await counts(ctx.store)).toBe(before);
  });

  it('checks progress ids: a malformed one is refused, an unknown one is 404, a running one cannot be reused', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/imports?progressId=../x', payload: seedBytes, headers: octets });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ where: 'querystring.progressId' });
    const unknown = await app.inject({ method: 'GET', url: '/api/imports/progress/never-sent-1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'no import with progress id "never-sent-1": it was never sent, or it ended over 10 minutes ago', where: 'params.id' });
    expect((await app.inject({ method: 'GET', url: '/api/imports/progress/a%20b' })).statusCode).toBe(400);

    const first = app.inject({ method: 'POST', url: '/api/imports?fileName=a.xml&progressId=same-id-1', payload: Buffer.from(generateWxr({ comments: 3000, posts: 30, sentences: 4 })), headers: octets });
    await vi.waitFor(async () => expect(((await app.inject({ method: 'GET', url: '/api/imports/progress/same-id-1' })).json() as ImportProgress).phase).not.toBe('receiving'));
    const again = await app.inject({ method: 'POST', url: '/api/imports?fileName=b.txt&progressId=same-id-1', payload: seedBytes, headers: octets });
    expect([again.statusCode, (await first).statusCode]).toEqual([409, 201]);
    expect(((await app.inject({ method: 'GET', url: '/api/imports/progress/same-id-1' })).json() as ImportProgress).phase).toBe('done');
  });
});

describe('import worker failures over HTTP', () => {
  const ctx = useTempStore();
  let app: FastifyInstance;
  let pool: ImportWorkerPool;

  async function appWith(spawn: () => Worker): Promise<FastifyInstance> {
    pool = new ImportWorkerPool({ spawn });
    app = Fastify();
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // What app.ts provides: the session's actor and the audit trail a stored import is appended to.
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      request.actor = SINGLE_USER_ACTOR;
    });
    app.decorate('audit', new AuditLog(ctx.store));
    registerImportRoutes(app, ctx.store, { scorer: fakeScorer(), detector: fakeDetector() }, { onStored: () => undefined, pool });
    await app.ready();
    return app;
  }
  afterEach(async () => {
    await app.close();
    await pool.close();
  });

  it('answers 500 with a clear message when the worker dies, stores nothing, and imports the next file', async () => {
    let spawned = 0;
    await appWith(() => (spawned++ === 0 ? new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(9));", { eval: true }) : spawnImportWorker()));
    const res = await app.inject({ method: 'POST', url: '/api/imports?fileName=big.xml&progressId=crash-test-1', payload: seedBytes, headers: octets });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'The import worker stopped (exit code 9) while reading big.xml; nothing was stored. Other imports are not affected: try again, or split the file.', where: 'body' });
    expect((await app.inject({ method: 'GET', url: '/api/imports/progress/crash-test-1' })).json()).toMatchObject({ phase: 'failed', error: expect.stringContaining('exit code 9') });
    expect(await counts(ctx.store)).toBe('0/0/0');
    const next = await app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt', payload: seedBytes, headers: octets });
    expect(next.statusCode).toBe(201);
    // Only the stored import is in the audit trail.
    expect(await app.audit.read({ limit: 10 })).toEqual([expect.objectContaining({ actor: 'local', action: 'import', what: expect.stringMatching(/ from seed\.txt as /) })]);
  });

  it('drops an import whose client went away: during the upload, and while the worker reads it', async () => {
    // A worker that never finishes, so only the cancel can end the parse.
    await appWith(() => new Worker("require('node:worker_threads').parentPort.on('message', () => {});", { eval: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const progress = async (id: string) => (await app.inject({ method: 'GET', url: `/api/imports/progress/${id}` })).json() as ImportProgress;
    const post = (id: string, length: number) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/imports?fileName=slow.xml&progressId=${id}`, headers: { ...octets, 'content-length': length } });
      request.on('error', () => undefined);
      return request;
    };

    const upload = post('cancel-upload', 1000);
    upload.write(Buffer.alloc(400, 97));
    await vi.waitFor(async () => expect(await progress('cancel-upload')).toMatchObject({ phase: 'receiving', done: 400, total: 1000, fraction: 0.4 }));
    upload.destroy();
    await vi.waitFor(async () => expect(await progress('cancel-upload')).toMatchObject({ phase: 'failed', error: 'the connection closed before the upload ended; nothing was stored' }));

    const parsing = post('cancel-parse', seedBytes.length);
    parsing.end(seedBytes);
    await vi.waitFor(async () => expect((await progress('cancel-parse')).phase).toBe('parsing'));
    parsing.destroy();
    await vi.waitFor(async () => expect(await progress('cancel-parse')).toMatchObject({ phase: 'failed', error: 'The import of slow.xml was cancelled; nothing was stored.' }));
    expect(pool.waitingCount).toBe(0);
    expect(await counts(ctx.store)).toBe('0/0/0');
  });
});
