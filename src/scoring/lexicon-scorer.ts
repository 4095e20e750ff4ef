/**
 * The first embedded scorer: a transparent rules-and-lexicon baseline (no trained model yet) that supplies all six
 * Perspective-style attributes offline, with evidence spans.
 */
import { ATTRIBUTES, type ScoreOutcome, type ScoreRequest, type Scorer } from '../core/scoring.ts';
import { gateLanguages, type Doubted } from './language-gate.ts';
import { analyzeText } from './lexicon/analyze.ts';
import { mayNotBeEnglish } from './model/language.ts';

export const LEXICON_SCORER_NAME = 'embedded-lexicon';
export const LEXICON_SCORER_VERSION = '0.7.0';
export const LEXICON_SCORER_DESCRIPTION =
  'Rules-and-lexicon baseline (no trained model yet): hand-written word lists and patterns; scores are heuristic, not probabilities';

/** Scores one request; a non-string text or an internal failure becomes a per-comment error. Doubted texts go to `pending`. */
function scoreOne(request: ScoreRequest, pending: Doubted[]): ScoreOutcome {
  if (typeof request?.text !== 'string') return { ok: false, error: 'text is not a string' };
  try {
    const { score, ctx } = analyzeText(request.text);
    if (ctx && mayNotBeEnglish(request.text, ctx.tokens)) pending.push({ text: request.text, tokens: ctx.tokens, score });
    return { ok: true, score };
  } catch (error) {
    return { ok: false, error: `embedded-lexicon failed on this comment: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Creates the rules-and-lexicon scorer; comments in another language than English get no scores (language-gate.ts). */
export function createLexiconScorer(): Scorer {
  return {
    name: LEXICON_SCORER_NAME,
    version: LEXICON_SCORER_VERSION,
    description: LEXICON_SCORER_DESCRIPTION,
    attributes: ATTRIBUTES,
    async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
      const pending: Doubted[] = [];
      const outcomes = batch.map((request) => scoreOne(request, pending));
      await gateLanguages(pending);
      return outcomes;
    },
  };
}
