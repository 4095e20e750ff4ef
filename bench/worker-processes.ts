/**
 * Worker processes for the queue benchmarks (bench/queue.ts): the real `npm run --silent worker -- --database-url URL
 * --concurrency N`, each in its own process group, with its JSON log lines read as they come.
 *
 * Contract:
 * - `WorkerProcess.spawn(name, url, concurrency, onEvent)` starts one; `ready` resolves with the worker's own process
 *   id (the `worker.started` line's `pid`: the node process under npm, sh and tsx) and rejects when the process exits
 *   first or does not start within 120 s (the message holds the tail of its stderr, never the URL).
 * - Each log line that parses as JSON is handed to `onEvent` with the worker's name and the time it was read
 *   (performance.now()); other lines are kept as the stderr tail is.
 * - `kill9()` sends SIGKILL to the whole process group (npm, sh, tsx and the worker itself: nothing of it survives,
 *   as with `kill -9` on a machine's worker). `stop()` sends SIGTERM to the worker's own process only (npm and tsx
 *   would forward theirs, and a second signal makes the worker exit without waiting for its jobs), waits up to
 *   `timeoutMs` for the group to exit, then kills the group. Both resolve once the npm process exited.
 * - `cpuSeconds()` and `peakRssMiB()` read /proc for the worker's own process (null once it is gone or off Linux).
 * - `killAllWorkers()` kills every group still running (called when the bench exits, however it exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 120_000;

export interface WorkerLogEvent {
  /** performance.now() when the bench read the line. */
  at: number;
  worker: string;
  event: string;
  job?: string;
  kind?: string;
  attempt?: number;
  [field: string]: unknown;
}

const running = new Set<WorkerProcess>();

export class WorkerProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<number>;
  /** The worker's own process id, once it logged `worker.started`. */
  pid: number | null = null;
  /** True once the process group was killed or stopped by the bench (an exit then is expected). */
  ending = false;
  /** True once the npm process exited. */
  hasExited = false;
  private stderrTail = '';

  private constructor(readonly name: string, private readonly child: ChildProcess, onEvent: (event: WorkerLogEvent) => void) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      running.delete(this);
      this.hasExited = true;
      resolve({ code, signal });
    }));
    let resolveReady!: (pid: number) => void;
    let rejectReady!: (error: Error) => void;
    this.ready = new Promise<number>((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
    this.ready.catch(() => undefined);
    const timer = setTimeout(() => rejectReady(new Error(`worker ${name} did not start within ${START_TIMEOUT_MS / 1000} s: ${this.tail()}`)), START_TIMEOUT_MS);
    void this.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectReady(new Error(`worker ${name} exited (code ${code}, signal ${signal}) before it started: ${this.tail()}`));
    });
    let pending = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          this.keep(line);
          continue;
        }
        if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { event?: unknown }).event !== 'string') {
          this.keep(line);
          continue;
        }
        const event = { ...(parsed as Record<string, unknown>), at: performance.now(), worker: name } as WorkerLogEvent;
        if (event.event === 'worker.started' && typeof event.pid === 'number') {
          this.pid = event.pid;
          clearTimeout(timer);
          resolveReady(event.pid);
        }
        onEvent(event);
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => this.keep(chunk));
  }

  static spawn(name: string, databaseUrl: string, concurrency: number, onEvent: (event: WorkerLogEvent) => void): WorkerProcess {
    const env = { ...process.env };
    delete env.THREADSCOPE_DATABASE_URL;
    const child = spawn('npm', ['run', '--silent', 'worker', '--', '--database-url', databaseUrl, '--concurrency', String(concurrency)], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(name, child, onEvent);
    running.add(worker);
    return worker;
  }

  private keep(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-2000);
  }

  /** The last output that was not a JSON log line (the URL is never in it: the worker names its database hidden). */
  tail(): string {
    return this.stderrTail.trim().slice(-500) || '(no output)';
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  }

  /** SIGKILL to the whole process group; resolves when npm exited. */
  async kill9(): Promise<void> {
    this.ending = true;
    this.signalGroup('SIGKILL');
    await this.exited;
  }

  /** SIGTERM to the worker itself, then the group is killed after `timeoutMs`; resolves when npm exited. */
  async stop(timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.ending = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    if (this.pid !== null) {
      try {
        process.kill(this.pid, 'SIGTERM');
      } catch {
        this.signalGroup('SIGTERM');
      }
    } else this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  cpuSeconds(): number | null {
    if (this.pid === null) return null;
    try {
      const fields = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  peakRssMiB(): number | null {
    if (this.pid === null) return null;
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : null;
    } catch {
      return null;
    }
  }

  /** Kills the group (for the bench's exit). */
  killNow(): void {
    this.ending = true;
    this.signalGroup('SIGKILL');
  }
}

/** Kills every worker group this process started that is still running. */
export function killAllWorkers(): void {
  for (const worker of running) worker.killNow();
}
