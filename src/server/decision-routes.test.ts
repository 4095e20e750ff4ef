import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, DecisionConflict, LiveEvent, ReasonDef } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { DEFAULT_REASONS } from '../core/reasons.ts';
import type { Role } from '../core/roles.ts';
import type { Authenticator } from './access.ts';
import type { Actor } from '../app/auth/actor.ts';
import { buildApp } from './app.ts';
import { claimComments, liveClaim } from '../app/queue/claims.ts';
import { hashText } from '../app/store/store.ts';
import { fakeDetector, fakeScorer, sampleThread, useEngineStore, useTempStore } from '../app/testing/helpers.ts';
import { describeEachEngine } from '../app/store/testing/databases.ts';

const USERS: Record<string, { id: number; role: Role }> = { mia: { id: 1, role: 'moderator' }, bo: { id: 2, role: 'moderator' }, eda: { id: 3, role: 'editor' }, vic: { id: 4, role: 'viewer' } };

/** Acts as the user the test header names (requests sent at once), else whoever `who.name` names. */
function switchableAuth(who: { name: string }): Authenticator {
  return {
    actorOf: (request): Actor => {
      const header = request.headers['x-test-user'];
      const name = typeof header === 'string' ? header : who.name;
      return { userId: USERS[name]!.id, username: name, role: USERS[name]!.role, mode: 'account', sessionHash: 'x', expiresAt: null, mustChangePassword: false };
    },
    stillValid: () => true,
  };
}

describe('POST /api/threads/:id/decisions: actor, rules, conflicts, audit and live events', () => {
  const ctx = useTempStore();
  const who = { name: 'mia' };
  const live: LiveEvent[] = [];
  let app: FastifyInstance;
  let n = 0;

  beforeEach(async () => {
    const thread = sampleThread();
    await ctx.store.saveImport({
      threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }],
      importedAt: '2026-12-07T04:00:00.000Z',
      scorer: { name: 'fake', version: '1' },
      detector: { name: 'fake-tropes', version: '1' },
      scores: [],
      tropes: [],
    });
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui'), auth: switchableAuth(who) });
    app.live.subscribe((event) => live.push(event));
  });
  afterEach(async () => {
    await app.close();
    who.name = 'mia';
    live.length = 0;
  });

  const post = async (as: string, body: Record<string, unknown>) => {
    who.name = as;
    n += 1;
    return app.inject({ method: 'POST', url: '/api/threads/t1/decisions', headers: { 'x-test-user': as }, payload: { id: `decision-${String(n).padStart(4, '0')}`, commentId: 'c1', ...body } });
  };
  const audit = (): Promise<AuditEntry[]> => ctx.store.sql.all<AuditEntry>(`SELECT seq, actor, action, comment_id AS "commentId", what, why FROM audit_log WHERE action LIKE 'decision.%' ORDER BY seq`);

  it("records the session's user and id and the legal ground, audits it and publishes it live", async () => {
    const res = await post('mia', { action: 'reject', reason: 'illegal', legalGround: 'StGB § 130', note: 'incitement', moderator: 'somebody-else' });
    expect(res.statusCode).toBe(201);
    const { event } = res.json() as { event: DecisionEvent };
    expect(event).toMatchObject({ moderator: 'mia', reason: 'illegal', legalGround: 'StGB § 130', note: 'incitement', seq: 1 });
    expect(await ctx.store.sql.value('SELECT user_id FROM decisions WHERE id = ?', [event.id])).toBe(1);
    expect(await audit()).toEqual([{ seq: expect.any(Number), actor: 'mia', action: 'decision.reject', commentId: 'c1', what: 'rejected', why: 'Illegal content; legal ground: StGB § 130; note: incitement' }]);
    expect(live).toEqual([{ type: 'decision', threadId: 't1', event }]);
    const read = await app.inject({ method: 'GET', url: '/api/threads/t1/decisions' });
    expect(read.json()).toEqual([event]);
  });

  it('refuses an unknown reason, "other" without a note and a legal ground on a site-terms reason, recording nothing', async () => {
    for (const [body, where] of [
      [{ action: 'reject', reason: 'insult' }, 'body.reason'],
      [{ action: 'reject', reason: 'other' }, 'body.note'],
      [{ action: 'reject', reason: 'spam', legalGround: 'StGB § 130' }, 'body.legalGround'],
      [{ action: 'reject', commentId: 'nope' }, 'body.commentId'],
    ] as const) {
      const res = await post('mia', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ where });
    }
    const badBasedOn = await post('mia', { action: 'reject', basedOn: 'latest' });
    expect(badBasedOn.json()).toEqual({ error: 'body.basedOn must be an integer or null', where: 'body.basedOn' });
    expect(await ctx.store.decisions('t1')).toEqual([]);
    expect(await audit()).toEqual([]);
    expect(live).toEqual([]);
  });

  it('of two moderators deciding on the same basedOn, records exactly one; the other gets 409 with the first one\'s event', async () => {
    const first = await post('mia', { action: 'approve', basedOn: null });
    expect(first.statusCode).toBe(201);
    const [a, b] = await Promise.all([post('mia', { action: 'reject', reason: 'spam', basedOn: 1 }), post('bo', { action: 'approve', basedOn: 1 })]);
    const statuses = [a!.statusCode, b!.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const winner = (a!.statusCode === 201 ? a! : b!).json() as { event: DecisionEvent };
    const loser = (a!.statusCode === 409 ? a! : b!).json() as DecisionConflict;
    expect(loser.current).toEqual(winner.event);
    expect(loser.error).toContain('since you looked');
    expect(await ctx.store.decisions('t1')).toHaveLength(2);
  });

  it('refuses a decision on an older basedOn when another moderator decided since, but not when only the decider did', async () => {
    expect((await post('bo', { action: 'approve', basedOn: null })).statusCode).toBe(201);
    const stale = await post('mia', { action: 'reject', basedOn: null });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as DecisionConflict).current).toMatchObject({ moderator: 'bo', action: 'approve', seq: 1 });
    expect((await post('mia', { action: 'reject', basedOn: 1 })).statusCode).toBe(201);
    // mia's own later decision is no conflict for mia (her tab queued two in a row).
    expect((await post('mia', { action: 'approve', basedOn: 1 })).statusCode).toBe(201);
  });

  it('answers a retry of a recorded decision as a duplicate even when its basedOn is stale by now', async () => {
    who.name = 'mia';
    const body = { id: 'retry-000001', commentId: 'c1', action: 'approve', basedOn: null };
    expect((await app.inject({ method: 'POST', url: '/api/threads/t1/decisions', payload: body })).statusCode).toBe(201);
    expect((await post('bo', { action: 'reject', basedOn: 1 })).statusCode).toBe(201);
    who.name = 'mia';
    const retry = await app.inject({ method: 'POST', url: '/api/threads/t1/decisions', payload: body });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ duplicate: true, event: { id: 'retry-000001', seq: 1 } });
  });

  it.each<[string, Role | 'viewer', number]>([
    ['vic', 'viewer', 403],
    ['bo', 'moderator', 403],
    ['eda', 'editor', 201],
  ])('lets %s (%s) resolve an escalation: %i', async (user, _role, status) => {
    expect((await post('mia', { action: 'escalate', basedOn: null })).statusCode).toBe(201);
    for (const action of ['approve', 'reject', 'reset']) {
      const res = await post(user, { action, basedOn: 1 });
      expect(res.statusCode, action).toBe(status);
      if (status === 403) expect((res.json() as { error: string }).error).toContain(user === 'vic' ? '"decide"' : '"resolve-escalations"');
      if (status === 201) break;
    }
  });

  it("lets a moderator undo their own escalation (audited as an undo) but not another's", async () => {
    expect((await post('mia', { action: 'escalate', reason: 'hate-speech', basedOn: null })).statusCode).toBe(201);
    expect((await post('bo', { action: 'reset', undo: true, basedOn: 1 })).statusCode).toBe(403);
    const undo = await post('mia', { action: 'reset', undo: true, basedOn: 1 });
    expect(undo.statusCode).toBe(201);
    expect((await audit()).map((e) => [e.actor, e.action, e.what])).toEqual([
      ['mia', 'decision.escalate', 'escalated'],
      ['mia', 'decision.undo', 'undo (cleared)'],
    ]);
  });

  it("refuses a comment another moderator has claimed (409 with the claim) and ends the decider's own claim", async () => {
    await claimComments(ctx.store, 't1', ['c1'], 'bo');
    const res = await post('mia', { action: 'approve' });
    expect(res.statusCode).toBe(409);
    expect((res.json() as DecisionConflict).claim).toMatchObject({ commentId: 'c1', by: 'bo' });
    live.length = 0;
    expect((await post('bo', { action: 'approve' })).statusCode).toBe(201);
    expect(await liveClaim(ctx.store, 't1', 'c1')).toBeNull();
    // Open consoles hear that the claim ended, as with a release.
    expect(live.map((event) => event.type)).toEqual(['decision', 'queue']);
    expect(live[1]).toMatchObject({ type: 'queue', threadId: 't1', snapshot: { claims: [] } });
  });
});

describe('GET and PUT /api/reasons', () => {
  const ctx = useTempStore();
  const who = { name: 'eda' };
  const live: LiveEvent[] = [];
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui'), auth: switchableAuth(who) });
    app.live.subscribe((event) => live.push(event));
  });
  afterEach(async () => {
    await app.close();
    live.length = 0;
  });
  const put = (as: string, reasons: unknown) => {
    who.name = as;
    return app.inject({ method: 'PUT', url: '/api/reasons', payload: { reasons } });
  };

  it('serves the default list to every role, and lets only editors change it (audited, published)', async () => {
    who.name = 'vic';
    const res = await app.inject({ method: 'GET', url: '/api/reasons' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEFAULT_REASONS);
    const changed: ReasonDef[] = [{ code: 'doxxing', label: 'Doxxing', ground: 'illegal', needsNote: false, retired: false }, ...DEFAULT_REASONS.map((r) => (r.code === 'spam' ? { ...r, retired: true } : r))];
    const refused = await put('bo', changed);
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { error: string }).error).toContain('"manage-reasons"');
    const ok = await put('eda', changed);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual(changed);
    expect((await app.inject({ method: 'GET', url: '/api/reasons' })).json()).toEqual(changed);
    const entry = await ctx.store.sql.get("SELECT actor, what FROM audit_log WHERE action = 'reasons.change'");
    expect(entry).toEqual({ actor: 'eda', what: 'added "doxxing" (Doxxing); retired "spam"' });
    expect(live).toEqual([{ type: 'reasons' }]);
  });

  it('refuses a list that drops a code decisions use, or has a bad code, naming where; nothing changes', async () => {
    const thread = sampleThread();
    await ctx.store.saveImport({ threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2026-12-07T04:00:00.000Z', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, scores: [], tropes: [] });
    who.name = 'mia';
    expect((await app.inject({ method: 'POST', url: '/api/threads/t1/decisions', payload: { id: 'spam-0000001', commentId: 'c2', action: 'reject', reason: 'spam' } })).statusCode).toBe(201);
    const dropped = await put('eda', DEFAULT_REASONS.filter((r) => r.code !== 'spam'));
    expect(dropped.statusCode).toBe(400);
    expect(dropped.json()).toEqual({ error: 'decisions name "spam": a reason in use cannot be removed, only retired', where: 'body.reasons' });
    const badCode = await put('eda', [{ code: 'Bad Code', label: 'x', ground: 'illegal', needsNote: false, retired: false }]);
    expect(badCode.statusCode).toBe(400);
    expect((badCode.json() as { where: string }).where).toBe('body.reasons[0].code');
    const twice = await put('eda', [...DEFAULT_REASONS, DEFAULT_REASONS[0]]);
    expect(twice.json()).toMatchObject({ where: 'body.reasons[9].code' });
    expect((await app.inject({ method: 'GET', url: '/api/reasons' })).json()).toEqual(DEFAULT_REASONS);
  });
});

describeEachEngine('decisions and claims through two servers on one database', (engine) => {
  const db = useEngineStore(engine);
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  /** Two apps as two console servers: on PostgreSQL each with a store (a pool) of its own; on SQLite one store (see claims.test.ts). */
  async function twoServers(): Promise<[FastifyInstance, FastifyInstance]> {
    const thread = sampleThread();
    await db.store.saveImport({ threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2026-12-07T04:00:00.000Z', scorer: { name: 'fake', version: '1' }, detector: { name: 'fake-tropes', version: '1' }, scores: [], tropes: [] });
    const second = engine === 'postgres' ? await db.reopen() : db.store;
    for (const store of [db.store, second]) apps.push(await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(os.tmpdir(), 'threadscope-no-ui'), auth: switchableAuth({ name: 'mia' }) }));
    return [apps[0]!, apps[1]!];
  }
  let n = 0;
  const decide = (app: FastifyInstance, as: string, body: Record<string, unknown>) => {
    n += 1;
    return app.inject({ method: 'POST', url: '/api/threads/t1/decisions', headers: { 'x-test-user': as }, payload: { id: `two-servers-${String(n).padStart(4, '0')}`, commentId: 'c1', ...body } });
  };

  it('of two moderators deciding on the same basedOn on two servers at once, records exactly one; the other gets 409', async () => {
    const [a, b] = await twoServers();
    expect((await decide(a, 'mia', { action: 'approve', basedOn: null })).statusCode).toBe(201);
    const [x, y] = await Promise.all([decide(a, 'mia', { action: 'reject', reason: 'spam', basedOn: 1 }), decide(b, 'bo', { action: 'approve', basedOn: 1 })]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const winner = (x.statusCode === 201 ? x : y).json() as { event: DecisionEvent };
    expect(((x.statusCode === 409 ? x : y).json() as DecisionConflict).current).toEqual(winner.event);
    const log = (await (await b.inject({ method: 'GET', url: '/api/threads/t1/decisions', headers: { 'x-test-user': 'vic' } })).json()) as DecisionEvent[];
    expect(log.map((e) => e.id)).toEqual([expect.any(String), winner.event.id]);
  });

  it('a claim made on one server refuses another moderator\'s decision on the other, and the claimer\'s decision ends it', async () => {
    const [a, b] = await twoServers();
    const claimed = await a.inject({ method: 'POST', url: '/api/threads/t1/claims', headers: { 'x-test-user': 'bo' }, payload: { commentIds: ['c1'] } });
    expect(claimed.statusCode).toBe(200);
    const refused = await decide(b, 'mia', { action: 'approve', basedOn: null });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as DecisionConflict).claim).toMatchObject({ commentId: 'c1', by: 'bo' });
    expect((await decide(b, 'bo', { action: 'approve', basedOn: null })).statusCode).toBe(201);
    const queue = (await a.inject({ method: 'GET', url: '/api/threads/t1/queue', headers: { 'x-test-user': 'vic' } })).json() as { claims: unknown[] };
    expect(queue.claims).toEqual([]);
  });
});
