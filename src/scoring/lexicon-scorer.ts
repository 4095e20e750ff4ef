/**
 * The first embedded scorer: a transparent rules-and-lexicon baseline (no trained model yet) that supplies all six
 * Perspective-style attributes offline, with evidence spans.
 */
import { ATTRIBUTES, type ScoreOutcome, type ScoreRequest, type Scorer } from '../core/scoring.ts';
import { scoreText } from './lexicon/analyze.ts';

export const LEXICON_SCORER_NAME = 'embedded-lexicon';
export const LEXICON_SCORER_VERSION = '0.6.4';
export const LEXICON_SCORER_DESCRIPTION =
  'Rules-and-lexicon baseline (no trained model yet): hand-written word lists and patterns; scores are heuristic, not probabilities';

/** Scores one request; a non-string text or an internal failure becomes a per-comment error. */
function scoreOne(request: ScoreRequest): ScoreOutcome {
  if (typeof request?.text !== 'string') return { ok: false, error: 'text is not a string' };
  try {
    return { ok: true, score: scoreText(request.text) };
  } catch (error) {
    return { ok: false, error: `embedded-lexicon failed on this comment: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Creates the rules-and-lexicon scorer. Synchronous work behind the async adapter interface. */
export function createLexiconScorer(): Scorer {
  return {
    name: LEXICON_SCORER_NAME,
    version: LEXICON_SCORER_VERSION,
    description: LEXICON_SCORER_DESCRIPTION,
    attributes: ATTRIBUTES,
    score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
      return Promise.resolve(batch.map(scoreOne));
    },
  };
}
