/**
 * The team's command lines on both store engines (issue 15): users, apikey and integration on the data dir's SQLite
 * (`--data-dir`) or on PostgreSQL (`--database-url`, or THREADSCOPE_DATABASE_URL), and a URL that is not one refused
 * as a usage error without echoing its password.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../app/audit/audit-log.ts';
import { TEST_SCRYPT_PARAMS } from '../app/auth/passwords.ts';
import { Store } from '../app/store/store.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../app/store/testing/databases.ts';
import { runApikey } from './apikey.ts';
import { runIntegration } from './integration.ts';
import { runUsers } from './users.ts';

/** Captures what a command writes. */
function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), readStdin: () => '', cwd: process.cwd() } };
}

describeEachEngine('team command lines', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
  });
  afterEach(() => db.dispose());

  /** The option naming the test's database: the data dir on SQLite, the URL on PostgreSQL. */
  const where = (): string[] => (db.locator.kind === 'postgres' ? ['--database-url', db.locator.url] : ['--data-dir', db.dataDir!]);

  it('users, apikey and integration change the same database; each change is audited there', async () => {
    const a = capture();
    expect(await runUsers(['add', 'ada', '--role', 'admin', ...where()], { ...a.io, env: {} }, { scrypt: TEST_SCRYPT_PARAMS })).toBe(0);
    expect(a.out.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const list = capture();
    expect(await runUsers(['list', ...where()], { ...list.io, env: {} })).toBe(0);
    expect(list.out.stdout).toMatch(/\nada\s+admin\s+enabled/);
    const last = capture();
    expect(await runUsers(['disable', 'ADA', ...where()], { ...last.io, env: {} })).toBe(1);
    expect(last.out.stderr).toMatch(/last enabled administrator/);

    const key = capture();
    expect(await runApikey(['create', 'coral', ...where()], { ...key.io, env: {} })).toBe(0);
    expect(key.out.stdout.trim()).toMatch(/^tsk_/);
    const secret = capture();
    expect(await runIntegration(['coral-secret', ...where()], { ...secret.io, env: {} })).toBe(0);

    const store = await Store.open(db.locator);
    try {
      const entries = await new AuditLog(store).read({ limit: 10 });
      expect(entries.map((e) => [e.actor, e.action])).toEqual([['cli:integration', 'integration.change'], ['cli:apikey', 'apikey.create'], ['cli:users', 'account.create']]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(engine !== 'postgres')('takes the database from THREADSCOPE_DATABASE_URL when no option names one', async () => {
    if (db.locator.kind !== 'postgres') throw new Error('a PostgreSQL test');
    const run = capture();
    expect(await runApikey(['list'], { ...run.io, env: { THREADSCOPE_DATABASE_URL: db.locator.url, THREADSCOPE_DATA_DIR: '/nonexistent/never-made' } })).toBe(0);
    expect(run.out.stderr).toMatch(/no live API keys/);
  });
});

describe('team command lines: a database URL that is not one', () => {
  it('is a usage error (exit 2) naming the option, without the password', async () => {
    for (const command of [
      (io: ReturnType<typeof capture>['io']) => runUsers(['list', '--database-url', 'mysql://u:s3cret@h/db'], { ...io, env: {} }),
      (io: ReturnType<typeof capture>['io']) => runApikey(['list', '--database-url', 'mysql://u:s3cret@h/db'], { ...io, env: {} }),
      (io: ReturnType<typeof capture>['io']) => runIntegration(['coral-policy'], { ...io, env: { THREADSCOPE_DATABASE_URL: 'mysql://u:s3cret@h/db' } }),
    ]) {
      const run = capture();
      expect(await command(run.io)).toBe(2);
      expect(run.out.stderr).toMatch(/--database-url|THREADSCOPE_DATABASE_URL/);
      expect(run.out.stderr).not.toContain('s3cret');
    }
  });
});
