/**
 * The scoring pool (ADR 0019): N worker threads, each holding the embedded scorer and the trope detector
 * (score-pool-worker.ts), offered as a `Scorer` and a `TropeDetector` with the in-process ones' names, versions and
 * description, so caches, reports and versions are the same. Only texts go in and outcomes come out.
 *
 * Each worker runs one request at a time; waiting jobs of the same kind are merged into one request (up to
 * `maxTexts` texts), so single-text callers (comments:analyze) cost one message per worker turn, not one per text.
 * A worker that dies, throws, sends what cannot be read or does not answer within `timeoutMs` fails the jobs it
 * held (each a batch error to its caller: score-texts.ts leaves the texts unscored, to be retried) and is replaced;
 * a worker that reports another scorer version is stopped for good (its jobs fail, with the versions named), and
 * when no worker is left every job fails at once: nothing waits forever. `close()` ends the workers.
 */
import type { Worker } from 'node:worker_threads';
import type { ScoreOutcome, ScoreRequest, Scorer, TropeDetector, TropeHit } from '../core/scoring.ts';
import { spawnTypeScriptWorker } from './import-worker-pool.ts';
import type { DetectOutcome, PoolJobKind, PoolReply, PoolRequest } from './score-pool-protocol.ts';
import type { BatchTropeDetector, ParallelScorer } from './score-texts.ts';

export type { DetectOutcome, PoolJobKind } from './score-pool-protocol.ts';

/** A job of the pool failed as a whole (its worker died, threw, timed out or the pool closed). */
export class ScorePoolError extends Error {
  override name = 'ScorePoolError';
}

export interface ScorePoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** The in-process scorer and detector: the pool answers under their names and versions, and its workers must run the same. */
  scorer: Scorer;
  detector: TropeDetector;
  /** Starts a worker (default: score-pool-worker.ts under tsx); tests pass workers that crash. */
  spawn?: () => Worker;
  /** Texts merged into one request at most (default 500). */
  maxTexts?: number;
  /** A request unanswered for this long (from when its worker is ready) stops its worker, and its jobs fail (default 60 s). */
  timeoutMs?: number;
  /** A worker not ready after this long is stopped, and its jobs fail (default 120 s). */
  loadTimeoutMs?: number;
}

interface Job {
  kind: PoolJobKind;
  texts: readonly string[];
  resolve(json: string): void;
  reject(error: Error): void;
}

interface Slot {
  index: number;
  worker: Worker | null;
  /** Milliseconds the worker took to load the scorer and detector, once it said it is ready. */
  loadMs: number | null;
  /** A worker that ran another scorer version: never restarted. */
  broken: string | null;
  /** The request the worker holds; its timer runs from when the worker is ready. */
  busy: { id: number; jobs: Job[]; timer: NodeJS.Timeout | null } | null;
  /** Runs while the worker loads. */
  loadTimer: NodeJS.Timeout | null;
}

/** Starts score-pool-worker.ts in a worker thread. */
export function spawnScoreWorker(): Worker {
  return spawnTypeScriptWorker(new URL('./score-pool-worker.ts', import.meta.url), 'threadscope-score');
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 200);

/** The pool behind each pooled scorer and detector. */
const pools = new WeakMap<object, ScorePool>();

/** The scoring pool a scorer or detector runs in, if it is a pooled one. */
export function poolBehind(engine: Scorer | TropeDetector): ScorePool | null {
  return pools.get(engine) ?? null;
}

export class ScorePool {
  /** The pooled scorer: the in-process one's identity, scored in the workers. */
  readonly scorer: ParallelScorer;
  /** The pooled detector: `detectBatch` in the workers; `detect` (one text, synchronous) in-process. */
  readonly detector: BatchTropeDetector;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly spawn: () => Worker;
  private readonly maxTexts: number;
  private readonly timeoutMs: number;
  private readonly loadTimeoutMs: number;
  private readonly readyWaiters: Array<() => void> = [];
  private nextId = 1;
  private closed = false;
  private pumpScheduled = false;

  constructor(private readonly options: ScorePoolOptions) {
    if (!(Number.isInteger(options.size) && options.size >= 1)) throw new RangeError(`a scoring pool needs at least 1 worker, got ${options.size}`);
    this.spawn = options.spawn ?? spawnScoreWorker;
    this.maxTexts = options.maxTexts ?? 500;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 120_000;
    this.slots = Array.from({ length: options.size }, (_, index) => ({ index, worker: null, loadMs: null, broken: null, busy: null, loadTimer: null }));
    for (const slot of this.slots) this.start(slot);
    const { scorer, detector } = options;
    const run = (kind: PoolJobKind, texts: readonly string[]) => this.run(kind, texts);
    this.scorer = {
      name: scorer.name,
      version: scorer.version,
      description: scorer.description,
      attributes: scorer.attributes,
      parallelism: options.size,
      async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
        if (batch.length === 0) return [];
        return JSON.parse(await run('score', batch.map((r) => r.text))) as ScoreOutcome[];
      },
    };
    this.detector = {
      name: detector.name,
      version: detector.version,
      detect: (text: string): TropeHit[] => detector.detect(text),
      async detectBatch(texts: readonly string[]): Promise<DetectOutcome[]> {
        if (texts.length === 0) return [];
        return JSON.parse(await run('detect', texts)) as DetectOutcome[];
      },
    };
    pools.set(this.scorer, this);
    pools.set(this.detector, this);
  }

  /** Worker threads of the pool. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Waits until every worker has loaded (or failed to); resolves with each one's load time in milliseconds (null
   * for a worker that is not running).
   */
  async ready(): Promise<Array<number | null>> {
    while (!this.closed && this.slots.some((s) => s.worker !== null && s.loadMs === null)) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
    return this.slots.map((s) => (s.worker !== null ? s.loadMs : null));
  }

  /** Runs the scorer (`score`) or the detector (`detect`) on `texts` in a worker; resolves with the outcomes as JSON text (an array, one per text). */
  run(kind: PoolJobKind, texts: readonly string[]): Promise<string> {
    if (this.closed) return Promise.reject(new ScorePoolError('the scoring pool is closed'));
    const broken = this.allBroken();
    if (broken) return Promise.reject(new ScorePoolError(broken));
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ kind, texts, resolve, reject });
      this.schedulePump();
    });
  }

  /** Ends every worker; jobs not answered yet fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new ScorePoolError('the scoring pool was closed before this batch was scored');
    for (const job of this.queue.splice(0)) job.reject(error);
    const workers: Worker[] = [];
    for (const slot of this.slots) {
      this.clearLoadTimer(slot);
      if (slot.busy) {
        if (slot.busy.timer) clearTimeout(slot.busy.timer);
        for (const job of slot.busy.jobs) job.reject(error);
        slot.busy = null;
      }
      if (slot.worker) workers.push(slot.worker);
      slot.worker = null;
    }
    this.wakeReadyWaiters();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** The reason no job can run, when every worker was stopped for running another scorer version. */
  private allBroken(): string | null {
    return this.slots.every((s) => s.broken !== null) ? this.slots[0]!.broken : null;
  }

  private start(slot: Slot): void {
    let worker: Worker;
    try {
      worker = this.spawn();
    } catch (error) {
      slot.worker = null;
      this.failQueued(`a score worker could not start (${oneLine(error instanceof Error ? error.message : String(error))})`);
      return;
    }
    slot.worker = worker;
    slot.loadMs = null;
    slot.loadTimer = setTimeout(() => this.onGone(slot, worker, `did not load within ${Math.round(this.loadTimeoutMs / 1000)} s`), this.loadTimeoutMs);
    slot.loadTimer.unref();
    worker.on('message', (reply: PoolReply) => this.onReply(slot, worker, reply));
    worker.on('error', (error: Error) => this.onGone(slot, worker, `failed (${oneLine(error.message)})`));
    worker.on('messageerror', () => this.onGone(slot, worker, 'sent an answer that could not be read'));
    worker.on('exit', (code: number) => this.onGone(slot, worker, `stopped (exit code ${code})`));
    // A loading or busy worker keeps the process alive; an idle one does not (a CLI run ends when its work does).
  }

  private onReply(slot: Slot, worker: Worker, reply: PoolReply): void {
    if (slot.worker !== worker) return;
    if (reply.type === 'ready') {
      const { scorer, detector } = this.options;
      const runs = `${reply.scorer.name} ${reply.scorer.version} and ${reply.detector.name} ${reply.detector.version}`;
      if (reply.scorer.name !== scorer.name || reply.scorer.version !== scorer.version || reply.detector.name !== detector.name || reply.detector.version !== detector.version) {
        slot.broken = `a score worker runs ${runs}, not the server's ${scorer.name} ${scorer.version} and ${detector.name} ${detector.version}`;
        this.onGone(slot, worker, slot.broken);
        return;
      }
      slot.loadMs = reply.loadMs;
      this.clearLoadTimer(slot);
      if (slot.busy === null) worker.unref();
      else this.startTimer(slot, worker);
      this.wakeReadyWaiters();
      return;
    }
    const busy = slot.busy;
    if (busy === null || busy.id !== reply.id) return;
    if (busy.timer) clearTimeout(busy.timer);
    slot.busy = null;
    if (slot.loadMs !== null) worker.unref();
    if (reply.type === 'failed') {
      const error = new ScorePoolError(`the score worker failed (${oneLine(reply.error)})`);
      for (const job of busy.jobs) job.reject(error);
    } else {
      busy.jobs.forEach((job, j) => {
        const json = reply.json[j];
        if (typeof json === 'string') job.resolve(json);
        else job.reject(new ScorePoolError('the score worker answered without this batch'));
      });
    }
    this.pump();
  }

  private onGone(slot: Slot, worker: Worker, how: string): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    void worker.terminate();
    this.clearLoadTimer(slot);
    const busy = slot.busy;
    slot.busy = null;
    if (busy) {
      if (busy.timer) clearTimeout(busy.timer);
      const error = new ScorePoolError(`the score worker ${how} while scoring this batch`);
      for (const job of busy.jobs) job.reject(error);
    }
    this.wakeReadyWaiters();
    if (this.closed) return;
    const broken = this.allBroken();
    if (broken) {
      this.failQueued(broken);
      return;
    }
    // A worker that had loaded is replaced at once; one that died while loading is retried when work arrives.
    if (slot.broken === null && slot.loadMs !== null) this.start(slot);
    this.pump();
  }

  private startTimer(slot: Slot, worker: Worker): void {
    if (!slot.busy) return;
    const timer = setTimeout(() => this.onGone(slot, worker, `did not answer within ${Math.round(this.timeoutMs / 1000)} s`), this.timeoutMs);
    timer.unref();
    slot.busy.timer = timer;
  }

  private clearLoadTimer(slot: Slot): void {
    if (slot.loadTimer) clearTimeout(slot.loadTimer);
    slot.loadTimer = null;
  }

  private failQueued(reason: string): void {
    const error = new ScorePoolError(reason);
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private wakeReadyWaiters(): void {
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  /**
   * Pumps once this turn of the event loop ends: jobs asked for in the same turn (the requests that arrived together)
   * leave together, one message per worker instead of one per job.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Gives waiting jobs to idle workers, shared among them, merging jobs of one kind up to `maxTexts` texts a request. */
  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const idle = this.slots.filter((s) => s.broken === null && s.busy === null);
      const slot = idle.find((s) => s.worker !== null) ?? idle[0];
      if (!slot) return;
      if (slot.worker === null) {
        this.start(slot);
        if (slot.worker === null) return;
      }
      // An equal share of what waits for each idle worker, so none idles while another has a long merged request.
      const share = Math.ceil(this.queue.length / idle.length);
      const first = this.queue.shift()!;
      const jobs = [first];
      let texts = first.texts.length;
      while (jobs.length < share && this.queue.length > 0 && this.queue[0]!.kind === first.kind && texts + this.queue[0]!.texts.length <= this.maxTexts) {
        const next = this.queue.shift()!;
        texts += next.texts.length;
        jobs.push(next);
      }
      this.send(slot, slot.worker!, first.kind, jobs);
    }
  }

  private send(slot: Slot, worker: Worker, kind: PoolJobKind, jobs: Job[]): void {
    const id = this.nextId++;
    slot.busy = { id, jobs, timer: null };
    if (slot.loadMs !== null) this.startTimer(slot, worker);
    worker.ref();
    const request: PoolRequest = { id, kind, jobs: jobs.map((j) => j.texts as string[]) };
    try {
      worker.postMessage(request);
    } catch (error) {
      this.onGone(slot, worker, `could not take the batch (${oneLine(error instanceof Error ? error.message : String(error))})`);
    }
  }
}
