import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, SessionResponse, UserCreated, UserSummary } from '../../core/api.ts';
import { capabilitiesOf } from '../../core/roles.ts';
import { buildApp } from '../app.ts';
import { AuditLog } from '../../app/audit/audit-log.ts';
import { hostAllowList } from '../request-boundary.ts';
import { Store } from '../../app/store/store.ts';
import { fakeDetector, fakeScorer, tempDir, useTempStore } from '../../app/testing/helpers.ts';
import { Accounts, usernameProblem } from '../../app/auth/accounts.ts';
import { hashPassword, parseHash, passwordProblem, SCRYPT_PARAMS, TEST_SCRYPT_PARAMS, verifyPassword } from '../../app/auth/passwords.ts';
import { LoginLimiter } from '../../app/auth/rate-limit.ts';
import { cookieValue, SESSION_COOKIE, sessionAuthenticator } from './session-auth.ts';
import { RENEW_AFTER_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, Sessions, tokenHash } from '../../app/auth/sessions.ts';

const by = { name: 'cli:users', role: null };
const NEW_PASSWORD = 'a long enough passphrase';

describe('passwords', () => {
  it('hashes with scrypt and its parameters, a fresh salt each time, and verifies only the right password', async () => {
    const one = await hashPassword('correct horse battery', TEST_SCRYPT_PARAMS);
    const two = await hashPassword('correct horse battery', TEST_SCRYPT_PARAMS);
    expect(one).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword('correct horse battery', one)).toBe(true);
    expect(await verifyPassword('correct horse batterY', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
  });

  it('uses N=2^15, r=8, p=1 by default (the stored hash names them)', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(parseHash(stored)!.params).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  it('verifies nothing against a missing or unreadable hash, yet spends a verification on it', async () => {
    expect(await verifyPassword('anything at all', null)).toBe(false);
    for (const bad of ['', 'plain', 'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA', 'scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 'bcrypt$1$2$3$4$5']) {
      expect(parseHash(bad)).toBeNull();
      expect(await verifyPassword('anything at all', bad)).toBe(false);
    }
  });

  it('takes about as long for a user that does not exist as for a wrong password', async () => {
    const stored = await hashPassword('correct horse battery');
    await verifyPassword('warm up the dummy', null);
    const time = async (f: () => Promise<boolean>) => {
      const start = performance.now();
      await f();
      return performance.now() - start;
    };
    const wrong = Math.min(await time(() => verifyPassword('wrong password!', stored)), await time(() => verifyPassword('wrong password!', stored)));
    const missing = Math.min(await time(() => verifyPassword('wrong password!', null)), await time(() => verifyPassword('wrong password!', null)));
    expect(missing).toBeGreaterThan(wrong / 3);
    expect(missing).toBeLessThan(wrong * 3);
  });

  it('states the rules of a new password', () => {
    expect(passwordProblem('short', 'ada')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(257), 'ada')).toMatch(/at most 256/);
    expect(passwordProblem(' '.repeat(12), 'ada')).toMatch(/spaces/);
    expect(passwordProblem('ada.lovelace', 'Ada.Lovelace')).toMatch(/user name/);
    expect(passwordProblem(NEW_PASSWORD, 'ada')).toBeNull();
    expect(usernameProblem('ada.l_1-x')).toBeNull();
    expect(usernameProblem('')).toMatch(/empty/);
    expect(usernameProblem('a'.repeat(65))).toMatch(/at most 64/);
    expect(usernameProblem('ada lovelace')).toMatch(/letters, digits/);
    expect(usernameProblem('ädä')).toMatch(/letters, digits/);
  });
});

describe('login rate limits', () => {
  it('refuses a sixth failure for one account within 15 minutes, and the 21st from one address', () => {
    let now = 0;
    const limiter = new LoginLimiter({ now: () => now });
    for (let i = 0; i < 5; i++) expect(limiter.attempt('Ada', '10.0.0.1')).toBeNull();
    expect(limiter.attempt('ada', '10.0.0.2')).toEqual({ by: 'account', retryAfterSeconds: 900 });
    now += 15 * 60 * 1000 + 1;
    expect(limiter.attempt('ada', '10.0.0.2')).toBeNull();
    for (let i = 0; i < 20; i++) expect(limiter.attempt(`user${i}`, '10.0.0.9')).toBeNull();
    expect(limiter.attempt('someone-else', '10.0.0.9')).toMatchObject({ by: 'address' });
  });

  it('forgets an account\'s failures after a success, and does not count the success against the address', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 4; i++) limiter.attempt('ada', '10.0.0.1');
    limiter.attempt('ada', '10.0.0.1');
    limiter.succeeded('ada', '10.0.0.1');
    for (let i = 0; i < 4; i++) expect(limiter.attempt('ada', '10.0.0.1')).toBeNull();
  });
});

describe('sessions', () => {
  const temp = useTempStore();
  let now = Date.parse('2026-12-07T08:00:00Z');
  const clock = () => new Date(now);
  let accounts: Accounts;
  let sessions: Sessions;
  let userId: number;

  beforeEach(async () => {
    now = Date.parse('2026-12-07T08:00:00Z');
    accounts = new Accounts(temp.store.db, new AuditLog(temp.store.db, clock), { scrypt: TEST_SCRYPT_PARAMS, now: clock });
    sessions = new Sessions(temp.store.db, { now: clock });
    userId = (await accounts.create('ada', 'moderator', by)).user.id;
  });

  it('stores only the SHA-256 of the token and resolves the token to its user', () => {
    const session = sessions.create(userId, '127.0.0.1');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = temp.store.db.prepare('SELECT token_hash FROM sessions').pluck().all();
    expect(stored).toEqual([tokenHash(session.token)]);
    expect(stored).not.toContain(session.token);
    expect(sessions.resolve(session.token)).toMatchObject({ userId, username: 'ada', role: 'moderator', mode: 'account', sessionHash: session.hash, mustChangePassword: true });
    expect(sessions.resolve('x'.repeat(43))).toBeNull();
    expect(sessions.resolve('not a token')).toBeNull();
  });

  it('ends after 2 hours idle, is renewed by use (written at most once a minute), and ends 12 hours after login', () => {
    const unused = sessions.create(userId, null);
    now += SESSION_IDLE_MS;
    expect(sessions.resolve(unused.token)).toBeNull();

    const session = sessions.create(userId, null);
    now += SESSION_IDLE_MS - 1000;
    const renewed = sessions.resolve(session.token)!;
    expect(Date.parse(renewed.expiresAt!)).toBe(now + SESSION_IDLE_MS);
    now += RENEW_AFTER_MS / 2;
    expect(sessions.resolve(session.token)!.expiresAt).toBe(renewed.expiresAt);
    now += SESSION_IDLE_MS + 1;
    expect(sessions.resolve(session.token)).toBeNull();

    const busy = sessions.create(userId, null);
    const start = now;
    while (now < start + SESSION_ABSOLUTE_MS - 60 * 60 * 1000) {
      now += 60 * 60 * 1000;
      expect(sessions.resolve(busy.token)).not.toBeNull();
    }
    expect(Date.parse(sessions.resolve(busy.token)!.expiresAt!)).toBeLessThanOrEqual(start + SESSION_ABSOLUTE_MS);
    now = start + SESSION_ABSOLUTE_MS;
    expect(sessions.resolve(busy.token)).toBeNull();
  });

  it('is revoked by logout, by disabling the account, and by a password change or reset', async () => {
    const a = sessions.create(userId, null);
    sessions.revoke(a.hash);
    expect(sessions.resolve(a.token)).toBeNull();

    const b = sessions.create(userId, null);
    accounts.disable('ada', by);
    expect(sessions.resolve(b.token)).toBeNull();
    accounts.enable('ada', by);
    expect(sessions.resolve(b.token)).toBeNull();

    const reset = await accounts.resetPassword('ada', by);
    const c = sessions.create(userId, null);
    const d = sessions.create(userId, null);
    await accounts.changePassword(userId, reset.password, NEW_PASSWORD, c.hash);
    expect(sessions.resolve(c.token)).toMatchObject({ mustChangePassword: false });
    expect(sessions.resolve(d.token)).toBeNull();
    await accounts.resetPassword('ada', by);
    expect(sessions.resolve(c.token)).toBeNull();
    expect(sessions.isLive(c.hash)).toBe(false);
  });

  it('stops working at once when the account is disabled, even with no revocation (checked per request)', () => {
    const session = sessions.create(userId, null);
    temp.store.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(clock().toISOString(), userId);
    expect(sessions.resolve(session.token)).toBeNull();
    expect(sessions.isLive(session.hash)).toBe(false);
  });

  it('reads the role afresh: a role change applies to the next request', async () => {
    const session = sessions.create(userId, null);
    await accounts.create('boss', 'admin', by);
    accounts.setRole('ada', 'editor', by);
    expect(sessions.resolve(session.token)!.role).toBe('editor');
  });

  it('keeps an enabled administrator: the last one cannot be disabled or demoted', async () => {
    await accounts.create('root', 'admin', by);
    expect(() => accounts.disable('root', by)).toThrow(/last enabled administrator/);
    expect(() => accounts.setRole('ROOT', 'editor', by)).toThrow(/last enabled administrator/);
    await accounts.create('root2', 'admin', by);
    expect(accounts.disable('root', by).disabledAt).not.toBeNull();
  });
});

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

describe('session routes', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let accounts: Accounts;
  const passwords: Record<string, string> = {};

  beforeEach(async () => {
    tmp = tempDir();
    store = Store.open(tmp.dir);
    app = await teamApp(store);
    accounts = new Accounts(store.db, new AuditLog(store.db), { scrypt: TEST_SCRYPT_PARAMS });
  });
  afterEach(async () => {
    await app.close();
    store.close();
    tmp.remove();
  });

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/session', headers: { ...JSON_HEADERS, ...headers }, payload: { username, password } });
  const cookieOf = (res: { headers: Record<string, unknown> }): string => {
    const value = cookieValue(String(res.headers['set-cookie']).split(';')[0], SESSION_COOKIE);
    return `${SESSION_COOKIE}=${value}`;
  };
  const audit = (): AuditEntry[] => store.db.prepare('SELECT actor, action, what FROM audit_log ORDER BY seq').all() as AuditEntry[];

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

    const entries = audit();
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
    expect(audit().at(-1)).toMatchObject({ action: 'login', what: 'logged in from 203.0.113.9' });
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
    accounts.disable('ada', by);
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
    expect(audit().at(-1)).toMatchObject({ action: 'login.failed', what: expect.stringMatching(/too many failed logins/) });
    const entries = audit().length;
    for (let i = 0; i < 5; i++) expect((await login('ada', passwords.ada)).statusCode).toBe(429);
    expect(audit()).toHaveLength(entries);
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
    expect(audit().map((e) => e.action)).toContain('password.change');
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
    const actions = audit().filter((e) => e.actor === 'root').map((e) => e.action);
    expect(actions).toEqual(['login', 'account.create', 'account.role', 'account.disable', 'account.enable', 'account.password-reset']);
  });

  it('never opens single-user mode off loopback: with no account and singleUser false every request is 401', async () => {
    const closed = await teamApp(store, { singleUser: false });
    expect((await closed.inject('/api/threads')).statusCode).toBe(401);
    expect((await closed.inject('/api/health')).statusCode).toBe(200);
    await closed.close();
  });
});
