/**
 * The browser's scoring worker: loads the embedded model from the server (`GET /api/model`) once and scores texts
 * with the same code as the server (src/scoring/model-scoring.ts), off the UI thread, reporting progress per chunk.
 */
import { MODEL_PATH, WORKER_CHUNK, type WorkerReply, type WorkerRequest } from '../core/browser-scoring.ts';
import type { ScoreOutcome, Scorer, ScorerInfo } from '../core/scoring.ts';
import { createScorerForModel } from '../scoring/model-scoring.ts';
import { EmbeddedModel, parseArtefact } from '../scoring/model/runtime.ts';

declare const self: DedicatedWorkerGlobalScope;

let scorer: Promise<Scorer> | null = null;
const cancelled = new Set<number>();
/** Jobs run one after another, in the order they came. */
let queue: Promise<void> = Promise.resolve();

async function loadScorer(): Promise<Scorer> {
  const response = await fetch(new URL(MODEL_PATH, self.location.href), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the server did not give the model (HTTP ${response.status} from ${MODEL_PATH})`);
  return createScorerForModel(new EmbeddedModel(parseArtefact(await response.json())));
}

function post(reply: WorkerReply): void {
  self.postMessage(reply);
}

/** Lets queued messages (a cancel) in between two chunks. */
function yieldToInbox(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function run(job: Extract<WorkerRequest, { type: 'score' }>): Promise<void> {
  const id = job.id;
  try {
    scorer ??= loadScorer();
    const loaded = await scorer.catch((error: unknown) => {
      scorer = null; // a later job tries again (the server may be back)
      throw error;
    });
    const info: ScorerInfo = { name: loaded.name, version: loaded.version };
    const total = job.items.length;
    for (let start = 0; start < total; start += WORKER_CHUNK) {
      if (cancelled.has(id)) return;
      const outcomes: ScoreOutcome[] = await loaded.score(job.items.slice(start, start + WORKER_CHUNK));
      post({ type: 'progress', id, done: start + outcomes.length, total, outcomes });
      await yieldToInbox();
    }
    if (!cancelled.has(id)) post({ type: 'result', id, scorer: info });
  } catch (error) {
    post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    cancelled.delete(id);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  if (message?.type === 'cancel') cancelled.add(message.id);
  else if (message?.type === 'score' && Array.isArray(message.items)) queue = queue.then(() => run(message));
};
