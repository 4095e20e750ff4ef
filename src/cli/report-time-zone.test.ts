import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/testing/helpers.ts';

const SEED = '../shared/seeds/000_63fe030f4ed4795b.txt';

describe('report command, HTML times', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('threadscope-cli-tz-');
  });
  afterAll(() => tmp.remove());

  const html = (tz: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, THREADSCOPE_DATA_DIR: path.join(tmp.dir, `data-${tz.replace(/\W/g, '-')}`) };
    delete env.PERSPECTIVE_API_KEY;
    delete env.OPENAI_API_KEY;
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', SEED, '--format', 'html'], { cwd: process.cwd(), env, encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    return res.stdout;
  };

  it("writes the times in the process's zone (TZ), with the offset", () => {
    const out = html('Asia/Tokyo');
    expect(out).toContain('<dt>Times</dt><dd>in Asia/Tokyo</dd>');
    expect(out).toMatch(/\(UTC\+09:00\)<\/time>/);
    expect(out).not.toContain('(UTC+00:00)');
  }, 60_000);

  it('writes UTC when the zone is not one the runtime knows', () => {
    const out = html('Mars/Olympus');
    expect(out).toMatch(/<dt>Times<\/dt><dd>in UTC/);
    expect(out).toContain('(UTC+00:00)</time>');
  }, 60_000);
});
