/**
 * The worker process (issue 15, ADR 0032, ADR 0033): works queued jobs (imports and scoring) from a PostgreSQL database
 * shared with the console servers. A shell like the server and the CLI: it imports src/core, src/scoring and src/app.
 *
 *   npm run --silent worker -- [--concurrency N] [--database-url URL]
 *
 * Contract:
 * - The database is `--database-url`, else THREADSCOPE_DATABASE_URL; it must be PostgreSQL. Without one (or with
 *   another kind of URL) the worker refuses to start (exit 2): on SQLite the console server runs the jobs itself.
 * - `--concurrency N` (1-64, default 2): jobs of each kind run at once in this process.
 * - It opens the store (which migrates the schema, as a server does at start), starts the queue and works every kind
 *   it was given; scoring and import jobs use the embedded scorer and detector, and imports the importers, on the
 *   process's own thread (one worker process per core).
 * - `stop()` (SIGTERM or SIGINT in main.ts) takes no new job, lets the running ones end or releases them to another
 *   worker (after `stopTimeoutMs`), closes the database and resolves; the process then exits 0.
 * - Logs: one JSON object per line on stdout (`at`, `level`, `event`, then ids, kinds, attempts and times); never a
 *   payload, comment text or a password (the database is named with `describeLocator`, which hides it).
 */
import { checkConcurrency, MAX_CONCURRENCY, type JobEvent } from '../app/jobs/job-queue.ts';
import { parseInProcess, type JobContext, type WiredKinds } from '../app/jobs/kinds.ts';
import { workKinds } from '../app/jobs/open-job-queue.ts';
import { PgJobQueue, type PgQueueTiming } from '../app/jobs/pg-job-queue.ts';
import { createEngines, type ProcessEngines } from '../app/engines.ts';
import { describeLocator, locatorFrom } from '../app/store/open-sql.ts';
import { schemaVersion } from '../app/store/pg-schema.ts';
import { Store } from '../app/store/store.ts';
import { createEmbeddedScorer, createTropeDetector } from '../scoring/index.ts';

export const WORKER_USAGE = `Usage: npm run --silent worker -- [--concurrency N] [--database-url URL]

Works queued jobs (imports and scoring texts) from the PostgreSQL database the console servers share
(docs/adr/0032-jobs-on-postgresql.md, docs/adr/0033-imports-as-jobs.md). Stops on SIGTERM or SIGINT: running jobs
end or go back to the queue.

Options:
  --concurrency N      jobs of each kind at once in this process, 1-${MAX_CONCURRENCY} (default 2)
  --database-url URL   postgres://user:password@host:port/name (env THREADSCOPE_DATABASE_URL)
  --help               show this help

With SQLite there is no worker process: the console server runs the jobs itself.
Exit codes: 0 stopped, 1 failed (the database cannot be opened), 2 usage.`;

export const DEFAULT_CONCURRENCY = 2;

export class WorkerUsageError extends Error {
  override name = 'WorkerUsageError';
}

export interface WorkerArgs {
  concurrency: number;
  databaseUrl: string;
  help: boolean;
}

/** Parses the command line; throws WorkerUsageError naming the flag. */
export function parseWorkerArgs(argv: readonly string[], env: Record<string, string | undefined>): WorkerArgs {
  let concurrency = DEFAULT_CONCURRENCY;
  let databaseUrl: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new WorkerUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--concurrency') {
      const text = value();
      const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      if (!(n >= 1 && n <= MAX_CONCURRENCY)) throw new WorkerUsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(text.slice(0, 20))}`);
      concurrency = n;
    } else if (flag === '--database-url') databaseUrl = value();
    else throw new WorkerUsageError(`unknown argument ${JSON.stringify(arg.slice(0, 40))} (see --help)`);
  }
  if (help) return { concurrency, databaseUrl: '', help };
  const url = (databaseUrl ?? env.THREADSCOPE_DATABASE_URL ?? '').trim();
  if (url === '') {
    throw new WorkerUsageError('the worker needs PostgreSQL: give --database-url or THREADSCOPE_DATABASE_URL (with SQLite the console server runs the jobs itself; there is no worker process)');
  }
  const source = databaseUrl !== undefined ? '--database-url' : 'THREADSCOPE_DATABASE_URL';
  try {
    locatorFrom({ databaseUrl: url, urlSource: source });
  } catch (error) {
    throw new WorkerUsageError(`${error instanceof Error ? error.message : String(error)}; the worker runs on PostgreSQL only (with SQLite the console server runs the jobs itself)`);
  }
  return { concurrency, databaseUrl: url, help };
}

export interface WorkerOptions {
  args: WorkerArgs;
  kinds: WiredKinds;
  /** One JSON log line (without the newline). */
  log: (line: string) => void;
  timing?: Partial<PgQueueTiming>;
  stopTimeoutMs?: number;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** A JSON log line: the time, the level, the event and its fields. */
export function logLine(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
}

function eventLine(event: JobEvent): string {
  const { event: name, ...fields } = event;
  const level = name === 'queue.error' ? 'error' : name === 'job.failed' ? 'warn' : 'info';
  return logLine(level, name, fields);
}

/** Opens the database and the queue, and starts working; throws (nothing left open) when it cannot. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { args, log } = options;
  checkConcurrency(args.concurrency);
  const locator = locatorFrom({ databaseUrl: args.databaseUrl, urlSource: '--database-url' });
  // Store.open migrates the schema, as a console server does at start.
  const store = await Store.open(locator);
  let engines: ProcessEngines | null = null;
  let queue: PgJobQueue | null = null;
  try {
    queue = await PgJobQueue.open({ url: args.databaseUrl, sql: store.sql, onEvent: (event) => log(eventLine(event)), ...(options.timing ? { timing: options.timing } : {}) });
    const context: JobContext = {
      store,
      queue,
      // The embedded scorer and detector on this process's thread: run one worker process per core.
      engines: () => (engines ??= createEngines(createEmbeddedScorer(), { workers: 0, detector: createTropeDetector() })),
      // Imports are parsed on this thread too: the job is all the process does.
      parse: parseInProcess,
    };
    await workKinds(queue, options.kinds, context, args.concurrency);
    log(logLine('info', 'worker.started', {
      pid: process.pid, database: describeLocator(locator), schemaVersion: await schemaVersion(store.sql), concurrency: args.concurrency,
      kinds: options.kinds.map((k) => k.kind.name),
    }));
  } catch (error) {
    await queue?.stop({ timeoutMs: 1000 }).catch(() => undefined);
    await store.close();
    throw error;
  }
  const started = queue;
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        log(logLine('info', 'worker.stopping', { pid: process.pid }));
        try {
          await started.stop({ timeoutMs: options.stopTimeoutMs ?? 30_000 });
        } finally {
          await engines?.close();
          await store.close();
        }
        log(logLine('info', 'worker.stopped', { pid: process.pid }));
      })();
      return stopping;
    },
  };
}

/** Runs a worker until SIGTERM or SIGINT (a second one exits at once); returns the exit code. */
export async function runWorkerProcess(argv: readonly string[], kinds: WorkerOptions['kinds'], extra: Partial<Pick<WorkerOptions, 'timing' | 'stopTimeoutMs'>> = {}): Promise<number> {
  const log = (line: string): void => { process.stdout.write(`${line}\n`); };
  let args: WorkerArgs;
  try {
    args = parseWorkerArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof WorkerUsageError)) throw error;
    process.stderr.write(`threadscope worker: ${error.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${WORKER_USAGE}\n`);
    return 0;
  }
  const failed = (error: unknown): number => {
    log(logLine('error', 'worker.failed', { error: error instanceof Error ? error.message.split('\n', 1)[0] : String(error) }));
    return 1;
  };
  // Signals are taken from the start: one that comes while the worker starts stops it once started.
  let signalled!: () => void;
  const stopAsked = new Promise<void>((resolve) => { signalled = resolve; });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      log(logLine('warn', 'worker.killed', { signal, reason: 'a second signal: exiting without waiting for running jobs' }));
      process.exit(1);
    }
    log(logLine('info', 'worker.signal', { signal }));
    signalled();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let worker: RunningWorker;
  try {
    worker = await startWorker({ args, kinds, log, ...extra });
  } catch (error) {
    return failed(error);
  }
  await stopAsked;
  try {
    await worker.stop();
    return 0;
  } catch (error) {
    return failed(error);
  }
}
