/**
 * The trained embedded scorer with the weights the project ships (src/scoring/model/weights), for Node; the browser
 * worker builds the same scorer from weights fetched from the server (model-scoring.ts).
 */
import type { Scorer } from '../core/scoring.ts';
import { createScorerForModel } from './model-scoring.ts';
import { EmbeddedModel, parseArtefact } from './model/runtime.ts';
import ARTEFACT from './model/weights/embedded-model.json' with { type: 'json' };

export { MODEL_SCORER_DESCRIPTION, MODEL_SCORER_NAME, scoreWithModel } from './model-scoring.ts';

let loaded: EmbeddedModel | null = null;

/** The shipped model, decoded once per process. */
export function loadEmbeddedModel(): EmbeddedModel {
  loaded ??= new EmbeddedModel(parseArtefact(ARTEFACT));
  return loaded;
}

/** The shipped model's raw artefact (what `GET /api/model` serves to the browser worker). */
export function embeddedArtefact(): unknown {
  return ARTEFACT;
}

/** Creates the trained scorer over the shipped weights; its version is the start of the artefact's payload hash. */
export function createModelScorer(): Scorer {
  return createScorerForModel(loadEmbeddedModel());
}
