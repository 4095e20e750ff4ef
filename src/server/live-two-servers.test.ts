/**
 * Two console servers on one PostgreSQL database (issue 15, ADR 0031): two apps built with buildApp on two Stores
 * opened on the same database (each with its own pool and live bus), a moderator logged into each; a decision made
 * on server A arrives on the event stream of server B, with its id, and a claim made on B reaches A. Both are ready.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../core/api.ts';
import { buildApp } from './app.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { Accounts } from '../app/auth/accounts.ts';
import { TEST_SCRYPT_PARAMS } from '../app/auth/passwords.ts';
import type { PgLiveBus } from '../app/live/pg-live-bus.ts';
import { Store } from '../app/store/store.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { fakeDetector, fakeScorer } from '../app/testing/helpers.ts';

const CONTEXT = JSON.stringify({
  ancestors: [{ id: '1', in_reply_to_id: null, uri: 'https://example.social/@a/1', content: '<p>Opening post.</p>', account: { acct: 'a' } }],
  descendants: [
    { id: '2', in_reply_to_id: '1', uri: 'https://example.social/@a/1/2', content: '<p>You are a loser.</p>', account: { acct: 'b' } },
    { id: '3', in_reply_to_id: '1', uri: 'https://example.social/@a/1/3', content: '<p>Thanks for this.</p>', account: { acct: 'c' } },
  ],
});

/** The events of an SSE stream read with node:http, with their ids. */
function openStream(base: string, cookie: string) {
  const got: Array<{ id: number | null; event: LiveEvent }> = [];
  let buffer = '';
  const request = http.get(`${base}/api/events`, { headers: { cookie, host: new URL(base).host }, agent: false });
  request.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, cut).split('\n');
        buffer = buffer.slice(cut + 2);
        const data = lines.find((l) => l.startsWith('data: '));
        const id = lines.find((l) => l.startsWith('id: '));
        if (data) got.push({ id: id === undefined ? null : Number(id.slice(4)), event: JSON.parse(data.slice(6)) as LiveEvent });
      }
    });
  });
  request.on('error', () => undefined);
  return { got, close: () => request.destroy() };
}

describe.skipIf(!TEST_ENGINES.includes('postgres'))('two console servers on one PostgreSQL database (postgres)', () => {
  let db: FreshDatabase;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  const bases: string[] = [];
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    for (let i = 0; i < 2; i++) stores.push(await Store.open(db.locator));
    const accounts = new Accounts(stores[0]!, new AuditLog(stores[0]!), { scrypt: TEST_SCRYPT_PARAMS });
    for (const name of ['mona', 'mike']) passwords[name] = (await accounts.create(name, 'moderator', { name: 'test', role: null })).password;
    for (const store of stores) {
      const app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: '/nonexistent', auth: sessionAuthenticator(store, { singleUser: false }) });
      apps.push(app);
      bases.push(await app.listen({ port: 0, host: '127.0.0.1' }));
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await db?.dispose();
  });

  async function logIn(app: FastifyInstance, name: string): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: { username: name, password: passwords[name] } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  }

  it('shows a decision made on server A on server B’s event stream within a second, and a claim on B on A', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    expect(a.live.kind).toBe('postgres');
    for (const app of apps) expect((await app.inject({ url: '/api/ready' })).statusCode).toBe(200);
    const mona = await logIn(a, 'mona');
    const mike = await logIn(b, 'mike');

    const imported = await a.inject({ method: 'POST', url: '/api/imports', headers: { 'content-type': 'application/json', cookie: mona }, payload: { content: CONTEXT, fileName: 'context.json' } });
    expect(imported.statusCode).toBe(201);
    const threadId: string = imported.json().threads[0].id;
    const thread = encodeURIComponent(threadId);
    // Server B reads the thread A imported (one database).
    const view = await b.inject({ url: `/api/threads/${thread}`, headers: { cookie: mike } });
    expect(view.statusCode).toBe(200);
    const [, second, third] = view.json().comments as Array<{ id: string }>;

    // Both buses have delivered the import's event before the streams open (under load a bus can lag), so that the
    // streams below see the same events.
    const newest = await db.sql.value<number>('SELECT max(id) FROM live_events');
    for (const app of apps) await expect.poll(() => (app.live as PgLiveBus).lastDelivered, { timeout: 5000 }).toBe(newest);
    const onB = openStream(bases[1]!, mike);
    const onA = openStream(bases[0]!, mona);
    await expect.poll(() => [onA.got.length, onB.got.length]).toEqual([1, 1]);
    expect(onB.got[0]!.event).toEqual({ type: 'hello', user: 'mike' });

    const started = Date.now();
    const decided = await a.inject({ method: 'POST', url: `/api/threads/${thread}/decisions`, headers: { 'content-type': 'application/json', cookie: mona }, payload: { id: 'two-servers-0001', commentId: second!.id, action: 'reject' } });
    expect(decided.statusCode).toBe(201);
    await expect.poll(() => onB.got.some((g) => g.event.type === 'decision'), { timeout: 1000, interval: 10 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    const decision = onB.got.find((g) => g.event.type === 'decision')!;
    expect(decision.event).toMatchObject({ type: 'decision', threadId, event: { commentId: second!.id, action: 'reject', moderator: 'mona' } });
    expect(Number.isInteger(decision.id)).toBe(true);

    const claimed = await b.inject({ method: 'POST', url: `/api/threads/${thread}/claims`, headers: { 'content-type': 'application/json', cookie: mike }, payload: { commentIds: [third!.id] } });
    expect(claimed.statusCode).toBe(200);
    await expect.poll(() => onA.got.some((g) => g.event.type === 'queue'), { timeout: 2000 }).toBe(true);
    expect(onA.got.find((g) => g.event.type === 'queue')!.event).toMatchObject({ type: 'queue', threadId, snapshot: { claims: [{ commentId: third!.id, by: 'mike' }] } });
    // Each server's streams got the same events in the same order, each once.
    await expect.poll(() => [onA.got.length, onB.got.length]).toEqual([3, 3]);
    expect(onA.got.slice(1).map((g) => g.id)).toEqual(onB.got.slice(1).map((g) => g.id));
    onA.close();
    onB.close();
  });
});
