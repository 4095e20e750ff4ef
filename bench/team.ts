/**
 * `npm run bench -- team`: the team server of issue 14 against a real server process (loopback, a fresh data dir with
 * two moderator accounts made by the users CLI): how long a login takes (scrypt, N=2^15), and how long a decision by
 * one moderator takes to reach another moderator's open event stream (GET /api/events) — the issue asks for "within a
 * second". Decisions are sent one after another on the demo thread's comments; each latency is from just before the
 * POST to the moment the other stream delivers that decision. Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DecisionEvent } from '../src/core/decisions.ts';
import type { LiveEvent, ThreadView } from '../src/core/api.ts';
import { DEMO_THREAD_FILE_NAME, DEMO_THREAD_TEXT } from '../src/demo/demo-thread.ts';
import { startServer, stopServer } from './analyze.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DECISIONS = Number(process.env.BENCH_TEAM_DECISIONS ?? 40);

function addUser(dataDir: string, name: string): string {
  const result = spawnSync('npm', ['run', '--silent', 'users', '--', 'add', name, '--role', 'moderator', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  const password = (result.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || password === '') throw new Error(`users add failed (exit ${result.status}): ${(result.stderr ?? '').trim().slice(0, 300)}`);
  return password;
}

async function logIn(baseUrl: string, username: string, password: string): Promise<{ cookie: string; ms: number }> {
  const start = performance.now();
  const res = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, ms };
}

/** Opens the event stream of `cookie` and calls `onEvent` for each event; resolves once it is open. */
/** Opens GET /api/events with a session cookie and hands each event to `onEvent`; abort the controller to close it. */
export async function openStream(baseUrl: string, cookie: string, onEvent: (event: LiveEvent) => void): Promise<AbortController> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/events answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) if (line.startsWith('data:')) onEvent(JSON.parse(line.slice(5)) as LiveEvent);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  return abort;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function benchTeam(): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-team-'));
  const lines: string[] = [];
  try {
    const passwords = { mod1: addUser(dataDir, 'mod1'), mod2: addUser(dataDir, 'mod2') };
    const server = await startServer(dataDir, { cpuProfileDir: null });
    try {
      const one = await logIn(server.baseUrl, 'mod1', passwords.mod1);
      const two = await logIn(server.baseUrl, 'mod2', passwords.mod2);
      lines.push(`login (scrypt N=2^15 r=8 p=1, over HTTP): ${one.ms.toFixed(0)} ms and ${two.ms.toFixed(0)} ms`);
      const imported = await fetch(`${server.baseUrl}/api/imports`, {
        method: 'POST',
        headers: { cookie: one.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ content: DEMO_THREAD_TEXT, fileName: DEMO_THREAD_FILE_NAME }),
      });
      if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
      const threadId = ((await imported.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
      const view = (await (await fetch(`${server.baseUrl}/api/threads/${encodeURIComponent(threadId)}`, { headers: { cookie: one.cookie } })).json()) as ThreadView;
      const arrived = new Map<string, number>();
      const waiting = new Map<string, () => void>();
      const stream = await openStream(server.baseUrl, two.cookie, (event) => {
        if (event.type !== 'decision') return;
        arrived.set(event.event.id, performance.now());
        waiting.get(event.event.id)?.();
      });
      const latencies: number[] = [];
      const lastSeq = new Map<string, number>();
      for (let n = 0; n < DECISIONS; n++) {
        const comment = view.comments[n % view.comments.length]!;
        const id = `bench-${String(n).padStart(6, '0')}`;
        const seen = new Promise<void>((resolve) => waiting.set(id, resolve));
        const start = performance.now();
        const res = await fetch(`${server.baseUrl}/api/threads/${encodeURIComponent(threadId)}/decisions`, {
          method: 'POST',
          headers: { cookie: one.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ id, commentId: comment.id, action: n % 2 === 0 ? 'approve' : 'escalate', basedOn: lastSeq.get(comment.id) ?? null }),
        });
        if (res.status !== 201) throw new Error(`decision ${n} answered ${res.status}: ${await res.text()}`);
        const { event } = (await res.json()) as { event: DecisionEvent };
        lastSeq.set(comment.id, event.seq);
        await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, 5000))]);
        const at = arrived.get(id);
        latencies.push(at === undefined ? Number.POSITIVE_INFINITY : at - start);
      }
      stream.abort();
      const sorted = [...latencies].sort((a, b) => a - b);
      const missed = sorted.filter((l) => !Number.isFinite(l)).length;
      lines.push(
        `a decision by one moderator reaching another's event stream (${DECISIONS} decisions, one after another): ` +
          `median ${quantile(sorted, 0.5).toFixed(1)} ms, p95 ${quantile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms` +
          (missed > 0 ? `; ${missed} not delivered within 5 s` : '; every one delivered'),
      );
    } finally {
      await stopServer(server);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return lines;
}
