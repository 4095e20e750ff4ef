/**
 * GET /api/health and GET /api/ready (health-routes.ts): public, liveness without the database, readiness from the
 * database's answer and the live bus, nothing in the body but the verdict; on PostgreSQL with a real bus whose
 * LISTEN connection is ended.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installAccess } from './access.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { headerAuthenticator } from './queue/test-actors.ts';
import { LocalLiveBus, type LiveBus } from '../app/live/live-bus.ts';
import { PgLiveBus } from '../app/live/pg-live-bus.ts';
import { migrate } from '../app/store/pg-schema.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { fakeDetector, fakeScorer } from '../app/testing/helpers.ts';

const engines = { scorer: fakeScorer(), detector: fakeDetector() };

describe('health and readiness', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function start(probe: () => Promise<unknown>, live: Pick<LiveBus, 'listening'> = new LocalLiveBus(), readyTimeoutMs = 100) {
    const a = Fastify();
    const warnings: string[] = [];
    a.log.warn = ((message: string) => warnings.push(message)) as typeof a.log.warn;
    installAccess(a, headerAuthenticator());
    a.decorate('live', live as LiveBus);
    registerHealthRoutes(a, { ping: () => Promise.reject(new Error('the probe given replaces ping')) }, engines, { probe, readyTimeoutMs });
    await a.ready();
    app = a;
    return { app: a, warnings };
  }

  it('answers health without a session and without asking the database', async () => {
    let asked = 0;
    const { app: a } = await start(async () => {
      asked += 1;
    });
    const res = await a.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, scorer: { name: engines.scorer.name }, detector: { name: engines.detector.name } });
    expect(asked).toBe(0);
  });

  it('is ready without a session when the database answers and the bus listens', async () => {
    const { app: a } = await start(async () => 1);
    const res = await a.inject({ url: '/api/ready' });
    expect([res.statusCode, res.json()]).toEqual([200, { ready: true }]);
    expect((await a.inject({ method: 'HEAD', url: '/api/ready' })).statusCode).toBe(200);
  });

  it('is not ready (503, no details) when the database fails, is slow, or the bus does not listen; it logs why once', async () => {
    let mode: 'fail' | 'slow' | 'ok' = 'fail';
    const bus = { listening: true };
    const { app: a, warnings } = await start(() => (mode === 'fail' ? Promise.reject(new Error('connect ECONNREFUSED postgres://u:pw@db')) : mode === 'slow' ? new Promise((r) => setTimeout(r, 1000)) : Promise.resolve(1)), bus);
    const failed = await a.inject({ url: '/api/ready' });
    expect([failed.statusCode, failed.json()]).toEqual([503, { ready: false }]);
    expect(failed.body).not.toMatch(/ECONNREFUSED|postgres|pw/);
    await a.inject({ url: '/api/ready' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/database did not answer/);
    mode = 'slow';
    const started = Date.now();
    expect((await a.inject({ url: '/api/ready' })).statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(900);
    mode = 'ok';
    expect((await a.inject({ url: '/api/ready' })).statusCode).toBe(200);
    bus.listening = false;
    const deaf = await a.inject({ url: '/api/ready' });
    expect([deaf.statusCode, deaf.json()]).toEqual([503, { ready: false }]);
    expect(warnings.at(-1)).toMatch(/live bus is not listening/);
  });
});

describe.skipIf(!TEST_ENGINES.includes('postgres'))('readiness on PostgreSQL (postgres)', () => {
  let db: FreshDatabase | null = null;
  let bus: PgLiveBus | null = null;
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    await bus?.close();
    await db?.dispose();
    app = null;
    bus = null;
    db = null;
  });

  it('answers 503 while the bus has lost its LISTEN connection, and 200 again once it is back', async () => {
    db = await freshDatabase('postgres');
    await migrate(db.sql);
    if (db.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    bus = await PgLiveBus.open(db.sql, db.locator.url, { reconnectMs: [300], checkEveryMs: 60_000 });
    const a = Fastify();
    installAccess(a, headerAuthenticator());
    a.decorate('live', bus);
    const sql = db.sql;
    registerHealthRoutes(a, { ping: async () => { await sql.value('SELECT 1'); } }, engines);
    app = a;
    expect((await a.inject({ url: '/api/ready' })).statusCode).toBe(200);
    await db.sql.value('SELECT pg_terminate_backend(?)', [bus.listenerPid]);
    await expect.poll(() => bus!.listening).toBe(false);
    expect((await a.inject({ url: '/api/ready' })).statusCode).toBe(503);
    await expect.poll(async () => (await a.inject({ url: '/api/ready' })).statusCode, { timeout: 5000 }).toBe(200);
  });
});
