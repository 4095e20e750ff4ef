/**
 * The team's routes on both store engines (issue 15): thresholds, reasons, the audit trail and API keys, registered
 * on a console server of their own over `Store.open(locator)`, so the PostgreSQL half drives the same routes as
 * SQLite. The whole app's tests of these routes stay on SQLite (team-thresholds.test.ts, audit-route.test.ts, ...).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ApiKeysResponse, AuditEntry, LiveEvent, ReasonDef, TeamThresholds } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { AuditLog } from '../../app/audit/audit-log.ts';
import type { Actor } from '../../app/auth/actor.ts';
import { LocalLiveBus } from '../../app/live/live-bus.ts';
import { ApiKeys } from '../../app/perspective-compat/api-keys.ts';
import { Store } from '../../app/store/store.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../../app/store/testing/databases.ts';
import { installAccess } from '../access.ts';
import { registerAuditRoutes } from '../audit/audit-route.ts';
import { registerApiKeyRoutes } from '../perspective-compat/api-keys-route.ts';
import { callerGate } from '../perspective-compat/caller-gate.ts';
import { registerReasonRoutes } from '../reasons/reasons-routes.ts';
import { registerThresholdsRoutes } from './team-thresholds.ts';

const ADMIN: Actor = { userId: 1, username: 'root', role: 'admin', mode: 'account', sessionHash: 'x', expiresAt: null, mustChangePassword: false };

describeEachEngine('team routes', (engine) => {
  let db: FreshDatabase;
  let store: Store;
  let app: FastifyInstance;
  const events: LiveEvent[] = [];

  beforeEach(async () => {
    db = await freshDatabase(engine);
    store = await Store.open(db.locator);
    app = Fastify();
    installAccess(app, { actorOf: () => ADMIN, stillValid: () => true });
    app.decorate('audit', new AuditLog(store));
    const live = new LocalLiveBus();
    live.subscribe((event) => events.push(event));
    app.decorate('live', live);
    registerAuditRoutes(app);
    registerReasonRoutes(app, store);
    registerThresholdsRoutes(app, store);
    registerApiKeyRoutes(app, store);
    app.post('/v1alpha1/comments:analyze', { preHandler: callerGate(store), config: { callerAuth: 'api-key' } }, async (request) => ({ caller: request.caller?.label }));
    await app.ready();
    events.length = 0;
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await db.dispose();
  });

  it('saves the team\'s thresholds and reasons, announces and audits them; the audit route filters and exports', async () => {
    const raised = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.7 }, tropeMinSeverity: 3 };
    const put = await app.inject({ method: 'PUT', url: '/api/settings/thresholds', payload: { thresholds: raised, why: 'too many' } });
    expect(put.statusCode).toBe(200);
    expect(((await app.inject('/api/settings/thresholds')).json() as TeamThresholds)).toMatchObject({ thresholds: raised, updatedBy: 'root' });

    const reasons = (await app.inject('/api/reasons')).json() as ReasonDef[];
    expect(reasons.length).toBeGreaterThan(1);
    const changed = await app.inject({ method: 'PUT', url: '/api/reasons', payload: { reasons: [...reasons, { code: 'scam', label: 'Scam', ground: 'illegal', needsNote: false, retired: false }] } });
    expect(changed.statusCode).toBe(200);
    expect(((await app.inject('/api/reasons')).json() as ReasonDef[]).at(-1)!.code).toBe('scam');
    expect((await app.inject({ method: 'PUT', url: '/api/reasons', payload: { reasons: [] } })).statusCode).toBe(400);
    expect(events).toEqual([{ type: 'thresholds' }, { type: 'reasons' }]);

    const audit = (await app.inject('/api/audit?actor=ROOT')).json() as AuditEntry[];
    expect(audit.map((e) => [e.action, e.what])).toEqual([['reasons.change', 'added "scam" (Scam)'], ['thresholds.change', 'INSULT 0.60 -> 0.70, Trope severity S2 -> S3']]);
    expect((await app.inject('/api/audit?action=reasons.')).json()).toHaveLength(1);
    const csv = await app.inject('/api/audit?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('thresholds.change');
    expect(((await app.inject('/api/audit?action=export')).json() as AuditEntry[])[0]!.what).toMatch(/^audit log as CSV: 2 entries/);
  });

  it('admits a live key on the caller gate, refuses a revoked one, and writes its usage when the server closes', async () => {
    const keys = new ApiKeys(store);
    const { key } = await keys.create('coral', 100);
    const gone = (await keys.create('gone')).key;
    await keys.revoke('gone');
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} })).json()).toEqual({ caller: 'coral' });
    expect((await app.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${gone}`, payload: {} })).statusCode).toBe(400);
    expect(((await app.inject('/api/api-keys')).json() as ApiKeysResponse).keys.map((k) => [k.label, k.requests])).toEqual([['coral', 3]]);
    await app.close();
    expect(await store.sql.value("SELECT requests FROM api_keys WHERE label = 'coral'")).toBe(3);
  });
});
