/**
 * Who may call which route (issue 14, docs/adr/0022-accounts-sessions-roles.md): the role × route table test. An app
 * with one account of each role, every /api route it registered (declaredAccess: routes added later are covered
 * without a change here), each called without a session and as each role: 401 without one, 403 for a role without
 * the declared capability, neither for a role with it. Then a hand-written table of the routes that matter most, and
 * the maintainers' check list of the issue's "Done when" as API tests.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { can, ROLES, type Capability, type Role } from '../core/roles.ts';
import { declaredAccess, type DeclaredRoute } from './access.ts';
import { buildApp } from './app.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { Accounts } from '../app/auth/accounts.ts';
import { TEST_SCRYPT_PARAMS } from '../app/auth/passwords.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { Store } from '../app/store/store.ts';
import { fakeDetector, fakeScorer, tempDir } from '../app/testing/helpers.ts';

type Caller = 'nobody' | Role;
const CALLERS: readonly Caller[] = ['nobody', ...ROLES];
const NAMES: Record<Role, string> = { viewer: 'vera', moderator: 'mona', editor: 'edith', admin: 'adam' };

/** A small Mastodon context: one thread, two comments. */
const CONTEXT = JSON.stringify({
  ancestors: [{ id: '1', in_reply_to_id: null, uri: 'https://example.social/@a/1', content: '<p>Opening post.</p>', account: { acct: 'a' } }],
  descendants: [{ id: '2', in_reply_to_id: '1', uri: 'https://example.social/@a/1/2', content: '<p>You are a loser.</p>', account: { acct: 'b' } }],
});

describe('who may call which route', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  const cookies: Partial<Record<Caller, string>> = {};
  let threadId: string;
  let commentId: string;
  const passwords: Partial<Record<Role, string>> = {};

  /** A new session of `role` (a logout ends the one it is sent with). */
  async function logIn(role: Role): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: { username: NAMES[role], password: passwords[role] } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  }

  beforeAll(async () => {
    tmp = tempDir('threadscope-access-');
    store = await Store.open(tmp.dir);
    const accounts = new Accounts(store, new AuditLog(store), { scrypt: TEST_SCRYPT_PARAMS });
    for (const role of ROLES) passwords[role] = (await accounts.create(NAMES[role], role, { name: 'test', role: null })).password;
    // Off loopback rules: no single-user mode, whatever the store holds.
    app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: '/nonexistent', auth: sessionAuthenticator(store, { singleUser: false }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const role of ROLES) cookies[role] = await logIn(role);
    const imported = await app.inject({ method: 'POST', url: '/api/imports', headers: { 'content-type': 'application/json', cookie: cookies.moderator! }, payload: { content: CONTEXT, fileName: 'context.json' } });
    expect(imported.statusCode).toBe(201);
    threadId = imported.json().threads[0].id;
    const view = await app.inject({ url: `/api/threads/${encodeURIComponent(threadId)}`, headers: { cookie: cookies.viewer! } });
    commentId = view.json().comments[1].id;
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  /**
   * The status of one call: headers are enough (an event stream is cut off once they arrive). No body is sent. A
   * logout is sent with a session of its own, so the callers' sessions live on.
   */
  async function statusOf(route: { method: string; url: string }, caller: Caller): Promise<number> {
    const url = route.url.replace(':id', encodeURIComponent(threadId)).replace(':name', 'nobody-here');
    const abort = new AbortController();
    const logout = route.method === 'DELETE' && route.url === '/api/session';
    const headers: Record<string, string> = caller === 'nobody' ? {} : { cookie: logout ? await logIn(caller) : cookies[caller]! };
    const res = await fetch(`${base}${url}`, { method: route.method, headers, signal: abort.signal });
    abort.abort();
    return res.status;
  }

  /** What a caller should get on a route that declared `access`: 401, 403, or anything else ('allowed'). */
  function expected(access: DeclaredRoute['access'], caller: Caller): 401 | 403 | 'allowed' {
    if (access === 'public' || access === 'caller') return 'allowed';
    if (caller === 'nobody') return 401;
    return can(caller, access) ? 'allowed' : 403;
  }

  it('covers every /api route: each declares its access, and only health, readiness and login are public', () => {
    const routes = declaredAccess(app);
    expect(routes.length).toBeGreaterThan(30);
    const open = routes.filter((r) => r.access === 'public' || r.access === 'caller').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(['GET /api/health', 'GET /api/ready', 'HEAD /api/health', 'HEAD /api/ready', 'POST /api/session']);
  });

  it('answers 401 without a session, 403 without the capability, neither with it: every route × every role', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of declaredAccess(app)) {
      for (const caller of CALLERS) {
        const status = await statusOf(route, caller);
        calls++;
        const want = expected(route.access, caller);
        const ok = want === 'allowed' ? status !== 401 && status !== 403 : status === want;
        if (!ok) mismatches.push(`${route.method} ${route.url} (${route.access}) as ${caller}: ${status}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(declaredAccess(app).length * CALLERS.length);
  });

  // The routes that matter most, by hand: what each declares, and who gets through.
  const TABLE: ReadonlyArray<[string, Capability | 'public']> = [
    ['GET /api/health', 'public'],
    ['GET /api/ready', 'public'],
    ['POST /api/session', 'public'],
    ['GET /api/session', 'read'],
    ['DELETE /api/session', 'read'],
    ['PUT /api/session/password', 'read'],
    ['GET /api/threads', 'read'],
    ['GET /api/threads/:id/index', 'read'],
    ['GET /api/threads/:id/decisions', 'read'],
    ['POST /api/threads/:id/decisions', 'decide'],
    ['POST /api/imports', 'import'],
    ['POST /api/threads/:id/missing/remove', 'import'],
    ['PUT /api/scoring/scorer', 'administer'],
    ['GET /api/api-keys', 'administer'],
    ['GET /api/users', 'administer'],
    ['POST /api/users', 'administer'],
    ['PATCH /api/users/:name', 'administer'],
  ];

  it.each(TABLE)('%s needs %s', (route, access) => {
    const found = declaredAccess(app).find((r) => `${r.method} ${r.url}` === route);
    expect(found?.access).toBe(access);
  });

  it.each([
    ['viewer', 'POST /api/threads/:id/decisions', 403],
    ['moderator', 'POST /api/threads/:id/decisions', 'allowed'],
    ['viewer', 'POST /api/imports', 403],
    ['moderator', 'POST /api/imports', 'allowed'],
    ['moderator', 'GET /api/users', 403],
    ['editor', 'GET /api/users', 403],
    ['admin', 'GET /api/users', 'allowed'],
    ['editor', 'PUT /api/scoring/scorer', 403],
    ['editor', 'GET /api/api-keys', 403],
    ['viewer', 'GET /api/threads', 'allowed'],
    ['nobody', 'GET /api/session', 401],
  ] as const)('%s: %s -> %s', async (caller, route, want) => {
    const [method, url] = route.split(' ') as [string, string];
    const status = await statusOf({ method, url }, caller);
    if (want === 'allowed') expect([401, 403]).not.toContain(status);
    else expect(status).toBe(want);
  });

  describe("the maintainers' check list", () => {
    it('answers 401 without a session on every API route but health, readiness and login', async () => {
      for (const route of declaredAccess(app)) {
        const status = await statusOf(route, 'nobody');
        const open = route.url === '/api/health' || route.url === '/api/ready' || (route.method === 'POST' && route.url === '/api/session');
        expect([`${route.method} ${route.url}`, open || status === 401]).toEqual([`${route.method} ${route.url}`, true]);
      }
    });

    it('refuses a foreign Origin with 403 and a Host it does not own with 421, even with a session', async () => {
      const decision = { id: 'origin-check-0001', commentId, action: 'reject' };
      const foreign = await app.inject({ method: 'POST', url: `/api/threads/${encodeURIComponent(threadId)}/decisions`, headers: { 'content-type': 'application/json', cookie: cookies.moderator!, origin: 'http://evil.example' }, payload: decision });
      expect(foreign.statusCode).toBe(403);
      const crossSite = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: cookies.viewer!, 'sec-fetch-site': 'cross-site' } });
      expect(crossSite.statusCode).toBe(403);
      const rebound = await app.inject({ url: '/api/threads', headers: { host: 'evil.example', cookie: cookies.viewer! } });
      expect(rebound.statusCode).toBe(421);
      const login = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, payload: { username: 'vera', password: 'whatever it is' } });
      expect(login.statusCode).toBe(403);
      expect((await app.inject({ url: `/api/threads/${encodeURIComponent(threadId)}/decisions`, headers: { cookie: cookies.viewer! } })).json()).toEqual([]);
    });

    it('refuses a viewer\'s decision (403) and records a moderator\'s under the session\'s user, whatever the body names; the audit log lists it', async () => {
      const url = `/api/threads/${encodeURIComponent(threadId)}/decisions`;
      const post = (caller: Role, id: string) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', cookie: cookies[caller]! }, payload: { id, commentId, action: 'reject', moderator: 'adam' } });
      expect((await post('viewer', 'viewer-decision-0001')).statusCode).toBe(403);
      const res = await post('moderator', 'moderator-decision-0001');
      expect([200, 201]).toContain(res.statusCode);
      expect((res.json() as { event: DecisionEvent }).event.moderator).toBe('mona');
      const events = (await app.inject({ url, headers: { cookie: cookies.viewer! } })).json() as DecisionEvent[];
      expect(events.map((e) => e.moderator)).toEqual(['mona']);
      const entries = await store.sql.all<Pick<AuditEntry, 'actor' | 'action'> & { thread_id: string; comment_id: string }>("SELECT actor, action, thread_id, comment_id FROM audit_log WHERE action LIKE 'decision.%'");
      expect(entries).toEqual([{ actor: 'mona', action: 'decision.reject', thread_id: threadId, comment_id: commentId }]);
    });
  });
});
