/**
 * The speed of the Perspective-compatible API (issue 12) for `npm run bench`, also runnable alone
 * (`npx tsx bench/analyze.ts`): starts a real server process (src/server/main.ts, a free loopback port, a fresh data
 * directory, --no-demo), makes an API key with a high rate with the `apikey` CLI, imports the seed thread so the
 * console has something to list, warms the server up, then drives single-comment
 * `POST /v1alpha1/comments:analyze?key=` requests over keep-alive connections, over real comments read at run time
 * from ../shared/data (news comments, Gab/Reddit posts, tweets, Wikipedia talk; generated ones when absent), in two
 * phases of a fixed duration: the target rate offered in an open loop (latency counted from when each request was
 * due), then a closed loop at a fixed concurrency (as fast as the server answers).
 * During both, one more connection polls the console's `GET /api/health` and `GET /api/threads` (the "console stays
 * responsive" figure), also measured idle before the load.
 * Printed: the machine (CPU, cores, load average), requests/s, latency percentiles, answers by status (and Google
 * status and error type), the CPU used by the server (and requests per CPU second of it, less sensitive to other
 * load on a shared machine) and by this load generator. Never asserted on.
 * Settings (environment): BENCH_ANALYZE_SECONDS (each phase, default 10), BENCH_ANALYZE_WARMUP_SECONDS (10),
 * BENCH_ANALYZE_RATE (2000 requests/s offered), BENCH_ANALYZE_CONNECTIONS (32), BENCH_ANALYZE_CPU_PROF=DIR (the
 * server writes V8 CPU profiles there when it stops).
 * The key is never printed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { csvRecords } from '../src/scoring/model/csv.ts';
import { generateThread } from './generate-thread.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared');
const SEED = path.join(SHARED, 'seeds/000_63fe030f4ed4795b.txt');
const SERVER_ENTRY = path.join(ROOT, 'src/server/main.ts');
/** Perspective's limit on `comment.text`; longer texts are left out of the mix (they would be refused). */
const MAX_TEXT_BYTES = 20_480;
/** The key's rate: the largest a key may have (MAX_QPS of api-keys.ts), far above what one process answers. */
const BENCH_QPS = 100_000;
/** Requests per connection the open loop lets wait before it skips the ones due. */
const WAITING_PER_CONNECTION = 8;
/** The answer recorded for a request the open loop skipped. */
const NOT_SENT = 'not sent (the server was behind)';
const SIX = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'] as const;

/** How hard and how long to drive the server. */
interface LoadSettings {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Requests a second offered in the open-loop phase. */
  rate: number;
  cpuProfileDir: string | null;
}

/** Comment texts to send and where they came from. */
interface TextPool {
  texts: string[];
  source: string;
}

/** One answered (or failed) request: its latency and how it was answered. */
interface Outcome {
  ms: number;
  /** e.g. "200", "400 INVALID_ARGUMENT LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "network ECONNRESET". */
  answer: string;
}

/** A running server process and its address. */
export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  port: number;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function settingsFromEnv(): LoadSettings {
  return {
    seconds: numberFromEnv('BENCH_ANALYZE_SECONDS', 10),
    warmupSeconds: numberFromEnv('BENCH_ANALYZE_WARMUP_SECONDS', 10),
    connections: Math.round(numberFromEnv('BENCH_ANALYZE_CONNECTIONS', 32)),
    rate: numberFromEnv('BENCH_ANALYZE_RATE', 2000),
    cpuProfileDir: process.env.BENCH_ANALYZE_CPU_PROF ? path.resolve(process.env.BENCH_ANALYZE_CPU_PROF) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Texts and request bodies

/** Column `column` of a CSV under ../shared/data, or nothing when the file is absent. */
function sharedColumn(file: string, column: string): string[] {
  const full = path.join(SHARED, 'data', file);
  if (!fs.existsSync(full)) return [];
  return csvRecords(fs.readFileSync(full, 'utf8'), file, [column]).map((record) => record[column] ?? '');
}

/** Texts Perspective would accept: not blank, at most 20,480 bytes; each once. */
function acceptable(texts: readonly string[]): string[] {
  return [...new Set(texts.filter((t) => t.trim() !== '' && Buffer.byteLength(t, 'utf8') <= MAX_TEXT_BYTES))];
}

/** The comment sources under ../shared/data, taken in turn so that news comments, posts, tweets and talk pages mix. */
const SOURCES: ReadonlyArray<{ file: string; column: string; name: string }> = [
  { file: 'toxic-spans/comments.csv', column: 'comment_text', name: 'Civil Comments news comments (toxic-spans)' },
  { file: 'edos/edos_labelled_aggregated.csv', column: 'text', name: 'Gab/Reddit posts (edos)' },
  { file: 'davidson/labeled_data.csv', column: 'tweet', name: 'tweets (davidson)' },
  { file: 'wiki-context-toxicity/gc.csv', column: 'text', name: 'Wikipedia talk comments (wiki-context-toxicity)' },
  { file: 'wiki-context-toxicity/gn.csv', column: 'text', name: 'more Wikipedia talk comments (wiki-context-toxicity)' },
];

/** Real comments from ../shared/data (enough that a run rarely sends one twice), interleaved source by source. */
function loadTexts(): TextPool {
  const lists = SOURCES.map((source) => ({ ...source, texts: acceptable(sharedColumn(source.file, source.column)) })).filter((l) => l.texts.length > 0);
  if (lists.length > 0) {
    const seen = new Set<string>();
    const texts: string[] = [];
    for (let i = 0; i < Math.max(...lists.map((l) => l.texts.length)); i++) {
      for (const list of lists) {
        const text = list.texts[i];
        if (text !== undefined && !seen.has(text)) {
          seen.add(text);
          texts.push(text);
        }
      }
    }
    return { texts, source: `../shared/data: ${lists.map((l) => `${l.texts.length.toLocaleString('en')} ${l.name}`).join(', ')}` };
  }
  const generated = acceptable(generateThread(20_000, 10).map((c) => c.text));
  return { texts: generated, source: `${generated.length.toLocaleString('en')} generated comments (../shared/data not found)` };
}

/**
 * The request shapes of the mix, taken in turn: Coral's (TOXICITY only, doNotStore), a tool asking for the six
 * attributes with spans, and one asking for the six plus the Threadscope-only trope attribute.
 */
const REQUEST_SHAPES: ReadonlyArray<{ name: string; body: (text: string) => object }> = [
  { name: 'TOXICITY with doNotStore (as Coral asks)', body: (text) => ({ comment: { text }, requestedAttributes: { TOXICITY: {} }, doNotStore: true }) },
  { name: 'the six attributes with spanAnnotations', body: (text) => ({ comment: { text }, requestedAttributes: Object.fromEntries(SIX.map((a) => [a, {}])), spanAnnotations: true, languages: ['en'] }) },
  { name: 'the six and THREADSCOPE_TROPE', body: (text) => ({ comment: { text, type: 'PLAIN_TEXT' }, requestedAttributes: Object.fromEntries([...SIX, 'THREADSCOPE_TROPE'].map((a) => [a, {}])) }) },
];

/** The JSON body of request number `n`: text n of the pool in shape n of the mix. */
function bodyOf(pool: TextPool, n: number): string {
  const shape = REQUEST_SHAPES[n % REQUEST_SHAPES.length]!;
  return JSON.stringify(shape.body(pool.texts[n % pool.texts.length]!));
}

// ---------------------------------------------------------------------------------------------------------------
// The server process and its key

/** A fresh key for `dataDir` from the `apikey` CLI (its last stdout line); the key is kept out of every message. */
function createKey(dataDir: string): string {
  const result = spawnSync('npm', ['run', '--silent', 'apikey', '--', 'create', 'bench', '--qps', String(BENCH_QPS), '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  const lines = (result.stdout ?? '').trim().split('\n');
  const key = lines[lines.length - 1]?.trim() ?? '';
  if (result.status !== 0 || key === '') throw new Error(`apikey create failed (exit ${result.status}): ${(result.stderr ?? '').trim().slice(0, 300)}`);
  return key;
}

/**
 * Starts src/server/main.ts on a free loopback port and resolves when it prints its URL. `database` is a data
 * directory, or the server flags that choose a database (`['--database-url', url, ...]`).
 */
export function startServer(database: string | readonly string[], settings: Pick<LoadSettings, 'cpuProfileDir'> = { cpuProfileDir: null }): Promise<RunningServer> {
  const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
  const where = typeof database === 'string' ? ['--data-dir', database] : database;
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER_ENTRY, '--port', '0', '--host', '127.0.0.1', ...where, '--no-demo'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the server did not print its URL within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const early = (code: number | null) => fail(new Error(`the server exited (code ${code}) before listening: ${stderr.trim().slice(0, 500)}`));
    child.once('exit', early);
    const listening = (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /Threadscope console: (http:\/\/127\.0\.0\.1:(\d+))\//.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout!.off('data', listening);
      child.stdout!.resume(); // later lines are read and dropped
      resolve({ child, baseUrl: match[1]!, port: Number(match[2]) });
    };
    child.stdout!.on('data', listening);
  });
}

/** Stops the server with SIGTERM (so a CPU profile is written), SIGKILL after 15 s. */
export function stopServer(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.child.kill('SIGTERM');
  });
}

/** CPU seconds (user + system) the process has used so far, from /proc; null where there is no /proc. */
function processCpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // After the command name: state is field 3, utime field 14 and stime field 15 (in clock ticks, 100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

/** One request on `agent`; resolves with its latency (from `dueAt` when given) and answer (never rejects). */
function send(agent: http.Agent, port: number, method: string, pathAndQuery: string, body?: string, dueAt?: number): Promise<Outcome & { status: number; text: string }> {
  const start = dueAt ?? performance.now();
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = http.request({ agent, host: '127.0.0.1', port, method, path: pathAndQuery, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ ms: performance.now() - start, answer: answerOf(response.statusCode ?? 0, text), status: response.statusCode ?? 0, text });
      });
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ ms: performance.now() - start, answer: `network ${error.code ?? error.message}`, status: 0, text: '' }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ ms: performance.now() - start, answer: `network ${error.code ?? error.message}`, status: 0, text: '' }));
    request.end(body);
  });
}

/** "200", or the status with Google's status and error type (or reason) read from an error body. */
function answerOf(status: number, text: string): string {
  if (status === 200) return text.includes('"attributeScores"') ? '200' : '200 without attributeScores';
  try {
    const error = (JSON.parse(text) as { error?: { status?: unknown; details?: Array<{ errorType?: unknown; reason?: unknown }> } }).error;
    const detail = error?.details?.find((d) => typeof d.errorType === 'string' || typeof d.reason === 'string');
    const type = detail?.errorType ?? detail?.reason;
    return [String(status), typeof error?.status === 'string' ? error.status : '', typeof type === 'string' ? type : ''].filter(Boolean).join(' ');
  } catch {
    return String(status);
  }
}

/** Imports the seed thread (or a generated one) through the console's API, so GET /api/threads lists a thread. */
async function importThread(server: RunningServer): Promise<string> {
  const agent = new http.Agent({ keepAlive: false });
  const [fileName, content] = fs.existsSync(SEED)
    ? [path.basename(SEED), fs.readFileSync(SEED, 'utf8')]
    : ['generated-500.json', JSON.stringify(generateThread(500, 10))];
  const outcome = await send(agent, server.port, 'POST', `/api/imports?fileName=${encodeURIComponent(fileName)}`, JSON.stringify({ content, fileName }));
  agent.destroy();
  if (outcome.status < 200 || outcome.status > 299) throw new Error(`importing ${fileName} failed: ${outcome.text.slice(0, 300)}`);
  return fileName;
}

/** The analyze route with the key. */
function analyzePath(key: string): string {
  return `/v1alpha1/comments:analyze?key=${encodeURIComponent(key)}`;
}

/** Keeps `connections` requests in flight (a closed loop: each sends its next when answered) until `until` (ms). */
async function driveClosed(server: RunningServer, key: string, pool: TextPool, connections: number, until: number, first: number): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const outcomes: Outcome[] = [];
  let next = first;
  const connection = async () => {
    while (performance.now() < until) {
      const { ms, answer } = await send(agent, server.port, 'POST', analyzePath(key), bodyOf(pool, next++));
      outcomes.push({ ms, answer });
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  agent.destroy();
  return outcomes;
}

/**
 * Sends `rate` requests a second on up to `connections` keep-alive connections until `until` (ms), whether or not
 * the earlier ones were answered (an open loop: a slow answer does not slow the sender down), and times each from
 * the moment it was due, so time spent waiting for a free connection counts too. When the server falls so far behind
 * that WAITING_PER_CONNECTION requests per connection are waiting, the ones due meanwhile are not sent and are
 * counted as NOT_SENT (so a slow server ends the phase in time instead of a backlog of minutes).
 */
async function drivePaced(server: RunningServer, key: string, pool: TextPool, rate: number, connections: number, until: number, first: number): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const outcomes: Outcome[] = [];
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  const maxWaiting = connections * WAITING_PER_CONNECTION;
  let sent = 0;
  let skipped = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((Math.min(now, until) - start) * rate) / 1000);
      for (; sent < due; sent++) {
        if (pending.length - outcomes.length >= maxWaiting) {
          skipped++;
          continue;
        }
        const dueAt = start + (sent * 1000) / rate;
        pending.push(send(agent, server.port, 'POST', analyzePath(key), bodyOf(pool, first + sent), dueAt).then(({ ms, answer }) => void outcomes.push({ ms, answer })));
      }
      if (now >= until) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await Promise.all(pending);
  agent.destroy();
  if (skipped > 0) outcomes.push(...Array.from({ length: skipped }, () => ({ ms: Number.NaN, answer: NOT_SENT })));
  return outcomes;
}

/** Polls GET /api/health then GET /api/threads on a connection of its own, 20 rounds a second, until `until`. */
async function probeConsole(server: RunningServer, until: number): Promise<{ health: number[]; threads: number[]; failures: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const health: number[] = [], threads: number[] = [], failures: string[] = [];
  while (performance.now() < until) {
    for (const [route, into] of [['/api/health', health], ['/api/threads', threads]] as const) {
      const outcome = await send(agent, server.port, 'GET', route);
      if (outcome.status === 200) into.push(outcome.ms);
      else failures.push(`${route} ${outcome.answer}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  agent.destroy();
  return { health, threads, failures };
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

/** The value at percentile `p` (0..100, nearest rank) of sorted `values`. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencyLine(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
  return `p50 ${f(percentile(sorted, 50))} · p95 ${f(percentile(sorted, 95))} · p99 ${f(percentile(sorted, 99))} · max ${f(sorted[sorted.length - 1] ?? Number.NaN)} (${sorted.length} requests)`;
}

function answersLine(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const { answer } of outcomes) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([answer, n]) => `${answer} ×${n.toLocaleString('en')}`).join(' · ');
}

function machineLine(): string {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => c.model.trim()))].join(', ');
  return `machine: ${models || 'unknown CPU'} × ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${loadLine()}`;
}

function loadLine(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** What one phase of load gave: every outcome, its length, the console's probes and the CPU used meanwhile. */
interface Phase {
  outcomes: Outcome[];
  seconds: number;
  probes: Awaited<ReturnType<typeof probeConsole>>;
  serverCores: number | null;
  ownCores: number;
}

/** Runs `drive` until `seconds` from now while probing the console, and measures the CPU both processes used. */
async function underLoad(server: RunningServer, seconds: number, drive: (until: number) => Promise<Outcome[]>): Promise<Phase> {
  const serverBefore = processCpuSeconds(server.child.pid!);
  const ownBefore = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  const [outcomes, probes] = await Promise.all([drive(until), probeConsole(server, until)]);
  const elapsed = (performance.now() - start) / 1000;
  const serverAfter = processCpuSeconds(server.child.pid!);
  const own = process.cpuUsage(ownBefore);
  return {
    outcomes,
    seconds: elapsed,
    probes,
    serverCores: serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / elapsed,
    ownCores: (own.user + own.system) / 1e6 / elapsed,
  };
}

/** The server's CPU line: cores used, and requests answered per CPU second (less sensitive to other load). */
function cpuLine(phase: Phase, answered: number): string {
  const own = `this load generator ${phase.ownCores.toFixed(2)} cores; load average after ${loadLine()}`;
  if (phase.serverCores === null) return `server CPU unknown (no /proc), ${own}`;
  const perCpuSecond = phase.serverCores > 0 ? answered / phase.seconds / phase.serverCores : Number.NaN;
  return `server ${phase.serverCores.toFixed(2)} cores (${perCpuSecond.toFixed(0)} requests per CPU second of the server), ${own}`;
}

/** How many of `count` requests from index `first` on carried a text the run had sent before. */
function repeatedTexts(pool: TextPool, first: number, count: number): number {
  return Math.max(0, Math.min(count, first + count - pool.texts.length));
}

/** The figures of one phase, under `title`; `repeated` requests carried a text sent before in the run. */
function phaseLines(title: string, phase: Phase, repeated: number): string[] {
  const { seconds, probes } = phase;
  const answered = phase.outcomes.filter((o) => o.answer !== NOT_SENT);
  const notSent = phase.outcomes.length - answered.length;
  const ok = answered.filter((o) => o.answer === '200').length;
  const failed = probes.failures.length > 0 ? `; failed: ${probes.failures.slice(0, 3).join(', ')}` : '';
  return [
    `  ${title}`,
    `    ${(answered.length / seconds).toFixed(0)} requests/s answered (${(ok / seconds).toFixed(0)}/s with scores; ${answered.length.toLocaleString('en')} in ${seconds.toFixed(1)} s${notSent > 0 ? `; ${notSent.toLocaleString('en')} not sent, the server being behind` : ''})`,
    `    latency ${latencyLine(answered.map((o) => o.ms))}`,
    `    answers: ${answersLine(phase.outcomes)}${repeated > 0 ? ` (${repeated.toLocaleString('en')} requests repeated a text sent before in this run)` : ''}`,
    `    CPU: ${cpuLine(phase, answered.length)}`,
    `    console meanwhile: GET /api/health ${latencyLine(probes.health)}`,
    `                       GET /api/threads ${latencyLine(probes.threads)}${failed}`,
  ];
}

/** Runs the whole measurement and returns the lines to print. */
export async function benchAnalyze(settings: LoadSettings = settingsFromEnv()): Promise<string[]> {
  const pool = loadTexts();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-analyze-'));
  const lines = ['Perspective-compatible API: POST /v1alpha1/comments:analyze, one comment per request, one server process (src/server/main.ts, fresh data dir)', `  ${machineLine()}`];
  let server: RunningServer | null = null;
  try {
    const key = createKey(dataDir);
    server = await startServer(dataDir, settings);
    const running = server;
    const thread = await importThread(running);
    const idle = await probeConsole(running, performance.now() + 1_000);
    let sent = (await driveClosed(running, key, pool, settings.connections, performance.now() + settings.warmupSeconds * 1000, 0)).length;
    lines.push(
      `  texts: ${pool.source}; ${pool.texts.length.toLocaleString('en')} distinct, sent in turn (after ${settings.warmupSeconds} s of warm-up, ${sent.toLocaleString('en')} requests)`,
      `  request shapes, in turn: ${REQUEST_SHAPES.map((shape) => shape.name).join('; ')}`,
      `  console idle (${thread} imported; one connection of its own polling 20 times a second): GET /api/health ${latencyLine(idle.health)}; GET /api/threads ${latencyLine(idle.threads)}`,
    );
    const paced = await underLoad(running, settings.seconds, (until) => drivePaced(running, key, pool, settings.rate, settings.connections, until, sent));
    lines.push(...phaseLines(`offered ${settings.rate.toLocaleString('en')} requests/s for ${settings.seconds} s (open loop over at most ${settings.connections} keep-alive connections; latency from when each request was due):`, paced, repeatedTexts(pool, sent, paced.outcomes.length)));
    sent += paced.outcomes.length;
    const closed = await underLoad(running, settings.seconds, (until) => driveClosed(running, key, pool, settings.connections, until, sent));
    lines.push(...phaseLines(`as fast as it answers for ${settings.seconds} s (closed loop: ${settings.connections} keep-alive connections, each sending its next request when answered):`, closed, repeatedTexts(pool, sent, closed.outcomes.length)));
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (settings.cpuProfileDir) lines.push(`  server CPU profile written to ${settings.cpuProfileDir}`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchAnalyze().then(
    (lines) => console.log(lines.join('\n')),
    (error: unknown) => {
      console.error(`bench/analyze failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
