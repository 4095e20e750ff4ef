// The server process with --scorer: a missing key is one line and exit 2; with a key it says what scores, and the
// key appears in none of its output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../app/testing/helpers.ts';
import { FAKE_PERSPECTIVE_KEY, startFakePerspective, type FakePerspective } from '../../app/remote/testing/fake-perspective.ts';

function server(args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PERSPECTIVE_API_KEY', 'PERSPECTIVE_BASE_URL', 'PERSPECTIVE_QPS', 'THREADSCOPE_SCORER']) delete childEnv[name];
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], { cwd: process.cwd(), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('server --scorer', () => {
  let fake: FakePerspective;
  const tmp = tempDir('threadscope-main-scorer-');
  beforeAll(async () => { fake = await startFakePerspective(); });
  afterAll(async () => { await fake.close(); tmp.remove(); });

  it('exits 2 with one line naming the variable when the key is missing', async () => {
    const s = server(['--scorer', 'perspective', '--port', '0', '--data-dir', path.join(tmp.dir, 'a')], {});
    expect(await s.exited).toBe(2);
    expect(s.err()).toBe('threadscope: the perspective scorer needs an API key in the environment variable PERSPECTIVE_API_KEY\n');
    expect(s.out()).toBe('');
  }, 30_000);

  it('scores the demo thread through Perspective, names the scorer, and never prints the key', async () => {
    const s = server(['--port', '0', '--data-dir', path.join(tmp.dir, 'b')], { THREADSCOPE_SCORER: 'perspective', PERSPECTIVE_API_KEY: FAKE_PERSPECTIVE_KEY, PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_QPS: '20' });
    try {
      await expect.poll(() => s.out(), { timeout: 30_000, interval: 100 }).toMatch(/Scoring with/);
      const port = /127\.0\.0\.1:(\d+)\//.exec(s.out())![1]!;
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { scorer: { name: string; version: string } };
      expect(health.scorer).toEqual({ name: 'perspective', version: `perspective-v1alpha1@${fake.url}` });
      expect(fake.analyzeRequests().length).toBeGreaterThan(0);
      expect(s.out()).toMatch(/^Scoring with perspective perspective-v1alpha1@http:\/\/127\.0\.0\.1:\d+: Google Jigsaw Perspective API/m);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    expect(s.out() + s.err()).not.toContain(FAKE_PERSPECTIVE_KEY);
  }, 60_000);
});
