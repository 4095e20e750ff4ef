import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../app/audit/audit-log.ts';
import { ApiKeys, hashKey, KEY_PREFIX } from '../app/perspective-compat/api-keys.ts';
import { Store } from '../app/store/store.ts';
import { parseApikeyArgs, runApikey, UsageOrRefusal } from './apikey.ts';
import { tempDir } from '../app/testing/helpers.ts';

const ROOT = process.cwd();

describe('apikey command', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('threadscope-apikey-'); });
  afterAll(() => tmp.remove());

  /** The command in-process, with THREADSCOPE_DATA_DIR set as in `spawned`. */
  async function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runApikey(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { THREADSCOPE_DATA_DIR: path.join(tmp.dir, 'env-data') }, cwd: ROOT });
    return { code, stdout, stderr };
  }

  /** The program itself (`tsx src/cli/apikey.ts`): its exit code and what it writes to the process's stdout and stderr. */
  function spawned(...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, THREADSCOPE_DATA_DIR: path.join(tmp.dir, 'env-data') };
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/apikey.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  it('create prints the key as the last (only) stdout line; list shows the label and rate but never a key; revoke ends it', async () => {
    const dataDir = path.join(tmp.dir, 'one');
    // The program itself once (the key on the process's stdout, the message on its stderr); the other steps in-process.
    const created = spawned('create', 'coral', '--qps', '25', '--data-dir', dataDir);
    expect(created.code).toBe(0);
    const lines = created.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const key = lines.at(-1)!;
    expect(key.startsWith(KEY_PREFIX)).toBe(true);
    expect(created.stderr).toMatch(/^threadscope: created a key for "coral" \(25 requests a second\)/);
    expect(created.stderr).not.toContain(key);

    const store = await Store.open(dataDir);
    try {
      expect(await new ApiKeys(store).verify(key)).toMatchObject({ label: 'coral', qps: 25 });
    } finally {
      await store.close();
    }

    const listed = (await run('list', `--data-dir=${dataDir}`));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^LABEL\s+QPS\s+REQUESTS\s+LAST USED\s+CREATED\ncoral\s+25\s+0\s+never\s+\d{4}-/);
    expect(listed.stdout + listed.stderr).not.toContain(key.slice(KEY_PREFIX.length));
    expect(listed.stdout + listed.stderr).not.toContain(hashKey(key));

    const revoked = (await run('revoke', 'coral', '--data-dir', dataDir));
    expect([revoked.code, revoked.stdout]).toEqual([0, '']);
    expect(revoked.stderr).toBe('threadscope: revoked the key labelled "coral"\n');
    const again = (await run('revoke', 'coral', '--data-dir', dataDir));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no live key is labelled "coral"/);
    const empty = (await run('list', '--data-dir', dataDir));
    expect([empty.code, empty.stdout]).toEqual([0, '']);
    expect(empty.stderr).toMatch(/no live API keys/);
  }, 60_000);

  it('uses THREADSCOPE_DATA_DIR without --data-dir, defaults to 10 requests a second, and refuses a taken label with exit 1', async () => {
    const first = (await run('create', 'wp'));
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(tmp.dir, 'env-data', 'threadscope.db'))).toBe(true);
    expect(first.stderr).toContain('(10 requests a second)');
    const second = (await run('create', 'wp'));
    expect([second.code, second.stdout]).toEqual([1, '']);
    expect(second.stderr).toMatch(/already labelled "wp"/);
  });

  it('audits create and revoke as cli:apikey, never the key; a refused revoke is not audited', async () => {
    const dataDir = path.join(tmp.dir, 'audited');
    const key = (await run('create', 'coral', '--qps', '5', '--data-dir', dataDir)).stdout.trim();
    expect((await run('revoke', 'nobody', '--data-dir', dataDir)).code).toBe(1);
    expect((await run('revoke', 'coral', '--data-dir', dataDir)).code).toBe(0);
    const store = await Store.open(dataDir);
    try {
      const entries = await new AuditLog(store).read({ limit: 10 });
      expect(entries.map((e) => [e.actor, e.actorRole, e.action, e.what])).toEqual([
        ['cli:apikey', null, 'apikey.revoke', 'key "coral"'],
        ['cli:apikey', null, 'apikey.create', 'key "coral" (5 requests a second)'],
      ]);
      expect(JSON.stringify(entries)).not.toContain(key);
    } finally {
      await store.close();
    }
  });

  it('usage errors are refused with exit code 2 and a message naming the argument', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command/],
      [['make', 'x'], /unknown command "make"/],
      [['create'], /create needs a label/],
      [['create', 'has space'], /label "has space": the label may hold only/],
      [['create', 'x'.repeat(65)], /longer than 64/],
      [['create', 'x', '--qps', '0'], /--qps "0": the rate must be/],
      [['create', 'x', '--qps', 'fast'], /--qps "fast"/],
      [['create', 'x', '--qps'], /--qps needs a value/],
      [['create', 'x', '--qps', '--data-dir', 'd'], /--qps needs a value/],
      [['create', 'x', '--qps', '1', '--qps', '2'], /--qps given twice/],
      [['list', '--qps', '3'], /--qps applies only to create/],
      [['list', 'x'], /list takes no arguments/],
      [['list', '--verbose'], /unknown option --verbose/],
      [['revoke', 'a', 'b'], /revoke takes one label/],
    ];
    for (const [args, pattern] of cases) {
      let thrown: unknown = null;
      try {
        parseApikeyArgs(args);
      } catch (error) {
        thrown = error;
      }
      expect({ args, refused: thrown instanceof UsageOrRefusal }).toEqual({ args, refused: true });
      expect((thrown as UsageOrRefusal).code).toBe(2);
      expect((thrown as UsageOrRefusal).message).toMatch(pattern);
    }
    expect(parseApikeyArgs(['create', 'coral', '--qps=2.5', '--data-dir', 'd'])).toEqual({ command: { name: 'create', label: 'coral', qps: 2.5 }, dataDir: 'd' });
    expect(parseApikeyArgs(['revoke', 'coral'])).toEqual({ command: { name: 'revoke', label: 'coral' }, dataDir: undefined });
  });

  it('a usage error exits 2 with one stderr line, control characters escaped, nothing on stdout and no store made', async () => {
    const { code, stdout, stderr } = spawned('create', 'a\u001b[31mb', '--data-dir', path.join(tmp.dir, 'usage'));
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe('threadscope: apikey: label "a\\x1b[31mb": the label may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit (see --help)\n');
    expect(fs.existsSync(path.join(tmp.dir, 'usage'))).toBe(false);
  }, 60_000);

  it('--help prints the usage on stdout', async () => {
    const { code, stdout } = (await run('--help'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run --silent apikey -- <command>/);
  });
});
