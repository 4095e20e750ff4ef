// The first check (issue 15): on a throw-away PostgreSQL database, the seed's JSON report from the CLI equals
// the one from SQLite, times and ids aside. Runs where the test run has a PostgreSQL server (vitest's globalSetup
// starts one when Debian's postgresql is installed; CI installs it), and says so where it has not.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { tempDir } from '../app/testing/helpers.ts';

const SEED = '../shared/seeds/000_63fe030f4ed4795b.txt';

function report(...args: string[]): unknown {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PERSPECTIVE_API_KEY', 'OPENAI_API_KEY', 'THREADSCOPE_DATABASE_URL', 'THREADSCOPE_DATA_DIR']) delete env[name];
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', SEED, '--format', 'json', ...args], { cwd: process.cwd(), env, encoding: 'utf8', timeout: 90_000 });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return JSON.parse(res.stdout);
}

/** The report with what differs between any two runs, the time of the run and of the import, taken out. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => ((key === 'generatedAt' || key === 'importedAt') && typeof v === 'string' ? '<time>' : v)));
}

describe.runIf(TEST_ENGINES.includes('postgres'))('the seed report on PostgreSQL', () => {
  let pg: FreshDatabase;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    pg = await freshDatabase('postgres');
    tmp = tempDir('threadscope-engines-');
  });
  afterAll(async () => {
    await pg?.dispose();
    tmp?.remove();
  });

  it('equals the one from SQLite, times aside, and a second run on the same database reads it back the same', async () => {
    if (pg.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const fromSqlite = withoutTimes(report('--data-dir', path.join(tmp.dir, 'sqlite')));
    const fromPostgres = withoutTimes(report('--database-url', pg.locator.url));
    expect(fromPostgres).toEqual(fromSqlite);
    // The thread is in PostgreSQL (not in some default data directory).
    expect(await pg.sql.value<number>('SELECT count(*) FROM comments c JOIN threads t ON t.id = c.thread_id AND t.gen = c.gen')).toBe(15);
    const threads = (fromPostgres as { threads: Array<{ comments: unknown[] }> }).threads;
    expect(threads[0]!.comments).toHaveLength(15);
    // Re-importing the same file merges into the stored thread (ADR 0009): the same report again.
    expect(withoutTimes(report('--database-url', pg.locator.url))).toEqual(fromPostgres);
  }, 180_000);
});

describe.runIf(!TEST_ENGINES.includes('postgres'))('the seed report on PostgreSQL', () => {
  it.skip('needs a PostgreSQL server: install Debian\'s postgresql (or set THREADSCOPE_TEST_DATABASE_URL)', () => {});
});
