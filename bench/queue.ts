/**
 * The job queue's benchmarks on PostgreSQL (issue 15's targets, ADR 0032 and ADR 0033), each run on a fresh database
 * with the real worker processes (`npm run --silent worker -- --database-url URL --concurrency 1`: every job kind,
 * the embedded scorer on the worker's own thread):
 *
 * `npm run bench -- queue [--threads N] [--comments N] [--workers 1,2]` (default 1,000 threads of 1,000 comments,
 * runs with 1 and then 2 workers): for each run, a fresh database; the bench process generates the threads one at a
 * time (bench/generate-queue-threads.ts: real texts of ../shared/data, mostly distinct, nested up to 10 deep) and
 * enqueues each as one upload with `enqueueImport` (its own Store and a PgJobQueue that only enqueues); then the clock
 * starts, the workers are spawned and work until every import's status is `done` (job_progress sums polled each
 * second; then `importStatus` of every upload confirms). Verified after each run: every comment stored, every
 * scorable text with one score and one trope row for the scorer's and detector's versions, no job failed, every upload
 * done with its bytes dropped. Printed: wall time, comments/s, imports/s, jobs and attempts per kind, the workers' CPU
 * and peak memory, the bench's own peak memory, and the ratio of the time with the fewest workers to each other run's.
 *
 * `npm run bench -- queue-kill [--comments N] [--kill-at import|scoring] [--kill-after S]` (default 100,000
 * comments, import, 4 s): 2 workers on a fresh database; one thread of N comments (issue 13's big thread,
 * bench/generate-big-thread.ts) enqueued as one upload; once the job chosen has been running for S seconds on a worker
 * (the `import-file` job, or with `scoring` the first `score-texts` job to start), the worker that runs it (known
 * from its `job.started` log line with the job's id) is killed with SIGKILL (its whole process group) and a fresh one
 * is started in its place, so two keep working. Then the bench waits for the import's status `done`. Verified: one
 * upload outcome, the thread at revision 1, one audit entry for it, N comments, every scorable text with one score and
 * one trope row, no job failed. Printed: the takeover time (the kill to the next `job.started` of the killed job on
 * any worker: pg-boss expiry of the job + maintenance + backoff, ADR 0032), the total time, each job's attempts.
 *
 * The database server: THREADSCOPE_BENCH_DATABASE_URL's, else a throw-away cluster (bench/pg-bench.ts). Figures are
 * printed with the machine, its cores and the load average at the start and end of each run, never asserted; a run
 * whose verification fails says what failed and the bench exits 1.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createEngines, type ProcessEngines } from '../src/app/engines.ts';
import { enqueueImport, importStatus, IMPORT_FILE, type ImportStatus } from '../src/app/jobs/import-job.ts';
import { PgJobQueue } from '../src/app/jobs/pg-job-queue.ts';
import { SCORE_TEXTS } from '../src/app/jobs/score-job.ts';
import { isScorable } from '../src/app/score-texts.ts';
import { Store } from '../src/app/store/store.ts';
import { createEmbeddedScorer, createTropeDetector } from '../src/scoring/index.ts';
import { cpuSince, cpuUse, describeCpu } from './cpu-use.ts';
import { generateBigThread } from './generate-big-thread.ts';
import { QueueThreadTexts } from './generate-queue-threads.ts';
import { freshDatabase, withBenchServer } from './pg-bench.ts';
import { killAllWorkers, WorkerProcess, type WorkerLogEvent } from './worker-processes.ts';

const POLL_MS = 1000;
/** A run gives up when no job changed state or progress for this long. */
const STALL_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Arguments

export interface QueueArgs {
  threads: number;
  comments: number;
  workers: number[];
}

export interface KillArgs {
  comments: number;
  killAt: 'import' | 'scoring';
  killAfterSeconds: number;
}

class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

function flagValues(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!known.includes(flag)) throw new BenchUsageError(`unknown flag ${JSON.stringify(flag.slice(0, 40))}; known: ${known.join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new BenchUsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  return values;
}

function whole(values: Map<string, string>, flag: string, fallback: number, min: number, max: number): number {
  const text = values.get(flag);
  if (text === undefined) return fallback;
  const n = /^\d{1,9}$/.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : NaN;
  if (!(n >= min && n <= max)) throw new BenchUsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text.slice(0, 20))}`);
  return n;
}

export function parseQueueArgs(argv: readonly string[]): QueueArgs {
  const values = flagValues(argv, ['--threads', '--comments', '--workers']);
  const workersText = values.get('--workers') ?? '1,2';
  const workers = workersText.split(',').map((w) => (/^\d{1,2}$/.test(w.trim()) ? Number(w.trim()) : NaN));
  if (workers.length === 0 || workers.some((w) => !(w >= 1 && w <= 8))) throw new BenchUsageError(`--workers must be worker counts from 1 to 8, separated by commas (e.g. 1,2), not ${JSON.stringify(workersText.slice(0, 20))}`);
  return { threads: whole(values, '--threads', 1000, 1, 100_000), comments: whole(values, '--comments', 1000, 1, 1_000_000), workers };
}

export function parseKillArgs(argv: readonly string[]): KillArgs {
  const values = flagValues(argv, ['--comments', '--kill-at', '--kill-after']);
  const killAt = values.get('--kill-at') ?? 'import';
  if (killAt !== 'import' && killAt !== 'scoring') throw new BenchUsageError(`--kill-at must be import or scoring, not ${JSON.stringify(killAt.slice(0, 20))}`);
  return { comments: whole(values, '--comments', 100_000, 100, 1_000_000), killAt, killAfterSeconds: whole(values, '--kill-after', killAt === 'import' ? 4 : 1, 0, 600) };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en');
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const benchPeakRss = (): number => process.resourceUsage().maxRSS * 1024;

function say(line: string): void {
  console.log(line);
}

function machine(what: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `Threadscope bench (${what}, PostgreSQL) · ${new Date().toISOString()} · node ${process.version} · ${cpu} · ${os.cpus().length} cores · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · load average ${load()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// One database: the bench's store, its enqueue-only queue, its engines, and the workers' log

class Run {
  readonly events: WorkerLogEvent[] = [];
  readonly workers: WorkerProcess[] = [];
  private spawned = 0;

  private constructor(readonly url: string, readonly store: Store, readonly queue: PgJobQueue, readonly engines: ProcessEngines) {}

  static async open(url: string): Promise<Run> {
    // Store.open migrates the schema, as a console server does; the queue only enqueues and reads (no `work`).
    const store = await Store.open({ kind: 'postgres', url });
    let queue: PgJobQueue;
    try {
      queue = await PgJobQueue.open({ url, sql: store.sql, onEvent: (event) => { if (event.event === 'queue.error') say(`  (bench queue: ${event.error})`); } });
    } catch (error) {
      await store.close();
      throw error;
    }
    return new Run(url, store, queue, createEngines(createEmbeddedScorer(), { workers: 0, detector: createTropeDetector() }));
  }

  spawnWorker(): WorkerProcess {
    this.spawned += 1;
    const worker = WorkerProcess.spawn(`w${this.spawned}`, this.url, 1, (event) => {
      this.events.push(event);
      if (event.event === 'queue.error' || event.event === 'worker.failed') say(`  (${event.worker}: ${event.event} ${String(event.error ?? '').slice(0, 200)})`);
    });
    this.workers.push(worker);
    return worker;
  }

  /** Throws when a worker the bench did not end has exited. */
  checkWorkers(): void {
    for (const worker of this.workers) {
      if (!worker.ending && worker.hasExited) throw new Error(`worker ${worker.name} exited on its own: ${worker.tail()}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.queue.stop({ timeoutMs: 5000 });
    await this.engines.close();
    await this.store.close();
  }
}

interface KindSums {
  jobs: number;
  attempts: number;
  /** Jobs with more than one attempt. */
  retried: number;
  states: Record<string, number>;
}

/** job_progress summed per kind (one cheap query). */
async function jobSums(store: Store): Promise<Map<string, KindSums>> {
  const rows = await store.sql.all<{ kind: string; state: string; n: number; attempts: number; retried: number }>(
    'SELECT kind, state, count(*) AS n, coalesce(sum(attempts), 0) AS attempts, count(*) FILTER (WHERE attempts > 1) AS retried FROM job_progress GROUP BY kind, state',
  );
  const sums = new Map<string, KindSums>();
  for (const row of rows) {
    const s = sums.get(row.kind) ?? { jobs: 0, attempts: 0, retried: 0, states: {} };
    s.jobs += Number(row.n);
    s.attempts += Number(row.attempts);
    s.retried += Number(row.retried);
    s.states[row.state] = (s.states[row.state] ?? 0) + Number(row.n);
    sums.set(row.kind, s);
  }
  return sums;
}

function describeSums(sums: Map<string, KindSums>): string {
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, s]) =>
    `${kind} ${count(s.jobs)} jobs (${Object.entries(s.states).map(([state, n]) => `${count(n)} ${state}`).join(', ')}), ${count(s.attempts)} attempts${s.retried > 0 ? `, ${count(s.retried)} with more than one` : ''}`,
  ).join('; ') || 'no jobs';
}

/** True when every import job is done and no job of any kind is still to run. */
function allEnded(sums: Map<string, KindSums>, imports: number): boolean {
  const importJobs = sums.get(IMPORT_FILE.name);
  if (!importJobs || (importJobs.states.done ?? 0) + (importJobs.states.failed ?? 0) < imports) return false;
  for (const s of sums.values()) if ((s.states.queued ?? 0) + (s.states.running ?? 0) + (s.states.retrying ?? 0) > 0) return false;
  return true;
}

/** Waits until `ended` says so, polling each second; throws when a worker died on its own or nothing moved for STALL_MS. */
async function pollUntil(run: Run, ended: (sums: Map<string, KindSums>) => boolean, label: string, started: number): Promise<Map<string, KindSums>> {
  let lastSignature = '';
  let lastChange = performance.now();
  let lastReport = performance.now();
  for (;;) {
    run.checkWorkers();
    const sums = await jobSums(run.store);
    if (ended(sums)) return sums;
    const progress = await run.store.sql.get<{ done: number; total: number; updated: string }>('SELECT coalesce(sum(done), 0) AS done, coalesce(sum(total), 0) AS total, max(updated_at) AS updated FROM job_progress');
    const signature = `${describeSums(sums)}|${progress?.done}|${progress?.updated}`;
    if (signature !== lastSignature) {
      lastSignature = signature;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > STALL_MS) {
      throw new Error(`${label}: no job moved for ${STALL_MS / 60_000} minutes: ${describeSums(sums)}`);
    }
    if (performance.now() - lastReport >= 60_000) {
      lastReport = performance.now();
      say(`  … ${seconds(performance.now() - started)}: ${describeSums(sums)}; load ${load()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface Verification {
  lines: string[];
  problems: string[];
}

/** What the database holds after a run, checked against what was imported. */
async function verify(run: Run, expected: { threads: number; comments: number; uploadIds: string[] }): Promise<Verification> {
  const sql = run.store.sql;
  const { scorer, detector } = run.engines;
  const problems: string[] = [];
  const threads = Number(await sql.value<number>('SELECT count(*) FROM threads'));
  const comments = Number(await sql.value<number>('SELECT count(*) FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen'));
  const distinct = Number(await sql.value<number>('SELECT count(DISTINCT c.text_hash) FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen'));
  // Texts of the current comments that lack a score or a trope row for these versions; the scorable ones are misses.
  const lacking = await sql.all<{ hash: string; text: string }>(
    `SELECT DISTINCT c.text_hash AS hash, c.text FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
     LEFT JOIN scores s ON s.text_hash = c.text_hash AND s.scorer_name = ? AND s.scorer_version = ?
     LEFT JOIN tropes t ON t.text_hash = c.text_hash AND t.detector_name = ? AND t.detector_version = ?
     WHERE s.text_hash IS NULL OR t.text_hash IS NULL`,
    [scorer.name, scorer.version, detector.name, detector.version],
  );
  const missing = lacking.filter((row) => isScorable(row.text)).length;
  const unscorable = lacking.length - missing;
  const scoreRows = Number(await sql.value<number>('SELECT count(*) FROM scores WHERE scorer_name = ? AND scorer_version = ?', [scorer.name, scorer.version]));
  const scoreErrors = Number(await sql.value<number>('SELECT count(*) FROM scores WHERE scorer_name = ? AND scorer_version = ? AND error IS NOT NULL', [scorer.name, scorer.version]));
  const tropeRows = Number(await sql.value<number>('SELECT count(*) FROM tropes WHERE detector_name = ? AND detector_version = ?', [detector.name, detector.version]));
  const scorable = distinct - unscorable;
  const failedJobs = await sql.all<{ id: string; error: string | null }>("SELECT id, error FROM job_progress WHERE state <> 'done' ORDER BY id LIMIT 5");
  const notDone = Number(await sql.value<number>("SELECT count(*) FROM job_progress WHERE state <> 'done'"));
  const partsLeft = Number(await sql.value<number>('SELECT count(*) FROM upload_parts'));

  if (threads !== expected.threads) problems.push(`${count(threads)} threads stored, ${count(expected.threads)} imported`);
  if (comments !== expected.comments) problems.push(`${count(comments)} comments stored, ${count(expected.comments)} imported`);
  if (missing > 0) problems.push(`${count(missing)} scorable texts lack a score or a trope row`);
  // One row per text and version is the tables' primary key; more rows than scorable texts would be rows for texts
  // no current comment has (the database was empty before the run).
  if (scoreRows !== scorable) problems.push(`${count(scoreRows)} score rows for ${count(scorable)} scorable texts`);
  if (tropeRows !== scorable) problems.push(`${count(tropeRows)} trope rows for ${count(scorable)} scorable texts`);
  if (notDone > 0) problems.push(`${count(notDone)} jobs not done, e.g. ${failedJobs.map((j) => `${j.id.slice(0, 60)}: ${(j.error ?? '').slice(0, 120)}`).join('; ')}`);
  if (partsLeft > 0) problems.push(`${count(partsLeft)} upload parts left (bytes not dropped)`);

  let statusProblems = 0;
  let firstStatusProblem = '';
  for (const uploadId of expected.uploadIds) {
    const status = await importStatus(run.store, run.queue, uploadId, run.engines);
    const ok = status !== null && status.progress.phase === 'done' && status.outcome !== null && status.outcome.status === 201;
    if (!ok) {
      statusProblems += 1;
      firstStatusProblem ||= `${uploadId}: ${describeStatus(status)}`;
    }
  }
  if (statusProblems > 0) problems.push(`${count(statusProblems)} imports not done with 201 (first: ${firstStatusProblem})`);

  return {
    lines: [
      `  stored: ${count(threads)} threads, ${count(comments)} comments, ${count(distinct)} distinct texts (${count(scorable)} scorable); ` +
        `${count(scoreRows)} score rows (${count(scoreErrors)} with an error) and ${count(tropeRows)} trope rows for ${scorer.name} ${scorer.version} / ${detector.name} ${detector.version}; ` +
        `scorable texts lacking one: ${count(missing)}; jobs not done: ${count(notDone)}; upload parts left: ${count(partsLeft)}; imports done with 201: ${count(expected.uploadIds.length - statusProblems)} of ${count(expected.uploadIds.length)}`,
      problems.length === 0 ? '  verified: every comment stored, every scorable text scored and checked for tropes once, no job failed' : `  VERIFICATION FAILED: ${problems.join('; ')}`,
    ],
    problems,
  };
}

function describeStatus(status: ImportStatus | null): string {
  if (status === null) return 'unknown upload';
  const outcome = status.outcome === null ? 'no outcome' : status.outcome.status === 201 ? '201' : `${status.outcome.status} ${status.outcome.error.slice(0, 120)}`;
  return `${status.progress.phase}, ${outcome}`;
}

/**
 * Each worker's CPU time and peak memory (read before it stops), and from its log the jobs it ended per kind with
 * their mean time: with jobs shorter than pg-boss's polling interval, a lane takes one job per interval at most.
 */
function workerFigures(run: Run, wallMs: number): string {
  return run.workers.map((w) => {
    const cpu = w.cpuSeconds();
    const rss = w.peakRssMiB();
    const byKind = new Map<string, { jobs: number; ms: number }>();
    for (const e of run.events) {
      if (e.worker !== w.name || (e.event !== 'job.done' && e.event !== 'job.failed') || typeof e.kind !== 'string') continue;
      const k = byKind.get(e.kind) ?? { jobs: 0, ms: 0 };
      k.jobs += 1;
      k.ms += Number(e.ms ?? 0);
      byKind.set(e.kind, k);
    }
    const jobs = [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, k]) => `${count(k.jobs)} ${kind} (mean ${seconds(k.ms / k.jobs)}, busy ${((k.ms / wallMs) * 100).toFixed(0)} %)`).join(', ');
    return `${w.name}${w.ending && w.hasExited && cpu === null ? ' (killed)' : ''}: ${cpu === null ? '? s CPU' : `${cpu.toFixed(0)} s CPU (${((cpu * 1000 / wallMs) * 100).toFixed(0)} % of one core)`}, ` +
      `peak RSS ${rss === null ? '?' : `${rss.toFixed(0)} MiB`}, ended ${jobs || 'no job'}`;
  }).join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// queue

interface QueueRunResult {
  workers: number;
  wallMs: number;
  ok: boolean;
}

async function queueRun(serverUrl: string, args: QueueArgs, workers: number, texts: QueueThreadTexts): Promise<QueueRunResult> {
  const database = await freshDatabase(serverUrl, 'bench_queue');
  let run: Run | null = null;
  try {
    run = await Run.open(database.url);
    say(`\n${workers} worker${workers === 1 ? '' : 's'}: ${count(args.threads)} threads of ${count(args.comments)} comments on a fresh database · ${new Date().toISOString()} · load average ${load()}`);
    const uploadIds: string[] = [];
    let bytes = 0;
    const enqueueStart = performance.now();
    for (let n = 0; n < args.threads; n++) {
      const file = texts.thread(n, args.comments);
      bytes += file.byteLength;
      const { uploadId } = await enqueueImport(run.queue, run.store, {
        bytes: file, fileName: `bench-queue-${String(n).padStart(5, '0')}.json`, format: null, progressId: null, actor: { username: 'bench', role: 'admin' },
      }, run.engines);
      uploadIds.push(uploadId);
    }
    const enqueueMs = performance.now() - enqueueStart;
    say(`  enqueued ${count(args.threads)} uploads (${(bytes / 1e6).toFixed(0)} MB of generic JSON) in ${seconds(enqueueMs)} (generated and stored one at a time; the bench's peak RSS so far ${mib(benchPeakRss())})`);

    const loadAtStart = load();
    const cpuAtStart = cpuUse();
    const start = performance.now();
    for (let w = 0; w < workers; w++) run.spawnWorker();
    const startedAt = await Promise.all(run.workers.map(async (w) => { await w.ready; return performance.now() - start; }));
    const sums = await pollUntil(run, (s) => allEnded(s, args.threads), `${workers} workers`, start);
    const wallMs = performance.now() - start;
    const cpu = cpuSince(cpuAtStart);
    const loadAtEnd = load();
    const figures = workerFigures(run, wallMs);
    await Promise.all(run.workers.map((w) => w.stop()));

    const comments = args.threads * args.comments;
    say(`  wall time ${seconds(wallMs)} (from spawning the workers, which took ${startedAt.map((ms) => seconds(ms)).join(' and ')} to start, to every job done) · ` +
      `${count(Math.round(comments / (wallMs / 1000)))} comments/s · ${(args.threads / (wallMs / 1000)).toFixed(2)} imports/s · load average at start ${loadAtStart}, at end ${loadAtEnd}`);
    say(`  jobs: ${describeSums(sums)}`);
    say(`  workers: ${figures}`);
    say(`  CPU during the run: ${describeCpu(cpu, os.cpus().length)} (the bench's own polling included in the machine's)`);
    const verification = await verify(run, { threads: args.threads, comments, uploadIds });
    for (const line of verification.lines) say(line);
    say(`  bench process peak RSS ${mib(benchPeakRss())}`);
    return { workers, wallMs, ok: verification.problems.length === 0 };
  } finally {
    await run?.close();
    await database.drop();
  }
}

export async function benchQueue(argv: readonly string[]): Promise<boolean> {
  const args = parseQueueArgs(argv);
  say(machine('queue'));
  say(`${count(args.threads)} threads × ${count(args.comments)} comments = ${count(args.threads * args.comments)} comments, each thread one upload; runs with ${args.workers.join(', then ')} worker process(es) of --concurrency 1`);
  const loadStart = performance.now();
  const texts = QueueThreadTexts.load();
  say(`texts: ${count(texts.sources.texts)} real texts and ${count(texts.sources.sentences)} of their sentences from ../shared/data, read in ${seconds(performance.now() - loadStart)}`);
  return withBenchServer(async (serverUrl) => {
    const results: QueueRunResult[] = [];
    for (const workers of args.workers) results.push(await queueRun(serverUrl, args, workers, texts));
    // Each run against the one with the fewest workers: how much faster more workers made it.
    const base = results.reduce((a, b) => (b.workers < a.workers ? b : a));
    for (const other of results.filter((r) => r.workers > base.workers)) {
      say(`\nratio: ${base.workers} worker${base.workers === 1 ? '' : 's'} ${seconds(base.wallMs)} / ${other.workers} workers ${seconds(other.wallMs)} = ${(base.wallMs / other.wallMs).toFixed(2)}×`);
    }
    say(`load average at the end: ${load()}`);
    return results.every((r) => r.ok);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// queue-kill

/** The worker whose log says it started `jobId` (its latest attempt) and has not ended it; with the attempt. */
function holderOf(run: Run, jobId: string): { worker: WorkerProcess; attempt: number; at: number } | null {
  for (let i = run.events.length - 1; i >= 0; i--) {
    const event = run.events[i]!;
    if (event.job !== jobId) continue;
    if (event.event !== 'job.started') return null;
    const worker = run.workers.find((w) => w.name === event.worker)!;
    return { worker, attempt: Number(event.attempt), at: event.at };
  }
  return null;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function benchQueueKill(argv: readonly string[]): Promise<boolean> {
  const args = parseKillArgs(argv);
  say(machine('queue-kill'));
  const generated = performance.now();
  const { csv, stats } = generateBigThread(args.comments);
  const file = Buffer.from(csv);
  say(`one thread of ${count(stats.comments)} comments (${count(stats.distinct)} distinct texts, max depth ${stats.maxDepth}), ${(file.byteLength / 1e6).toFixed(1)} MB generic CSV, generated in ${seconds(performance.now() - generated)}; ` +
    `2 worker processes of --concurrency 1; kill -9 of the worker running ${args.killAt === 'import' ? 'the import-file job' : 'the first score-texts job'} once it has run ${args.killAfterSeconds} s`);
  return withBenchServer(async (serverUrl) => {
    const database = await freshDatabase(serverUrl, 'bench_queue_kill');
    let run: Run | null = null;
    try {
      run = await Run.open(database.url);
      for (let w = 0; w < 2; w++) run.spawnWorker();
      await Promise.all(run.workers.map((w) => w.ready));
      const loadAtStart = load();
      say(`both workers started · ${new Date().toISOString()} · load average ${loadAtStart}`);
      const start = performance.now();
      const { uploadId, jobId } = await enqueueImport(run.queue, run.store, {
        bytes: file, fileName: `big-thread-${args.comments}.csv`, format: null, progressId: null, actor: { username: 'bench', role: 'admin' },
      }, run.engines);
      say(`  enqueued the upload in ${seconds(performance.now() - start)}`);

      // The job to kill: the import, or the first scoring chunk that a worker starts.
      const wanted = (event: WorkerLogEvent): boolean => event.event === 'job.started' && (args.killAt === 'import' ? event.job === jobId : event.kind === SCORE_TEXTS.name);
      let target: WorkerLogEvent | undefined;
      while (!(target = run.events.find(wanted))) {
        run.checkWorkers();
        const status = await importStatus(run.store, run.queue, uploadId, run.engines);
        if (status?.outcome) throw new Error(`the import ended before the job to kill started: ${describeStatus(status)}`);
        await sleep(100);
      }
      const targetJob = target.job!;
      const ranFor = performance.now() - target.at;
      if (ranFor < args.killAfterSeconds * 1000) await sleep(args.killAfterSeconds * 1000 - ranFor);
      const holder = holderOf(run, targetJob);
      if (holder === null) throw new Error(`${targetJob.slice(0, 80)} ended within ${args.killAfterSeconds} s, before the kill: use a smaller --kill-after or more comments`);
      const before = await run.queue.job(targetJob);
      const killedAt = performance.now();
      await holder.worker.kill9();
      const killMs = performance.now() - killedAt;
      const replacement = run.spawnWorker();
      say(`  killed ${holder.worker.name} (kill -9 of its process group, gone in ${seconds(killMs)}) ${seconds(killedAt - holder.at)} into attempt ${holder.attempt} of ${targetJob.slice(0, 80)} ` +
        `(its progress then: ${before ? `${before.state}, ${count(before.done)} of ${count(before.total)}` : 'unknown'}), ${seconds(killedAt - start)} after the enqueue; started ${replacement.name} in its place`);
      await replacement.ready;
      say(`  ${replacement.name} started ${seconds(performance.now() - killedAt)} after the kill`);

      let takeoverMs: number | null = null;
      let takeoverBy = '';
      let final: ImportStatus | null = null;
      for (;;) {
        run.checkWorkers();
        if (takeoverMs === null) {
          const next = run.events.find((e) => e.event === 'job.started' && e.job === targetJob && e.at > killedAt);
          if (next) {
            takeoverMs = next.at - killedAt;
            takeoverBy = `${next.worker}, attempt ${next.attempt}`;
            say(`  taken over ${seconds(takeoverMs)} after the kill (${takeoverBy})`);
          }
        }
        final = await importStatus(run.store, run.queue, uploadId, run.engines);
        if (final?.outcome && (final.progress.phase === 'done' || final.progress.phase === 'failed')) break;
        if (performance.now() - killedAt > STALL_MS * 2) throw new Error(`the import did not end within ${STALL_MS * 2 / 60_000} minutes of the kill: ${describeStatus(final)}`);
        await sleep(POLL_MS / 2);
      }
      const totalMs = performance.now() - start;
      const loadAtEnd = load();
      const figures = workerFigures(run, totalMs);
      await Promise.all(run.workers.map((w) => w.stop()));
      say(`  import ${describeStatus(final)}: total ${seconds(totalMs)} from the enqueue; takeover ${takeoverMs === null ? 'not seen (the killed attempt\'s job was not started again)' : seconds(takeoverMs)} · load average at start ${loadAtStart}, at end ${loadAtEnd}`);
      const sums = await jobSums(run.store);
      say(`  jobs: ${describeSums(sums)}`);
      const attempts = await run.store.sql.all<{ id: string; kind: string; attempts: number }>('SELECT id, kind, attempts FROM job_progress ORDER BY kind, id');
      const importAttempts = attempts.filter((a) => a.kind === IMPORT_FILE.name).map((a) => Number(a.attempts));
      const scoreAttempts = new Map<number, number>();
      for (const a of attempts.filter((x) => x.kind === SCORE_TEXTS.name)) scoreAttempts.set(Number(a.attempts), (scoreAttempts.get(Number(a.attempts)) ?? 0) + 1);
      say(`  attempts: import-file ${importAttempts.join(', ')}; score-texts ${[...scoreAttempts.entries()].sort(([a], [b]) => a - b).map(([n, jobs]) => `${jobs} job${jobs === 1 ? '' : 's'} × ${n}`).join(', ')}; killed job ${targetJob.slice(0, 80)}: ${attempts.find((a) => a.id === targetJob)?.attempts ?? '?'}`);
      say(`  workers: ${figures}`);

      const verification = await verify(run, { threads: 1, comments: args.comments, uploadIds: [uploadId] });
      // Completed once: one recorded outcome, the thread at its first revision, one audit entry for it.
      const sql = run.store.sql;
      const uploads = await sql.all<{ outcome_json: string | null }>('SELECT outcome_json FROM uploads');
      const revisions = await sql.all<{ id: string; revision: number }>('SELECT id, revision FROM threads');
      const audit = await sql.all<{ action: string; n: number }>('SELECT action, count(*) AS n FROM audit_log GROUP BY action ORDER BY action');
      const auditEntries = audit.reduce((sum, a) => sum + Number(a.n), 0);
      const once: string[] = [];
      if (uploads.length !== 1 || uploads[0]!.outcome_json === null) once.push(`${uploads.length} uploads, ${uploads.filter((u) => u.outcome_json !== null).length} with an outcome`);
      if (revisions.length !== 1 || Number(revisions[0]!.revision) !== 1) once.push(`threads and revisions: ${revisions.map((r) => `${r.id.slice(0, 40)} revision ${r.revision}`).join(', ')}`);
      if (auditEntries !== 1) once.push(`${auditEntries} audit entries (${audit.map((a) => `${a.action} ${a.n}`).join(', ')})`);
      for (const line of verification.lines) say(line);
      say(`  completed once: ${uploads.length} upload with ${uploads.filter((u) => u.outcome_json !== null).length} outcome; thread revision ${revisions.map((r) => r.revision).join(', ')}; audit entries ${audit.map((a) => `${a.action} ${a.n}`).join(', ') || 'none'}` +
        (once.length === 0 ? ' — as expected' : ` — FAILED: ${once.join('; ')}`));
      say(`load average at the end: ${load()}`);
      return verification.problems.length === 0 && once.length === 0 && takeoverMs !== null;
    } finally {
      await run?.close();
      await database.drop();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------

/** `npm run bench -- queue ...` or `queue-kill ...`: runs it; false when a verification failed. */
export async function benchQueueCommand(argv: readonly string[]): Promise<boolean> {
  const cleanUp = (): void => killAllWorkers();
  process.once('exit', cleanUp);
  const interrupted = (): void => {
    killAllWorkers();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const kill = argv[0] === 'queue-kill';
    return kill ? await benchQueueKill(argv.slice(1)) : await benchQueue(argv.slice(1));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(`bench ${argv[0]}: ${error.message}`);
      return false;
    }
    throw error;
  } finally {
    killAllWorkers();
  }
}
