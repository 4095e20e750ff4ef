import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResponse, ThreadSummary, ThreadView } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import type { FlagReport } from '../core/report-types.ts';
import { buildApp } from './app.ts';
import { IMPORT_BODY_LIMIT } from './routes.ts';
import { Store } from '../app/store/store.ts';
import { fakeDetector, fakeScorer, tempDir } from '../app/testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const seedBytes = fs.readFileSync(SEED);

describe('HTTP API', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  const errorBodies: string[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(path.join(tmp.dir, 'data'));
    app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(tmp.dir, 'no-ui') });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
    for (const body of errorBodies.splice(0)) {
      expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d|\/work\/|\/tmp\//);
      const parsed = JSON.parse(body) as { error: unknown };
      expect(typeof parsed.error).toBe('string');
    }
  });

  /** Sends a request; error bodies are collected and checked for leaks after each test. */
  async function send(method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const res = await app.inject({ method, url, payload: payload as string | Buffer | object | undefined, headers });
    if (res.statusCode >= 400) errorBodies.push(res.body);
    return res;
  }

  async function importSeed(): Promise<ThreadSummary> {
    const res = await send('POST', '/api/imports?fileName=seed.txt', seedBytes, { 'content-type': 'application/octet-stream' });
    expect(res.statusCode).toBe(201);
    return (res.json() as ImportResponse).threads[0]!;
  }

  const decide = (threadId: string, body: object) => send('POST', `/api/threads/${encodeURIComponent(threadId)}/decisions`, body);

  it('answers health and formats, with security headers', async () => {
    const res = await send('GET', '/api/health');
    expect(res.json()).toEqual({ ok: true, scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toBe("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
    const formats = (await send('GET', '/api/formats')).json() as Array<{ id: string; label: string }>;
    expect(formats.map((f) => f.id)).toContain('page-text');
    expect(formats.every((f) => Object.keys(f).join() === 'id,label')).toBe(true);
  });

  it('imports the seed as raw bytes and serves the thread with scores in display order', async () => {
    const summary = await importSeed();
    expect(summary).toMatchObject({ commentCount: 15, sourceFormat: 'page-text' });
    expect(summary.title).toMatch(/^Putin Drops a Bombshell/);
    const { id, title, url, sourceFormat, commentCount, importedAt } = summary;
    expect((await send('GET', '/api/threads')).json()).toEqual([{ id, title, url, sourceFormat, commentCount, importedAt }]);
    const view = (await send('GET', `/api/threads/${summary.id}`)).json() as ThreadView;
    expect(view.comments).toHaveLength(15);
    expect(Math.max(...view.comments.map((c) => c.depth))).toBe(4);
    expect(view.comments.filter((c) => c.kind === 'pingback')).toHaveLength(1);
    for (const c of view.comments) expect(c.score === null).toBe(c.text.trim() === '');
    expect(view.articleText).toMatch(/early warning/);
  });

  it('imports pasted text as JSON', async () => {
    const res = await send('POST', '/api/imports', { content: seedBytes.toString('utf8'), fileName: 'pasted.txt' });
    expect(res.statusCode).toBe(201);
    expect((res.json() as ImportResponse).threads[0]!.commentCount).toBe(15);
  });

  it('refuses an input that is not a thread with 400 and the importer message, storing nothing', async () => {
    await importSeed();
    const counts = () => store.sql.value("SELECT (SELECT count(*) FROM threads) || '/' || (SELECT count(*) FROM comments) || '/' || (SELECT count(*) FROM scores)");
    const before = await counts();
    const binary = await send('POST', '/api/imports?fileName=x.bin', Buffer.from([0, 1, 2, 0, 0, 255, 254, 0, 7]), { 'content-type': 'application/octet-stream' });
    expect(binary.statusCode).toBe(400);
    expect((binary.json() as { error: string }).error.length).toBeGreaterThan(10);
    const text = await send('POST', '/api/imports', { content: 'Nothing here looks like a comment thread.' });
    expect(text.statusCode).toBe(400);
    const empty = await send('POST', '/api/imports', Buffer.alloc(0), { 'content-type': 'application/octet-stream' });
    expect(empty.statusCode).toBe(400);
    expect(await counts()).toBe(before);
  });

  it.each([
    ['{"id": ', 'body is not valid JSON'],
    [{ id: 'abcdefgh-1', commentId: 'c', action: 5, moderator: 'm' }, 'body.action must be a string'],
    [{ id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'm', extra: 1 }, 'body.extra is not an allowed field'],
    [{ id: 'abcdefgh-1', commentId: 'c', action: 'delete', moderator: 'm' }, 'body.action must be one of approve, reject, escalate, reset'],
    [{ id: 'short', commentId: 'c', action: 'approve', moderator: 'm' }, 'body.id must NOT have fewer than 8 characters'],
    [{ id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'm'.repeat(101) }, 'body.moderator must NOT have more than 100 characters'],
    [[1, 2], 'body must be an object'],
  ])('answers a bad decision body %j with 400: %s', async (body, message) => {
    const { id } = await importSeed();
    const res = typeof body === 'string'
      ? await send('POST', `/api/threads/${id}/decisions`, body, { 'content-type': 'application/json' })
      : await decide(id, body);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: string }).error).toContain(message);
  });

  it('answers an empty JSON body, a wrong content type and a too-large body clearly', async () => {
    const { id } = await importSeed();
    const empty = await send('POST', `/api/threads/${id}/decisions`, '', { 'content-type': 'application/json' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'body is empty; send a JSON object', where: 'body' });
    const xml = await send('POST', `/api/threads/${id}/decisions`, '<a/>', { 'content-type': 'text/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toEqual({ error: 'unsupported content type "text/xml"; send application/json', where: 'headers.content-type' });
    const plain = await send('POST', '/api/imports', 'text', { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
    expect((plain.json() as { error: string }).error).toContain('application/octet-stream or application/json');
    const big = await decide(id, { id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'm', note: 'x'.repeat(70_000) });
    expect(big.statusCode).toBe(413);
    expect((big.json() as { error: string }).error).toBe('request body is too large: the limit for this route is 64 KiB');
    const huge = await send('POST', '/api/imports', Buffer.alloc(IMPORT_BODY_LIMIT + 1, 97), { 'content-type': 'application/octet-stream' });
    expect(huge.statusCode).toBe(413);
    expect((huge.json() as { error: string }).error).toContain('256 MiB');
  });

  it('answers 404 for an unknown thread on every thread route, and for unknown API routes', async () => {
    const valid = { id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'm' };
    for (const res of [
      await send('GET', '/api/threads/nope'),
      await send('GET', '/api/threads/nope/decisions'),
      await decide('nope', valid),
      await send('POST', '/api/threads/nope/report', { format: 'json' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'no thread with id "nope"', where: 'params.id' });
    }
    const route = await send('GET', '/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(route.json()).toEqual({ error: 'no such route: GET /api/nothing-here' });
  });

  it('records a decision once, reports a retry as duplicate, refuses a reused id and an unknown comment', async () => {
    const { id } = await importSeed();
    const view = (await send('GET', `/api/threads/${id}`)).json() as ThreadView;
    const commentId = view.comments[3]!.id;
    const body = { id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', commentId, action: 'reject', moderator: 'Ana', reason: 'abusive' };
    const first = await decide(id, body);
    expect(first.statusCode).toBe(201);
    const { event, duplicate } = first.json() as { event: DecisionEvent; duplicate: boolean };
    expect(duplicate).toBe(false);
    // The body's name is ignored: the decision records the session's user (single-user mode here: "local").
    expect(event).toMatchObject({ ...body, moderator: 'local', threadId: id, note: '', seq: 1 });
    const retry = await decide(id, body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ event, duplicate: true });
    const reused = await decide(id, { ...body, action: 'approve' });
    expect(reused.statusCode).toBe(409);
    const unknown = await decide(id, { ...body, id: 'another-id-1', commentId: 'not-a-comment' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: `comment "not-a-comment" is not in thread "${id}"`, where: 'body.commentId' });
    expect((await send('GET', `/api/threads/${id}/decisions`)).json()).toEqual([event]);
  });

  it('records two decisions sent at once from two tabs on the same comment, in order', async () => {
    const { id } = await importSeed();
    const commentId = ((await send('GET', `/api/threads/${id}`)).json() as ThreadView).comments[0]!.id;
    const [a, b] = await Promise.all([
      decide(id, { id: 'tab-a-000001', commentId, action: 'approve', moderator: 'Ana' }),
      decide(id, { id: 'tab-b-000001', commentId, action: 'escalate', moderator: 'Ben' }),
    ]);
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    const log = (await send('GET', `/api/threads/${id}/decisions`)).json() as DecisionEvent[];
    expect(log.map((e) => [e.seq, e.id])).toEqual([[1, 'tab-a-000001'], [2, 'tab-b-000001']]);
    const view = (await send('GET', `/api/threads/${id}`)).json() as ThreadView;
    expect(view.decisions).toEqual(log);
  });

  it('exports the report in each format with a content type and an attachment file name', async () => {
    const { id } = await importSeed();
    const today = new Date().toISOString().slice(0, 10);
    const json = await send('POST', `/api/threads/${id}/report`, { format: 'json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toBe(`attachment; filename="threadscope-putin-drops-a-bombshell-russia-is-helping-china-${today}.json"`);
    const report = json.json() as FlagReport;
    expect(report.scope).toContain('whole thread');
    expect(report.threads[0]!.comments).toHaveLength(15);
    expect(report.scorer).toMatchObject({ name: 'fake', version: '1' });

    const csv = await send('POST', `/api/threads/${id}/report`, { format: 'csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/filename="threadscope-.*\.csv"$/);
    const html = await send('POST', `/api/threads/${id}/report`, { format: 'html' });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/<html/i);
  });

  it('limits the report to the filtered comments and applies given thresholds; rejects bad report requests', async () => {
    const { id } = await importSeed();
    const view = (await send('GET', `/api/threads/${id}`)).json() as ThreadView;
    const ids = view.comments.slice(0, 2).map((c) => c.id);
    const zero = { attributes: { TOXICITY: 0, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, PROFANITY: 0, THREAT: 0 }, tropeMinSeverity: 4 };
    const res = await send('POST', `/api/threads/${id}/report`, { format: 'json', commentIds: ids, thresholds: zero, scopeNote: 'first two' });
    const report = res.json() as FlagReport;
    expect(report.threads[0]!.comments.map((c) => c.id)).toEqual(ids);
    expect(report.thresholds).toEqual(zero);
    expect(report.scope).toContain('first two');

    const cases: Array<[object, number, string]> = [
      [{ format: 'xml' }, 400, 'body.format must be one of json, csv, html'],
      [{}, 400, 'body.format is required'],
      [{ format: 'json', thresholds: { ...zero, tropeMinSeverity: 7 } }, 400, 'body.thresholds.tropeMinSeverity must be one of 1, 2, 3, 4'],
      [{ format: 'json', thresholds: { attributes: { TOXICITY: 2 }, tropeMinSeverity: 1 } }, 400, 'body.thresholds.attributes'],
      [{ format: 'json', commentIds: ['nope'] }, 400, `comment "nope" is not in thread "${id}"`],
      [{ format: 'json', commentIds: 'all' }, 400, 'body.commentIds must be an array'],
    ];
    for (const [body, status, message] of cases) {
      const bad = await send('POST', `/api/threads/${id}/report`, body);
      expect(bad.statusCode).toBe(status);
      expect((bad.json() as { error: string }).error).toContain(message);
    }
  });

  it('answers an internal failure with 500 and no details', async () => {
    await store.close();
    const res = await send('GET', '/api/threads');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error; the server log has the details' });
  });

  it('without a built UI answers / with a page that says how to build it', async () => {
    const res = await send('GET', '/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build');
  });
});

describe('UI serving', () => {
  it('serves built files, falls back to index.html for app routes, and keeps /api 404s as JSON', async () => {
    const tmp = tempDir();
    const uiDir = path.join(tmp.dir, 'ui');
    fs.mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Threadscope UI</title>');
    fs.writeFileSync(path.join(uiDir, 'assets', 'app.js'), 'console.log(1)');
    const store = await Store.open(':memory:');
    const app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir });
    try {
      const index = await app.inject('/');
      expect(index.body).toContain('Threadscope UI');
      expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect((await app.inject('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
      expect((await app.inject('/threads/abc?x=1')).body).toContain('Threadscope UI');
      const api = await app.inject('/api/unknown');
      expect(api.statusCode).toBe(404);
      expect(api.json()).toEqual({ error: 'no such route: GET /api/unknown' });
      expect((await app.inject({ method: 'POST', url: '/somewhere' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await store.close();
      tmp.remove();
    }
  });
});
