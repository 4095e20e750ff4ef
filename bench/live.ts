/**
 * `npm run bench -- live`: how long an event takes from one console server to another through PostgreSQL (issue 15,
 * ADR 0031; the target: a decision on server A visible on server B in under 1 s, p99 over 200 decisions).
 *
 * 1. The bus alone: two PgLiveBus instances on one database, each with its own pool and LISTEN connection (as two
 *    servers have), BENCH_LIVE_EVENTS (200) decision-sized events published on A one after another; each latency is
 *    from just before A's publish to B's listener.
 * 2. Two server processes (src/server/main.ts) on the same database, two moderators made by the users CLI, one logged
 *    into each: BENCH_LIVE_EVENTS decisions POSTed to A one after another; each latency is from just before the POST to
 *    the moment B's GET /api/events stream delivers that decision. If the servers cannot run on PostgreSQL (yet), the
 *    line says why.
 *
 * The database: a fresh one on THREADSCOPE_BENCH_DATABASE_URL's server, else on a throw-away cluster (bench/pg-bench.ts).
 * Figures are printed with the load average, never asserted.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DecisionEvent } from '../src/core/decisions.ts';
import type { LiveEvent, ThreadView } from '../src/core/api.ts';
import { DEMO_THREAD_FILE_NAME, DEMO_THREAD_TEXT } from '../src/demo/demo-thread.ts';
import { PgLiveBus } from '../src/app/live/pg-live-bus.ts';
import { openSql } from '../src/app/store/open-sql.ts';
import { migrate } from '../src/app/store/pg-schema.ts';
import type { Sql } from '../src/app/store/sql.ts';
import { startServer, stopServer, type RunningServer } from './analyze.ts';
import { onFreshDatabase } from './pg-bench.ts';
import { openStream } from './team.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const EVENTS = Number(process.env.BENCH_LIVE_EVENTS ?? 200);
const WAIT_MS = 5000;

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

function summary(what: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const missed = sorted.filter((l) => !Number.isFinite(l)).length;
  const f = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'never');
  return `${what} (${latencies.length}, one after another): median ${f(quantile(sorted, 0.5))}, p95 ${f(quantile(sorted, 0.95))}, ` +
    `p99 ${f(quantile(sorted, 0.99))}, max ${f(sorted.at(-1)!)}` + (missed > 0 ? `; ${missed} not delivered within ${WAIT_MS / 1000} s` : '; every one delivered');
}

/** A decision-sized event (what the decision route publishes). */
function decisionEvent(n: number): LiveEvent {
  const event = { id: `bench-${n}`, seq: n, threadId: 'bench', commentId: `c${n % 50}`, action: 'approve', moderator: 'mod1', at: new Date().toISOString(), note: null } as unknown as DecisionEvent;
  return { type: 'decision', threadId: 'bench', event };
}

async function benchBus(url: string): Promise<string> {
  const pools: Sql[] = [await openSql({ kind: 'postgres', url }), await openSql({ kind: 'postgres', url })];
  await migrate(pools[0]!);
  const a = await PgLiveBus.open(pools[0]!, url);
  const b = await PgLiveBus.open(pools[1]!, url);
  try {
    const waiting = new Map<string, (at: number) => void>();
    b.subscribe((event) => {
      if (event.type === 'decision') waiting.get(event.event.id)?.(performance.now());
    });
    const latencies: number[] = [];
    for (let n = 0; n < EVENTS; n++) {
      const event = decisionEvent(n);
      const id = (event as { event: DecisionEvent }).event.id;
      const seen = new Promise<number>((resolve) => waiting.set(id, resolve));
      const start = performance.now();
      await a.publish(event);
      const at = await Promise.race([seen, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), WAIT_MS))]);
      waiting.delete(id);
      latencies.push(at - start);
    }
    return summary('bus: an event published on server A reaching server B\'s listener', latencies);
  } finally {
    await a.close();
    await b.close();
    for (const pool of pools) await pool.close();
  }
}

function addUser(url: string, name: string): string {
  const result = spawnSync('npm', ['run', '--silent', 'users', '--', 'add', name, '--role', 'moderator', '--database-url', url], { cwd: ROOT, encoding: 'utf8' });
  const password = (result.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || password === '') throw new Error(`users add failed (exit ${result.status}): ${(result.stderr ?? '').trim().slice(0, 300)}`);
  return password;
}

async function logIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function benchServers(url: string): Promise<string> {
  const passwords = { mod1: addUser(url, 'mod1'), mod2: addUser(url, 'mod2') };
  const servers: RunningServer[] = [];
  try {
    const flags = ['--database-url', url, '--score-workers', '0'];
    servers.push(await startServer(flags), await startServer(flags));
    const [a, b] = servers as [RunningServer, RunningServer];
    const one = await logIn(a.baseUrl, 'mod1', passwords.mod1);
    const two = await logIn(b.baseUrl, 'mod2', passwords.mod2);
    const imported = await fetch(`${a.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { cookie: one, 'content-type': 'application/json' },
      body: JSON.stringify({ content: DEMO_THREAD_TEXT, fileName: DEMO_THREAD_FILE_NAME }),
    });
    if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${(await imported.text()).slice(0, 200)}`);
    const threadId = ((await imported.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
    const view = (await (await fetch(`${a.baseUrl}/api/threads/${encodeURIComponent(threadId)}`, { headers: { cookie: one } })).json()) as ThreadView;
    const waiting = new Map<string, (at: number) => void>();
    const stream = await openStream(b.baseUrl, two, (event) => {
      if (event.type === 'decision') waiting.get(event.event.id)?.(performance.now());
    });
    const latencies: number[] = [];
    const lastSeq = new Map<string, number>();
    try {
      for (let n = 0; n < EVENTS; n++) {
        const comment = view.comments[n % view.comments.length]!;
        const id = `bench-${String(n).padStart(6, '0')}`;
        const seen = new Promise<number>((resolve) => waiting.set(id, resolve));
        const start = performance.now();
        const res = await fetch(`${a.baseUrl}/api/threads/${encodeURIComponent(threadId)}/decisions`, {
          method: 'POST',
          headers: { cookie: one, 'content-type': 'application/json' },
          body: JSON.stringify({ id, commentId: comment.id, action: n % 2 === 0 ? 'approve' : 'escalate', basedOn: lastSeq.get(comment.id) ?? null }),
        });
        if (res.status !== 201) throw new Error(`decision ${n} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        lastSeq.set(comment.id, ((await res.json()) as { event: DecisionEvent }).event.seq);
        const at = await Promise.race([seen, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), WAIT_MS))]);
        waiting.delete(id);
        latencies.push(at - start);
      }
    } finally {
      stream.abort();
    }
    return summary('two servers: a decision POSTed to server A reaching a moderator\'s event stream on server B', latencies);
  } finally {
    for (const server of servers) await stopServer(server);
  }
}

export async function benchLive(): Promise<string[]> {
  return onFreshDatabase('bench_live', async (url) => {
    const lines = [await benchBus(url)];
    try {
      lines.push(await benchServers(url));
    } catch (error) {
      lines.push(`two servers: not measured (${error instanceof Error ? error.message : String(error)})`);
    }
    return lines;
  });
}
