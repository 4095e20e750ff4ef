/**
 * Issue 13's big-thread section of `npm run bench` (alone: `npm run bench -- big`, or `npx tsx bench/big-thread.ts`
 * without the UI build): one generated thread of 100,000 real comments nested 10 deep (generate-big-thread.ts), then
 * - bare pass: a child process that only reads, decodes, splits the CSV and tokenizes every text (bare-pass.ts);
 * - CLI: `node --import tsx src/cli/report.ts <file> --format json` into a fresh data directory; bare and CLI run
 *   alternately BENCH_BIG_RUNS times (3), medians; wall time, CPU time and peak RSS of each, and the CLI/bare ratio;
 * - server: a server process (src/server/main.ts, fresh data directory, --no-demo) importing the file as the console's
 *   file picker does (POST /api/imports with the bytes, progress polled every 300 ms), while one more connection asks
 *   GET /api/health and GET /api/threads in turn every 20 ms: import wall time, and the latency of those requests;
 * - console in Chromium: the server restarted on that data, then the cold first render (navigation to
 *   /#thread=<id> until the first queue row is visible), the warm one (reload), the JS heap after a collection, then
 *   sort by the highest score, the flagged-only filter, a search, j, k and a decision key, each timed inside the page
 *   from the input event to the changed queue, with the longest main-thread task (PerformanceObserver 'longtask').
 * Every figure is printed with the load average of the moment; nothing is asserted. The peak RSS is the process's
 * own maxRSS (bench/max-rss.ts, a preload; worker threads included) and, to catch child processes, the largest sum of
 * RSS over its process tree sampled every 100 ms.
 * Settings (environment): BENCH_BIG_PARTS (cli,server,console: which parts run), BENCH_BIG_RUNS (3),
 * BENCH_BIG_SEARCH (the search query, default "immigration"), BENCH_BIG_COMMENTS (100000; fewer only to try the bench out), BENCH_BIG_CPU_PROF=DIR (the CLI runs write V8 CPU
 * profiles there; summarize them with bench/cpu-profile-summary.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { BIG_THREAD_COMMENTS, describeBigThread, writeBigThread } from './generate-big-thread.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'bench/out');
const RSS_PRELOAD = path.join(ROOT, 'bench/max-rss.ts');
/** The console's progress poll (src/ui/import/import-upload.ts PROGRESS_POLL_MS). */
const PROGRESS_POLL_MS = 300;
/** How often the other requests are asked while the import runs. */
const PROBE_EVERY_MS = 20;
/** An action in the page is over when the queue has not changed for this long. */
const QUIET_MS = 1000;
/** Limits, so a run that hangs ends with a message. */
const IMPORT_TIMEOUT_MS = 600_000;
const RENDER_TIMEOUT_MS = 300_000;
const ACTION_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function load(): string {
  return `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function utc(): string {
  return new Date().toISOString().slice(11, 19);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The commit of the tree under test and how many of its tracked source files differ from it (a shared work tree). */
function treeState(): string {
  const git = (...args: string[]) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const changed = git('status', '--porcelain', '--untracked-files=no', '--', 'src').split('\n').filter((l) => l !== '').length;
  return `commit ${head}, ${changed} tracked files under src/ changed and not committed`;
}

/** What else is using the machine: the node and Chromium processes that used most CPU since they started. */
function busiest(): string {
  const rows: Array<{ cpu: number; name: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      if (!/node|chrom/.test(args[0] ?? '')) continue;
      const script = args.slice(1).find((a) => !a.startsWith('-') && !a.includes('node_modules/tsx') && /\.(ts|js|mjs|cjs)$|\.bin\/[a-z-]+$|^[a-z]+$/.test(a)) ?? args[0]!;
      rows.push({ cpu: Number(fields[11]) + Number(fields[12]), name: script.split('/').slice(-2).join('/') });
    } catch {
      // The process ended meanwhile.
    }
  }
  return rows.sort((a, b) => b.cpu - a.cpu).slice(0, 5).map((r) => `${r.name} (${(r.cpu / 100).toFixed(0)} s CPU so far)`).join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: wall time, peak RSS (own and of the process tree), CPU

interface ChildFigures {
  code: number | null;
  wallMs: number;
  /** maxRSS of the process (all its threads), from the preload. */
  maxRss: number | null;
  /** Largest sum of RSS over the process and its descendants, sampled. */
  treeRss: number;
  cpuMs: number | null;
  stdout: string;
  stderr: string;
}

function rssOfTree(pid: number): number {
  let total = 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') for (const child of children.split(' ')) total += rssOfTree(Number(child));
    }
  } catch {
    // Gone meanwhile.
  }
  return total;
}

/** A node process under tsx with the RSS preload; resolves when it exits. */
function runNode(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildFigures> {
  const rssFile = path.join(os.tmpdir(), `threadscope-bench-rss-${crypto.randomBytes(6).toString('hex')}.json`);
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RSS_PRELOAD, ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let treeRss = 0;
  const sampler = setInterval(() => (treeRss = Math.max(treeRss, rssOfTree(child.pid!))), 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      clearInterval(sampler);
      let maxRss: number | null = null;
      let cpuMs: number | null = null;
      try {
        const figures = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssBytes: number; userMs: number; systemMs: number };
        maxRss = figures.maxRssBytes;
        cpuMs = figures.userMs + figures.systemMs;
        fs.rmSync(rssFile, { force: true });
      } catch {
        // No figures: the process died before its exit handler.
      }
      resolve({ code, wallMs, maxRss, treeRss, cpuMs, stdout, stderr });
    });
  });
}

/** This environment less the settings that would change what is measured (the scorer, a data directory, keys). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(THREADSCOPE_|PERSPECTIVE_|OPENAI_)/.test(name)));
}

/** CPU time (ms) used so far by a process (all its threads) and its descendants, from /proc (100 ticks a second). */
function cpuOfTree(pid: number): number {
  return ticksOfTree(pid) * 10;
}

function ticksOfTree(pid: number): number {
  let ticks = 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') for (const child of children.split(' ')) ticks += ticksOfTree(Number(child));
    }
  } catch {
    // Gone meanwhile.
  }
  return ticks;
}

function peak(f: ChildFigures): number {
  return Math.max(f.maxRss ?? 0, f.treeRss);
}

// ---------------------------------------------------------------------------------------------------------------
// Bare pass and CLI

/** Bare pass and CLI, alternately; each run's line is printed as it ends, the medians last. */
async function benchCli(file: string, runs: number, cpuProfDir: string | null, print: (line: string) => void): Promise<string[]> {
  const bare: ChildFigures[] = [];
  const cli: ChildFigures[] = [];
  for (let run = 1; run <= runs; run++) {
    const b = await runNode([path.join(ROOT, 'bench/bare-pass.ts'), file]);
    if (b.code !== 0) return [`bare pass failed (exit ${b.code}): ${b.stderr.trim().split('\n').slice(-3).join(' | ')}`];
    bare.push(b);
    print(`  run ${run} bare pass ${utc()} UTC: ${sec(b.wallMs)} wall, CPU ${sec(b.cpuMs ?? NaN)}, peak RSS ${mb(peak(b))} (${load()}); ${b.stdout.trim()}`);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-cli-'));
    const out = path.join(dataDir, 'report.json');
    const prof = cpuProfDir === null ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfDir];
    const c = await runNode([...prof, path.join(ROOT, 'src/cli/report.ts'), file, '--format', 'json', '--scorer', 'local', '--data-dir', dataDir, '--out', out]);
    const reportBytes = fs.existsSync(out) ? fs.statSync(out).size : 0;
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (c.code !== 0 && c.code !== 3) return [`CLI report failed (exit ${c.code}): ${c.stderr.trim().split('\n').slice(-3).join(' | ')}`];
    cli.push(c);
    print(
      `  run ${run} CLI report ${utc()} UTC: ${sec(c.wallMs)} wall, CPU ${sec(c.cpuMs ?? NaN)}, peak RSS ${mb(peak(c))} (own maxRSS ${c.maxRss === null ? '?' : mb(c.maxRss)}, ` +
        `process tree sampled ${mb(c.treeRss)}), report ${mb(reportBytes)}, exit ${c.code} (${load()})${c.stderr.trim() === '' ? '' : `; stderr: ${c.stderr.trim().split('\n').slice(-1)[0]!.slice(0, 160)}`}`,
    );
  }
  const bareWall = median(bare.map((b) => b.wallMs));
  const cliWall = median(cli.map((c) => c.wallMs));
  const bareCpu = median(bare.map((b) => b.cpuMs ?? NaN));
  const cliCpu = median(cli.map((c) => c.cpuMs ?? NaN));
  return [
    `bare read + split + tokenize pass (median of ${runs}): ${sec(bareWall)} wall, CPU ${sec(bareCpu)}, peak RSS ${mb(median(bare.map(peak)))}`,
    `CLI report --format json (median of ${runs}): ${sec(cliWall)} wall, CPU ${sec(cliCpu)}, peak RSS ${mb(median(cli.map(peak)))} (largest ${mb(Math.max(...cli.map(peak)))}); ` +
      `${(cliWall / bareWall).toFixed(1)}x the bare pass in wall time (target at most 5x), ${(cliCpu / bareCpu).toFixed(1)}x in CPU time; peak target under 800 MB (${load()})`,
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Server: import while other requests are timed

interface Server {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  rssFile: string;
}

async function startServer(dataDir: string): Promise<Server> {
  const rssFile = path.join(os.tmpdir(), `threadscope-bench-rss-${crypto.randomBytes(6).toString('hex')}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RSS_PRELOAD, path.join(ROOT, 'src/server/main.ts'), '--port', '0', '--data-dir', dataDir, '--no-demo', '--scorer', 'local'], {
    cwd: ROOT,
    env: { ...cleanEnv(), BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = performance.now();
  for (;;) {
    const match = /Threadscope console: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
    if (match) return { child, baseUrl: match[1]!, output: () => output, rssFile };
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output.trim()}`);
    if (performance.now() - started > 60_000) throw new Error(`the server did not start in 60 s: ${output.trim()}`);
    await sleep(50);
  }
}

/** Stops the server (SIGTERM: it closes the store and exits) and gives its peak RSS. */
async function stopServer(server: Server): Promise<number | null> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
  try {
    const figures = JSON.parse(fs.readFileSync(server.rssFile, 'utf8')) as { maxRssBytes: number };
    fs.rmSync(server.rssFile, { force: true });
    return figures.maxRssBytes;
  } catch {
    return null;
  }
}

interface Answer {
  status: number;
  body: string;
}

function request(agent: http.Agent, baseUrl: string, method: string, route: string, body?: Buffer, timeoutMs = 60_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${route}`, { method, agent, headers: body ? { 'content-type': 'application/octet-stream', 'content-length': body.length, accept: 'application/json' } : { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${route}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** GET /api/health and /api/threads in turn, one every PROBE_EVERY_MS, until `stop` says so; latency of each. */
async function probe(baseUrl: string, stop: () => boolean): Promise<{ ms: number[]; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ms: number[] = [];
  let failures = 0;
  let next = performance.now();
  for (let i = 0; !stop(); i++) {
    const sent = performance.now();
    try {
      const answer = await request(agent, baseUrl, 'GET', i % 2 === 0 ? '/api/health' : '/api/threads', undefined, 120_000);
      if (answer.status !== 200) failures++;
    } catch {
      failures++;
    }
    ms.push(performance.now() - sent);
    next += PROBE_EVERY_MS;
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    else next = performance.now();
  }
  agent.destroy();
  return { ms, failures };
}

function latencyLine(name: string, p: { ms: number[]; failures: number }): string {
  if (p.ms.length === 0) return `${name}: no request answered`;
  return `${name}: ${p.ms.length} requests, p50 ${percentile(p.ms, 50).toFixed(1)} ms, p99 ${percentile(p.ms, 99).toFixed(1)} ms, max ${Math.max(...p.ms).toFixed(1)} ms, ${p.failures} failed`;
}

/** Imports `file` into the server as the console does; the thread's id and the figures. */
async function benchServerImport(server: Server, file: string, measure: boolean): Promise<{ threadId: string; lines: string[] }> {
  const bytes = fs.readFileSync(file);
  const lines: string[] = [];
  if (measure) {
    let idleDone = false;
    const idle = probe(server.baseUrl, () => idleDone);
    await sleep(2000);
    idleDone = true;
    lines.push(`  ${latencyLine('idle before the import (2 s)', await idle)} (${load()})`);
  }
  const progressId = crypto.randomBytes(16).toString('hex');
  let done = false;
  const others = measure ? probe(server.baseUrl, () => done) : Promise.resolve({ ms: [], failures: 0 });
  const pollAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const phases: string[] = [];
  const polling = (async () => {
    while (!done) {
      try {
        const answer = await request(pollAgent, server.baseUrl, 'GET', `/api/imports/progress/${progressId}`);
        if (answer.status === 200) {
          const phase = (JSON.parse(answer.body) as { phase?: string }).phase ?? '?';
          if (phases.at(-1) !== phase) phases.push(phase);
        }
      } catch {
        // The console keeps polling after a failed poll; so does this.
      }
      await sleep(PROGRESS_POLL_MS);
    }
  })();
  const loadBefore = load();
  const cpuBefore = cpuOfTree(server.child.pid!);
  const start = performance.now();
  const uploadAgent = new http.Agent({ keepAlive: false });
  let answer: Answer;
  try {
    answer = await request(uploadAgent, server.baseUrl, 'POST', `/api/imports?fileName=${encodeURIComponent(path.basename(file))}&progressId=${progressId}`, bytes, IMPORT_TIMEOUT_MS);
  } finally {
    done = true;
  }
  const wall = performance.now() - start;
  const cpu = cpuOfTree(server.child.pid!) - cpuBefore;
  const latency = await others;
  await polling;
  pollAgent.destroy();
  if (answer.status < 200 || answer.status > 299) throw new Error(`POST /api/imports answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const response = JSON.parse(answer.body) as { threads: Array<{ id: string; commentCount?: number }>; problems: unknown[] };
  const thread = response.threads[0];
  if (thread === undefined) throw new Error('the import answered no thread');
  if (measure) {
    lines.unshift(
      `server import through POST /api/imports (the file picker's request) ${utc()} UTC: ${sec(wall)} wall (target under 15 s), server CPU ${sec(cpu)}, answer ${answer.status}, ${response.threads.length} thread of ${thread.commentCount ?? '?'} comments, ` +
        `${response.problems.length} problems, phases seen ${phases.join(' > ') || 'none'} (load before ${loadBefore.slice(5)}, after ${load().slice(5)})`,
      `  ${latencyLine('GET /api/health and /api/threads during the import', latency)} (target p99 under 100 ms)`,
    );
  }
  return { threadId: thread.id, lines };
}

// ---------------------------------------------------------------------------------------------------------------
// Console in Chromium: timings taken inside the page

/** The little of the page's DOM the harness uses (this project's Node code is typed without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number; top: number; bottom: number };
  textContent: string | null;
  className: string;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

interface PageWindow {
  document: { querySelector(selector: string): PageElement | null };
  innerHeight: number;
  addEventListener(type: string, listener: (event: { timeStamp: number }) => void, options: { capture: boolean }): void;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  PerformanceObserver: new (callback: (list: { getEntries(): Array<{ startTime: number; duration: number }> }) => void) => { observe(options: object): void };
  __bench?: unknown;
  __benchSettle?: { sig: string; since: number };
}

/**
 * Installed before the page's own scripts: the time the first queue row shows, long tasks, and `__bench.arm(spec)`,
 * which takes the next input event's timestamp and watches the queue until the action is done.
 */
function pageHarness(): void {
  type Spec = { kind: 'settle' } | { kind: 'selectionMoves' } | { kind: 'rowShows'; label: string; text: string };
  interface Armed {
    spec: Spec;
    before: string;
    selected: string | null;
    input: number | null;
    first: number | null;
    last: number | null;
    done: number | null;
    lastChange: number;
  }
  const w = globalThis as unknown as PageWindow;
  const grid = () => w.document.querySelector('[role="grid"][aria-label="Triage queue"]');
  const rows = () => Array.from(grid()?.querySelectorAll('[role="row"][aria-label]') ?? []);
  const selectedLabel = () => rows().find((r) => r.getAttribute('aria-selected') === 'true')?.getAttribute('aria-label') ?? null;
  const signature = () => {
    const count = w.document.querySelector('[role="search"][aria-label="Filter the queue"]')?.textContent?.match(/[\d,]+ (?:of [\d,]+ )?comments/)?.[0] ?? '';
    return `${count}|${rows().map((r) => `${r.getAttribute('aria-label')}#${r.getAttribute('aria-selected')}#${r.className}#${r.textContent?.length ?? 0}`).join('|')}`;
  };
  const state = {
    firstRow: null as number | null,
    /** The first visible row whose text has come (windowed rows may show "Loading…" and aria-busy first). */
    firstText: null as number | null,
    longTasks: [] as Array<{ start: number; duration: number }>,
    armed: null as Armed | null,
  };
  const visible = (el: PageElement) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < w.innerHeight;
  };
  const onMutation = () => {
    const now = performance.now();
    if (state.firstText === null) {
      const shown = rows().filter(visible);
      if (state.firstRow === null && shown.length > 0) state.firstRow = now;
      if (shown.some((r) => !(r.getAttribute('aria-label') ?? '').endsWith('Loading…') && r.querySelectorAll('[aria-busy="true"]').length === 0)) state.firstText = now;
    }
    const a = state.armed;
    if (a === null || a.input === null) return;
    const sig = signature();
    if (sig !== a.before) {
      a.before = sig;
      a.first ??= now;
      a.last = now;
      a.lastChange = now;
      if (a.done === null) {
        if (a.spec.kind === 'selectionMoves' && selectedLabel() !== a.selected) a.done = now;
        const spec = a.spec;
        if (spec.kind === 'rowShows' && rows().some((r) => r.getAttribute('aria-label') === spec.label && (r.textContent ?? '').includes(spec.text))) a.done = now;
      }
    }
  };
  new w.MutationObserver(onMutation).observe(w.document, { subtree: true, childList: true, attributes: true, characterData: true });
  try {
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing in this browser: the figure reads as unknown.
  }
  for (const type of ['pointerdown', 'keydown', 'input', 'change', 'click']) {
    w.addEventListener(
      type,
      (event) => {
        const a = state.armed;
        if (a !== null && a.input === null) {
          a.input = event.timeStamp;
          a.lastChange = performance.now();
        }
      },
      { capture: true },
    );
  }
  w.__bench = {
    state,
    signature,
    arm(spec: Spec) {
      state.armed = { spec, before: signature(), selected: selectedLabel(), input: null, first: null, last: null, done: null, lastChange: performance.now() };
    },
    /** The armed action's figures once the queue has been quiet for `quietMs` after the input, else null. */
    result(quietMs: number) {
      const a = state.armed;
      if (a === null || a.input === null || performance.now() - a.lastChange < quietMs) return null;
      const end = (a.last ?? a.input) + quietMs;
      const tasks = state.longTasks.filter((t) => t.start + t.duration > a.input! && t.start < end);
      return { input: a.input, first: a.first, last: a.last, done: a.done, tasks };
    },
  };
}

interface ActionResult {
  input: number;
  first: number | null;
  last: number | null;
  done: number | null;
  /** Long tasks from the input to QUIET_MS after the last change of the queue. */
  tasks: Array<{ start: number; duration: number }>;
}

async function measureAction(page: Page, spec: object, act: () => Promise<void>): Promise<ActionResult> {
  await page.evaluate((s) => (globalThis as unknown as { __bench: { arm(s: object): void } }).__bench.arm(s), spec);
  await act();
  const handle = await page.waitForFunction((quiet) => (globalThis as unknown as { __bench: { result(q: number): unknown } }).__bench.result(quiet), QUIET_MS, { timeout: ACTION_TIMEOUT_MS, polling: 100 });
  return (await handle.jsonValue()) as ActionResult;
}

function actionLine(name: string, r: ActionResult, target: number, by: 'last' | 'done'): string {
  const end = by === 'done' ? r.done : r.last;
  const figure = end === null ? 'no change of the queue seen' : `${(end - r.input).toFixed(0)} ms`;
  const extra = by === 'last' && r.first !== null && r.last !== r.first ? ` (first change at ${(r.first - r.input).toFixed(0)} ms)` : '';
  const until = end ?? r.input;
  const longest = (tasks: ActionResult['tasks']) => tasks.reduce((m, t) => Math.max(m, t.duration), 0).toFixed(0);
  const before = r.tasks.filter((t) => t.start < until);
  const after = r.tasks.filter((t) => t.start >= until);
  return (
    `  ${name}: ${figure} from the input to the changed queue${extra} (target under ${target} ms); longest main-thread task ${longest(before)} ms until then, ` +
    `${longest(after)} ms in the ${QUIET_MS} ms after (${r.tasks.length} over 50 ms in all; target none over 100 ms) (${load()})`
  );
}

async function firstRender(page: Page, go: () => Promise<unknown>): Promise<{ ms: number; text: number; longest: number }> {
  await go();
  type Bench = { __bench: { state: { firstRow: number | null; firstText: number | null; longTasks: Array<{ start: number; duration: number }> } } };
  const handle = await page.waitForFunction(() => (globalThis as unknown as Bench).__bench.state.firstText, null, { timeout: RENDER_TIMEOUT_MS, polling: 100 });
  const text = (await handle.jsonValue()) as number;
  return page.evaluate((until) => {
    const state = (globalThis as unknown as Bench).__bench.state;
    return { ms: state.firstRow ?? until, text: until, longest: state.longTasks.filter((t) => t.start < until).reduce((m, t) => Math.max(m, t.duration), 0) };
  }, text);
}

/** Waits until the queue has not changed for `quietMs` (the page settles after the first render). */
async function settle(page: Page, quietMs: number): Promise<void> {
  await page.waitForFunction(
    (quiet) => {
      const w = globalThis as unknown as { __benchSettle?: { sig: string; since: number }; __bench: { signature(): string } };
      const sig = w.__bench.signature();
      const now = performance.now();
      if (w.__benchSettle?.sig !== sig) w.__benchSettle = { sig, since: now };
      return now - w.__benchSettle.since >= quiet;
    },
    quietMs,
    { timeout: RENDER_TIMEOUT_MS, polling: 200 },
  );
}

async function heap(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return `JS heap used ${mb(get('JSHeapUsedSize'))} of ${mb(get('JSHeapTotalSize'))} after a collection (target under 250 MB); ${get('Nodes').toFixed(0)} DOM nodes`;
}

async function benchConsole(server: Server, threadId: string): Promise<string[]> {
  const lines: string[] = [];
  const debian = '/usr/bin/chromium';
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (fs.existsSync(debian) ? debian : undefined);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx names functions with esbuild's __name helper; the page has none, so it gets an identity one.
    await page.addInitScript({ content: `var __name = (f) => f; (${pageHarness.toString()})();` });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const url = `${server.baseUrl}/#thread=${encodeURIComponent(threadId)}`;
    const cold = await firstRender(page, () => page.goto(url));
    lines.push(`  cold first render after the restart ${utc()} UTC: first queue row at ${sec(cold.ms)} after navigation start (target under 3 s), with its text at ${sec(cold.text)}; longest main-thread task before it ${cold.longest.toFixed(0)} ms (${load()})`);
    await settle(page, 2000);
    const warm = await firstRender(page, () => page.reload());
    lines.push(`  warm first render (reload): ${sec(warm.ms)} (target under 1 s), with its text at ${sec(warm.text)}; longest main-thread task before it ${warm.longest.toFixed(0)} ms (${load()})`);
    await settle(page, 2000);
    lines.push(`  after load: ${await heap(page)} (${load()})`);

    const grid = page.getByRole('grid', { name: 'Triage queue' });
    /** One measured step; a failure is reported and the next step still runs. */
    const step = async (name: string, body: () => Promise<unknown>) => {
      try {
        await body();
      } catch (error) {
        lines.push(`  ${name}: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      }
    };
    await step('sort by highest score', async () => {
      // The column's sort button; a click toggles the direction, so a second click when the first sorted ascending.
      const sortButton = grid.getByRole('button', { name: 'Highest score', exact: true });
      const header = grid.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Highest score', exact: true }) });
      for (let click = 1; click <= 2; click++) {
        const r = await measureAction(page, { kind: 'settle' }, () => sortButton.click());
        const direction = await header.getAttribute('aria-sort', { timeout: 5000 }).catch(() => null);
        lines.push(actionLine(`sort by highest score (click ${click}, aria-sort now ${direction ?? 'unknown'})`, r, 250, 'last'));
        if (direction === 'descending' || direction === null) break;
      }
    });
    const flagged = page.getByRole('checkbox', { name: 'Flagged only' });
    await step('flagged only, on', async () => {
      lines.push(actionLine('flagged only, on', await measureAction(page, { kind: 'settle' }, () => flagged.check()), 250, 'last'));
      lines.push(`    ${await countText(page)}`);
    });
    await step('flagged only, off', async () => lines.push(actionLine('flagged only, off', await measureAction(page, { kind: 'settle' }, () => flagged.uncheck()), 250, 'last')));
    const query = process.env.BENCH_BIG_SEARCH ?? 'immigration';
    const search = page.getByRole('searchbox', { name: 'Search comments' });
    await step(`search "${query}"`, async () => {
      lines.push(actionLine(`search "${query}"`, await measureAction(page, { kind: 'settle' }, () => search.fill(query)), 250, 'last'));
      lines.push(`    ${await countText(page)}`);
    });
    await step('search cleared', async () => lines.push(actionLine('search cleared', await measureAction(page, { kind: 'settle' }, () => search.fill('')), 250, 'last')));

    // Keyboard triage on the sorted queue: a moderator name, the first row, then j, k, j and a.
    await step('keyboard triage', async () => {
      const moderator = page.getByRole('textbox', { name: 'Moderator' });
      await moderator.fill('Bench Moderator');
      await moderator.blur();
      await grid.getByRole('row', { name: /:/ }).first().click();
      await settle(page, 500);
      for (const key of ['j', 'k', 'j']) {
        lines.push(actionLine(`key ${key}`, await measureAction(page, { kind: 'selectionMoves' }, () => page.keyboard.press(key)), 50, 'done'));
      }
      const current = await grid.getByRole('row', { selected: true }).first().getAttribute('aria-label', { timeout: 5000 });
      if (current === null) lines.push('  key a: no selected row to approve');
      else lines.push(actionLine('key a (approve)', await measureAction(page, { kind: 'rowShows', label: current, text: 'Approved' }, () => page.keyboard.press('a')), 50, 'done'));
    });
    lines.push(`  after the actions: ${await heap(page)} (${load()})`);
    if (errors.length > 0) lines.push(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
  } catch (error) {
    lines.push(`  console figures stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await browser.close();
  }
  return lines;
}

async function countText(page: Page): Promise<string> {
  const text = (await page.getByRole('search', { name: 'Filter the queue' }).textContent()) ?? '';
  return `queue shows ${/[\d,]+ (?:of [\d,]+ )?comments/.exec(text)?.[0] ?? '(no count found)'}`;
}

// ---------------------------------------------------------------------------------------------------------------

/** The section's lines, printed as they come (a figure is not lost when a later part fails). */
export async function benchBigThread(print: (line: string) => void = console.log): Promise<void> {
  const parts = new Set((process.env.BENCH_BIG_PARTS ?? 'cli,server,console').split(',').map((p) => p.trim()));
  const runs = Number(process.env.BENCH_BIG_RUNS ?? 3);
  const cpuProfDir = process.env.BENCH_BIG_CPU_PROF ? path.resolve(process.env.BENCH_BIG_CPU_PROF) : null;
  print(`Big thread (issue 13) · ${new Date().toISOString()} · ${os.cpus().length} cores · ${load()} · tree ${ROOT}`);
  print(`  ${treeState()}; busiest other processes: ${busiest()}`);
  const stats = writeBigThread(OUT, Number(process.env.BENCH_BIG_COMMENTS ?? BIG_THREAD_COMMENTS));
  print(describeBigThread(stats));

  if (parts.has('cli')) for (const line of await benchCli(stats.file, runs, cpuProfDir, print)) print(line);

  if (parts.has('server') || parts.has('console')) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-server-'));
    let server = await startServer(dataDir);
    try {
      const imported = await benchServerImport(server, stats.file, parts.has('server'));
      for (const line of imported.lines) print(line);
      const importPeak = await stopServer(server);
      if (parts.has('server')) print(`  server peak RSS during the import: ${importPeak === null ? '?' : mb(importPeak)}`);
      if (parts.has('console')) {
        if (!fs.existsSync(path.join(ROOT, 'dist/ui/index.html'))) {
          print('console figures skipped: the UI is not built (npm run bench builds it)');
        } else {
          print(`console in Chromium (server restarted on the imported data; ${load()}):`);
          const restartAt = performance.now();
          server = await startServer(dataDir);
          print(`  server restart until it listens: ${sec(performance.now() - restartAt)}`);
          for (const line of await benchConsole(server, imported.threadId)) print(line);
          const consolePeak = await stopServer(server);
          print(`  server peak RSS while serving the console: ${consolePeak === null ? '?' : mb(consolePeak)}`);
        }
      }
    } finally {
      await stopServer(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  print(`Big thread done · ${new Date().toISOString()} · ${load()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchBigThread().catch((error: unknown) => {
    console.error(`big-thread bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  });
}
