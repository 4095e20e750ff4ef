/**
 * Public entry of the embedded scoring edge: the offline scorer, the trope detector and the trope taxonomy.
 */
import type { Scorer, TropeDetector } from '../core/scoring.ts';
import { createModelScorer } from './model-scorer.ts';
import { createTropeDetector as createDetector } from './tropes/detector.ts';

export { createLexiconScorer, LEXICON_SCORER_DESCRIPTION, LEXICON_SCORER_NAME, LEXICON_SCORER_VERSION } from './lexicon-scorer.ts';
export { createModelScorer, MODEL_SCORER_DESCRIPTION, MODEL_SCORER_NAME } from './model-scorer.ts';
export { TROPE_DETECTOR_NAME, TROPE_DETECTOR_VERSION } from './tropes/detector.ts';
export { TROPES, TROPE_IDS, tropeInfo, type TropeId, type TropeInfo } from './tropes/taxonomy.ts';
export { contextFlags, endorsement, type ContextComment } from './tropes/context.ts';

/** The embedded scorer the server and CLI use by default: the trained model with the explicit lexicon components. */
export function createEmbeddedScorer(): Scorer {
  return createModelScorer();
}

/** The embedded conspiracy-trope detector. */
export function createTropeDetector(): TropeDetector {
  return createDetector();
}
