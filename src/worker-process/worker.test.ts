/**
 * The worker process (worker.ts, ADR 0032): its arguments, its refusal without PostgreSQL, and on the test cluster
 * real processes: a worker killed with SIGKILL mid-job has its job finished by another, every unit recorded exactly
 * once; SIGTERM releases the running job and exits 0; `npm run worker`'s entry imports and scores an enqueued import.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueImport, importStatus } from '../app/jobs/import-job.ts';
import { PgJobQueue } from '../app/jobs/pg-job-queue.ts';
import { unitsKind } from '../app/jobs/testing/unit-kind.ts';
import { latestSchemaVersion, migrate } from '../app/store/pg-schema.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../app/store/testing/databases.ts';
import { JobUnitsRepository } from '../app/store/testing/job-units.ts';
import { Store } from '../app/store/store.ts';
import { createEmbeddedScorer, createTropeDetector } from '../scoring/index.ts';
import { parseWorkerArgs, WorkerUsageError } from './worker.ts';
import { TEST_TIMING, TEST_UNITS_POLICY } from './testing/timing.ts';
import { until } from '../app/jobs/testing/until.ts';

interface Child {
  name: string;
  process: ChildProcessWithoutNullStreams;
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<number | null>;
}

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const children: Child[] = [];

function start(script: string, args: string[], env: Record<string, string | undefined> = process.env, name = 'main'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), env, stdio: ['pipe', 'pipe', 'pipe'] });
  const entry: Child = {
    name, process: child, lines: [], stderr: [],
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        entry.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        entry.lines.push({ unparsed: line });
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => entry.stderr.push(chunk.toString('utf8')));
  children.push(entry);
  return entry;
}

function unitWorker(name: string, url: string): Child {
  return start('src/worker-process/testing/unit-worker.ts', [name, '--database-url', url, '--concurrency', '1'], process.env, name);
}

const started = (child: Child) => until(`${child.name} to start`, () => child.lines, (lines) => lines.some((l) => l.event === 'worker.started' || l.event === 'worker.failed'));

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }
});

describe('worker arguments', () => {
  it('takes --concurrency and --database-url, the flag before the environment', () => {
    expect(parseWorkerArgs(['--concurrency', '3', '--database-url', 'postgres://u@h/db'], { THREADSCOPE_DATABASE_URL: 'postgres://other@h/x' }))
      .toEqual({ concurrency: 3, databaseUrl: 'postgres://u@h/db', help: false });
    expect(parseWorkerArgs(['--concurrency=1'], { THREADSCOPE_DATABASE_URL: 'postgresql://u@h/db' })).toMatchObject({ concurrency: 1, databaseUrl: 'postgresql://u@h/db' });
    expect(parseWorkerArgs([], { THREADSCOPE_DATABASE_URL: 'postgres://u@h/db' }).concurrency).toBe(2);
  });

  it('refuses without PostgreSQL, saying that SQLite runs jobs inside the server', () => {
    expect(() => parseWorkerArgs([], {})).toThrow(/needs PostgreSQL.*console server runs the jobs itself/);
    expect(() => parseWorkerArgs(['--database-url', 'data/threadscope.db'], {})).toThrow(WorkerUsageError);
    expect(() => parseWorkerArgs(['--database-url', 'mysql://root:hunter2@h/db'], {})).toThrow(/runs on PostgreSQL only/);
    expect(() => parseWorkerArgs(['--database-url', 'mysql://root:hunter2@h/db'], {})).not.toThrow(/hunter2/);
  });

  it('names a bad flag or value', () => {
    const env = { THREADSCOPE_DATABASE_URL: 'postgres://u@h/db' };
    expect(() => parseWorkerArgs(['--concurrency', '0'], env)).toThrow('--concurrency must be a whole number from 1 to 64, not "0"');
    expect(() => parseWorkerArgs(['--concurrency', 'many'], env)).toThrow('--concurrency must be a whole number from 1 to 64');
    expect(() => parseWorkerArgs(['--concurrency'], env)).toThrow('--concurrency needs a value');
    expect(() => parseWorkerArgs(['--workers', '2'], env)).toThrow('unknown argument "--workers"');
  });

  it('the process exits 2 with one line on stderr when there is no PostgreSQL', async () => {
    const env = { ...process.env, THREADSCOPE_DATABASE_URL: '' };
    const child = start('src/worker-process/main.ts', [], env);
    expect(await child.exited).toBe(2);
    expect(child.stderr.join('')).toMatch(/^threadscope worker: the worker needs PostgreSQL: give --database-url or THREADSCOPE_DATABASE_URL \(with SQLite the console server runs the jobs itself/);
    expect(child.lines).toEqual([]);
  });
});

describe('worker process start', () => {
  it('exits 1 with a JSON line naming the database without its password when it cannot connect', async () => {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    const child = start('src/worker-process/main.ts', ['--database-url', 'postgres://ts:hunter2-secret@127.0.0.1:1/threadscope']);
    expect(await child.exited).toBe(1);
    expect(child.lines).toEqual([expect.objectContaining({ level: 'error', event: 'worker.failed' })]);
    expect(String(child.lines[0]!.error)).toMatch(/^cannot open the database postgres:\/\/ts:\*\*\*@127\.0\.0\.1:1\/threadscope: /);
    expect(JSON.stringify(child.lines) + child.stderr.join('')).not.toContain('hunter2');
  }, 30_000);
});

describe.skipIf(!TEST_ENGINES.includes('postgres'))('worker processes (postgres)', () => {
  let db: FreshDatabase;
  let url: string;
  let queue: PgJobQueue;
  const kind = unitsKind(TEST_UNITS_POLICY);

  beforeEach(async () => {
    db = await freshDatabase('postgres');
    // With a password the test cluster ignores (trust), to check that no log line shows it.
    const withPassword = new URL((db.locator as { url: string }).url);
    withPassword.password = 'not-for-logs-7f3a';
    url = withPassword.toString();
    await migrate(db.sql);
    await new JobUnitsRepository(db.sql).create();
    queue = await PgJobQueue.open({ url, sql: db.sql, timing: TEST_TIMING, poolSize: 2 });
  });

  afterEach(async () => {
    await queue.stop({ timeoutMs: 1000 });
    await db.dispose();
  });

  it('a job of a worker killed with SIGKILL is finished by the other, every unit recorded exactly once', async () => {
    const units = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const a = unitWorker('A', url);
    const b = unitWorker('B', url);
    await Promise.all([started(a), started(b)]);
    expect(a.lines.find((l) => l.event === 'worker.started')).toMatchObject({ concurrency: 1, kinds: ['test-units'] });
    expect(a.lines.find((l) => l.event === 'worker.started')!.database).toMatch(/^postgres:\/\/threadscope:\*\*\*@/);
    expect(JSON.stringify([a.lines, b.lines])).not.toContain('not-for-logs-7f3a');

    const { id } = await queue.enqueue(kind, { key: 'kill-me', payload: { units, delayMs: 40 }, total: units.length });
    const repo = new JobUnitsRepository(db.sql);
    const before = await until('five units recorded', () => repo.units(), (rows) => rows.length >= 5);
    const victim = before[0]!.worker === 'A' ? a : b;
    const survivor = victim === a ? b : a;
    victim.process.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await victim.exited).toBeNull();

    const done = await until('the job to be done', () => queue.job(id), (p) => p?.state === 'done', 40_000);
    const takeover = Date.now() - killedAt;
    // Attempt 2 is the takeover; on a loaded machine an attempt past its 4 s expiry is stopped and retried too.
    expect(done).toMatchObject({ done: 30, total: 30, error: null });
    expect(done!.attempts).toBeGreaterThanOrEqual(2);
    expect(takeover).toBeLessThan(30_000);

    const recorded = await repo.units();
    expect(recorded.map((u) => u.unitId)).toEqual(units);
    const byVictim = recorded.filter((u) => u.worker === victim.name).length;
    expect(byVictim).toBeGreaterThanOrEqual(5);
    expect(byVictim).toBeLessThan(30);
    expect(recorded.filter((u) => u.worker === survivor.name)).toHaveLength(30 - byVictim);
    // Work started twice: at most the one unit the victim was on when it died (never one it had recorded).
    const work = await repo.work();
    const victimUnrecorded = work.filter((w) => w.worker === victim.name && !recorded.some((u) => u.unitId === w.unitId && u.worker === victim.name));
    expect(victimUnrecorded.length).toBeLessThanOrEqual(1);
    expect(work.filter((w) => w.worker === survivor.name)).toHaveLength(30 - byVictim);
    expect(survivor.lines.filter((l) => l.event === 'job.done')).toEqual([expect.objectContaining({ kind: 'test-units', job: id, attempt: done!.attempts })]);
    expect(JSON.stringify(survivor.lines)).not.toContain('u00');

    survivor.process.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(survivor.lines.map((l) => l.event).slice(-3)).toEqual(['worker.signal', 'worker.stopping', 'worker.stopped']);
  }, 60_000);

  it('SIGTERM mid-job releases the job (exit 0) and another worker finishes it', async () => {
    const units = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const a = unitWorker('A', url);
    await started(a);
    const { id } = await queue.enqueue(kind, { key: 'stop-me', payload: { units, delayMs: 40 } });
    const repo = new JobUnitsRepository(db.sql);
    await until('three units recorded', () => repo.units(), (rows) => rows.length >= 3);
    a.process.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const released = await queue.job(id);
    expect(released).toMatchObject({ state: 'retrying', error: 'the worker is stopping' });
    expect(released!.done).toBeLessThan(30);

    const b = unitWorker('B', url);
    await started(b);
    await until('the job to be done', () => queue.job(id), (p) => p?.state === 'done', 30_000);
    expect((await repo.units()).map((u) => u.unitId)).toEqual(units);
    expect((await repo.work())).toHaveLength(30);
  }, 60_000);

  it('the worker of npm run worker starts on PostgreSQL working the import and scoring jobs, and stops on SIGINT', async () => {
    const child = start('src/worker-process/main.ts', ['--database-url', url]);
    await started(child);
    expect(child.lines.map((l) => l.event)).toEqual(['worker.started']);
    expect(child.lines[0]).toMatchObject({ kinds: ['score-texts', 'import-file'], concurrency: 2, schemaVersion: latestSchemaVersion('postgres') });
    // An import enqueued as a console server does: the worker parses, saves and scores it (ADR 0033).
    const store = await Store.open(db.locator);
    try {
      const engines = { scorer: createEmbeddedScorer(), detector: createTropeDetector() };
      const { uploadId } = await enqueueImport(queue, store, { bytes: fs.readFileSync(SEED), fileName: 'seed.txt', format: null, progressId: null, actor: { username: 'ana', role: 'editor' } }, engines);
      const ended = await until('the import and its scoring to end', () => importStatus(store, queue, uploadId, engines), (s) => s?.outcome !== null, 30_000);
      expect(ended?.outcome).toMatchObject({ status: 201, response: { threads: [{ commentCount: 15 }] } });
      expect((await store.uncachedTexts(ended!.progress.threadIds[0]!, engines.scorer, engines.detector)).filter((t) => t.text.trim() !== '')).toEqual([]);
    } finally {
      await store.close();
    }
    child.process.kill('SIGINT');
    expect(await child.exited).toBe(0);
    expect(JSON.stringify(child.lines)).not.toContain('not-for-logs-7f3a');
  }, 60_000);
});
