/**
 * `npm run --silent db -- migrate|status|copy-from-sqlite` (db.ts): as the package script once per engine (migrate on
 * a data directory, copy-from-sqlite into PostgreSQL), in process (runDb, the same command without an npm and a node
 * start of ~2 s of a core each) for the rest; the PostgreSQL parts on the test server when the run has one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate } from '../app/store/pg-schema.ts';
import type { Sql } from '../app/store/sql.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { parseDbArgs, runDb } from './db.ts';

const ROOT = process.cwd();
const LATEST = latestSchemaVersion('sqlite');

/** The package script, with only the variables given (no THREADSCOPE_* of the outer environment). */
function npmDb(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('THREADSCOPE_'))) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'db', '--', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function inProcess(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runDb(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: ROOT });
  return { code, stdout, stderr };
}

describe('db command', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('threadscope-db-cli-');
  });
  afterAll(() => tmp.remove());

  it('migrate (the package script) and status on a data directory', async () => {
    const dataDir = path.join(tmp.dir, 'lite');
    const before = await inProcess(['status', '--data-dir', dataDir]);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('schema version: none (no database file yet)');
    const migrated = await npmDb(['migrate'], { THREADSCOPE_DATA_DIR: dataDir });
    expect(migrated).toMatchObject({ code: 0, stdout: `schema version: ${LATEST}\n` });
    expect(migrated.stderr).toContain(`from schema version 0 to ${LATEST}`);
    const status = await inProcess(['status', '--data-dir', dataDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(`engine: sqlite\ndatabase: ${path.join(dataDir, 'threadscope.db')}\nschema version: ${LATEST}\nlatest schema version: ${LATEST}\n`);
    expect((await inProcess(['migrate', '--data-dir', dataDir])).stderr).toContain(`is at the latest schema (version ${LATEST})`);
  }, 60_000);

  it('refuses usage errors with exit 2 and names the variable of a bad URL without echoing it', async () => {
    expect(() => parseDbArgs(['frobnicate'])).toThrow(/unknown command/);
    expect(() => parseDbArgs(['migrate', 'extra'])).toThrow(/takes no arguments/);
    expect(() => parseDbArgs(['copy-from-sqlite'])).toThrow(/one data directory/);
    expect(() => parseDbArgs(['status', '--data-dir', 'a', '--database-url', 'postgres://h/db'])).toThrow(/not both/);
    expect(() => parseDbArgs(['status', '--verbose'])).toThrow(/unknown option --verbose/);
    const bad = await inProcess(['status'], { THREADSCOPE_DATABASE_URL: 'mysql://ada:s3cret@h/db' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^threadscope: db: THREADSCOPE_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(bad.stderr).not.toContain('s3cret');
    const flag = await inProcess(['migrate', '--database-url', 'ada:s3cret@h/db']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--database-url must be/);
    expect(flag.stderr).not.toContain('s3cret');
    expect((await inProcess(['--help'])).stdout).toContain('copy-from-sqlite <dir>');
  });

  it('refuses a database it cannot reach with exit 1, never printing the password', async () => {
    const result = await inProcess(['status', '--database-url', 'postgres://ada:s3cret@127.0.0.1:1/db']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot open the database postgres:\/\/ada:\*\*\*@127\.0\.0\.1:1\/db/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('copy-from-sqlite needs a PostgreSQL target and a migrated source', async () => {
    const empty = path.join(tmp.dir, 'empty');
    const noTarget = await inProcess(['copy-from-sqlite', empty, '--data-dir', empty]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('copies into PostgreSQL');
    const noSource = await inProcess(['copy-from-sqlite', empty, '--database-url', 'postgres://127.0.0.1:1/db']);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toContain('no SQLite database in');
  });
});

/** A source with rows in every kind of table: text, integers, doubles, nulls, autoincrement keys, append-only logs. */
async function fillSource(sql: Sql, comments: number): Promise<void> {
  await migrate(sql);
  await sql.run(`INSERT INTO threads (id, title, url, article_text, source_format, imported_at, gen, read_model) VALUES ('t1', 'Ferry ''times''?', NULL, 'Body', 'wxr', '2026-01-01T00:00:00Z', 1, 1)`);
  await sql.run(`INSERT INTO generations (thread_id, started_at) VALUES ('t1', '2026-01-01T00:00:00Z'), ('t1', '2026-01-02T00:00:00Z')`);
  await sql.insertMany('comments', ['thread_id', 'gen', 'position', 'id', 'parent_id', 'author', 'text', 'kind', 'status', 'text_hash', 'display_index'],
    Array.from({ length: comments }, (_, i) => ['t1', 1, i, `c${i}`, i === 0 ? null : `c${i - 1}`, `author ${i % 7}`, `text ${i} – ünïcode ✓`, 'comment', 'published', `h${i}`, i]));
  await sql.run(`INSERT INTO scores (text_hash, scorer_name, scorer_version, result_json, scored_at, toxicity) VALUES ('h1', 'offline', '1', '{}', 'now', 0.125)`);
  await sql.run(`INSERT INTO users (username, role, password_hash, password_changed_at, created_at) VALUES ('Ada', 'admin', 'h', 'now', 'now'), ('bo', 'moderator', 'h', 'now', 'now')`);
  await sql.run(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('s', 2, 'now', 'now', 'later')`);
  for (let i = 0; i < 5; i++) {
    await sql.run(`INSERT INTO decisions (id, thread_id, comment_id, action, moderator, at, user_id) VALUES (?, 't1', ?, 'reject', 'bo', 'now', 2)`, [`d${i}`, `c${i}`]);
    await sql.run(`INSERT INTO audit_log (at, actor, action, what) VALUES ('now', 'bo', 'decision', ?)`, [`d${i}`]);
  }
}

describe.runIf(TEST_ENGINES.includes('postgres'))('db command on PostgreSQL', () => {
  let target: FreshDatabase;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    tmp = tempDir('threadscope-db-copy-');
    target = await freshDatabase('postgres');
  });
  afterAll(async () => {
    await target.dispose();
    tmp.remove();
  });

  /** The target's URL with a password that trust authentication ignores: it must never be printed. */
  function secretUrl(): string {
    if (target.locator.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = new URL(target.locator.url);
    url.password = 's3cret';
    return url.toString();
  }

  it('status, migrate and copy-from-sqlite (the package script) through THREADSCOPE_DATABASE_URL', async () => {
    const source = await freshDatabase('sqlite');
    try {
      await fillSource(source.sql, 4321);
    } finally {
      await source.sql.close();
    }
    const env = { THREADSCOPE_DATABASE_URL: secretUrl() };
    const status = await inProcess(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^engine: postgres\ndatabase: postgres:\/\/threadscope:\*\*\*@127\.0\.0\.1:\d+\/ts_[0-9a-f]+\nschema version: 0\n/);
    const migrated = await inProcess(['migrate'], env);
    expect(migrated).toMatchObject({ code: 0, stdout: `schema version: ${LATEST}\n` });

    const copied = await npmDb(['copy-from-sqlite', source.dataDir!], env);
    expect(copied.stderr).not.toContain('s3cret');
    expect(copied.code).toBe(0);
    const counts = Object.fromEntries(copied.stdout.trim().split('\n').map((line) => line.split(': ')).map(([t, n]) => [t, Number(n)]));
    expect(counts).toMatchObject({ threads: 1, comments: 4321, generations: 2, scores: 1, users: 2, sessions: 1, decisions: 5, audit_log: 5, claims: 0, live_events: 0 });
    expect(Object.keys(counts).indexOf('threads')).toBeLessThan(Object.keys(counts).indexOf('decisions'));
    expect(Object.keys(counts).indexOf('users')).toBeLessThan(Object.keys(counts).indexOf('sessions'));

    const pg = target.sql;
    expect(await pg.get('SELECT title, url, gen, read_model FROM threads')).toEqual({ title: "Ferry 'times'?", url: null, gen: 1, read_model: 1 });
    expect(await pg.get('SELECT id, parent_id, author, text, display_index FROM comments WHERE position = 4000')).toEqual({ id: 'c4000', parent_id: 'c3999', author: 'author 3', text: 'text 4000 – ünïcode ✓', display_index: 4000 });
    expect(await pg.value("SELECT toxicity FROM scores WHERE text_hash = 'h1'")).toBe(0.125);
    expect(await pg.all('SELECT seq, id FROM decisions ORDER BY seq LIMIT 2')).toEqual([{ seq: 1, id: 'd0' }, { seq: 2, id: 'd1' }]);
    // The sequences go on past the copied keys.
    expect(await pg.value(`INSERT INTO decisions (id, thread_id, comment_id, action, moderator, at) VALUES ('d9', 't1', 'c9', 'approve', 'bo', 'now') RETURNING seq`)).toBe(6);
    expect(await pg.value(`INSERT INTO users (username, role, password_hash, password_changed_at, created_at) VALUES ('cy', 'viewer', 'h', 'now', 'now') RETURNING id`)).toBe(3);
    expect(await pg.value(`INSERT INTO generations (thread_id, started_at) VALUES ('t1', 'now') RETURNING gen`)).toBe(3);

    // A second copy into the now filled database is refused.
    const again = await inProcess(['copy-from-sqlite', source.dataDir!], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(rows in .*threads/);
    expect(again.stderr).not.toContain('s3cret');
    await source.dispose();
  }, 120_000);

  it('copy-from-sqlite names the table it could not copy, and writes nothing of that table', async () => {
    const source = await freshDatabase('sqlite');
    const empty = await freshDatabase('postgres');
    try {
      await fillSource(source.sql, 10);
      // PostgreSQL's text cannot hold a NUL character; SQLite's can.
      await source.sql.run("UPDATE comments SET text = ? WHERE position = 5", ['before\u0000after']);
      if (empty.locator.kind !== 'postgres') throw new Error('expected PostgreSQL');
      const result = await inProcess(['copy-from-sqlite', source.dataDir!, '--database-url', empty.locator.url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/copying comments failed, nothing of it was written \(the tables before it were\): .*; drop and create postgres:\/\/.* again before the next try/);
      // Tables go in name order where no foreign key says otherwise: audit_log was copied before comments failed.
      expect(result.stdout).toContain('audit_log: 5\n');
      expect(result.stdout).not.toContain('comments:');
      expect(await empty.sql.value('SELECT count(*) FROM comments')).toBe(0);
      expect(await empty.sql.value('SELECT count(*) FROM audit_log')).toBe(5);
    } finally {
      await Promise.all([source.dispose(), empty.dispose()]);
    }
  });

  it('copy-from-sqlite refuses a source that is not at the latest schema', async () => {
    const source = await freshDatabase('sqlite');
    try {
      await source.sql.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (3);');
      const result = await inProcess(['copy-from-sqlite', source.dataDir!, '--database-url', secretUrl()]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`is at schema version 3, not ${LATEST}: run npm run --silent db -- migrate --data-dir`);
    } finally {
      await source.dispose();
    }
  });
});
