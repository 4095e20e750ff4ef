import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateDisqus } from '../../bench/generate-exports.ts';
import type { ImportResponse } from '../core/api.ts';
import { outcomesJson, saveTargetOf } from './engines.ts';
import { ImportCancelledError, ImportQueueFullError, ImportWorkerError, ImportWorkerPool, type SaveHooks, spawnImportWorker } from './import-worker-pool.ts';
import type { PoolJobKind } from './score-pool-protocol.ts';
import { isScorable } from './score-texts.ts';
import { describeEachEngine } from './store/testing/databases.ts';
import { buildIndex, keptIndexKey } from './thread-read.ts';
import { fakeDetector, fakeScorer, useEngineStore } from './testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const seedBytes = () => new Uint8Array(fs.readFileSync(SEED));

/** A worker that dies (exit code 3) on its first message, as one killed by the system would. */
const exitingWorker = () => new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(3));", { eval: true });
/** A worker whose code throws on its first message. */
const throwingWorker = () => new Worker("require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom in the importer'); });", { eval: true });
/** A worker that never answers (a parse that takes forever). */
const silentWorker = () => new Worker("require('node:worker_threads').parentPort.on('message', () => {});", { eval: true });

/** Spawns the given bad workers first, then real ones. */
function spawning(...first: Array<() => Worker>): () => Worker {
  let n = 0;
  return () => (first[n++] ?? spawnImportWorker)();
}

describe('import worker pool', () => {
  const pools: ImportWorkerPool[] = [];
  const pool = (options: ConstructorParameters<typeof ImportWorkerPool>[0] = {}) => {
    const p = new ImportWorkerPool(options);
    pools.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });
  // One pool for the cases that leave its worker healthy: a real worker's start (the importers loaded through tsx)
  // costs ~1-2 s of a core. The cases with a worker that dies, throws, hangs or is cancelled get pools of their own.
  let healthy: ImportWorkerPool | undefined;
  const healthyPool = () => (healthy ??= new ImportWorkerPool());
  afterAll(async () => {
    await healthy?.close();
  });

  it('parses the seed in the worker, moving the bytes there rather than copying them', async () => {
    const bytes = seedBytes();
    expect(bytes.byteLength).toBeGreaterThan(0);
    const result = await healthyPool().parse({ bytes, fileName: 'seed.txt' });
    expect(bytes.byteLength).toBe(0); // transferred: the main thread's view is detached
    if (!result.ok) throw new Error(result.message);
    expect(result.format).toBe('page-text');
    expect(result.threads[0]!.comments).toHaveLength(15);
  });

  it('copies a small view of a larger buffer instead of detaching the buffer it shares', async () => {
    const seed = fs.readFileSync(SEED);
    const shared = new Uint8Array(seed.length + 10);
    shared.set(seed, 5);
    const view = shared.subarray(5, 5 + seed.length);
    const result = await healthyPool().parse({ bytes: view, fileName: 'seed.txt' });
    expect(result.ok).toBe(true);
    expect(shared.byteLength).toBe(seed.length + 10);
  });

  it('reports the fraction read of a multi-MB Disqus export, rising to 1', async () => {
    const bytes = new TextEncoder().encode(generateDisqus({ comments: 4000, posts: 40, sentences: 4 }));
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const fractions: number[] = [];
    const result = await healthyPool().parse({ bytes, fileName: 'big.xml' }, { onProgress: (f) => fractions.push(f) });
    if (!result.ok) throw new Error(result.message);
    expect(result.threads.reduce((n, t) => n + t.comments.length, 0)).toBe(4000);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions.at(-1)).toBe(1);
  });

  it('parses one import at a time: the second starts when the first has its result', async () => {
    const p = healthyPool();
    expect(p.waitingCount).toBe(0);
    const events: string[] = [];
    const first = p.parse({ bytes: seedBytes(), fileName: 'a.txt' }, { onStart: () => events.push('start a') }).then(() => events.push('done a'));
    const second = p.parse({ bytes: seedBytes(), fileName: 'b.txt' }, { onStart: () => events.push('start b') }).then(() => events.push('done b'));
    expect(p.waitingCount).toBe(1);
    await Promise.all([first, second]);
    expect(events).toEqual(['start a', 'done a', 'start b', 'done b']);
  });

  it('fails only the import whose worker died, with a clear message, and parses the next in a fresh worker', async () => {
    const p = pool({ spawn: spawning(exitingWorker) });
    const lost = p.parse({ bytes: seedBytes(), fileName: 'big.xml' });
    const next = p.parse({ bytes: seedBytes(), fileName: 'seed.txt' });
    await expect(lost).rejects.toThrow(ImportWorkerError);
    await expect(lost).rejects.toThrow('The import worker stopped (exit code 3) while reading big.xml; nothing was stored.');
    expect((await next).ok).toBe(true);
  });

  it('turns an error thrown in the worker into a message naming it and the input', async () => {
    const p = pool({ spawn: spawning(throwingWorker) });
    await expect(p.parse({ text: 'x' })).rejects.toThrow('The import worker failed (boom in the importer) while reading pasted text; nothing was stored.');
    expect((await p.parse({ bytes: seedBytes(), fileName: 'seed.txt' })).ok).toBe(true);
  });

  it('fails only its import when the worker runs out of memory', async () => {
    const hungry = () =>
      new Worker("const kept = []; require('node:worker_threads').parentPort.on('message', () => { for (;;) kept.push(new Array(1e5).fill({ n: Math.random() })); });", { eval: true, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    const p = pool({ spawn: spawning(hungry) });
    await expect(p.parse({ text: 'x', fileName: 'huge.xml' })).rejects.toThrow(/^The import worker failed \(.*memory limit.*\) while reading huge\.xml; nothing was stored\./);
    expect((await p.parse({ bytes: seedBytes(), fileName: 'seed.txt' })).ok).toBe(true);
  });

  it('says so when the worker cannot start at all', async () => {
    const p = pool({ spawn: () => { throw new Error('no threads left'); } });
    await expect(p.parse({ text: 'x', fileName: 'a.csv' })).rejects.toThrow('The import worker could not take a.csv (no threads left); nothing was stored.');
  });

  it('drops a cancelled import from the queue, and stops the worker of a cancelled running one', async () => {
    const p = pool({ spawn: spawning(silentWorker) });
    const running = new AbortController();
    const queued = new AbortController();
    let queuedStarted = false;
    const stuck = p.parse({ text: 'x', fileName: 'stuck.csv' }, { signal: running.signal });
    const waiting = p.parse({ text: 'y', fileName: 'waiting.csv' }, { signal: queued.signal, onStart: () => (queuedStarted = true) });
    const after = p.parse({ bytes: seedBytes(), fileName: 'seed.txt' });
    queued.abort();
    await expect(waiting).rejects.toThrow(ImportCancelledError);
    expect(queuedStarted).toBe(false);
    running.abort();
    await expect(stuck).rejects.toThrow('The import of stuck.csv was cancelled; nothing was stored.');
    expect((await after).ok).toBe(true);
  });

  it('refuses imports beyond the queue length, and every import once closed', async () => {
    const p = pool({ spawn: silentWorker, maxWaiting: 1 });
    const running = p.parse({ text: 'a' });
    const waiting = p.parse({ text: 'b' });
    await expect(p.parse({ text: 'c', fileName: 'c.csv' })).rejects.toThrow(ImportQueueFullError);
    const outcomes = Promise.all([
      expect(running).rejects.toThrow('The server is shutting down; pasted text was not imported.'),
      expect(waiting).rejects.toThrow(ImportWorkerError),
    ]);
    await p.close();
    await outcomes;
    await expect(p.parse({ text: 'd' })).rejects.toThrow('The server is shutting down and accepts no import.');
  });
});

describeEachEngine('import worker pool, saving in the worker (ADR 0019)', (engine) => {
  const engines = { scorer: fakeScorer(), detector: fakeDetector() };
  // One pool (one worker) for these tests: a worker that starts costs more than an import of the seed.
  const shared = new ImportWorkerPool();
  afterAll(() => shared.close());
  const ctx = useEngineStore(engine);
  /** The worker reopens the store from its locator (the SQLite file, or PostgreSQL with a pool of its own). */
  const setUp = () => ({ database: ctx.store.locator, store: ctx.store, pool: shared });
  /** Scores through the fake engines on this thread, recording each batch. */
  const scoring = (batches: Array<[PoolJobKind, number]>, score = (kind: PoolJobKind, texts: string[]) => outcomesJson(engines, kind, texts)): Pick<SaveHooks, 'score'> => ({
    score: (kind, texts) => {
      batches.push([kind, texts.length]);
      return score(kind, texts);
    },
  });

  it('parses, scores through the caller and saves in the worker; only the response comes back', async () => {
    const { database, store, pool: p } = setUp();
    const batches: Array<[PoolJobKind, number]> = [];
    const phases: string[] = [];
    const outcome = await p.importAndSave({ bytes: seedBytes(), fileName: 'seed.txt' }, saveTargetOf(database, engines), {
      ...scoring(batches),
      onScoring: () => phases.at(-1) !== 'scoring' && phases.push('scoring'),
      onSaving: () => phases.push('saving'),
    });
    if (outcome.kind !== 'stored') throw new Error('not stored');
    const response: ImportResponse = outcome.response;
    expect(response.threads[0]!.commentCount).toBe(15);
    expect(phases).toEqual(['scoring', 'saving']);
    expect(batches.map(([kind]) => kind).sort()).toEqual(['detect', 'score']);
    // Saved by the worker's own connection, read by this one; scored under the caller's scorer version.
    const id = response.threads[0]!.id;
    expect((await store.getThread(id))?.title).toBeTruthy();
    expect((await store.uncachedTexts(id, engines.scorer, engines.detector)).filter((t) => isScorable(t.text))).toEqual([]);
    // The worker also built the thread's index and kept it: the one this thread would build now, for the same version.
    const here = (await buildIndex(store, id, engines))!;
    expect(here.complete).toBe(true);
    expect(await store.savedIndex(id, keptIndexKey(here.index.version))).toBe(JSON.stringify(here.index));
  });

  it('answers the registry\'s refusal of an unreadable input as parsed, storing nothing', async () => {
    const { database, store, pool: p } = setUp();
    const outcome = await p.importAndSave({ text: '', fileName: 'empty.csv' }, saveTargetOf(database, engines), scoring([]));
    expect(outcome.kind).toBe('parsed');
    expect(outcome.kind === 'parsed' && outcome.result.ok).toBe(false);
    expect(await store.listThreads()).toEqual([]);
  });

  it('a failed scoring batch leaves its texts unscored with a problem; the import is stored', async () => {
    const { database, store, pool: p } = setUp();
    const outcome = await p.importAndSave({ bytes: seedBytes(), fileName: 'seed.txt' }, saveTargetOf(database, engines), scoring([], async (kind, texts) => {
      if (kind === 'score') throw new Error('the score worker stopped (exit code 1)');
      return outcomesJson(engines, kind, texts);
    }));
    if (outcome.kind !== 'stored') throw new Error('not stored');
    expect(outcome.response.problems.map((pr) => pr.message).join(' ')).toMatch(/Scoring \d+ texts failed \(the score worker stopped \(exit code 1\)\); they stay unscored/);
    expect((await store.uncachedTexts(outcome.response.threads[0]!.id, engines.scorer, engines.detector)).filter((t) => isScorable(t.text)).length).toBeGreaterThan(0);
  });

  it('a cancel while scoring stops the worker at its next pause, with nothing stored', async () => {
    const { database, store, pool: p } = setUp();
    const abort = new AbortController();
    const outcome = p.importAndSave({ bytes: seedBytes(), fileName: 'seed.txt' }, saveTargetOf(database, engines), {
      signal: abort.signal,
      ...scoring([], async (kind, texts) => {
        abort.abort();
        return outcomesJson(engines, kind, texts);
      }),
    });
    await expect(outcome).rejects.toThrow('The import of seed.txt was cancelled; nothing was stored.');
    expect(await store.listThreads()).toEqual([]);
    // The same worker takes the next import.
    expect((await p.importAndSave({ bytes: seedBytes(), fileName: 'seed.txt' }, saveTargetOf(database, engines), scoring([]))).kind).toBe('stored');
  });
});
