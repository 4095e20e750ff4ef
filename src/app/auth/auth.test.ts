/**
 * The team's accounts, sessions, passwords and login limits (issue 14, ADR 0022) on both store engines (issue 15):
 * every test of a repository runs under describeEachEngine on a bare migrated database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.ts';
import { openSql } from '../store/open-sql.ts';
import { migrate } from '../store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { AccountError, Accounts, usernameProblem } from './accounts.ts';
import { DatabaseLoginLimiter } from './db-rate-limit.ts';
import { hashPassword, parseHash, passwordProblem, SCRYPT_PARAMS, TEST_SCRYPT_PARAMS, verifyPassword } from './passwords.ts';
import { LoginLimiter, loginLimiterFor, type LimitOptions, type LoginLimits } from './rate-limit.ts';
import { RENEW_AFTER_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, Sessions, tokenHash } from './sessions.ts';

const by = { name: 'cli:users', role: null };
const NEW_PASSWORD = 'a long enough passphrase';

/**
 * A second server's connection to the test's database: its own pool on PostgreSQL; on SQLite (one server process per
 * file) the same connection, whose transactions queue behind one another (a second better-sqlite3 connection in the
 * same process would block the event loop waiting for the first's lock).
 */
async function secondServer(db: FreshDatabase): Promise<{ sql: FreshDatabase['sql']; close: () => Promise<void> }> {
  if (db.engine === 'sqlite') return { sql: db.sql, close: async () => undefined };
  const sql = await openSql(db.locator);
  return { sql, close: () => sql.close() };
}

/** A fresh migrated database of `engine` for each test of the calling describe. */
function useDatabase(engine: Parameters<typeof freshDatabase>[0]): { readonly db: FreshDatabase } {
  let db: FreshDatabase | null = null;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(async () => {
    await db?.dispose();
    db = null;
  });
  return {
    get db() {
      if (!db) throw new Error('the database exists only inside a test');
      return db;
    },
  };
}

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

/** The limiter rules, run on the in-memory limiter and on the database's of each engine. */
function limiterRules(make: (options: LimitOptions) => LoginLimits): void {
  it('refuses a sixth failure for one account within 15 minutes, and the 21st from one address', async () => {
    let now = Date.parse('2026-12-07T08:00:00Z');
    const limiter = make({ now: () => now });
    for (let i = 0; i < 5; i++) expect(await limiter.attempt('Ada', '10.0.0.1')).toBeNull();
    expect(await limiter.attempt('ada', '10.0.0.2')).toEqual({ by: 'account', retryAfterSeconds: 900 });
    now += 60_000;
    expect(await limiter.check('ADA', '10.0.0.3')).toEqual({ by: 'account', retryAfterSeconds: 840 });
    now += 14 * 60 * 1000 + 1;
    expect(await limiter.attempt('ada', '10.0.0.2')).toBeNull();
    for (let i = 0; i < 20; i++) expect(await limiter.attempt(`user${i}`, '10.0.0.9')).toBeNull();
    expect(await limiter.attempt('someone-else', '10.0.0.9')).toMatchObject({ by: 'address' });
  });

  it('forgets an account\'s failures after a success, and does not count the success against the address', async () => {
    const limiter = make({ addressFailures: 6 });
    for (let i = 0; i < 4; i++) await limiter.attempt('ada', '10.0.0.1');
    await limiter.attempt('ada', '10.0.0.1');
    await limiter.succeeded('ada', '10.0.0.1');
    // The name starts again; the address counts the 4 failures only (the success taken back): 2 more pass, not 1.
    expect(await limiter.attempt('ada', '10.0.0.1')).toBeNull();
    expect(await limiter.attempt('bob', '10.0.0.1')).toBeNull();
    expect(await limiter.attempt('eve', '10.0.0.1')).toMatchObject({ by: 'address' });
  });
}

describe('login rate limits in memory (SQLite: one server process)', () => {
  limiterRules((options) => new LoginLimiter(options));
});

describeEachEngine('login rate limits in the database (many servers)', (engine) => {
  const ctx = useDatabase(engine);
  limiterRules((options) => new DatabaseLoginLimiter(ctx.db, options));

  it('is one limit for two servers: failures counted through one connection refuse attempts through another', async () => {
    const second = await secondServer(ctx.db);
    try {
      const now = () => Date.parse('2026-12-07T08:00:00Z');
      const a = new DatabaseLoginLimiter(ctx.db, { now });
      const b = new DatabaseLoginLimiter(second, { now });
      const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).attempt('ada', `10.0.0.${i}`)));
      expect(attempts.filter((x) => x === null)).toHaveLength(5);
      expect(await b.check('Ada', '10.9.9.9')).toMatchObject({ by: 'account' });
    } finally {
      await second.close();
    }
  });

  it('keeps at most a window of failures: older ones are deleted as new ones are written', async () => {
    let now = Date.parse('2026-12-07T08:00:00Z');
    const limiter = new DatabaseLoginLimiter(ctx.db, { now: () => now });
    for (let i = 0; i < 3; i++) await limiter.failed(`user${i}`, '10.0.0.1');
    now += 16 * 60 * 1000;
    await limiter.failed('late', '10.0.0.2');
    expect(await ctx.db.sql.value('SELECT count(*) FROM login_failures')).toBe(2);
  });

  it('is the limiter a store of this engine gets', () => {
    expect(loginLimiterFor(ctx.db)).toBeInstanceOf(engine === 'postgres' ? DatabaseLoginLimiter : LoginLimiter);
  });
});

describeEachEngine('accounts and sessions', (engine) => {
  const ctx = useDatabase(engine);
  let now = Date.parse('2026-12-07T08:00:00Z');
  const clock = () => new Date(now);
  let accounts: Accounts;
  let sessions: Sessions;
  let userId: number;

  beforeEach(async () => {
    now = Date.parse('2026-12-07T08:00:00Z');
    accounts = new Accounts(ctx.db, new AuditLog(ctx.db, clock), { scrypt: TEST_SCRYPT_PARAMS, now: clock });
    sessions = new Sessions(ctx.db, { now: clock });
    userId = (await accounts.create('ada', 'moderator', by)).user.id;
  });

  it('adds an account with a one-time password, audited; a name taken in any case is refused', async () => {
    const made = await accounts.create('Bob.K', 'editor', by);
    expect(made.user).toMatchObject({ username: 'Bob.K', role: 'editor', disabledAt: null, lastLoginAt: null });
    expect(made.password).toMatch(/^.{24}$/);
    expect((await accounts.find('bob.k'))!.must_change_password).toBe(1);
    await expect(accounts.create('BOB.k', 'viewer', by)).rejects.toThrow(/an account named "Bob.K" already exists/);
    await expect(accounts.create('ADA', 'viewer', by)).rejects.toMatchObject({ kind: 'conflict' });
    await expect(accounts.create('no space', 'viewer', by)).rejects.toMatchObject({ kind: 'invalid' });
    expect((await accounts.list()).map((u) => u.username)).toEqual(['ada', 'Bob.K']);
    const log = await new AuditLog(ctx.db).read({ limit: 10 });
    expect(log.map((e) => [e.actor, e.action, e.what])).toEqual([
      ['cli:users', 'account.create', 'created the account "Bob.K" (editor)'],
      ['cli:users', 'account.create', 'created the account "ada" (moderator)'],
    ]);
  });

  it('refuses a duplicate made while the first was hashing: the unique index of the database, on both engines', async () => {
    const results = await Promise.allSettled([accounts.create('carol', 'viewer', by), accounts.create('CAROL', 'viewer', by)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AccountError);
    expect(refused.reason).toMatchObject({ kind: 'conflict' });
    expect(await ctx.db.sql.value("SELECT count(*) FROM users WHERE lower(username) = 'carol'")).toBe(1);
  });

  it('stores only the SHA-256 of the token and resolves the token to its user', async () => {
    const session = await sessions.create(userId, '127.0.0.1');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = (await ctx.db.sql.all<{ token_hash: string }>('SELECT token_hash FROM sessions')).map((r) => r.token_hash);
    expect(stored).toEqual([tokenHash(session.token)]);
    expect(stored).not.toContain(session.token);
    expect(await sessions.resolve(session.token)).toMatchObject({ userId, username: 'ada', role: 'moderator', mode: 'account', sessionHash: session.hash, mustChangePassword: true });
    expect(await sessions.resolve('x'.repeat(43))).toBeNull();
    expect(await sessions.resolve('not a token')).toBeNull();
  });

  it('ends after 2 hours idle, is renewed by use (written at most once a minute), and ends 12 hours after login', async () => {
    const unused = await sessions.create(userId, null);
    now += SESSION_IDLE_MS;
    expect(await sessions.resolve(unused.token)).toBeNull();

    const session = await sessions.create(userId, null);
    now += SESSION_IDLE_MS - 1000;
    const renewed = (await sessions.resolve(session.token))!;
    expect(Date.parse(renewed.expiresAt!)).toBe(now + SESSION_IDLE_MS);
    now += RENEW_AFTER_MS / 2;
    expect((await sessions.resolve(session.token))!.expiresAt).toBe(renewed.expiresAt);
    now += SESSION_IDLE_MS + 1;
    expect(await sessions.resolve(session.token)).toBeNull();

    const busy = await sessions.create(userId, null);
    const start = now;
    while (now < start + SESSION_ABSOLUTE_MS - 60 * 60 * 1000) {
      now += 60 * 60 * 1000;
      expect(await sessions.resolve(busy.token)).not.toBeNull();
    }
    expect(Date.parse((await sessions.resolve(busy.token))!.expiresAt!)).toBeLessThanOrEqual(start + SESSION_ABSOLUTE_MS);
    expect(await sessions.isLive(busy.hash)).toBe(true);
    now = start + SESSION_ABSOLUTE_MS;
    expect(await sessions.resolve(busy.token)).toBeNull();
    expect(await sessions.isLive(busy.hash)).toBe(false);
  });

  it('deletes sessions that ended a week ago when the next one starts', async () => {
    await sessions.create(userId, null);
    now += SESSION_IDLE_MS + 7 * 24 * 60 * 60 * 1000 + 1;
    await sessions.create(userId, null);
    expect(await ctx.db.sql.value('SELECT count(*) FROM sessions')).toBe(1);
  });

  it('is revoked by logout, by disabling the account, and by a password change or reset', async () => {
    const a = await sessions.create(userId, null);
    await sessions.revoke(a.hash);
    expect(await sessions.resolve(a.token)).toBeNull();

    const b = await sessions.create(userId, null);
    await accounts.create('root', 'admin', by);
    await accounts.disable('ada', by);
    expect(await sessions.resolve(b.token)).toBeNull();
    expect(await ctx.db.sql.value('SELECT count(*) FROM sessions WHERE revoked_at IS NULL')).toBe(0);
    await accounts.enable('ada', by);
    expect(await sessions.resolve(b.token)).toBeNull();

    const reset = await accounts.resetPassword('ada', by);
    const c = await sessions.create(userId, null);
    const d = await sessions.create(userId, null);
    await accounts.changePassword(userId, reset.password, NEW_PASSWORD, c.hash);
    expect(await sessions.resolve(c.token)).toMatchObject({ mustChangePassword: false });
    expect(await sessions.resolve(d.token)).toBeNull();
    await accounts.resetPassword('ada', by);
    expect(await sessions.resolve(c.token)).toBeNull();
    expect(await sessions.isLive(c.hash)).toBe(false);
  });

  it('stops working at once when the account is disabled, even with no revocation (checked per request)', async () => {
    const session = await sessions.create(userId, null);
    await ctx.db.sql.run('UPDATE users SET disabled_at = ? WHERE id = ?', [clock().toISOString(), userId]);
    expect(await sessions.resolve(session.token)).toBeNull();
    expect(await sessions.isLive(session.hash)).toBe(false);
  });

  it('reads the role afresh: a role change applies to the next request', async () => {
    const session = await sessions.create(userId, null);
    await accounts.create('boss', 'admin', by);
    await accounts.setRole('ada', 'editor', by);
    expect((await sessions.resolve(session.token))!.role).toBe('editor');
  });

  it('keeps an enabled administrator: the last one cannot be disabled or demoted', async () => {
    await accounts.create('root', 'admin', by);
    await expect(accounts.disable('root', by)).rejects.toThrow(/last enabled administrator/);
    await expect(accounts.setRole('ROOT', 'editor', by)).rejects.toThrow(/last enabled administrator/);
    await accounts.create('root2', 'admin', by);
    expect((await accounts.disable('root', by)).disabledAt).not.toBeNull();
  });

  it('keeps one administrator when two of the last two are demoted at once (IMMEDIATE transactions)', async () => {
    await accounts.create('root', 'admin', by);
    await accounts.create('root2', 'admin', by);
    const second = await secondServer(ctx.db);
    try {
      const other = new Accounts(second, new AuditLog(second), { scrypt: TEST_SCRYPT_PARAMS });
      const results = await Promise.allSettled([accounts.setRole('root', 'editor', by), other.disable('root2', by)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    } finally {
      await second.close();
    }
    expect(await ctx.db.sql.value("SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL")).toBe(1);
  });

  it('says what is not found', async () => {
    await expect(accounts.setRole('nobody', 'viewer', by)).rejects.toMatchObject({ kind: 'not-found', message: 'no account is named "nobody"' });
    await expect(accounts.changePassword(9999, 'x', NEW_PASSWORD, null)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
