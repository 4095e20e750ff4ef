import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../core/api.ts';
import { tempDir } from './test-helpers.ts';

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
