import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../app/auth/accounts.ts';
import { TEST_SCRYPT_PARAMS, verifyPassword } from '../app/auth/passwords.ts';
import { Sessions } from '../app/auth/sessions.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { Store } from '../app/store/store.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { parseUsersArgs, runUsers } from './users.ts';

const ROOT = process.cwd();

describe('users command', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('threadscope-users-'); });
  afterAll(() => tmp.remove());

  /** The command in-process (cheap scrypt parameters), with THREADSCOPE_DATA_DIR set. */
  async function run(dataDir: string, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runUsers(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { THREADSCOPE_DATA_DIR: dataDir }, cwd: ROOT }, { scrypt: TEST_SCRYPT_PARAMS });
    return { code, stdout, stderr };
  }

  async function withStore<T>(dataDir: string, f: (store: Store) => T | Promise<T>): Promise<T> {
    const store = await Store.open(dataDir);
    try {
      return await f(store);
    } finally {
      await store.close();
    }
  }

  it('add prints the one-time password as the last stdout line (the program itself, default scrypt), stored only hashed', async () => {
    const dataDir = path.join(tmp.dir, 'spawned');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/users.ts', 'add', 'Ada', '--role', 'admin', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    const lines = res.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const password = lines.at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(res.stderr).toMatch(/^threadscope: created the account "Ada" \(admin\)/);
    expect(res.stderr).not.toContain(password);
    const row = (await withStore(dataDir, (store) => store.sql.get<{ password_hash: string; must_change_password: number }>('SELECT password_hash, must_change_password FROM users')))!;
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(password);
    expect(row.must_change_password).toBe(1);
    expect(await verifyPassword(password, row.password_hash)).toBe(true);
  }, 60_000);

  it('lists, changes roles, disables (ending sessions), enables, resets; every change audited as cli:users', async () => {
    const dataDir = path.join(tmp.dir, 'team');
    expect((await run(dataDir, 'list')).stderr).toMatch(/no accounts yet; make the first administrator with: npm run --silent users -- add <name> --role admin/);
    expect((await run(dataDir, 'add', 'root', '--role', 'admin')).code).toBe(0);
    const added = await run(dataDir, 'add', 'mo', '--role=moderator');
    expect(added.code).toBe(0);

    const listed = await run(dataDir, 'list');
    expect(listed.stdout).toMatch(/^NAME\s+ROLE\s+STATE\s+LAST LOGIN\s+CREATED\nmo\s+moderator\s+enabled\s+never\s+\d{4}-.*\nroot\s+admin\s+enabled\s+never/);
    expect(listed.stdout).not.toMatch(/scrypt/);

    expect(await run(dataDir, 'set-role', 'MO', 'editor')).toMatchObject({ code: 0, stdout: '', stderr: 'threadscope: "mo" is now editor\n' });

    const session = await withStore(dataDir, (store) => new Sessions(store).create(2, null));
    expect((await run(dataDir, 'disable', 'mo')).code).toBe(0);
    await withStore(dataDir, async (store) => expect(await new Sessions(store).resolve(session.token)).toBeNull());
    expect((await run(dataDir, 'enable', 'mo')).code).toBe(0);

    const reset = await run(dataDir, 'reset-password', 'mo');
    expect(reset.code).toBe(0);
    const password = reset.stdout.trim().split('\n').at(-1)!;
    const hash = await withStore(dataDir, async (store) => (await new Accounts(store, new AuditLog(store)).find('mo'))!.password_hash);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword(added.stdout.trim(), hash)).toBe(false);

    const audit = await withStore(dataDir, (store) => store.sql.all<{ actor: string; action: string; what: string }>('SELECT actor, action, what FROM audit_log ORDER BY seq'));
    expect(audit.map((e) => `${e.actor} ${e.action}`)).toEqual([
      'cli:users account.create', 'cli:users account.create', 'cli:users account.role', 'cli:users account.disable', 'cli:users account.enable', 'cli:users account.password-reset',
    ]);
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('refuses with exit 1 and one line: a taken name (any case), no such account, the last administrator', async () => {
    const dataDir = path.join(tmp.dir, 'refusals');
    await run(dataDir, 'add', 'root', '--role', 'admin');
    expect(await run(dataDir, 'add', 'ROOT', '--role', 'viewer')).toEqual({ code: 1, stdout: '', stderr: 'threadscope: users: an account named "root" already exists (names ignore case)\n' });
    expect(await run(dataDir, 'disable', 'ghost')).toEqual({ code: 1, stdout: '', stderr: 'threadscope: users: no account is named "ghost"\n' });
    expect((await run(dataDir, 'set-role', 'root', 'viewer')).stderr).toBe('threadscope: users: cannot make viewer of "root": it is the last enabled administrator (make another administrator first)\n');
    expect((await run(dataDir, 'disable', 'root')).code).toBe(1);
  });

  it.each([
    [[], 'no command: use add, list, set-role, disable, enable, reset-password'],
    [['add', 'ada'], '--role is missing: one of viewer, moderator, editor, admin'],
    [['add', 'ada', '--role', 'owner'], '--role "owner" is not a role: use one of viewer, moderator, editor, admin'],
    [['add', 'ada', 'lovelace', '--role', 'admin'], 'add takes one user name, got 2 words'],
    [['add', 'ada lovelace', '--role', 'admin'], 'user name "ada lovelace": a user name has only letters, digits, ".", "_" and "-"'],
    [['add', 'ada\u001b[31m', '--role', 'admin'], 'user name "ada\\x1b[31m": a user name has only letters, digits, ".", "_" and "-"'],
    [['add', 'x'.repeat(65), '--role', 'admin'], `user name "${'x'.repeat(65)}": a user name has at most 64 characters (this one has 65)`],
    [['set-role', 'ada'], 'the role is missing: one of viewer, moderator, editor, admin'],
    [['set-role', 'ada', '--role', 'admin'], 'set-role takes the role as a word: set-role <name> <role>'],
    [['disable'], 'disable needs a user name'],
    [['list', 'extra'], 'list takes no arguments'],
    [['remove', 'ada'], 'unknown command "remove": use add, list, set-role, disable, enable, reset-password'],
    [['list', '--force'], 'unknown option --force'],
    [['list', '--data-dir'], '--data-dir needs a value'],
  ])('usage error %j: exit 2 and one line', async (args, message) => {
    const res = await run(path.join(tmp.dir, 'usage'), ...args);
    expect(res).toEqual({ code: 2, stdout: '', stderr: `threadscope: users: ${message} (see --help)\n` });
  });

  it('parses commands and prints its help', async () => {
    expect(parseUsersArgs(['add', 'ada', '--role', 'Editor'])).toEqual({ command: { name: 'add', username: 'ada', role: 'editor' }, dataDir: undefined });
    expect(parseUsersArgs(['reset-password', 'ada', '--data-dir', 'd'])).toEqual({ command: { name: 'reset-password', username: 'ada' }, dataDir: 'd' });
    const help = await run(path.join(tmp.dir, 'help'), '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run --silent users -- <command> [options]');
  });
});
