// The "Done when" check: the report command scores the seed through a fake Perspective server over HTTP (the
// package script once; the command in process for the runs after it, which saves an npm and a node start each).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagReport } from '../core/report-types.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { maxRequestsPerSecond } from '../app/remote/testing/fake-http.ts';
import { FAKE_PERSPECTIVE_KEY, PERSPECTIVE_FAILURES, startFakePerspective, type FakePerspective } from '../app/remote/testing/fake-perspective.ts';
import { reportInProcess } from './testing/report-in-process.ts';

const SEED = '../shared/seeds/000_63fe030f4ed4795b.txt';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run --silent report -- ...` with the Perspective settings, asynchronously (the fake lives in this process). */
function report(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.OPENAI_API_KEY;
  const child = spawn('npm', ['run', '--silent', 'report', '--', ...args], { cwd: process.cwd(), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('report --scorer perspective against a fake Perspective server', () => {
  let fake: FakePerspective;
  const tmp = tempDir('threadscope-perspective-cli-');
  beforeAll(async () => { fake = await startFakePerspective(); });
  afterAll(async () => { await fake.close(); tmp.remove(); });

  it('scores every non-empty comment of the seed at <= 4 requests per second through 503s and 429s, with no key in the output; a second run sends nothing', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const env = { PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_API_KEY: FAKE_PERSPECTIVE_KEY, PERSPECTIVE_QPS: '4' };
    fake.script.push(PERSPECTIVE_FAILURES.unavailable(), null, PERSPECTIVE_FAILURES.quota(1), null, PERSPECTIVE_FAILURES.unavailable(), PERSPECTIVE_FAILURES.quota());

    const first = await report(env, SEED, '--scorer', 'perspective', '--data-dir', dataDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const parsed = JSON.parse(first.stdout) as FlagReport;
    const comments = parsed.threads[0]!.comments;
    const nonEmpty = comments.filter((c) => c.text.trim() !== '');
    expect(comments).toHaveLength(15);
    expect(nonEmpty.length).toBeGreaterThan(10);
    for (const c of nonEmpty) {
      expect(c.scoreError, `comment ${c.id}`).toBeNull();
      expect(Object.keys(c.scores ?? {}).sort()).toEqual(['IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'SEVERE_TOXICITY', 'THREAT', 'TOXICITY']);
    }
    expect(parsed.scorer).toMatchObject({ name: 'perspective', version: `perspective-v1alpha1@${fake.url}` });
    expect(parsed.summary.unscored).toBe(comments.length - nonEmpty.length);

    const requests = fake.analyzeRequests();
    const statuses = requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const sentTexts = new Set(requests.filter((r) => r.status === 200).map((r) => (r.body as { comment: { text: string } }).comment.text));
    expect(sentTexts.size).toBe(new Set(nonEmpty.map((c) => c.text)).size);
    expect(requests.every((r) => (r.body as { doNotStore?: boolean }).doNotStore === true)).toBe(true);
    expect(maxRequestsPerSecond(requests)).toBeLessThanOrEqual(4);
    expect(first.stdout).not.toContain(FAKE_PERSPECTIVE_KEY);

    const before = fake.requests.length;
    for (const format of ['json', 'csv', 'html']) {
      const again = await reportInProcess([SEED, '--scorer', 'perspective', '--data-dir', dataDir, '--format', format], env);
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.stdout).toContain('perspective');
      expect(again.stdout).not.toContain(FAKE_PERSPECTIVE_KEY);
    }
    expect(fake.requests.length).toBe(before);
  }, 90_000);

  it('a wrong key gives one clear stderr line without the key, exit 1', async () => {
    const wrong = 'wrong-key-5f4dcc3b5aa765d61d8327deb882cf99';
    const run = await reportInProcess([SEED, '--scorer', 'perspective', '--data-dir', path.join(tmp.dir, 'wrong')], { PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_API_KEY: wrong, PERSPECTIVE_QPS: '4' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('threadscope: Perspective rejected the API key (PERSPECTIVE_API_KEY)\n');
    expect(run.stderr + run.stdout).not.toContain(wrong);
  }, 60_000);
});
