/**
 * Worker-thread entry of the scoring pool (score-pool.ts): loads the embedded scorer and the trope detector once,
 * says so with their names, versions and load time, then answers one request at a time: texts in, outcomes out as
 * JSON text. Pure work: no store, no network.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { ScoreOutcome } from '../core/scoring.ts';
import { createEmbeddedScorer, createTropeDetector } from '../scoring/index.ts';
import { loadLanguageDetector } from '../scoring/model/language.ts';
import type { PoolReply, PoolRequest } from './score-pool-protocol.ts';
import { detectOutcome } from './score-texts.ts';

const port = parentPort;
if (port === null) throw new Error('score-pool-worker.ts runs only as a worker thread');

const started = performance.now();
const scorer = createEmbeddedScorer();
const detector = createTropeDetector();
// The language detector loads on first need; load it now, so the first doubtful text does not wait. A failure is
// ignored here, as on first need (the scorer then gives no language marker).
const loading = loadLanguageDetector().catch(() => undefined);

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));


async function scoreJob(texts: readonly string[]): Promise<ScoreOutcome[]> {
  return scorer.score(texts.map((text, i) => ({ key: String(i), text })));
}

async function answer(request: PoolRequest): Promise<PoolReply> {
  await loading;
  const json: string[] = [];
  for (const texts of request.jobs) {
    json.push(JSON.stringify(request.kind === 'score' ? await scoreJob(texts) : texts.map((text) => detectOutcome(detector, text))));
  }
  return { type: 'done', id: request.id, json };
}

port.on('message', (request: PoolRequest) => {
  answer(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ type: 'failed', id: request.id, error: reasonOf(error) } satisfies PoolReply),
  );
});

await loading;
const ready: PoolReply = {
  type: 'ready',
  scorer: { name: scorer.name, version: scorer.version, description: scorer.description },
  detector: { name: detector.name, version: detector.version },
  loadMs: Math.round(performance.now() - started),
};
port.postMessage(ready);
