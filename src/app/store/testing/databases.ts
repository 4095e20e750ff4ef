/**
 * Databases for tests, one fresh database per call on every engine the run has: SQLite always, PostgreSQL when
 * `THREADSCOPE_TEST_DATABASE_URL` names a server (vitest's globalSetup, scripts/pg-test-setup.ts, starts a throw-away
 * cluster and sets it when the PostgreSQL binaries are installed).
 *
 * Contract: `freshDatabase(engine)` gives an empty database (no schema) that no other test sees: SQLite a file in a
 * temp directory of its own; PostgreSQL a new database `ts_<random>` on the test server. `dispose()` closes the
 * connection and removes the directory or drops the database; it is idempotent.
 * `describeEachEngine(name, fn)` declares `fn`'s tests once per engine, named "<name> (<engine>)".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import type { DatabaseLocator, Sql } from '../sql.ts';
import { PgSql } from '../pg-sql.ts';
import { openSql, SQLITE_FILE_NAME } from '../open-sql.ts';

export type Engine = 'sqlite' | 'postgres';

/** The PostgreSQL server the tests may create databases on, or undefined (then they run on SQLite only). */
export const TEST_DATABASE_URL: string | undefined = process.env.THREADSCOPE_TEST_DATABASE_URL?.trim() || undefined;

export const TEST_ENGINES: readonly Engine[] = TEST_DATABASE_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

export interface FreshDatabase {
  engine: Engine;
  locator: DatabaseLocator;
  /** The SQLite data directory (where `Store.open` would look), undefined on PostgreSQL. */
  dataDir: string | undefined;
  sql: Sql;
  dispose(): Promise<void>;
}

/** The URL of database `name` on the server of `url` (same user, host and parameters). */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A small pool on the test server's maintenance database, one per test process, never holding the process open. */
let adminPool: Promise<PgSql> | null = null;

/** Runs `work` on the maintenance database's pool. */
async function onServer<T>(work: (admin: Sql) => Promise<T>): Promise<T> {
  if (TEST_DATABASE_URL === undefined) throw new Error('THREADSCOPE_TEST_DATABASE_URL is not set: there is no PostgreSQL to test on');
  if (adminPool === null) {
    const url = new URL(databaseUrl(TEST_DATABASE_URL, 'postgres'));
    url.searchParams.set('pool', '2');
    adminPool = PgSql.open(url.toString(), { exitOnIdle: true });
    adminPool.catch(() => (adminPool = null));
  }
  return work(await adminPool);
}

export async function freshDatabase(engine: Engine): Promise<FreshDatabase> {
  if (engine === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-db-'));
    const locator: DatabaseLocator = { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) };
    const sql = await openSql(locator);
    let disposed = false;
    return {
      engine, locator, dataDir, sql,
      async dispose() {
        if (disposed) return;
        disposed = true;
        await sql.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `ts_${crypto.randomBytes(8).toString('hex')}`;
  await onServer(async (admin) => {
    // FILE_COPY (PostgreSQL 15 and later) creates a small database in half the time of the default WAL_LOG.
    const version = Number(await admin.value<string>('SHOW server_version_num'));
    await admin.exec(`CREATE DATABASE ${name}${version >= 150000 ? ' STRATEGY = FILE_COPY' : ''}`);
  });
  const locator: DatabaseLocator = { kind: 'postgres', url: databaseUrl(TEST_DATABASE_URL!, name) };
  let sql: Sql;
  try {
    sql = await openSql(locator);
  } catch (error) {
    await onServer((admin) => admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  let disposed = false;
  return {
    engine, locator, dataDir: undefined, sql,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await sql.close();
      await onServer((admin) => admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Declares `fn`'s tests once per engine of this run. */
export function describeEachEngine(name: string, fn: (engine: Engine) => void): void {
  for (const engine of TEST_ENGINES) describe(`${name} (${engine})`, () => fn(engine));
}
