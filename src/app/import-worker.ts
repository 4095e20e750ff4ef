/**
 * Worker-thread entry of imports, one at a time (ADR 0005, ADR 0019): decodes and parses the input with the
 * importer registry; with a save target it also hashes the texts, has them scored (the main thread passes each
 * batch to the scoring pool and the outcomes back, as JSON text) and saves the import through its own Store on the
 * server's database (reopened from the server store's locator: the SQLite file in WAL mode, or PostgreSQL through a
 * pool of two connections), with the same pipeline as the CLI (pipeline.ts storeImport). Only progress, the scoring
 * requests and the ImportResponse cross threads.
 */
import { parentPort } from 'node:worker_threads';
import type { ScoreOutcome, ScoreRequest, Scorer, TropeHit } from '../core/scoring.ts';
import { importInput } from '../importers/registry.ts';
import type { SaveTarget, WorkerReply, WorkerRequest } from './import-worker-protocol.ts';
import { storeImport } from './pipeline.ts';
import { buildAndKeepIndex } from './thread-read.ts';
import type { DetectOutcome, PoolJobKind } from './score-pool-protocol.ts';
import type { BatchTropeDetector, Engines, ParallelScorer } from './score-texts.ts';
import { Store } from './store/store.ts';
import type { DatabaseLocator } from './store/store.ts';

const port = parentPort;
if (port === null) throw new Error('import-worker.ts runs only as a worker thread');

const post = (reply: WorkerReply) => port.postMessage(reply);
const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Imports whose client went away. */
const cancelled = new Set<number>();
/** Scoring requests waiting for the main thread, by job id. */
const waiting = new Map<number, { resolve(json: string): void; reject(error: Error): void }>();
let nextJob = 1;

/** A PostgreSQL worker's own pool: imports run one at a time, so two connections are plenty. */
const WORKER_POOL = '2';

/** The locator the worker opens: the server's, with a small pool of its own on PostgreSQL. */
function workerLocator(database: DatabaseLocator): DatabaseLocator {
  if (database.kind === 'sqlite') return database;
  const url = new URL(database.url);
  url.searchParams.set('pool', WORKER_POOL);
  return { kind: 'postgres', url: url.toString() };
}

/** The worker's own connection to the server's database, kept between imports into the same database. */
let opened: { key: string; store: Promise<Store> } | null = null;
async function storeIn(database: DatabaseLocator): Promise<Store> {
  const key = JSON.stringify(database);
  if (opened?.key === key) return opened.store;
  const previous = opened;
  opened = { key, store: Store.open(workerLocator(database)) };
  // A failed open is not kept: the next import tries again.
  opened.store.catch(() => {
    if (opened?.key === key) opened = null;
  });
  if (previous) await previous.store.then((s) => s.close(), () => undefined);
  return opened.store;
}

class Cancelled extends Error {}

/** Asks the main thread to run the scorer or the detector on `texts`; a failed batch rejects (a batch error). */
function askMain(taskId: number, kind: PoolJobKind, texts: string[]): Promise<string> {
  const jobId = nextJob++;
  return new Promise<string>((resolve, reject) => {
    waiting.set(jobId, { resolve, reject });
    post({ taskId, type: 'score', jobId, kind, texts });
  });
}

/** The engines of one import: the main thread's scorer and detector, under their names and versions. */
function enginesFor(taskId: number, target: SaveTarget): Engines {
  const scorer: ParallelScorer = {
    ...target.scorer,
    async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
      return JSON.parse(await askMain(taskId, 'score', batch.map((r) => r.text))) as ScoreOutcome[];
    },
  };
  const detector: BatchTropeDetector = {
    ...target.detector,
    detect(): TropeHit[] {
      throw new Error('the import worker checks texts for tropes in batches only');
    },
    async detectBatch(texts: readonly string[]): Promise<DetectOutcome[]> {
      return JSON.parse(await askMain(taskId, 'detect', [...texts])) as DetectOutcome[];
    },
  };
  return { scorer: scorer satisfies Scorer, detector };
}

async function importAll(request: Extract<WorkerRequest, { type: 'import' }>): Promise<void> {
  const { taskId, input, save } = request;
  let shown = -1;
  const onProgress = (fraction: number) => {
    // At most one message per percent: the main thread only needs to show it.
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (!(percent > shown)) return;
    shown = percent;
    post({ taskId, type: 'progress', fraction: percent / 100 });
  };
  const result = importInput({ ...input, onProgress });
  if (save === null || !result.ok) {
    post({ taskId, type: 'result', result });
    return;
  }
  let saving = false;
  const stopIfCancelled = () => {
    if (cancelled.has(taskId) && !saving) throw new Cancelled();
  };
  try {
    const engines = enginesFor(taskId, save);
    const store = await storeIn(save.database);
    const response = await storeImport(store, result, engines, {
      onScoring: (done, total) => post({ taskId, type: 'scoring', done, total }),
      pause: async () => {
        // A turn of this thread's event loop: a cancel (or a scoring answer) is read here.
        await new Promise((resolve) => setImmediate(resolve));
        stopIfCancelled();
      },
      onSaving: () => {
        stopIfCancelled();
        // Once the write has begun it completes (ADR 0005).
        saving = true;
        post({ taskId, type: 'saving' });
      },
    }, input.fileName);
    // Each thread's index is built here, off the main thread, and kept in the store (ADR 0018): the console's first
    // open, also after a restart, reads it instead of building it. A failure here costs only that: the index route
    // builds it when the thread is opened.
    for (const thread of response.threads) {
      try {
        await buildAndKeepIndex(store, thread.id, engines);
      } catch {
        // Built on first open instead.
      }
    }
    post({ taskId, type: 'stored', response });
  } catch (error) {
    post(error instanceof Cancelled ? { taskId, type: 'cancelled' } : { taskId, type: 'failed', error: reasonOf(error) });
  } finally {
    cancelled.delete(taskId);
  }
}

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    cancelled.add(message.taskId);
    return;
  }
  if (message.type === 'scored') {
    const job = waiting.get(message.jobId);
    waiting.delete(message.jobId);
    if (message.json !== null) job?.resolve(message.json);
    else job?.reject(new Error(message.error ?? 'scoring failed'));
    return;
  }
  void importAll(message);
});
