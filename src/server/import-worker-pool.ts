/**
 * Parses imports in one worker thread, one at a time and the rest queued, so the server answers other requests
 * meanwhile; a worker that dies or throws fails only its own import, and the next one gets a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { ImportResult } from '../core/model.ts';
import type { WorkerInput, WorkerReply, WorkerRequest } from './import-worker-protocol.ts';

export type { WorkerInput } from './import-worker-protocol.ts';

/** The worker could not parse an import (it died, threw or could not start); nothing was stored. */
export class ImportWorkerError extends Error {
  override name = 'ImportWorkerError';
}

/** The import was cancelled (the client went away) before its result was stored. */
export class ImportCancelledError extends Error {
  override name = 'ImportCancelledError';
  constructor(what: string) {
    super(`The import of ${what} was cancelled; nothing was stored.`);
  }
}

/** Too many imports are waiting already. */
export class ImportQueueFullError extends Error {
  override name = 'ImportQueueFullError';
}

/** What a caller hears about its parse. */
export interface ParseHooks {
  /** The worker has started on this input (it waited in the queue until then). */
  onStart?(): void;
  /** Fraction of the input read (0..1), from importers that report it. */
  onProgress?(fraction: number): void;
  /** Aborting drops the input from the queue, or stops the worker that is parsing it. */
  signal?: AbortSignal;
}

export interface ImportWorkerPoolOptions {
  /** Starts a worker (default: import-worker.ts under tsx); tests pass workers that crash. */
  spawn?: () => Worker;
  /** Imports that may wait while one is parsed (default 8); more are refused with ImportQueueFullError. */
  maxWaiting?: number;
}

interface Task {
  id: number;
  input: WorkerInput | null;
  what: string;
  hooks: ParseHooks;
  resolve: (result: ImportResult) => void;
  reject: (error: Error) => void;
}

/**
 * Starts import-worker.ts in a worker thread. The file is TypeScript, so the worker registers tsx's loader first:
 * Node 20 ignores `--import` in a worker's execArgv, and a worker does not inherit the hooks of the main thread.
 */
export function spawnImportWorker(): Worker {
  return spawnTypeScriptWorker(new URL('./import-worker.ts', import.meta.url), 'threadscope-import');
}

/** Starts a TypeScript worker entry (this directory's import and scoring workers) under tsx's loader. */
export function spawnTypeScriptWorker(entry: URL, name: string): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, name });
}

/** A view whose bytes can move to the worker: the whole of its own buffer; a slice of a shared pool is copied first. */
function movable(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return bytes.slice();
}

/** One worker thread parsing one import at a time; the others wait in order. */
export class ImportWorkerPool {
  private worker: Worker | null = null;
  private running: Task | null = null;
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly spawn: () => Worker;
  private readonly maxWaiting: number;

  constructor(options: ImportWorkerPoolOptions = {}) {
    this.spawn = options.spawn ?? spawnImportWorker;
    this.maxWaiting = options.maxWaiting ?? 8;
  }

  /** Imports waiting for the worker (not counting the one being parsed). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Parses `input` in the worker; its bytes' buffer is transferred (the caller must not use them afterwards).
   * Resolves with the registry's result (ok or not); rejects with ImportWorkerError, ImportCancelledError or
   * ImportQueueFullError.
   */
  parse(input: WorkerInput, hooks: ParseHooks = {}): Promise<ImportResult> {
    const what = input.fileName?.trim() ? input.fileName : 'pasted text';
    if (this.closed) return Promise.reject(new ImportWorkerError('The server is shutting down and accepts no import.'));
    if (hooks.signal?.aborted) return Promise.reject(new ImportCancelledError(what));
    if (this.running !== null && this.waiting.length >= this.maxWaiting) {
      return Promise.reject(new ImportQueueFullError(`The server is busy with ${this.waiting.length + 1} other imports; try ${what} again in a minute.`));
    }
    return new Promise<ImportResult>((resolve, reject) => {
      const task: Task = { id: this.nextId++, input, what, hooks, resolve, reject };
      hooks.signal?.addEventListener('abort', () => this.cancel(task), { once: true });
      this.waiting.push(task);
      this.pump();
    });
  }

  /** Stops the worker and fails every import not finished yet. */
  async close(): Promise<void> {
    this.closed = true;
    const tasks = [...this.waiting.splice(0), ...(this.running ? [this.running] : [])];
    this.running = null;
    for (const task of tasks) task.reject(new ImportWorkerError(`The server is shutting down; ${task.what} was not imported.`));
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.running !== null || this.closed) return;
    const task = this.waiting.shift();
    if (!task) {
      // An idle worker does not keep the process alive.
      this.worker?.unref();
      return;
    }
    this.running = task;
    const input = task.input!;
    task.input = null;
    try {
      const worker = this.ensureWorker();
      worker.ref();
      task.hooks.onStart?.();
      const bytes = input.bytes === undefined ? undefined : movable(input.bytes);
      const request: WorkerRequest = { taskId: task.id, input: { ...input, bytes } };
      worker.postMessage(request, bytes ? [bytes.buffer as ArrayBuffer] : []);
    } catch (error) {
      this.running = null;
      task.reject(new ImportWorkerError(`The import worker could not take ${task.what} (${error instanceof Error ? error.message : String(error)}); nothing was stored.`));
      this.pump();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    worker.on('error', (error: Error) => this.onWorkerGone(worker, `failed (${error.message.replace(/\s+/g, ' ').slice(0, 200)})`));
    worker.on('messageerror', () => this.onWorkerGone(worker, 'sent a result that could not be read'));
    worker.on('exit', (code: number) => this.onWorkerGone(worker, `stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const task = this.running;
    if (worker !== this.worker || task === null || reply.taskId !== task.id) return;
    if (reply.type === 'progress') {
      task.hooks.onProgress?.(reply.fraction);
      return;
    }
    this.running = null;
    task.resolve(reply.result);
    // The next import starts after this one's caller has had its result.
    setImmediate(() => this.pump());
  }

  private onWorkerGone(worker: Worker, how: string): void {
    if (worker !== this.worker) return;
    this.worker = null;
    void worker.terminate();
    const task = this.running;
    this.running = null;
    if (task) task.reject(new ImportWorkerError(`The import worker ${how} while reading ${task.what}; nothing was stored. Other imports are not affected: try again, or split the file.`));
    this.pump();
  }

  private cancel(task: Task): void {
    const at = this.waiting.indexOf(task);
    if (at >= 0) {
      this.waiting.splice(at, 1);
      task.reject(new ImportCancelledError(task.what));
      return;
    }
    if (this.running !== task) return;
    // The importers are synchronous: the only way to stop a parse is to stop its worker.
    const worker = this.worker;
    this.worker = null;
    this.running = null;
    if (worker) void worker.terminate();
    task.reject(new ImportCancelledError(task.what));
    this.pump();
  }
}

let shared: ImportWorkerPool | null = null;

/** The process's one import worker pool, so every app in a process (tests build many) shares one worker. */
export function sharedImportPool(): ImportWorkerPool {
  shared ??= new ImportWorkerPool();
  return shared;
}
