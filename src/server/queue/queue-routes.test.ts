import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AuditEntry, ClaimResponse, LiveEvent, QueueSnapshot } from '../../core/api.ts';
import { buildApp } from '../app.ts';
import { hashText } from '../../app/store/store.ts';
import { fakeDetector, fakeScorer, sampleThread, useEngineStore } from '../../app/testing/helpers.ts';
import { describeEachEngine } from '../../app/store/testing/databases.ts';
import { CLAIM_TTL_MS } from '../../app/queue/claims.ts';
import { as, headerAuthenticator } from './test-actors.ts';

const SCORER = { name: 'fake', version: '1' };

describeEachEngine('queue routes: claims and snoozes', (engine) => {
  const ctx = useEngineStore(engine);
  let app: FastifyInstance;
  let events: LiveEvent[];
  beforeEach(async () => {
    const thread = sampleThread();
    await ctx.store.saveImport({ threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2026-12-07T00:00:00.000Z', scorer: SCORER, detector: SCORER, scores: [], tropes: [] });
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(os.tmpdir(), 'threadscope-no-ui'), auth: headerAuthenticator() });
    events = [];
    app.live.subscribe((event) => events.push(event));
  });
  afterEach(async () => {
    await app.close();
  });

  const claim = (user: string, commentIds: unknown, method: 'POST' | 'DELETE' = 'POST') =>
    app.inject({ method, url: '/api/threads/t1/claims', headers: as(user), payload: { commentIds } as object });
  const snooze = (user: string, commentIds: unknown, until: unknown) =>
    app.inject({ method: 'POST', url: '/api/threads/t1/snoozes', headers: as(user), payload: { commentIds, until } as object });
  const queue = async (user = 'vic:viewer'): Promise<QueueSnapshot> => (await app.inject({ method: 'GET', url: '/api/threads/t1/queue', headers: as(user) })).json() as QueueSnapshot;
  const audit = async (): Promise<Array<Pick<AuditEntry, 'actor' | 'action' | 'commentId' | 'what'>>> =>
    (await app.audit.read({ limit: 1000 })).reverse().map(({ actor, action, commentId, what }) => ({ actor, action, commentId, what }));

  it('claims for the session’s user, refuses what another holds, and shows it to every reader', async () => {
    const ada = await claim('ada:moderator', ['c1', 'c2']);
    expect(ada.statusCode).toBe(200);
    const body = ada.json() as ClaimResponse;
    expect(body.claims.map((c) => [c.commentId, c.by])).toEqual([['c1', 'ada'], ['c2', 'ada']]);
    expect(body.refused).toEqual([]);
    expect(Date.parse(body.claims[0]!.expiresAt) - Date.parse(body.claims[0]!.at)).toBe(CLAIM_TTL_MS);

    const bob = (await claim('bob:moderator', ['c2', 'c3'])).json() as ClaimResponse;
    expect(bob.refused.map((c) => [c.commentId, c.by])).toEqual([['c2', 'ada']]);
    expect(bob.claims.map((c) => [c.commentId, c.by])).toEqual([['c1', 'ada'], ['c2', 'ada'], ['c3', 'bob']]);
    expect((await queue()).claims.map((c) => c.by)).toEqual(['ada', 'ada', 'bob']);

    expect(await audit()).toEqual([
      { actor: 'ada', action: 'claim', commentId: 'c1', what: expect.stringMatching(/^claimed until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/) },
      { actor: 'ada', action: 'claim', commentId: 'c2', what: expect.any(String) },
      { actor: 'bob', action: 'claim', commentId: 'c3', what: expect.any(String) },
    ]);
    // On PostgreSQL the bus hands events to this server's listeners once it has read them back (ADR 0031).
    await expect.poll(() => events.map((e) => e.type)).toEqual(['queue', 'queue']);
    expect(events[1]).toEqual({ type: 'queue', threadId: 't1', snapshot: { threadId: 't1', claims: bob.claims, snoozes: [] } });
  });

  it('gives a comment to exactly one of two moderators claiming it at once', async () => {
    const [a, b] = await Promise.all([claim('ada:moderator', ['c1', 'c2']), claim('bob:moderator', ['c2', 'c1'])]);
    const answers = [a.json() as ClaimResponse, b.json() as ClaimResponse];
    expect(answers.map((r) => r.refused.length).sort()).toEqual([0, 2]);
    const holders = new Set((await queue()).claims.map((c) => c.by));
    expect(holders.size).toBe(1);
    expect((await audit()).filter((e) => e.action === 'claim')).toHaveLength(2);
  });

  it('releases only the caller’s own claims', async () => {
    await claim('ada:moderator', ['c1']);
    await claim('bob:moderator', ['c2']);
    const released = await claim('ada:moderator', ['c1', 'c2'], 'DELETE');
    expect(released.statusCode).toBe(200);
    expect((released.json() as QueueSnapshot).claims.map((c) => [c.commentId, c.by])).toEqual([['c2', 'bob']]);
    expect((await audit()).filter((e) => e.action === 'release')).toEqual([{ actor: 'ada', action: 'release', commentId: 'c1', what: 'released the claim' }]);
    await expect.poll(() => events.at(-1)).toMatchObject({ type: 'queue', snapshot: { claims: [{ commentId: 'c2' }] } });
  });

  it('snoozes until a future time and wakes with null, for the whole team', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const res = await snooze('ada:moderator', ['c1', 'c3'], until);
    expect(res.statusCode).toBe(200);
    expect((res.json() as QueueSnapshot).snoozes).toEqual([{ commentId: 'c1', by: 'ada', until }, { commentId: 'c3', by: 'ada', until }]);
    const woken = await snooze('bob:moderator', ['c1'], null);
    expect((woken.json() as QueueSnapshot).snoozes.map((s) => s.commentId)).toEqual(['c3']);
    expect((await audit()).map((e) => [e.actor, e.action, e.commentId, e.what.split(' ')[0]])).toEqual([
      ['ada', 'snooze', 'c1', 'snoozed'],
      ['ada', 'snooze', 'c3', 'snoozed'],
      ['bob', 'snooze', 'c1', 'woke'],
    ]);
    // On PostgreSQL the bus hands events to this server's listeners once it has read them back (ADR 0031).
    await expect.poll(() => events.map((e) => e.type)).toEqual(['queue', 'queue']);
  });

  it('refuses bad input with a message naming where, and changes nothing', async () => {
    const cases: Array<[Promise<{ statusCode: number; json: () => unknown }>, number, string]> = [
      [claim('ada:moderator', []), 400, 'body.commentIds'],
      [claim('ada:moderator', 'c1'), 400, 'body.commentIds'],
      [claim('ada:moderator', Array.from({ length: 501 }, (_, i) => `c${i}`)), 400, 'body.commentIds'],
      [claim('ada:moderator', ['c1', 'nope']), 400, 'body.commentIds[1]'],
      [app.inject({ method: 'POST', url: '/api/threads/zz/claims', headers: as('ada:moderator'), payload: { commentIds: ['c1'] } }), 404, 'params.id'],
      [snooze('ada:moderator', ['c1'], 'tomorrow'), 400, 'body.until'],
      [snooze('ada:moderator', ['c1'], new Date(Date.now() - 1000).toISOString()), 400, 'body.until'],
      [snooze('ada:moderator', ['c1'], new Date(Date.now() + 31 * 86_400_000).toISOString()), 400, 'body.until'],
      [snooze('ada:moderator', ['c1'], 5), 400, 'body.until'],
      [app.inject({ method: 'POST', url: '/api/threads/t1/snoozes', headers: as('ada:moderator'), payload: { commentIds: ['c1'] } }), 400, 'body'],
    ];
    for (const [request, status, where] of cases) {
      const res = await request;
      expect(res.statusCode, where).toBe(status);
      expect((res.json() as { where: string }).where, where).toContain(where);
    }
    expect(await queue()).toEqual({ threadId: 't1', claims: [], snoozes: [] });
    expect(await audit()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('lets viewers read the queue but not claim, snooze or release; nobody without a session', async () => {
    expect((await claim('vic:viewer', ['c1'])).statusCode).toBe(403);
    expect((await claim('vic:viewer', ['c1'], 'DELETE')).statusCode).toBe(403);
    expect((await snooze('vic:viewer', ['c1'], null)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/threads/t1/queue' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/threads/t1/queue', headers: as('vic:viewer') })).statusCode).toBe(200);
  });

  it('never takes the user from the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/threads/t1/claims', headers: as('ada:moderator'), payload: { commentIds: ['c1'], by: 'mallory' } });
    expect(res.statusCode).toBe(400);
    await claim('ada:moderator', ['c1']);
    expect((await queue()).claims.map((c) => c.by)).toEqual(['ada']);
  });
});
