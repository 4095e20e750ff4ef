import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, SessionResponse, UserCreated, UserSummary } from '../../core/api.ts';
import { capabilitiesOf } from '../../core/roles.ts';
import { buildApp } from '../app.ts';
import { AuditLog } from '../../app/audit/audit-log.ts';
import { hostAllowList } from '../request-boundary.ts';
import { Store } from '../../app/store/store.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../../app/store/testing/databases.ts';
import { fakeDetector, fakeScorer } from '../../app/testing/helpers.ts';
import { Accounts } from '../../app/auth/accounts.ts';
import { TEST_SCRYPT_PARAMS } from '../../app/auth/passwords.ts';
import { installAccess } from '../access.ts';
import { registerAuthRoutes } from './routes.ts';
import { cookieValue, SESSION_COOKIE, sessionAuthenticator } from './session-auth.ts';

const by = { name: 'cli:users', role: null };
const NEW_PASSWORD = 'a long enough passphrase';

describe('cookies', () => {
  it('reads the session cookie among others', () => {
    expect(cookieValue('a=1; threadscope_session=abc; b=2', SESSION_COOKIE)).toBe('abc');
    expect(cookieValue('threadscope_sessionx=abc', SESSION_COOKIE)).toBeNull();
    expect(cookieValue(undefined, SESSION_COOKIE)).toBeNull();
  });
});

/** An app with accounts of every role (password NEW_PASSWORD... set below), on loopback rules like the tests'. */
async function teamApp(store: Store, options: { singleUser?: boolean } = {}): Promise<FastifyInstance> {
  return buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: '/nonexistent', auth: sessionAuthenticator(store, { singleUser: options.singleUser ?? true }) });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

// The whole app on SQLite; the session routes on both engines are the next describe (two servers on one database).
describe('session routes', () => {
  const engine = 'sqlite';
  let db: FreshDatabase;
  let store: Store;
  let app: FastifyInstance;
  let accounts: Accounts;
  const passwords: Record<string, string> = {};

  beforeEach(async () => {
    db = await freshDatabase(engine);
    store = await Store.open(db.locator);
    app = await teamApp(store);
    accounts = new Accounts(store, new AuditLog(store), { scrypt: TEST_SCRYPT_PARAMS });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await db.dispose();
  });

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/session', headers: { ...JSON_HEADERS, ...headers }, payload: { username, password } });
  const cookieOf = (res: { headers: Record<string, unknown> }): string => {
    const value = cookieValue(String(res.headers['set-cookie']).split(';')[0], SESSION_COOKIE);
    return `${SESSION_COOKIE}=${value}`;
  };
  const audit = async (): Promise<Array<Pick<AuditEntry, 'actor' | 'action' | 'what'>>> =>
    (await new AuditLog(store).read({ limit: 1000 })).reverse().map(({ actor, action, what }) => ({ actor, action, what }));

  it('answers 409 to a login while no account exists (single-user mode), and GET /api/session names the local admin', async () => {
    const res = await login('ada', 'whatever password');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatch(/no accounts yet/);
    const session = await app.inject('/api/session');
    expect(session.json()).toEqual({ user: { id: null, username: 'local', role: 'admin' }, mode: 'single-user', capabilities: capabilitiesOf('admin'), expiresAt: null, mustChangePassword: false });
  });

  it('logs in with a cookie, says who is logged in, logs out; one message for a wrong name and a wrong password', async () => {
    passwords.ada = (await accounts.create('ada', 'moderator', by)).password;
    expect((await app.inject('/api/session')).statusCode).toBe(401);
    expect((await app.inject('/api/threads')).statusCode).toBe(401);

    const wrongName = await login('nobody', passwords.ada);
    const wrongPassword = await login('ada', 'not the password');
    expect([wrongName.statusCode, wrongPassword.statusCode]).toEqual([401, 401]);
    expect(wrongName.json()).toEqual(wrongPassword.json());
    expect(wrongName.headers['set-cookie']).toBeUndefined();

    const ok = await login('ADA', passwords.ada, { 'x-forwarded-for': '203.0.113.9' });
    expect(ok.statusCode).toBe(200);
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/^threadscope_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    const body = ok.json() as SessionResponse;
    expect(body).toMatchObject({ user: { username: 'ada', role: 'moderator' }, mode: 'account', mustChangePassword: true, capabilities: ['read', 'decide', 'import'] });

    const cookie = cookieOf(ok);
    const who = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(who.json()).toMatchObject({ user: { username: 'ada' }, mode: 'account' });
    expect((await app.inject({ url: '/api/threads', headers: { cookie } })).statusCode).toBe(200);

    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^threadscope_session=; .*Max-Age=0/);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);

    const entries = await audit();
    expect(entries.map((e) => e.action)).toEqual(['account.create', 'login.failed', 'login.failed', 'login', 'logout']);
    expect(entries[1]!.what).toMatch(/failed from 127\.0\.0\.1: no such account/);
    expect(entries[2]).toMatchObject({ actor: 'ada', what: expect.stringMatching(/wrong password/) });
    expect(JSON.stringify(entries)).not.toContain(passwords.ada);
    expect(JSON.stringify(entries)).not.toContain('not the password');
  });

  it('behind a trusted TLS proxy: the cookie is Secure, the https Origin passes, the client address is the forwarded one', async () => {
    passwords.ada = (await accounts.create('ada', 'viewer', by)).password;
    const proxied = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: '/nonexistent', trustProxy: ['127.0.0.1'], hosts: hostAllowList('127.0.0.1', ['console.example.org']) });
    const headers = { ...JSON_HEADERS, host: 'console.example.org', origin: 'https://console.example.org', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    const res = await proxied.inject({ method: 'POST', url: '/api/session', headers, payload: { username: 'ada', password: passwords.ada } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
    expect((await audit()).at(-1)).toMatchObject({ action: 'login', what: 'logged in from 203.0.113.9' });
    // Without the trusted proxy the same request is plain http from 127.0.0.1: no Secure, and the https Origin is foreign.
    const direct = await proxied.inject({ method: 'POST', url: '/api/session', headers: { ...JSON_HEADERS, host: 'console.example.org' }, payload: { username: 'ada', password: passwords.ada } });
    expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/);
    expect((await app.inject({ method: 'POST', url: '/api/session', headers, payload: { username: 'ada', password: passwords.ada } })).statusCode).toBe(421);
    await proxied.close();
  });

  it('refuses a disabled account with the same 401, and its session stops at once', async () => {
    await accounts.create('root', 'admin', by);
    passwords.ada = (await accounts.create('ada', 'moderator', by)).password;
    const cookie = cookieOf(await login('ada', passwords.ada));
    await accounts.disable('ada', by);
    expect((await app.inject({ url: '/api/threads', headers: { cookie } })).statusCode).toBe(401);
    const res = await login('ada', passwords.ada);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('wrong user name or password');
  });

  it('rate limits logins per account (429 with Retry-After) and logs the refusals', async () => {
    passwords.ada = (await accounts.create('ada', 'moderator', by)).password;
    for (let i = 0; i < 5; i++) expect((await login('ada', `wrong password ${i}`)).statusCode).toBe(401);
    const limited = await login('ada', passwords.ada);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(limited.json().error).toMatch(/too many failed logins for this account/);
    expect((await audit()).at(-1)).toMatchObject({ action: 'login.failed', what: expect.stringMatching(/too many failed logins/) });
    const entries = (await audit()).length;
    for (let i = 0; i < 5; i++) expect((await login('ada', passwords.ada)).statusCode).toBe(429);
    expect(await audit()).toHaveLength(entries);
  });

  it('changes the password: the rules apply, the other sessions end, the one-time flag goes', async () => {
    passwords.ada = (await accounts.create('ada', 'moderator', by)).password;
    const cookie = cookieOf(await login('ada', passwords.ada));
    const other = cookieOf(await login('ada', passwords.ada));
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'PUT', url: '/api/session/password', headers: { ...JSON_HEADERS, cookie }, payload: { currentPassword, newPassword } });
    expect((await change('wrong one here', NEW_PASSWORD)).json()).toEqual({ error: 'the current password is wrong', where: 'body.currentPassword' });
    expect((await change(passwords.ada, 'short')).json()).toMatchObject({ where: 'body.newPassword', error: expect.stringMatching(/at least 12/) });
    expect((await change(passwords.ada, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).json()).toMatchObject({ mustChangePassword: false });
    expect((await app.inject({ url: '/api/session', headers: { cookie: other } })).statusCode).toBe(401);
    expect((await login('ada', passwords.ada)).statusCode).toBe(401);
    expect((await login('ada', NEW_PASSWORD)).statusCode).toBe(200);
    expect((await audit()).map((e) => e.action)).toContain('password.change');
  });

  it('lets an administrator list, add, change, disable and reset accounts; others get 403', async () => {
    passwords.root = (await accounts.create('root', 'admin', by)).password;
    passwords.ed = (await accounts.create('ed', 'editor', by)).password;
    const admin = cookieOf(await login('root', passwords.root));
    const editor = cookieOf(await login('ed', passwords.ed));
    expect((await app.inject({ url: '/api/users', headers: { cookie: editor } })).statusCode).toBe(403);

    const add = await app.inject({ method: 'POST', url: '/api/users', headers: { ...JSON_HEADERS, cookie: admin }, payload: { username: 'mo', role: 'moderator' } });
    expect(add.statusCode).toBe(201);
    const created = add.json() as UserCreated;
    expect(created.user).toMatchObject({ username: 'mo', role: 'moderator', disabledAt: null });
    expect((await login('mo', created.password!)).statusCode).toBe(200);
    const taken = await app.inject({ method: 'POST', url: '/api/users', headers: { ...JSON_HEADERS, cookie: admin }, payload: { username: 'MO', role: 'viewer' } });
    expect(taken.statusCode).toBe(409);
    const badName = await app.inject({ method: 'POST', url: '/api/users', headers: { ...JSON_HEADERS, cookie: admin }, payload: { username: 'm o', role: 'viewer' } });
    expect(badName.statusCode).toBe(400);

    const patch = (name: string, payload: object) => app.inject({ method: 'PATCH', url: `/api/users/${name}`, headers: { ...JSON_HEADERS, cookie: admin }, payload });
    expect((await patch('mo', { role: 'editor' })).json().user.role).toBe('editor');
    expect((await patch('mo', { disabled: true })).json().user.disabledAt).not.toBeNull();
    expect((await patch('mo', { disabled: false, resetPassword: true })).json()).toMatchObject({ user: { disabledAt: null }, password: expect.stringMatching(/^.{24}$/) });
    expect((await patch('nobody', { disabled: true })).statusCode).toBe(404);
    expect((await patch('root', { role: 'viewer' })).statusCode).toBe(409);
    expect((await patch('mo', { role: 'owner' })).statusCode).toBe(400);

    const list = (await app.inject({ url: '/api/users', headers: { cookie: admin } })).json() as UserSummary[];
    expect(list.map((u) => u.username)).toEqual(['ed', 'mo', 'root']);
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
    const actions = (await audit()).filter((e) => e.actor === 'root').map((e) => e.action);
    expect(actions).toEqual(['login', 'account.create', 'account.role', 'account.disable', 'account.enable', 'account.password-reset']);
  });

  it('never opens single-user mode off loopback: with no account and singleUser false every request is 401', async () => {
    const closed = await teamApp(store, { singleUser: false });
    expect((await closed.inject('/api/threads')).statusCode).toBe(401);
    expect((await closed.inject('/api/health')).statusCode).toBe(200);
    await closed.close();
  });
});

/** The session routes alone on `store`: what one console server of several runs (the access hook, the audit trail). */
async function authServer(store: Store): Promise<FastifyInstance> {
  const server = Fastify();
  installAccess(server, sessionAuthenticator(store, { singleUser: true }));
  server.decorate('audit', new AuditLog(store));
  registerAuthRoutes(server, store, { scrypt: TEST_SCRYPT_PARAMS });
  server.get('/api/threads', { config: { access: 'read' } }, async () => []);
  await server.ready();
  return server;
}

// Two console servers on one database (PostgreSQL: two stores, two pools; SQLite: one store, as one process is all
// SQLite serves): a session made on one works on the other and ends on both; on PostgreSQL the login limit is shared.
describeEachEngine('session routes of two servers on one database', (engine) => {
  let db: FreshDatabase;
  let stores: Store[];
  let a: FastifyInstance;
  let b: FastifyInstance;
  let password: string;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    const first = await Store.open(db.locator);
    stores = engine === 'postgres' ? [first, await Store.open(db.locator)] : [first];
    a = await authServer(stores[0]!);
    b = await authServer(stores.at(-1)!);
    await new Accounts(stores[0]!, new AuditLog(stores[0]!), { scrypt: TEST_SCRYPT_PARAMS }).create('root', 'admin', by);
    password = (await new Accounts(stores[0]!, new AuditLog(stores[0]!), { scrypt: TEST_SCRYPT_PARAMS }).create('ada', 'moderator', by)).password;
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    for (const store of stores) await store.close();
    await db.dispose();
  });

  const login = (server: FastifyInstance, username: string, pass: string) =>
    server.inject({ method: 'POST', url: '/api/session', headers: JSON_HEADERS, payload: { username, password: pass } });

  it('a login on one server is a session on the other; a logout on the other ends it on both; all audited once', async () => {
    const ok = await login(a, 'ada', password);
    expect(ok.statusCode).toBe(200);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect((await b.inject({ url: '/api/session', headers: { cookie } })).json()).toMatchObject({ user: { username: 'ada' }, mode: 'account' });
    expect((await b.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(204);
    expect((await a.inject({ url: '/api/threads', headers: { cookie } })).statusCode).toBe(401);
    const entries = await new AuditLog(stores[0]!).read({ limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['logout', 'login', 'account.create', 'account.create']);
  });

  it('an account disabled through one server loses its session on the other at the next request', async () => {
    const cookie = String((await login(b, 'ada', password)).headers['set-cookie']).split(';')[0]!;
    const admin = String((await login(a, 'root', (await new Accounts(stores[0]!, new AuditLog(stores[0]!), { scrypt: TEST_SCRYPT_PARAMS }).resetPassword('root', by)).password)).headers['set-cookie']).split(';')[0]!;
    const disabled = await a.inject({ method: 'PATCH', url: '/api/users/ada', headers: { ...JSON_HEADERS, cookie: admin }, payload: { disabled: true } });
    expect(disabled.statusCode).toBe(200);
    expect((await b.inject({ url: '/api/threads', headers: { cookie } })).statusCode).toBe(401);
    expect((await b.inject({ method: 'PATCH', url: '/api/users/root', headers: { ...JSON_HEADERS, cookie: admin }, payload: { disabled: true } })).statusCode).toBe(409);
  });

  it('counts failed logins against one limit across the servers on PostgreSQL (in memory per process on SQLite)', async () => {
    for (let i = 0; i < 5; i++) expect((await login(i % 2 === 0 ? a : b, 'ada', `wrong password ${i}`)).statusCode).toBe(401);
    const next = await login(b, 'ada', password);
    if (engine === 'postgres') {
      expect(next.statusCode).toBe(429);
      expect(await db.sql.value('SELECT count(*) FROM login_failures')).toBeGreaterThan(0);
    } else {
      // One SQLite store, two apps: each app's own in-memory limiter saw only its share of the failures.
      expect(next.statusCode).toBe(200);
    }
  });
});
