import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runUsers } from '../cli/users.ts';
import { TEST_SCRYPT_PARAMS } from '../app/auth/passwords.ts';
import { freshDatabase, TEST_ENGINES } from '../app/store/testing/databases.ts';
import { tempDir } from '../app/testing/helpers.ts';

const ARGS = ['--import', 'tsx', 'src/server/main.ts', '--no-demo', '--score-workers', '0'];

/** Starts the server and resolves with its console URL's port and all output so far. */
function start(args: string[]): Promise<{ child: ChildProcess; port: string; output: () => string }> {
  const child = spawn(process.execPath, [...ARGS, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /Threadscope console: http:\/\/[^:]+:(\d+)\//.exec(out);
      if (match && out.includes('\n', match.index)) resolve({ child, port: match[1]!, output: () => out });
    });
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Makes an account in `dataDir` with the users CLI's code; returns its one-time password. */
async function addUser(dataDir: string, name: string, role: string): Promise<string> {
  let out = '';
  const code = await runUsers(['add', name, '--role', role, '--data-dir', dataDir], { stdout: (t) => { out += t; }, stderr: () => undefined, env: {}, cwd: process.cwd() }, { scrypt: TEST_SCRYPT_PARAMS });
  expect(code).toBe(0);
  return out.trim().split('\n').at(-1)!;
}

describe('server main and accounts', () => {
  const tmp = tempDir('threadscope-main-accounts-');
  afterAll(() => tmp.remove());

  it('refuses to listen on 0.0.0.0 while no account exists: one stderr line naming the command, exit 1', () => {
    const dataDir = path.join(tmp.dir, 'none');
    const run = spawnSync(process.execPath, [...ARGS, '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^threadscope: refusing to listen on 0\.0\.0\.0: no account exists yet/);
    expect(lines[0]).toContain('npm run --silent users -- add <name> --role admin');
  }, 60_000);

  it.runIf(TEST_ENGINES.includes('postgres'))('on PostgreSQL the refusal names --database-url and repeats no URL', async () => {
    const db = await freshDatabase('postgres');
    try {
      if (db.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
      const run = spawnSync(process.execPath, [...ARGS, '--host', '0.0.0.0', '--port', '0', '--database-url', db.locator.url], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('npm run --silent users -- add <name> --role admin --database-url <the same URL>');
      expect(lines[0]).not.toContain('--data-dir');
      expect(lines[0]).not.toContain(db.locator.url);
    } finally {
      await db.dispose();
    }
  }, 60_000);

  it('listens on 0.0.0.0 once an account exists, and then every API request but health and login needs a session', async () => {
    const dataDir = path.join(tmp.dir, 'team');
    const password = await addUser(dataDir, 'ada', 'admin');
    const { child, port, output } = await start(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir]);
    try {
      const base = `http://127.0.0.1:${port}`;
      // Printed right after the console's URL, maybe in a later chunk of the pipe.
      await vi.waitFor(() => expect(output()).toContain('every request needs a login'), { timeout: 10_000 });
      expect(output()).not.toContain('no login yet');
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      expect((await fetch(`${base}/api/threads`)).status).toBe(401);
      const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${base}/api/threads`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await stop(child);
    }
  }, 60_000);

  it('runs in single-user mode on loopback without accounts, and not once one exists', async () => {
    const dataDir = path.join(tmp.dir, 'loopback');
    const first = await start(['--port', '0', '--data-dir', dataDir]);
    try {
      const base = `http://127.0.0.1:${first.port}`;
      expect(await (await fetch(`${base}/api/session`)).json()).toMatchObject({ mode: 'single-user', user: { username: 'local', role: 'admin' } });
      await addUser(dataDir, 'ada', 'admin');
      // The running server sees the account on the next request: single-user mode is over.
      expect((await fetch(`${base}/api/session`)).status).toBe(401);
      expect((await fetch(`${base}/api/threads`)).status).toBe(401);
    } finally {
      await stop(first.child);
    }
  }, 60_000);
});
