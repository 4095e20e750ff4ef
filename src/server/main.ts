/**
 * Server entry point: reads settings, opens the store, loads the demo thread into an empty database, opens the job
 * queue and works `--workers N` jobs of each kind (ADR 0032, 0033), listens, and shuts down cleanly on SIGINT/SIGTERM
 * (the HTTP server, then the queue: running jobs end or go back to the queue within a bound, then the engines and the
 * store). Every failure is one clear line on stderr and a non-zero exit.
 *
 * Who may use it (docs/adr/0022-accounts-sessions-roles.md): on a loopback address with no account yet, the console
 * runs in single-user mode; on any other address the server refuses to start until an account exists (anyone who
 * can reach the address could otherwise use it), and then every request needs a session.
 */
import { printable } from '../core/printable.ts';
import { DEMO_THREAD_FILE_NAME, DEMO_THREAD_TEXT } from '../demo/demo-thread.ts';
import { loadLanguageDetector } from '../scoring/model/language.ts';
import { createTropeDetector } from '../scoring/index.ts';
import { hasAccounts } from './access.ts';
import { buildApp } from './app.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { ConfigError } from '../app/config.ts';
import { SERVER_USAGE, consoleUrl, isLoopback, parseServerConfig } from './config.ts';
import { createEngines } from '../app/engines.ts';
import { importAndScore } from '../app/pipeline.ts';
import { sharedImportPool } from '../app/import-worker-pool.ts';
import type { JobEvent } from '../app/jobs/job-queue.ts';
import { JOB_KINDS } from '../app/jobs/kinds.ts';
import { openJobQueue, workKinds } from '../app/jobs/open-job-queue.ts';
import { pruneUploads } from '../app/store/uploads.ts';
import { hostAllowList } from './request-boundary.ts';
import { createScorer, ScorerConfigError, type ChosenScorer } from '../app/remote/registry.ts';
import { ScorerSwitch } from '../app/remote/scorer-switch.ts';
import { type DatabaseLocator, describeLocator, Store, StoreError } from '../app/store/store.ts';

/** One stderr line (control characters in what it quotes escaped), then `trusted` text such as the usage, and exit. */
function die(message: string, code = 1, trusted = ''): never {
  process.stderr.write(`threadscope: ${printable(message)}\n${trusted}`);
  process.exit(code);
}

/** Ended uploads (their outcome rows; the bytes went when the import ended) are kept this long (ADR 0033). */
const UPLOAD_KEEP_MS = 7 * 24 * 60 * 60_000;
/** How often a server prunes them. */
const UPLOAD_PRUNE_EVERY_MS = 60 * 60_000;

/** How long a stopping server lets its running jobs end before releasing them to another worker (ADR 0032). */
const QUEUE_STOP_MS = 10_000;

/** The line main prints when it will not listen on `host`: no account exists, so nobody could log in and anyone could use it. */
function listenRefusal(host: string, database: DatabaseLocator, dataDir: string): string {
  // The users command must reach the same database; a PostgreSQL URL is not repeated (it may hold a password).
  const where = database.kind === 'sqlite' ? `--data-dir ${dataDir}` : '--database-url <the same URL> (or the same THREADSCOPE_DATABASE_URL)';
  return `refusing to listen on ${host}: no account exists yet, and off loopback every request needs a login. Make the first administrator with: npm run --silent users -- add <name> --role admin ${where} (or listen on 127.0.0.1)`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseServerConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) die(error.message, 2, `\n${SERVER_USAGE}\n`);
    throw error;
  }
  if (config.help) {
    process.stdout.write(`${SERVER_USAGE}\n`);
    return;
  }

  let chosen: ChosenScorer;
  const scorerOptions = { onFallback: (message: string) => process.stderr.write(`threadscope: ${printable(message)}\n`) };
  try {
    chosen = createScorer(config.scorer, process.env, scorerOptions);
  } catch (error) {
    if (error instanceof ScorerConfigError) die(error.message, 2);
    throw error;
  }

  let store: Store;
  try {
    store = await Store.open(config.database);
  } catch (error) {
    if (error instanceof StoreError) die(error.message);
    throw error;
  }
  const singleUser = isLoopback(config.host);
  if (!singleUser && !(await hasAccounts(store))) {
    await store.close();
    die(listenRefusal(config.host, config.database, config.dataDir));
  }
  // The scoring pool's workers start loading the model now (ADR 0019), while the rest starts up.
  const inProcessDetector = createTropeDetector();
  const engines = createEngines(chosen.scorer, { workers: config.scoreWorkers, detector: inProcessDetector });
  const { scorer, detector } = engines;

  if (config.demo && (await store.isEmpty())) {
    // The demo thread is small: scored here, without waiting for the workers to load (same scorer and versions).
    const outcome = await importAndScore(store, { text: DEMO_THREAD_TEXT, fileName: DEMO_THREAD_FILE_NAME }, { scorer: chosen.scorer, detector: inProcessDetector });
    if (!outcome.ok) process.stderr.write(`threadscope: the demo thread did not import (${outcome.where ?? 'input'}: ${outcome.message}); starting without it\n`);
  }

  // The console's scorer switch offers every scorer this server has a key for; the embedded one always.
  const scorers = ScorerSwitch.fromEnv(config.scorer, { ...chosen, scorer }, process.env, scorerOptions);
  // Requests addressed to other names get 421 (DNS rebinding, ADR 0010).
  const hosts = hostAllowList(config.host, config.allowedHosts);
  const auth = sessionAuthenticator(store, { singleUser });
  // Job events go to the server's JSON log once the app (and its logger) exists: ids, kinds, attempts, times, never a payload.
  let logEvent: (event: JobEvent) => void = () => undefined;
  let queue;
  try {
    queue = await openJobQueue(store, { onEvent: (event) => logEvent(event) });
  } catch (error) {
    await engines.close();
    await store.close();
    die(`cannot start the job queue: ${error instanceof Error ? error.message : String(error)}`);
  }
  const jobs = queue;
  const app = await buildApp({ store, scorer, detector, scorers, hosts, auth, trustProxy: config.trustProxy, logger: { level: config.logLevel }, jobs });
  logEvent = ({ event, ...fields }) => {
    const level = event === 'queue.error' ? 'error' : event === 'job.failed' ? 'warn' : 'info';
    app.log[level]({ event, ...fields }, event);
  };
  // This server's share of the jobs (none with --workers 0): scoring in its pool's threads (or the scorer the console
  // switched to, which its imports then name), parsing in its import worker.
  const importPool = sharedImportPool();
  await workKinds(jobs, JOB_KINDS, {
    store,
    engines: () => ({ scorer: scorers.chosen.scorer, detector }),
    queue: jobs,
    parse: (input, hooks) => importPool.parse(input, hooks),
  }, config.workers);
  // Uploads exist on PostgreSQL only (imports as jobs). Every server prunes the old ones (ended, or never ended, over
  // 7 days ago): a plain delete, so two servers doing it at once do no harm.
  let pruning: NodeJS.Timeout | null = null;
  if (store.locator.kind === 'postgres') {
    const prune = () => {
      pruneUploads(store.sql, new Date(Date.now() - UPLOAD_KEEP_MS).toISOString())
        .catch((error: unknown) => app.log.warn({ event: 'uploads.prune-failed', error: error instanceof Error ? error.message.split('\n', 1)[0] : String(error) }, 'pruning old uploads failed'));
    };
    prune();
    pruning = setInterval(prune, UPLOAD_PRUNE_EVERY_MS).unref();
  }
  // The embedded scorer's language detector loads on first need (about 0.2 s here); load it now, so the first import does not wait.
  // A failure here is ignored: the scorer then gives no language marker, as it would on first need.
  void loadLanguageDetector().catch(() => undefined);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await jobs.stop({ timeoutMs: QUEUE_STOP_MS });
    await store.close();
    await engines.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') die(`port ${config.port} on ${config.host} is already in use; stop the other server or pass --port N`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') die(`cannot listen on host "${config.host}": no such address on this machine`);
    if (code === 'EACCES') die(`no permission to listen on port ${config.port}; pick a port above 1023`);
    die(`cannot start the server: ${error instanceof Error ? error.message : String(error)}`);
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`Threadscope console: ${consoleUrl(config.host, port)}  (data: ${config.database.kind === 'sqlite' ? config.dataDir : describeLocator(config.database)})\n`);
  if (chosen.remote) process.stdout.write(`Scoring with ${scorer.name} ${scorer.version}: ${scorer.description}\n`);
  if (chosen.notice) process.stdout.write(`Notice: ${chosen.notice}\n`);
  if (engines.pool) {
    const pool = engines.pool;
    void pool.ready().then((times) => {
      const loaded = times.filter((t): t is number => t !== null);
      const slowest = loaded.length > 0 ? ` (the model loaded in ${(Math.max(...loaded) / 1000).toFixed(1)} s)` : '';
      process.stdout.write(`Scoring in ${loaded.length} of ${pool.size} worker threads${slowest}\n`);
    });
  }
  if (!isLoopback(config.host)) {
    process.stdout.write(`Listening on ${config.host}, reachable from other machines: every request needs a login (accounts: npm run --silent users -- list).\n`);
    const names = ['loopback names', ...hosts.names].join(', ');
    process.stdout.write(`Answering requests addressed to: ${names}; others get 421 (add a name with --allowed-host NAME).\n`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    if (pruning) clearInterval(pruning);
    process.stdout.write(`Threadscope: ${signal} received, shutting down\n`);
    // The queue stops before the engines and the store its running jobs use.
    const end = (code: number) => jobs.stop({ timeoutMs: QUEUE_STOP_MS }).finally(() => engines.close()).finally(() => store.close()).finally(() => process.exit(code));
    app.close().then(() => end(0), () => end(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => die(`unexpected error: ${error instanceof Error ? error.message : String(error)}`));
