/**
 * The PostgreSQL server a bench runs on, and fresh databases on it (bench/live.ts, bench/queue.ts).
 *
 * Contract:
 * - `withBenchServer(work)`: the server of THREADSCOPE_BENCH_DATABASE_URL (a URL of a server where the bench may
 *   create and drop databases) when set, else a throw-away cluster (scripts/pg-cluster.ts; needs Debian's postgresql
 *   package), stopped and removed once `work` ended, whether it threw or not.
 * - `freshDatabase(server, prefix)`: a new database `<prefix>_<random hex>` on that server; `drop()` removes it
 *   (FORCE: connections left open are ended) and is idempotent.
 * - Nothing here prints a URL (a given one may hold a password).
 */
import crypto from 'node:crypto';
import { openSql } from '../src/app/store/open-sql.ts';
import { databaseUrl } from '../src/app/store/testing/databases.ts';
import { startCluster, type Cluster } from '../scripts/pg-cluster.ts';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Runs `work` with the URL of the bench's PostgreSQL server (given, or a throw-away cluster stopped afterwards). */
export async function withBenchServer<T>(work: (serverUrl: string) => Promise<T>): Promise<T> {
  const given = process.env.THREADSCOPE_BENCH_DATABASE_URL?.trim();
  let cluster: Cluster | null = null;
  try {
    return await work(given || (cluster = await startCluster()).url);
  } finally {
    await cluster?.stop();
  }
}

async function onMaintenance(serverUrl: string, statement: string): Promise<void> {
  const admin = await openSql({ kind: 'postgres', url: databaseUrl(serverUrl, 'postgres') });
  try {
    await admin.exec(statement);
  } finally {
    await admin.close();
  }
}

/** A new, empty database on the server; `prefix` is lower-case letters, digits and underscores. */
export async function freshDatabase(serverUrl: string, prefix: string): Promise<BenchDatabase> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`a bench database prefix must be lower-case letters, digits and underscores: ${JSON.stringify(prefix.slice(0, 50))}`);
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  await onMaintenance(serverUrl, `CREATE DATABASE ${name}`);
  let dropped: Promise<void> | null = null;
  return {
    url: databaseUrl(serverUrl, name),
    name,
    drop: () => (dropped ??= onMaintenance(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** Runs `work` on a fresh database of the bench server, dropped afterwards. */
export async function onFreshDatabase<T>(prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  return withBenchServer(async (serverUrl) => {
    const database = await freshDatabase(serverUrl, prefix);
    try {
      return await work(database.url);
    } finally {
      await database.drop();
    }
  });
}
