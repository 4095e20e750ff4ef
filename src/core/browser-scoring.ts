/**
 * The browser scoring worker's message protocol (src/worker ↔ src/ui) and the exact comparison of a browser score
 * with the server's score for the same text (docs/adr/0004-model-in-the-browser.md).
 */
import { ATTRIBUTES, type CommentScore, type ScoreOutcome, type ScoreRequest, type ScorerInfo, type Span } from './scoring.ts';

/** UI → worker: score these texts (job `id`), or drop a job that is no longer wanted. */
export type WorkerRequest = { type: 'score'; id: number; items: ScoreRequest[] } | { type: 'cancel'; id: number };

/**
 * Worker → UI: the outcomes of the job's next chunk (one per item, in order; `done` items so far), the end of the job
 * with the scorer that ran, or why it failed as a whole. Outcomes come chunk by chunk, so the page never decodes one
 * huge message at once.
 */
export type WorkerReply =
  | { type: 'progress'; id: number; done: number; total: number; outcomes: ScoreOutcome[] }
  | { type: 'result'; id: number; scorer: ScorerInfo }
  | { type: 'error'; id: number; message: string };

/** Texts the worker scores between two progress messages (and between two looks at its inbox for a cancel). */
export const WORKER_CHUNK = 200;

/** Name of the embedded model scorer, the one the worker runs (src/scoring/model-scoring.ts names its scorer with it). */
export const EMBEDDED_SCORER_NAME = 'embedded-model';

/** The server's `GET /api/model` path: the embedded model's artefact, which the worker loads. */
export const MODEL_PATH = '/api/model';

function sameSpans(a: readonly Span[] | undefined, b: readonly Span[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((s, i) => s.start === y[i]?.start && s.end === y[i]?.end && s.text === y[i]?.text);
}

/**
 * Where two scores of the same text differ: each attribute's value (exactly, no tolerance), its evidence spans and
 * explanation, the language marker and the unsupported attributes. Empty when they are identical.
 */
export function scoreDifferences(server: CommentScore, browser: CommentScore): string[] {
  const out: string[] = [];
  for (const a of ATTRIBUTES) {
    const s = server.scores[a];
    const b = browser.scores[a];
    if (s !== b) out.push(`${a} ${s ?? 'absent'} on the server, ${b ?? 'absent'} in the browser`);
    if (!sameSpans(server.evidence?.[a], browser.evidence?.[a])) out.push(`${a} evidence spans differ`);
    if ((server.explanations?.[a] ?? null) !== (browser.explanations?.[a] ?? null)) out.push(`${a} explanation differs`);
  }
  if ((server.language ?? null) !== (browser.language ?? null)) out.push(`language ${server.language ?? 'not set'} on the server, ${browser.language ?? 'not set'} in the browser`);
  if (Boolean(server.languageUnsupported) !== Boolean(browser.languageUnsupported)) out.push('unsupported-language marker differs');
  if ((server.unsupported ?? []).join(',') !== (browser.unsupported ?? []).join(',')) out.push('unsupported attributes differ');
  return out;
}

/** One comment whose browser score is not the server's. */
export interface ScoreMismatch {
  key: string;
  differences: string[];
}

/** Result of comparing a thread's server scores with the worker's outcomes for the same texts. */
export interface ScoreComparison {
  /** Comments compared (those with a server score). */
  compared: number;
  mismatches: ScoreMismatch[];
}

/** Compares server scores with the worker's outcomes (same order); a failed browser outcome is a mismatch. */
export function compareScores(server: ReadonlyArray<{ key: string; score: CommentScore }>, browser: readonly ScoreOutcome[]): ScoreComparison {
  const mismatches: ScoreMismatch[] = [];
  server.forEach(({ key, score }, i) => {
    const outcome = browser[i];
    if (outcome === undefined) mismatches.push({ key, differences: ['no browser result'] });
    else if (!outcome.ok) mismatches.push({ key, differences: [`the browser could not score it: ${outcome.error}`] });
    else {
      const differences = scoreDifferences(score, outcome.score);
      if (differences.length > 0) mismatches.push({ key, differences });
    }
  });
  return { compared: server.length, mismatches };
}
