import http from 'node:http';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../core/api.ts';
import { installAccess } from './access.ts';
import { buildApp } from './app.ts';
import { LocalLiveBus } from '../app/live/live-bus.ts';
import { registerLiveRoute, resumeFrom } from './live-route.ts';
import { hashText } from '../app/store/store.ts';
import { PgLiveBus } from '../app/live/pg-live-bus.ts';
import { openSql } from '../app/store/open-sql.ts';
import { migrate } from '../app/store/pg-schema.ts';
import type { Sql } from '../app/store/sql.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { as, headerAuthenticator } from './queue/test-actors.ts';
import { fakeDetector, fakeScorer, sampleThread, useTempStore } from '../app/testing/helpers.ts';

/**
 * Reads an event stream with node:http (fetch's pool opens a spare connection after an abort, which would hold up
 * the server's close): its frames as they come, and whether it ended.
 */
async function openStream(base: string, headers: Record<string, string>, query = '') {
  const frames: string[] = [];
  let ended = false;
  let buffer = '';
  let body = '';
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const request = http.get(`${base}/api/events${query}`, { headers, agent: false });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', resolve);
    request.on('error', reject);
  });
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    body += chunk;
    buffer += chunk;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      frames.push(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
    }
    wake();
  });
  const finish = () => {
    ended = true;
    wake();
  };
  res.on('end', finish);
  res.on('close', finish);
  request.on('error', finish);
  const until = async (test: () => boolean, ms = 3000) => {
    const limit = Date.now() + ms;
    while (!test()) {
      if (Date.now() > limit) throw new Error(`timed out; frames: ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  const dataOf = (frame: string) => frame.split('\n').find((line) => line.startsWith('data: '));
  const events = () => frames.filter(dataOf).map((f) => JSON.parse(dataOf(f)!.slice(6)) as LiveEvent);
  /** The `id:` of each event frame (null for a frame without one). */
  const ids = () => frames.filter(dataOf).map((f) => {
    const line = f.split('\n').find((l) => l.startsWith('id: '));
    return line === undefined ? null : Number(line.slice(4));
  });
  return { status: res.statusCode, headers: res.headers, frames, events, ids, until, body: () => body, get ended() { return ended; }, close: () => request.destroy() };
}

describe('GET /api/events on a small app', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function start(options: { valid?: () => boolean; heartbeatMs?: number; streamsPerUser?: number } = {}) {
    let valid = true;
    const a = Fastify();
    installAccess(a, headerAuthenticator(() => (options.valid ? options.valid() : valid)));
    a.decorate('live', new LocalLiveBus());
    registerLiveRoute(a, { stillValid: (actor) => a.auth.stillValid(actor), heartbeatMs: options.heartbeatMs ?? 60_000, streamsPerUser: options.streamsPerUser });
    const base = await a.listen({ port: 0, host: '127.0.0.1' });
    app = a;
    return { app: a, base, endSession: () => (valid = false) };
  }

  it('sends hello first, then each live event as one data line; no-store event stream', async () => {
    const { app: a, base } = await start();
    const s = await openStream(base, as('ada:moderator'));
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(s.headers['cache-control']).toBe('no-store');
    await s.until(() => s.events().length === 1);
    expect(s.events()).toEqual([{ type: 'hello', user: 'ada' }]);
    a.live.publish({ type: 'thread', threadId: 't1' });
    a.live.publish({ type: 'reasons' });
    await s.until(() => s.events().length === 3);
    expect(s.events().slice(1)).toEqual([{ type: 'thread', threadId: 't1' }, { type: 'reasons' }]);
    expect(s.frames.every((f) => !f.includes('\n'))).toBe(true);
    s.close();
    await s.until(() => a.live.size === 0);
  });

  it('sends a heartbeat comment and ends the stream when the session ends', async () => {
    const { app: a, base, endSession } = await start({ heartbeatMs: 40 });
    const s = await openStream(base, as('ada:moderator'));
    await s.until(() => s.frames.includes(': heartbeat'));
    endSession();
    await s.until(() => s.ended);
    expect(a.live.size).toBe(0);
  });

  it('answers 401 without a session and 429 past the per-user cap', async () => {
    const { base } = await start({ streamsPerUser: 2 });
    const nobody = await openStream(base, {});
    expect(nobody.status).toBe(401);
    const one = await openStream(base, as('ada:viewer'));
    const two = await openStream(base, as('ada:viewer'));
    const three = await openStream(base, as('ada:viewer'));
    expect(three.status).toBe(429);
    await three.until(() => three.ended);
    expect(three.body()).toMatch(/too many live streams/);
    const bob = await openStream(base, as('bob:viewer'));
    expect(bob.status).toBe(200);
    one.close();
    await one.until(() => one.ended);
    await new Promise((r) => setTimeout(r, 100));
    const again = await openStream(base, as('ada:viewer'));
    expect(again.status).toBe(200);
    for (const s of [two, bob, again]) s.close();
  });

  it('sends no ids on the in-process bus, and answers a Last-Event-ID with a plain hello (the console reads again)', async () => {
    const { app: a, base } = await start();
    const s = await openStream(base, { ...as('ada:moderator'), 'last-event-id': '41' });
    await s.until(() => s.events().length === 1);
    expect(s.events()).toEqual([{ type: 'hello', user: 'ada' }]);
    await a.live.publish({ type: 'reasons' });
    await s.until(() => s.events().length === 2);
    expect(s.ids()).toEqual([null, null]);
    s.close();
  });

  it('does not hold up app.close(): open streams end', async () => {
    const { app: a, base } = await start();
    const s = await openStream(base, as('ada:viewer'));
    await s.until(() => s.events().length === 1);
    const started = Date.now();
    await a.close();
    app = null;
    expect(Date.now() - started).toBeLessThan(2000);
    await s.until(() => s.ended);
  });
});

describe('resumeFrom', () => {
  it('takes the header, else the query; anything but a whole number is no id', () => {
    expect(resumeFrom('17', { lastEventId: '3' })).toBe(17);
    expect(resumeFrom(undefined, { lastEventId: '3' })).toBe(3);
    expect(resumeFrom('', { lastEventId: '3' })).toBe(3);
    for (const bad of ['-1', '1.5', 'abc', '1e3', ' 7', '9'.repeat(16)]) expect(resumeFrom(bad, {})).toBeNull();
    expect(resumeFrom(undefined, { lastEventId: ['1', '2'] })).toBeNull();
    expect(resumeFrom(['1'], undefined)).toBeNull();
  });
});

describe.skipIf(!TEST_ENGINES.includes('postgres'))('GET /api/events on the bus between servers (postgres)', () => {
  let db: FreshDatabase;
  const closers: Array<() => Promise<void>> = [];
  const warnings: string[] = [];
  beforeEach(async () => {
    warnings.length = 0;
    db = await freshDatabase('postgres');
    await migrate(db.sql);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await db.dispose();
  });

  /** A small app with a bus of its own on the shared database, as one console server. */
  async function server() {
    if (db.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const sql: Sql = await openSql(db.locator);
    closers.push(() => sql.close());
    const bus = await PgLiveBus.open(sql, db.locator.url, { onError: (message) => warnings.push(message) });
    closers.push(() => bus.close());
    // What the route and the bus report (shown when an assertion on the stream fails).
    const a = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => void warnings.push(line) } } });
    installAccess(a, headerAuthenticator());
    a.decorate('live', bus);
    registerLiveRoute(a, { stillValid: (actor) => a.auth.stillValid(actor), heartbeatMs: 60_000 });
    const base = await a.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => a.close());
    return { app: a, base, bus };
  }

  it('streams another server’s events with their ids, and replays what a reconnecting console missed, once each', async () => {
    const one = await server();
    const two = await server();
    const s = await openStream(two.base, as('bob:moderator'));
    await s.until(() => s.events().length === 1);
    for (let i = 1; i <= 3; i++) await one.app.live.publish({ type: 'thread', threadId: `t${i}` });
    await s.until(() => s.events().length === 4);
    const ids = s.ids().slice(1) as number[];
    expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]!))).toBe(true);
    s.close();
    // Missed while away: t4 and t5 (published on the other server).
    await one.app.live.publish({ type: 'thread', threadId: 't4' });
    await one.app.live.publish({ type: 'thread', threadId: 't5' });
    const back = await openStream(two.base, { ...as('bob:moderator'), 'last-event-id': String(ids[1]) });
    await back.until(() => back.events().length >= 4);
    expect(back.events(), warnings.join('\n')).toEqual([
      { type: 'hello', user: 'bob', replayed: true },
      { type: 'thread', threadId: 't3' },
      { type: 'thread', threadId: 't4' },
      { type: 'thread', threadId: 't5' },
    ]);
    // Then live ones, after the replayed ones and never twice.
    await two.app.live.publish({ type: 'reasons' });
    await back.until(() => back.events().length === 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(back.events().slice(4)).toEqual([{ type: 'reasons' }]);
    const backIds = back.ids().slice(1) as number[];
    expect(new Set(backIds).size).toBe(4);
    expect(backIds[0]).toBe(ids[2]);
    back.close();
  });

  it('takes ?lastEventId= (a new EventSource cannot send the header), and resyncs an id it cannot replay', async () => {
    const one = await server();
    await one.app.live.publish({ type: 'reasons' });
    await one.app.live.publish({ type: 'thresholds' });
    const first = (await db.sql.value<number>('SELECT min(id) FROM live_events'))!;
    expect(first).toBeGreaterThan(0);
    // The bus has delivered its own two events (under load that can lag): a stream opened later gets them only by replay.
    await expect.poll(() => one.bus.lastDelivered, { timeout: 5000 }).toBe(first + 1);
    const byQuery = await openStream(one.base, as('ada:viewer'), `?lastEventId=${first}`);
    await byQuery.until(() => byQuery.events().length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(byQuery.events(), warnings.join('\n')).toEqual([{ type: 'hello', user: 'ada', replayed: true }, { type: 'thresholds' }]);
    byQuery.close();
    // An id this database never gave: a plain hello, so the console reads everything again; live events follow.
    const unknown = await openStream(one.base, { ...as('ada:viewer'), 'last-event-id': String(first + 1000) });
    await unknown.until(() => unknown.events().length >= 1);
    expect(unknown.events()).toEqual([{ type: 'hello', user: 'ada' }]);
    await one.app.live.publish({ type: 'reasons' });
    await unknown.until(() => unknown.events().length >= 2);
    expect(unknown.events(), warnings.join('\n')).toEqual([{ type: 'hello', user: 'ada' }, { type: 'reasons' }]);
    unknown.close();
  });
});

describe('GET /api/events on the whole app', () => {
  const ctx = useTempStore();

  it('streams a claim and then a decision of another moderator, and the claim ends', async () => {
    const thread = sampleThread();
    await ctx.store.saveImport({ threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2026-12-07T00:00:00.000Z', scorer: { name: 'f', version: '1' }, detector: { name: 'f', version: '1' }, scores: [], tropes: [] });
    const app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui'), auth: headerAuthenticator() });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const s = await openStream(base, { ...as('bob:moderator'), host: new URL(base).host });
      await s.until(() => s.events().length === 1);
      const claim = await app.inject({ method: 'POST', url: '/api/threads/t1/claims', headers: as('ada:moderator'), payload: { commentIds: ['c2'] } });
      expect(claim.statusCode).toBe(200);
      await s.until(() => s.events().length === 2, 1000);
      expect(s.events()[1]).toMatchObject({ type: 'queue', threadId: 't1', snapshot: { claims: [{ commentId: 'c2', by: 'ada' }] } });
      // Ada's decision arrives on Bob's stream, and ends her claim.
      const decided = await app.inject({ method: 'POST', url: '/api/threads/t1/decisions', headers: as('ada:moderator'), payload: { id: 'decision-live-0001', commentId: 'c2', action: 'reject' } });
      expect(decided.statusCode).toBe(201);
      await s.until(() => s.events().some((e) => e.type === 'decision'), 1000);
      expect(s.events().find((e) => e.type === 'decision')).toMatchObject({ type: 'decision', threadId: 't1', event: { commentId: 'c2', action: 'reject', moderator: 'ada' } });
      const queue = await app.inject({ method: 'GET', url: '/api/threads/t1/queue', headers: as('bob:moderator') });
      expect(queue.json()).toEqual({ threadId: 't1', claims: [], snoozes: [] });
      s.close();
    } finally {
      await app.close();
    }
  });
});
