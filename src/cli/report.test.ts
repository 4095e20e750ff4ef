/**
 * The report command (report.ts): as a program (`node --import tsx src/cli/report.ts`) for the entry point's stdout,
 * stderr and exit codes, and in process (runReport through testing/report-in-process.ts, a clean environment) for the
 * rest, which saves a process start (~1.3 s of a core) per case.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagReport } from '../core/report-types.ts';
import { Store } from '../app/store/store.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { reportInProcess } from './testing/report-in-process.ts';

const ROOT = process.cwd();
const SEED = '../shared/seeds/000_63fe030f4ed4795b.txt';
const WXR = '../shared/formats/wxr/isso-wordpress.xml';

/** True for a character a terminal acts on instead of showing (line feed aside, which ends each message). */
function isTerminalControl(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

describe('report command', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('threadscope-cli-'); });
  afterAll(() => tmp.remove());

  /** The program in a child process. */
  function program(...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, THREADSCOPE_DATA_DIR: path.join(tmp.dir, 'env-data') };
    delete env.PERSPECTIVE_API_KEY;
    delete env.OPENAI_API_KEY;
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  /** The command in this process, with an environment of its own: the data directory and no API key. */
  function run(...args: string[]) {
    return reportInProcess(args, { THREADSCOPE_DATA_DIR: path.join(tmp.dir, 'env-data') }, ROOT);
  }

  function expectOneCleanLine(stderr: string, pattern: RegExp) {
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(stderr).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
  }

  it('writes a JSON report of the seed: 15 comments, the four offensive ones flagged, the civil ones not (the program)', () => {
    const dataDir = path.join(tmp.dir, 'seed-data');
    const { code, stdout, stderr } = program(SEED, '--format', 'json', '--data-dir', dataDir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'threadscope.db'))).toBe(true);
    const report = JSON.parse(stdout) as FlagReport;
    expect(report.threads).toHaveLength(1);
    const comments = report.threads[0]!.comments;
    expect(comments).toHaveLength(15);
    expect(report.scope).toContain('whole thread');
    expect(report.generator).toMatch(/^threadscope .* \(cli\)$/);
    const flaggedBy = (author: string) => comments.filter((c) => c.author.startsWith(author)).map((c) => c.flagged);
    for (const author of ['Hyman Griebowitz', 'John C Carleton', 'Stuart Westercamp', 'James Willy']) expect(flaggedBy(author)).toContain(true);
    for (const author of ['Vish', 'CHUCKMAN', 'thomas malthaus', 'Canosin']) expect(flaggedBy(author).every((f) => !f)).toBe(true);
    expect(comments.find((c) => c.kind === 'pingback')?.flagged).toBe(false);
  }, 60_000);

  it('writes CSV to --out, using THREADSCOPE_DATA_DIR when no --data-dir is given, and honours --thresholds', async () => {
    const out = path.join(tmp.dir, 'report.csv');
    const thresholds = path.join(tmp.dir, 'thresholds.json');
    fs.writeFileSync(thresholds, JSON.stringify({ attributes: { TOXICITY: 1, SEVERE_TOXICITY: 1, IDENTITY_ATTACK: 1, INSULT: 1, PROFANITY: 1, THREAT: 1 }, tropeMinSeverity: 4 }));
    const { code, stdout, stderr } = await run(SEED, '--format=csv', '--out', out, '--thresholds', thresholds);
    expect([code, stdout, stderr]).toEqual([0, '', '']);
    expect(fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThanOrEqual(16);
    expect(fs.existsSync(path.join(tmp.dir, 'env-data', 'threadscope.db'))).toBe(true);
  }, 60_000);

  it('names a missing file in one stderr line and exits 1', async () => {
    const { code, stdout, stderr } = await run('no/such/file.txt', '--data-dir', path.join(tmp.dir, 'x'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expectOneCleanLine(stderr, /^threadscope: no\/such\/file\.txt: no such file$/);
  }, 60_000);

  it('names the file and the place when the input is not a thread, and stores nothing', async () => {
    const garbage = path.join(tmp.dir, 'garbage.txt');
    fs.writeFileSync(garbage, 'lorem ipsum\n\ndolor sit amet\n');
    const dataDir = path.join(tmp.dir, 'garbage-data');
    const { code, stdout, stderr } = await run(garbage, '--data-dir', dataDir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expectOneCleanLine(stderr, /^threadscope: .*garbage\.txt: line 1: The format was not recognised/);
    expect(stderr.startsWith(`threadscope: ${garbage}: line 1: `)).toBe(true);
    const store = await Store.open(dataDir);
    expect(await store.isEmpty()).toBe(true);
    await store.close();
  }, 60_000);

  /** A copy of the WXR export cut at 60 % of its bytes, in the temp dir under `name`. */
  function truncatedWxr(name: string): string {
    const full = fs.readFileSync(WXR);
    const file = path.join(tmp.dir, name);
    fs.writeFileSync(file, full.subarray(0, Math.floor(full.length * 0.6)));
    return file;
  }

  it('counts the problems of a truncated WXR in one stderr line and exits 0; with --strict it exits 3, the report still written', async () => {
    const file = truncatedWxr('truncated.xml');
    const plain = await run(file, '--data-dir', path.join(tmp.dir, 'truncated-data'));
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as FlagReport).threads.length).toBeGreaterThan(0);
    expectOneCleanLine(plain.stderr, /^threadscope: .*truncated\.xml: \d+ problems \(line \d+, column \d+: .*the file ends inside.*\); the report lists them$/);
    const strict = await run(file, '--strict', '--format', 'csv', '--data-dir', path.join(tmp.dir, 'truncated-strict'));
    expect(strict.code).toBe(3);
    expect(strict.stdout).toContain('thread_id');
    expectOneCleanLine(strict.stderr, /^threadscope: .*truncated\.xml: \d+ problems \(.*\); the JSON and HTML reports list them; --strict: exit 3$/);
    const count = (stderr: string) => Number(/: (\d+) problems? \(/.exec(stderr)?.[1] ?? 0);
    const whole = await run(WXR, '--data-dir', path.join(tmp.dir, 'whole-data'));
    expect(whole.code).toBe(0);
    expect(count(plain.stderr)).toBeGreaterThan(count(whole.stderr));
    const seed = await run(SEED, '--strict', '--data-dir', path.join(tmp.dir, 'seed-strict'));
    expect([seed.code, seed.stderr]).toEqual([0, '']);
  }, 60_000);

  it('escapes control characters in every quoted input: file names, argument values, importer messages', async () => {
    const evil = 'evil\x1b]0;pwned\x07\x1b[31mred\u202Etxt.exe\r\u009b2J';
    const shown = 'evil\\x1b]0;pwned\\x07\\x1b[31mred\\u202etxt.exe\\r\\u009b2J';
    const garbage = path.join(tmp.dir, `${evil}.txt`);
    fs.writeFileSync(garbage, 'lorem ipsum\n\ndolor sit amet\n');
    const cases: Array<Awaited<ReturnType<typeof run>>> = [];
    for (const args of [
      [garbage, '--data-dir', path.join(tmp.dir, 'evil-data')],
      [path.join(tmp.dir, `missing-${evil}.txt`), '--data-dir', path.join(tmp.dir, 'evil-data')],
      [SEED, '--format', evil],
      [SEED, '--input-format', evil],
      [SEED, `--${evil}`],
      [truncatedWxr(`cut-${evil}.xml`), '--data-dir', path.join(tmp.dir, 'evil-wxr')],
    ]) cases.push(await run(...args));
    for (const { stderr } of cases) {
      expect(stderr).toContain(shown);
      expect([...stderr].filter(isTerminalControl)).toEqual([]);
      expect(stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    }
    expect(cases.map((c) => c.code)).toEqual([1, 1, 2, 2, 2, 0]);
  }, 60_000);

  it('exits 2 with one line for usage errors (the program for one), and prints usage for --help', async () => {
    const bad = program(SEED, '--scorer', 'google');
    expect(bad.code).toBe(2);
    expectOneCleanLine(bad.stderr, /^threadscope: unknown scorer "google"; available: local, perspective, openai \(see --help\)$/);
    for (const [scorer, variable] of [['perspective', 'PERSPECTIVE_API_KEY'], ['openai', 'OPENAI_API_KEY']]) {
      const noKey = await run(SEED, '--scorer', scorer!);
      expect([noKey.code, noKey.stdout]).toEqual([2, '']);
      expectOneCleanLine(noKey.stderr, new RegExp(`^threadscope: the ${scorer} scorer needs an API key in the environment variable ${variable} \\(see --help\\)$`));
    }
    const format = await run(SEED, '--input-format', 'xml');
    expect(format.code).toBe(2);
    expectOneCleanLine(format.stderr, /^threadscope: unknown input format "xml"; available: .*page-text.* \(or auto\) \(see --help\)$/);
    const thresholds = path.join(tmp.dir, 'bad-thresholds.json');
    fs.writeFileSync(thresholds, '{"attributes": {}, "tropeMinSeverity": 2}');
    const badThresholds = await run(SEED, '--thresholds', thresholds);
    expect(badThresholds.code).toBe(1);
    expectOneCleanLine(badThresholds.stderr, /bad-thresholds\.json: thresholds\.attributes\.TOXICITY must be a number from 0 to 1$/);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run --silent report -- <input-file>');
    expect(help.stdout).toMatch(/--strict +exit 3 when the import reported any problem/);
    expect(help.stdout).toContain('3 done, but the import reported problems and --strict was given');
  }, 60_000);
});
