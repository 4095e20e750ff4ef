/**
 * The training run, runtime-neutral: features for every example, one logistic fit per label on the train split, the
 * stacked combiner for IDENTITY_ATTACK, int8 quantization, Platt calibration on the calibration split (scored with the
 * quantized weights).
 */
import { analyzeText } from '../lexicon/analyze.ts';
import { ARTEFACT_FORMAT, decodeWeights, encodeWeights, type Artefact, type StoredHead } from './artefact.ts';
import { fitCombiner, foldHeads } from './combiner.ts';
import { FITS, HEADS, type Example, type Fit, type Head } from './datasets.ts';
import { DEFAULT_FEATURES, featureCodes, type FeatureConfig } from './features.ts';
import { fnv1a } from './hash.ts';
import { DEFAULT_TRAIN, fitPlatt, nbScale, rawScore, trainHead, type Item, type LinearHead, type TrainOptions } from './logistic.ts';
import { rocAuc } from './metrics.ts';
import { modelWords } from './words.ts';

/**
 * TOXICITY is calibrated to an even prior (83% of Davidson is offensive only because it was sampled by a hate-word
 * search); IDENTITY_ATTACK to the calibration split's own rate (about one text in ten), so naming a group scores low.
 */
const BALANCED_CALIBRATION: Record<Head, boolean> = { TOXICITY: true, IDENTITY_ATTACK: false };

/** Signed bucket codes of one text, exactly as the runtime computes them. */
export function textCodes(text: string, config: FeatureConfig): Int32Array {
  const ctx = analyzeText(text).ctx;
  return Int32Array.from(ctx ? featureCodes(modelWords(ctx.tokens), config) : []);
}

/**
 * A text whose features are fingerprinted in the artefact: the tokenizer is part of the model, so when a change in
 * src/scoring/text alters what the model reads, the runtime check in the tests fails and asks for a retrain.
 */
export const PROBE_TEXT =
  "Y'all ain't finna believe it: the JEWISH neighbours' kids, f*ck, sh1t, fuuuuck, $tupid idi0ts!! Muslims & immigrants — " +
  "\u201cthey're vermin\u201d, he said. I don't hate gays. Кill them all?? #NeverAgain @user https://x.y 4000 9/11 \u{1F600}";

/** FNV-1a fingerprint (8 hex digits) of the feature codes of `text`. */
export function featureFingerprint(text: string, config: FeatureConfig): string {
  return fnv1a(Array.from(textCodes(text, config)).join(',')).toString(16).padStart(8, '0');
}

/** Result of a run: the artefact (without its payload hash, which needs sha256) and calibration-split AUCs. */
export interface TrainResult {
  artefact: Omit<Artefact, 'payloadSha256'>;
  calibrationAuc: Record<string, number>;
}

const SOURCES = ['davidson', 'isca', 'stormfront'] as const;

/**
 * Trains every fit on the train split; the TOXICITY head is stored as fitted, the IDENTITY_ATTACK head is the stacked
 * combination of the IDENTITY_ATTACK and ANTISEMITISM fits (combiner fitted on the calibration split, each source
 * weighted equally, then folded into one head); stored heads are int8-quantized and Platt-calibrated on the
 * calibration split with the quantized weights.
 */
export function trainModel(examples: readonly Example[], options: TrainOptions = DEFAULT_TRAIN, features: FeatureConfig = DEFAULT_FEATURES): TrainResult {
  const docs = examples.map((e) => textCodes(e.text, features));
  const buckets = 1 << features.bits;
  const calibrationAuc: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const e of examples) counts[`${e.source}/${e.split}`] = (counts[`${e.source}/${e.split}`] ?? 0) + 1;
  const items = (fit: Fit, split: string, weights: Record<string, number>): Item[] =>
    examples.flatMap((e, doc) => {
      const y = e.labels[fit];
      const w = weights[e.source] ?? 0;
      return e.split === split && y !== undefined && w > 0 ? [{ doc, y, w }] : [];
    });
  const fitted = {} as Record<Fit, LinearHead>;
  for (const fit of FITS) {
    const spec = options.heads[fit];
    if (!spec) throw new Error(`training options: no settings for ${fit}`);
    const train = items(fit, 'train', spec.sourceWeight);
    const scale = spec.nbMix ? nbScale(docs, train, buckets, spec.nbMix) : undefined;
    fitted[fit] = trainHead(docs, train, buckets, { ...spec, seed: options.seed }, scale);
  }
  // The combiner reads the raw scores of both identity fits on the calibration split; each source's texts together
  // weigh what options.combinerSourceWeight says (scaled so the weights sum to the number of texts).
  const everySource = Object.fromEntries(SOURCES.map((s) => [s, 1]));
  const calibrationIa = items('IDENTITY_ATTACK', 'calibration', everySource);
  const sourceOf = (it: Item): string => (examples[it.doc] as Example).source;
  const perSource: Record<string, number> = {};
  for (const it of calibrationIa) perSource[sourceOf(it)] = (perSource[sourceOf(it)] ?? 0) + 1;
  const share = (source: string): number => options.combinerSourceWeight[source] ?? 0;
  const shareTotal = Object.keys(perSource).reduce((s, source) => s + share(source), 0);
  const inputs = ['IDENTITY_ATTACK', 'ANTISEMITISM'] as const;
  const combiner = fitCombiner(
    inputs,
    calibrationIa.map((it) => inputs.map((fit) => rawScore(fitted[fit], docs[it.doc] as Int32Array))),
    calibrationIa.map((it) => it.y),
    calibrationIa.map((it) => (calibrationIa.length * share(sourceOf(it))) / (shareTotal * (perSource[sourceOf(it)] as number))),
  );
  for (const fit of inputs) auc(calibrationAuc, `${fit} fit`, calibrationIa, examples, (it) => rawScore(fitted[fit], docs[it.doc] as Int32Array));
  const toStore: Record<Head, LinearHead> = { TOXICITY: fitted.TOXICITY, IDENTITY_ATTACK: foldHeads(combiner, inputs.map((fit) => fitted[fit])) };
  const heads = {} as Record<Head, StoredHead>;
  for (const head of HEADS) {
    const encoded = encodeWeights(toStore[head].weights);
    const stored: StoredHead = { bias: toStore[head].bias, scale: encoded.scale, platt: [1, 0], nonZero: encoded.nonZero, data: encoded.data };
    const quantized = { weights: decodeWeights(stored, buckets, head), bias: stored.bias };
    const calibration = items(head, 'calibration', everySource);
    const raw = new Map(calibration.map((it) => [it, rawScore(quantized, docs[it.doc] as Int32Array)]));
    stored.platt = fitPlatt([...raw.values()], calibration.map((it) => it.y), BALANCED_CALIBRATION[head]);
    heads[head] = stored;
    auc(calibrationAuc, head, calibration, examples, (it) => raw.get(it) as number);
  }
  return {
    artefact: { format: ARTEFACT_FORMAT, features, training: { options, combiner, examples: counts, probe: featureFingerprint(PROBE_TEXT, features) }, heads },
    calibrationAuc,
  };
}

/** Records the ROC AUC of `score` on `items`, overall and per source, under `name`. */
function auc(out: Record<string, number>, name: string, items: readonly Item[], examples: readonly Example[], score: (it: Item) => number): void {
  const labels = items.map((it) => it.y);
  out[name] = rocAuc(items.map(score), labels);
  for (const source of SOURCES) {
    const picked = items.filter((it) => (examples[it.doc] as Example).source === source);
    out[`${name} ${source}`] = rocAuc(picked.map(score), picked.map((it) => it.y));
  }
}
