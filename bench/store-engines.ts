/**
 * The store on each engine (issue 15, ADR 0028): import and score the generated 100,000-comment thread
 * (generate-big-thread.ts) into a fresh database, then import it again (a merge, all unchanged), through the same
 * pipeline as the CLI and the server (pipeline.ts importAndScore, the scoring pool of engines.ts). Prints wall time,
 * the write transactions (count, median, longest), the event loop's longest delay, and the load average.
 *
 * Run: `npx tsx bench/store-engines.ts [sqlite] [postgres]` (both by default). PostgreSQL: the server of
 * `THREADSCOPE_BENCH_DATABASE_URL` (a database `bench_<random>` is created on it and dropped), else a throw-away
 * cluster (scripts/pg-cluster.ts) when PostgreSQL is installed. BENCH_BIG_COMMENTS (100000) sets the size.
 * Nothing is asserted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createEmbeddedScorer } from '../src/scoring/index.ts';
import { createEngines } from '../src/app/engines.ts';
import { importAndScore } from '../src/app/pipeline.ts';
import { resolveScoreWorkers } from '../src/app/config.ts';
import { Store, type DatabaseLocator, type WriteHooks } from '../src/app/store/store.ts';
import type { StoreHooks } from '../src/app/score-texts.ts';
import { openSql } from '../src/app/store/open-sql.ts';
import { findPgBin, startCluster } from '../scripts/pg-cluster.ts';
import { BIG_THREAD_COMMENTS, writeBigThread } from './generate-big-thread.ts';

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ms = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(0)} ms`);

/** A fresh database on `url`'s server; `drop()` removes it. */
async function pgDatabase(url: string): Promise<{ locator: DatabaseLocator; drop(): Promise<void> }> {
  const name = `bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  admin.searchParams.set('pool', '1');
  const run = async (statement: string) => {
    const sql = await openSql({ kind: 'postgres', url: admin.toString() });
    try {
      await sql.exec(statement);
    } finally {
      await sql.close();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { locator: { kind: 'postgres', url: own.toString() }, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function importTwice(label: string, where: string | DatabaseLocator, text: string, fileName: string): Promise<void> {
  const workers = resolveScoreWorkers(undefined, process.env);
  const engines = createEngines(createEmbeddedScorer(), { workers });
  await engines.pool?.ready();
  const store = await Store.open(where);
  try {
    for (const round of ['first import', 're-import (merge, all unchanged)']) {
      const transactions: number[] = [];
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const start = performance.now();
      const hooks: StoreHooks & WriteHooks = {
        pause: () => new Promise((resolve) => setImmediate(resolve)),
        onTransaction: (t) => transactions.push(t),
      };
      const outcome = await importAndScore(store, { text, fileName }, engines, hooks);
      const total = performance.now() - start;
      delay.disable();
      if (!outcome.ok) throw new Error(outcome.message);
      transactions.sort((a, b) => a - b);
      const median = transactions[Math.floor(transactions.length / 2)] ?? 0;
      console.log(`${label}, ${round}: ${ms(total)} (${outcome.response.threads[0]!.commentCount} comments, ${workers} score workers); ${transactions.length} write transactions, median ${ms(median)}, longest ${ms(transactions.at(-1) ?? 0)}; event loop delay max ${ms(delay.max / 1e6)} [load ${load()}]`);
    }
  } finally {
    await store.close();
    await engines.close();
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const engines = asked.length > 0 ? asked : ['sqlite', 'postgres'];
  const count = Number(process.env.BENCH_BIG_COMMENTS ?? BIG_THREAD_COMMENTS);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-engines-'));
  try {
    const stats = writeBigThread(out, count);
    const text = fs.readFileSync(stats.file, 'utf8');
    console.log(`${count} comments, ${(stats.bytes / 1e6).toFixed(1)} MB; ${os.cpus().length} cores [load ${load()}]`);
    if (engines.includes('sqlite')) await importTwice('SQLite', path.join(out, 'data'), text, path.basename(stats.file));
    if (engines.includes('postgres')) {
      let url = process.env.THREADSCOPE_BENCH_DATABASE_URL?.trim();
      const cluster = url ? null : findPgBin() ? await startCluster() : null;
      url ??= cluster?.url;
      if (!url) console.log('PostgreSQL: skipped (not installed and THREADSCOPE_BENCH_DATABASE_URL not set)');
      else {
        const db = await pgDatabase(url);
        try {
          await importTwice('PostgreSQL', db.locator, text, path.basename(stats.file));
        } finally {
          await db.drop();
          await cluster?.stop();
        }
      }
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
