/**
 * The UI's handle on the scoring worker (src/worker/score-worker.ts), started by URL so that its code and the model it
 * loads stay out of the UI bundle (ADR 0004). Jobs are promises with progress; a cancelled job never settles its
 * caller again, and a worker that fails to start or crashes fails every open job with a message.
 */
import type { WorkerReply, WorkerRequest } from '../../core/browser-scoring.ts';
import type { ScoreOutcome, ScoreRequest, ScorerInfo } from '../../core/scoring.ts';

/** What a job gives back: the scorer that ran in the browser and one outcome per text, in order. */
export interface BrowserScores {
  scorer: ScorerInfo;
  outcomes: ScoreOutcome[];
}

/** A running job. */
export interface BrowserJob {
  result: Promise<BrowserScores>;
  /** Stops the job; its promise rejects with a BrowserJobCancelled. */
  cancel(): void;
}

export class BrowserJobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BrowserJobCancelled';
  }
}

/** The part of a Worker this client uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

interface Pending {
  /** Outcomes received so far, in order. */
  outcomes: ScoreOutcome[];
  resolve: (value: BrowserScores) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

function startWorker(): WorkerLike {
  return new Worker(new URL('../../worker/score-worker.ts', import.meta.url), { type: 'module', name: 'threadscope-scoring' }) as unknown as WorkerLike;
}

export class BrowserScorer {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly start: () => WorkerLike = startWorker) {}

  /** Scores texts in the worker; `onProgress` hears after each chunk. */
  score(items: readonly ScoreRequest[], onProgress?: (done: number, total: number) => void): BrowserJob {
    const id = this.nextId++;
    const result = new Promise<BrowserScores>((resolve, reject) => {
      this.pending.set(id, { outcomes: [], resolve, reject, onProgress });
    });
    try {
      this.ensureWorker().postMessage({ type: 'score', id, items: items.map(({ key, text }) => ({ key, text })) });
    } catch (error) {
      this.settle(id, null, new Error(`The browser could not start its scoring worker: ${error instanceof Error ? error.message : String(error)}`));
    }
    return {
      result,
      cancel: () => {
        if (!this.pending.has(id)) return;
        this.worker?.postMessage({ type: 'cancel', id });
        this.settle(id, null, new BrowserJobCancelled());
      },
    };
  }

  /** Stops the worker; open jobs fail. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll('The scoring worker was stopped.');
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      // The worker is unusable (its script did not load, or it crashed): start a fresh one for the next job.
      worker.terminate();
      if (this.worker === worker) this.worker = null;
      this.failAll(`The browser's scoring worker failed${event.message ? `: ${event.message}` : ''}.`);
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: WorkerReply): void {
    const job = this.pending.get(reply?.id);
    if (!job) return;
    if (reply.type === 'progress') {
      for (const outcome of reply.outcomes) job.outcomes.push(outcome);
      job.onProgress?.(reply.done, reply.total);
    } else if (reply.type === 'result') this.settle(reply.id, { scorer: reply.scorer, outcomes: job.outcomes }, null);
    else if (reply.type === 'error') this.settle(reply.id, null, new Error(`The browser could not score: ${reply.message}`));
  }

  private settle(id: number, value: BrowserScores | null, error: Error | null): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    if (value) job.resolve(value);
    else job.reject(error ?? new Error('no result'));
  }

  private failAll(message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, null, new Error(message));
  }
}
