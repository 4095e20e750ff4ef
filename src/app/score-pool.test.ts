import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreOutcome, Scorer, TropeDetector } from '../core/scoring.ts';
import { createEmbeddedScorer, createTropeDetector } from '../scoring/index.ts';
import { ScorePool, ScorePoolError } from './score-pool.ts';
import { scoreTexts } from './score-texts.ts';
import { fakeDetector, fakeScorer } from './testing/helpers.ts';
import { Store } from './store/store.ts';

/** A stand-in worker speaking the pool's protocol (no model: it starts in milliseconds); `mode` says how it misbehaves. */
const FAKE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { mode, scorer, detector } = workerData;
if (mode !== 'noload') parentPort.postMessage({ type: 'ready', scorer, detector, loadMs: 1 });
let seen = 0;
parentPort.on('message', (request) => {
  seen += 1;
  parentPort.postMessage({ type: 'seen', requests: seen, jobs: request.jobs.length });
  if (mode === 'exit') process.exit(3);
  if (mode === 'throw') throw new Error('boom in the worker');
  if (mode === 'fail' && seen === 1) return parentPort.postMessage({ type: 'failed', id: request.id, error: 'the scorer threw' });
  if (mode === 'hang' || mode === 'noload') return;
  const one = (text) => request.kind === 'score' ? { ok: true, score: { scores: { TOXICITY: text.length / 100 }, evidence: {} } } : { hits: [], error: null };
  parentPort.postMessage({ type: 'done', id: request.id, json: request.jobs.map((texts) => JSON.stringify(texts.map(one))) });
});`;

type Mode = 'ok' | 'exit' | 'throw' | 'fail' | 'hang' | 'noload';

/** Spawns fake workers in the given modes, one per spawn (the last mode repeats); counts spawns and requests seen. */
function fakeWorkers(modes: Mode[], identity: { scorer: Scorer; detector: TropeDetector }) {
  const spawned: Worker[] = [];
  const jobsPerRequest: number[] = [];
  const spawn = () => {
    const mode = modes[Math.min(spawned.length, modes.length - 1)];
    const worker = new Worker(FAKE_WORKER, {
      eval: true,
      workerData: { mode, scorer: { name: identity.scorer.name, version: identity.scorer.version, description: identity.scorer.description }, detector: { name: identity.detector.name, version: identity.detector.version } },
    });
    worker.on('message', (m: { type: string; jobs?: number }) => { if (m.type === 'seen') jobsPerRequest.push(m.jobs!); });
    spawned.push(worker);
    return worker;
  };
  return { spawn, spawned, jobsPerRequest };
}

const texts = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
const requests = (list: string[]) => list.map((text, i) => ({ key: String(i), text }));

describe('ScorePool with stand-in workers', () => {
  const identity = { scorer: fakeScorer(), detector: fakeDetector() };
  const pools: ScorePool[] = [];
  const pool = (modes: Mode[], options: { size?: number; timeoutMs?: number; loadTimeoutMs?: number; maxTexts?: number; identity?: typeof identity } = {}) => {
    const workers = fakeWorkers(modes, options.identity ?? identity);
    const p = new ScorePool({ size: options.size ?? 1, ...identity, spawn: workers.spawn, timeoutMs: options.timeoutMs, loadTimeoutMs: options.loadTimeoutMs, maxTexts: options.maxTexts });
    pools.push(p);
    return { pool: p, ...workers };
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('answers under the in-process identity, in request order', async () => {
    const { pool: p } = pool(['ok']);
    expect([p.scorer.name, p.scorer.version, p.scorer.description, p.detector.name, p.detector.version]).toEqual(['fake', '1', 'Test scorer.', 'fake-tropes', '1']);
    const outcomes = await p.scorer.score(requests(['ab', 'abcd']));
    expect(outcomes.map((o) => (o.ok ? o.score.scores.TOXICITY : null))).toEqual([0.02, 0.04]);
    expect(await p.detector.detectBatch(['x'])).toEqual([{ hits: [], error: null }]);
  });

  it('sends the jobs asked for in one turn together, merged per kind up to maxTexts texts and shared among idle workers', async () => {
    const one = pool(['ok'], { maxTexts: 3 });
    await one.pool.ready();
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => one.pool.scorer.score(requests([t]))));
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1, 1, 1]);
    expect(one.jobsPerRequest).toEqual([3, 2]);
    const two = pool(['ok'], { size: 2 });
    await two.pool.ready();
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((t) => two.pool.scorer.score(requests([t]))));
    expect(two.jobsPerRequest).toEqual([3, 3]);
  });

  it.each([
    ['exits', 'exit', /stopped \(exit code 3\)/],
    ['throws', 'throw', /failed \(boom in the worker\)/],
    ['answers that its scorer threw (once)', 'fail', /failed \(the scorer threw\)/],
  ] as const)('a worker that %s fails its batch as a batch error; the next batch gets a working worker', async (_what, mode, message) => {
    const { pool: p, spawned } = pool([mode, 'ok']);
    await p.ready();
    await expect(p.scorer.score(requests(['a']))).rejects.toThrow(message);
    await expect(p.scorer.score(requests(['abc']))).resolves.toHaveLength(1);
    expect(spawned.length).toBe(mode === 'fail' ? 1 : 2);
  });

  it('a worker that does not answer in time is stopped and replaced', async () => {
    const { pool: p, spawned } = pool(['hang', 'ok'], { timeoutMs: 150 });
    await p.ready();
    await expect(p.scorer.score(requests(['a']))).rejects.toThrow(/did not answer within/);
    await expect(p.scorer.score(requests(['b']))).resolves.toHaveLength(1);
    expect(spawned).toHaveLength(2);
  });

  it('a worker that does not load in time fails the batch it was given; the next batch starts a new one', async () => {
    const { pool: p, spawned } = pool(['noload', 'ok'], { loadTimeoutMs: 150 });
    await expect(p.scorer.score(requests(['a']))).rejects.toThrow(/did not load within/);
    expect(spawned).toHaveLength(1);
    // The next batch starts a new worker (which may itself take longer than this test's short limit on a busy machine).
    await p.scorer.score(requests(['b'])).catch(() => undefined);
    expect(spawned).toHaveLength(2);
  });

  it('workers running another scorer version are stopped for good and every job fails at once', async () => {
    const { pool: p } = pool(['ok'], { identity: { scorer: fakeScorer('2'), detector: fakeDetector() } });
    await p.ready();
    await expect(p.scorer.score(requests(['a']))).rejects.toThrow(/runs fake 2 .* not the server's fake 1/);
    await expect(p.detector.detectBatch(['a'])).rejects.toBeInstanceOf(ScorePoolError);
  });

  it('close() fails what waits and ends the workers', async () => {
    const { pool: p, spawned } = pool(['hang']);
    await p.ready();
    const failed = expect(p.scorer.score(requests(['a']))).rejects.toThrow(/closed/);
    const exited = new Promise((resolve) => spawned[0]!.once('exit', resolve));
    await p.close();
    await failed;
    await exited;
    await expect(p.scorer.score(requests(['b']))).rejects.toThrow(/closed/);
  });

  it('scoreTexts keeps several batches in flight and turns a dead worker into unscored texts with a problem', async () => {
    const { pool: p, spawned } = pool(['ok', 'exit', 'ok'], { size: 2 });
    await p.ready();
    const store = await Store.open(':memory:');
    try {
      const input = new Map(texts(1200).map((t, i) => [`h${i}`, t]));
      const result = await scoreTexts(store, input, { scorer: p.scorer, detector: p.detector });
      // 3 detector batches + 3 scorer batches of at most 500; the second worker dies on its first one.
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]!.message).toMatch(/failed \(the score worker stopped \(exit code 3\)/);
      const failed = Number(/^(?:Scoring|Checking) (\d+) texts/.exec(result.problems[0]!.message)?.[1]);
      expect([500, 200]).toContain(failed);
      expect(result.scores.length + result.tropes.length).toBe(2400 - failed);
      expect(spawned.length).toBeGreaterThanOrEqual(3);
    } finally {
      await store.close();
    }
  });
});

describe('ScorePool with the embedded scorer', () => {
  let pool: ScorePool;
  const scorer = createEmbeddedScorer();
  const detector = createTropeDetector();
  beforeAll(async () => {
    pool = new ScorePool({ size: 1, scorer, detector });
    await pool.ready();
  }, 30_000);
  afterAll(async () => pool.close());

  it('gives exactly the in-process scores and trope hits on a few hundred texts', async () => {
    const samples = [
      'You people sound like complete idiots, read the article before you comment.',
      'The mayor is just a puppet controlled by the bankers, everyone knows it.',
      'Thanks for the thoughtful reply, I had not considered the maintenance costs.',
      'putin is controlled by chabad',
      'Ich glaube nicht, dass das stimmt, aber danke für den Artikel.',
      'I hope the whole lot of them get what is coming to them.',
      '🙂🙂',
    ];
    const list = Array.from({ length: 300 }, (_, i) => `${samples[i % samples.length]} ${i % 3 === 0 ? '' : `(${i})`}`.trim());
    const [pooled, local] = await Promise.all([pool.scorer.score(requests(list)), scorer.score(requests(list))]);
    expect(pooled).toEqual(local as ScoreOutcome[]);
    const hits = await pool.detector.detectBatch(list);
    expect(hits).toEqual(list.map((t) => ({ hits: detector.detect(t), error: null })));
    expect(hits.some((h) => (h.hits ?? []).length > 0)).toBe(true);
  });
});
