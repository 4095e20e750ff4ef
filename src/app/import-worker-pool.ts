/**
 * Runs imports in one worker thread, one at a time and the rest queued, so the server answers other requests
 * meanwhile; a worker that dies or throws fails only its own import, and the next one gets a fresh worker.
 * `parse` only parses (the result comes back whole: for a store in memory, ADR 0005); `importAndSave` has the worker
 * parse, score (through the caller's `score`, i.e. the scoring pool) and save, and only the response comes back
 * (ADR 0019).
 */
import { Worker } from 'node:worker_threads';
import type { ImportResponse } from '../core/api.ts';
import type { ImportResult } from '../core/model.ts';
import type { SaveTarget, WorkerInput, WorkerReply, WorkerRequest } from './import-worker-protocol.ts';
import type { PoolJobKind } from './score-pool-protocol.ts';

export type { SaveTarget, WorkerInput } from './import-worker-protocol.ts';

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
  /**
   * Aborting drops the input from the queue, or stops the worker that is parsing it; once it scores, the worker
   * stops at its next pause; once it saves, the save completes.
   */
  signal?: AbortSignal;
}

/** What a caller of `importAndSave` provides and hears besides the parse. */
export interface SaveHooks extends ParseHooks {
  /** Runs the scorer or the detector on a batch for the worker: the outcomes as JSON text; rejecting is a batch error. */
  score(kind: PoolJobKind, texts: string[]): Promise<string>;
  onScoring?(done: number, total: number): void;
  onSaving?(): void;
}

/** How an import in the worker ended: parsed (no save target, or an input that could not be read), or stored. */
export type WorkerOutcome = { kind: 'parsed'; result: ImportResult } | { kind: 'stored'; response: ImportResponse };

export interface ImportWorkerPoolOptions {
  /** Starts a worker (default: import-worker.ts under tsx); tests pass workers that crash. */
  spawn?: () => Worker;
  /** Imports that may wait while one is parsed (default 8); more are refused with ImportQueueFullError. */
  maxWaiting?: number;
}

interface Task {
  id: number;
  input: WorkerInput | null;
  save: SaveTarget | null;
  what: string;
  hooks: ParseHooks & Partial<SaveHooks>;
  /** Where the worker is: a running parse can only be stopped by stopping the worker. */
  phase: 'parsing' | 'scoring' | 'saving';
  resolve: (outcome: WorkerOutcome) => void;
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
  async parse(input: WorkerInput, hooks: ParseHooks = {}): Promise<ImportResult> {
    const outcome = await this.run(input, null, hooks);
    if (outcome.kind !== 'parsed') throw new ImportWorkerError('The import worker stored an import it was asked only to parse.');
    return outcome.result;
  }

  /**
   * Parses, scores and saves `input` in the worker, into the database of `save.database` (its bytes' buffer is
   * transferred). Resolves with the response, or the registry's result when the input could not be read (nothing
   * stored); rejects with ImportWorkerError (also when scoring or saving failed: nothing stored),
   * ImportCancelledError or ImportQueueFullError.
   */
  importAndSave(input: WorkerInput, save: SaveTarget, hooks: SaveHooks): Promise<WorkerOutcome> {
    return this.run(input, save, hooks);
  }

  private run(input: WorkerInput, save: SaveTarget | null, hooks: ParseHooks & Partial<SaveHooks>): Promise<WorkerOutcome> {
    const what = input.fileName?.trim() ? input.fileName : 'pasted text';
    if (this.closed) return Promise.reject(new ImportWorkerError('The server is shutting down and accepts no import.'));
    if (hooks.signal?.aborted) return Promise.reject(new ImportCancelledError(what));
    if (this.running !== null && this.waiting.length >= this.maxWaiting) {
      return Promise.reject(new ImportQueueFullError(`The server is busy with ${this.waiting.length + 1} other imports; try ${what} again in a minute.`));
    }
    return new Promise<WorkerOutcome>((resolve, reject) => {
      const task: Task = { id: this.nextId++, input, save, what, hooks, phase: 'parsing', resolve, reject };
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
      const request: WorkerRequest = { type: 'import', taskId: task.id, input: { ...input, bytes }, save: task.save };
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
    switch (reply.type) {
      case 'progress':
        task.hooks.onProgress?.(reply.fraction);
        return;
      case 'score':
        task.phase = 'scoring';
        this.scoreFor(worker, task, reply.jobId, reply.kind, reply.texts);
        return;
      case 'scoring':
        task.phase = 'scoring';
        task.hooks.onScoring?.(reply.done, reply.total);
        return;
      case 'saving':
        task.phase = 'saving';
        task.hooks.onSaving?.();
        return;
      case 'result':
        return this.finish(() => task.resolve({ kind: 'parsed', result: reply.result }));
      case 'stored':
        return this.finish(() => task.resolve({ kind: 'stored', response: reply.response }));
      case 'cancelled':
        return this.finish(() => task.reject(new ImportCancelledError(task.what)));
      case 'failed':
        return this.finish(() => task.reject(new ImportWorkerError(`Storing ${task.what} failed (${reply.error.replace(/\s+/g, ' ').slice(0, 300)}); nothing was stored.`)));
    }
  }

  /** Ends the running task; the next import starts after this one's caller has had its outcome. */
  private finish(settle: () => void): void {
    this.running = null;
    settle();
    setImmediate(() => this.pump());
  }

  /** Runs a batch for the worker and posts the outcomes back (a failure as the batch's error), unless the task ended meanwhile. */
  private scoreFor(worker: Worker, task: Task, jobId: number, kind: PoolJobKind, texts: string[]): void {
    const answer = (json: string | null, error: string | null) => {
      if (this.worker !== worker || this.running !== task) return;
      const message: WorkerRequest = { type: 'scored', taskId: task.id, jobId, json, error };
      worker.postMessage(message);
    };
    const score = task.hooks.score;
    if (!score) return answer(null, 'this import has no scorer');
    score(kind, texts).then(
      (json) => answer(json, null),
      (error: unknown) => answer(null, error instanceof Error ? error.message : String(error)),
    );
  }

  private onWorkerGone(worker: Worker, how: string): void {
    if (worker !== this.worker) return;
    this.worker = null;
    void worker.terminate();
    const task = this.running;
    this.running = null;
    if (task) task.reject(new ImportWorkerError(task.phase === 'saving'
      ? `The import worker ${how} while saving ${task.what}; an import is stored whole or not at all: see whether its thread is listed, else try again. Other imports are not affected.`
      : `The import worker ${how} while ${task.phase === 'parsing' ? 'reading' : 'scoring'} ${task.what}; nothing was stored. Other imports are not affected: try again, or split the file.`));
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
    if (task.phase === 'saving') return; // once the write has begun it completes (ADR 0005)
    if (task.phase === 'scoring' && this.worker) {
      // The worker stops at its next pause and answers 'cancelled'.
      const message: WorkerRequest = { type: 'cancel', taskId: task.id };
      this.worker.postMessage(message);
      return;
    }
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
