import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../core/api.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { freshDatabase, TEST_DATABASE_URL } from '../app/store/testing/databases.ts';

const ARGS = ['--import', 'tsx', 'src/server/main.ts'];

/** Starts the server and resolves with its first stdout line; `output()` is all stdout so far. */
function start(args: string[]): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const child = spawn(process.execPath, [...ARGS, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, line: out.slice(0, newline), output: () => out });
    });
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

describe('server main', () => {
  const tmp = tempDir('threadscope-main-');
  afterAll(() => tmp.remove());

  it('loads the demo into an empty store, prints one URL line, refuses a busy port, and stops on SIGTERM', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const { child, line } = await start(['--port', '0', '--data-dir', dataDir]);
    try {
      const match = /^Threadscope console: http:\/\/127\.0\.0\.1:(\d+)\/ {2}\(data: (.+)\)$/.exec(line);
      expect(match).not.toBeNull();
      expect(match![2]).toBe(dataDir);
      const port = match![1]!;
      const threads = (await (await fetch(`http://127.0.0.1:${port}/api/threads`)).json()) as ThreadSummary[];
      expect(threads).toHaveLength(1);
      expect(threads[0]!.commentCount).toBeGreaterThan(10);

      const busy = spawnSync(process.execPath, [...ARGS, '--port', port, '--data-dir', path.join(tmp.dir, 'other'), '--no-demo'], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toBe(`threadscope: port ${port} on 127.0.0.1 is already in use; stop the other server or pass --port N\n`);
    } finally {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);

  it('does not load the demo with --no-demo and prints no host warning on loopback', async () => {
    const dataDir = path.join(tmp.dir, 'empty');
    const { child, line, output } = await start(['--port', '0', '--data-dir', dataDir, '--no-demo']);
    try {
      const port = /:(\d+)\//.exec(line)![1]!;
      expect(await (await fetch(`http://127.0.0.1:${port}/api/threads`)).json()).toEqual([]);
      expect(output()).not.toContain('Warning');
    } finally {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});

describe('server main, allowed hosts', () => {
  const tmp = tempDir('threadscope-main-hosts-');
  afterAll(() => tmp.remove());

  /** Status of GET /api/health sent to 127.0.0.1:port with this Host header (fetch cannot set Host). */
  function statusFor(port: string, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: Number(port), path: '/api/health', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
  }

  it('answers the names given by --allowed-host and THREADSCOPE_ALLOWED_HOSTS, loopback names, and refuses others with 421', async () => {
    const { child, line } = await start(['--port', '0', '--data-dir', path.join(tmp.dir, 'data'), '--no-demo', '--allowed-host', 'console.example.org']);
    try {
      const port = /:(\d+)\//.exec(line)![1]!;
      expect(await statusFor(port, 'console.example.org')).toBe(200);
      expect(await statusFor(port, `localhost:${port}`)).toBe(200);
      expect(await statusFor(port, `evil.example:${port}`)).toBe(421);
    } finally {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);

  it('refuses a bad --allowed-host with one line and exit 2', () => {
    const bad = spawnSync(process.execPath, [...ARGS, '--allowed-host', 'http://x.example:80', '--no-demo'], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('threadscope: --allowed-host must be a host name or IP address, got "http://x.example:80": give the name without a scheme (no http://)');
    const escaped = spawnSync(process.execPath, [...ARGS, '--port', '\x1b]0;pwned\x07\u202e1', '--no-demo'], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });
    expect(escaped.status).toBe(2);
    expect(escaped.stderr.split('\n')[0]).toBe('threadscope: --port must be a whole number from 0 to 65535, got "\\x1b]0;pwned\\x07\\u202e1"');
    expect(escaped.stderr).toContain('Usage: npm start');
  }, 60_000);
});

const describePg = TEST_DATABASE_URL === undefined ? describe.skip : describe;

describePg('server main on PostgreSQL', () => {
  it('works its own jobs (--workers 1): a POSTed file is imported and scored through the queue, and SIGTERM stops it (exit 0)', async () => {
    const db = await freshDatabase('postgres');
    if (db.locator.kind !== 'postgres') throw new Error('not PostgreSQL');
    const seed = fs.readFileSync(path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt'));
    const { child, output } = await start(['--port', '0', '--database-url', db.locator.url, '--no-demo', '--score-workers', '1', '--workers', '1', '--log-level', 'info']);
    try {
      // At info, Fastify's own lines come first: the console's line names the port.
      const deadline = Date.now() + 30_000;
      while (!/^Threadscope console: /m.test(output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const port = /^Threadscope console: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(output())![1]!;
      const res = await fetch(`http://127.0.0.1:${port}/api/imports?fileName=seed.txt`, { method: 'POST', body: seed, headers: { 'content-type': 'application/octet-stream' } });
      expect(res.status).toBe(201);
      const threadId = ((await res.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
      const view = (await (await fetch(`http://127.0.0.1:${port}/api/threads/${encodeURIComponent(threadId)}`)).json()) as { comments: Array<{ scoreError: string | null }> };
      expect(view.comments.filter((c) => c.scoreError !== null)).toEqual([]);
      // This server ran the import and the scoring jobs; its log says so, without the file's text.
      const lines = output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event?: string; kind?: string });
      expect(lines.filter((l) => l.event === 'job.done' && l.kind === 'import-file')).toHaveLength(1);
      expect(lines.some((l) => l.event === 'job.done' && l.kind === 'score-texts')).toBe(true);
      expect(output()).not.toContain('Moscow and Beijing');
    } finally {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await db.dispose();
    }
  }, 90_000);
});
