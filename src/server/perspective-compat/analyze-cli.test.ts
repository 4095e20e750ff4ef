// The end-to-end check: `report --scorer perspective` with PERSPECTIVE_BASE_URL pointed at a Threadscope server
// on loopback and a key made with the apikey command's create scores the seed with the numbers of `report` with the
// embedded scorer; the key is in neither output.
import { spawn } from 'node:child_process';
import type net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApikey } from '../../cli/apikey.ts';
import { reportInProcess } from '../../cli/testing/report-in-process.ts';
import type { FlagReport } from '../../core/report-types.ts';
import { createEmbeddedScorer, createTropeDetector } from '../../scoring/index.ts';
import { buildApp } from '../app.ts';
import { Store } from '../../app/store/store.ts';
import { tempDir } from '../../app/testing/helpers.ts';

const SEED = '../shared/seeds/000_63fe030f4ed4795b.txt';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run --silent <script> -- ...args` with extra environment, asynchronously (the server lives in this process). */
function npmRun(script: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.OPENAI_API_KEY;
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: process.cwd(), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('report --scorer perspective against a Threadscope server', () => {
  const tmp = tempDir('threadscope-analyze-cli-');
  const serverDir = path.join(tmp.dir, 'server');
  let store: Store;
  let app: FastifyInstance;
  let key: string;
  let baseUrl: string;

  beforeAll(async () => {
    // The apikey command in-process (src/cli/apikey.test.ts runs it as a program): one process fewer to start.
    let stdout = '';
    expect(await runApikey(['create', 'report-cli', '--qps', '200', '--data-dir', serverDir], { stdout: (t) => (stdout += t), stderr: () => {}, env: {}, cwd: process.cwd() })).toBe(0);
    key = stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^tsk_/);
    store = await Store.open(serverDir);
    app = await buildApp({ store, scorer: createEmbeddedScorer(), detector: createTropeDetector(), uiDir: path.join(tmp.dir, 'no-ui') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    tmp.remove();
  });

  it('gives every comment of the seed the embedded scorer\'s scores, and the key shows nowhere', async () => {
    const [remote, local] = await Promise.all([
      npmRun('report', { PERSPECTIVE_BASE_URL: baseUrl, PERSPECTIVE_API_KEY: key, PERSPECTIVE_QPS: '100' }, SEED, '--scorer', 'perspective', '--data-dir', path.join(tmp.dir, 'remote')),
      // The embedded scorer's report to compare with: the same command in process, one process start fewer.
      reportInProcess([SEED, '--data-dir', path.join(tmp.dir, 'local')], {}),
    ]);
    expect([remote.code, remote.stderr]).toEqual([0, '']);
    expect([local.code, local.stderr]).toEqual([0, '']);
    const viaServer = JSON.parse(remote.stdout) as FlagReport;
    const embedded = JSON.parse(local.stdout) as FlagReport;
    expect(viaServer.scorer).toMatchObject({ name: 'perspective', version: `perspective-v1alpha1@${baseUrl}` });
    const expected = new Map(embedded.threads[0]!.comments.map((c) => [c.id, c]));
    const comments = viaServer.threads[0]!.comments;
    expect(comments.length).toBe(expected.size);
    let scored = 0;
    for (const c of comments) {
      const mine = expected.get(c.id)!;
      expect([c.id, c.scores]).toEqual([c.id, mine.scores]);
      if (c.scores !== null) scored++;
    }
    expect(scored).toBeGreaterThan(10);
    expect(remote.stdout + remote.stderr).not.toContain(key);
  }, 120_000);
});
