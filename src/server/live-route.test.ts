import http from 'node:http';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../core/api.ts';
import { installAccess } from './access.ts';
import { buildApp } from './app.ts';
import { LiveBus } from './live.ts';
import { registerLiveRoute } from './live-route.ts';
import { hashText } from '../app/store/store.ts';
import { as, headerAuthenticator } from './queue/test-actors.ts';
import { fakeDetector, fakeScorer, sampleThread, useTempStore } from '../app/testing/helpers.ts';

/**
 * Reads an event stream with node:http (fetch's pool opens a spare connection after an abort, which would hold up
 * the server's close): its frames as they come, and whether it ended.
 */
async function openStream(base: string, headers: Record<string, string>) {
  const frames: string[] = [];
  let ended = false;
  let buffer = '';
  let body = '';
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const request = http.get(`${base}/api/events`, { headers, agent: false });
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
  const events = () => frames.filter((f) => f.startsWith('data: ')).map((f) => JSON.parse(f.slice(6)) as LiveEvent);
  return { status: res.statusCode, headers: res.headers, frames, events, until, body: () => body, get ended() { return ended; }, close: () => request.destroy() };
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
    a.decorate('live', new LiveBus());
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
