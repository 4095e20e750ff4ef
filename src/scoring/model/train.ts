/**
 * The training run, runtime-neutral: features for every example, one logistic head per learned attribute on the
 * train split, int8 quantization, Platt calibration on the calibration split (scored with the quantized weights).
 */
import { analyzeText } from '../lexicon/analyze.ts';
import { ARTEFACT_FORMAT, decodeWeights, encodeWeights, type Artefact, type StoredHead } from './artefact.ts';
import { HEADS, type Example, type Head } from './datasets.ts';
import { DEFAULT_FEATURES, featureCodes, type FeatureConfig } from './features.ts';
import { fnv1a } from './hash.ts';
import { DEFAULT_TRAIN, fitPlatt, rawScore, trainHead, type Item, type TrainOptions } from './logistic.ts';
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

export function trainModel(examples: readonly Example[], options: TrainOptions = DEFAULT_TRAIN, features: FeatureConfig = DEFAULT_FEATURES): TrainResult {
  const docs = examples.map((e) => textCodes(e.text, features));
  const buckets = 1 << features.bits;
  const heads = {} as Record<Head, StoredHead>;
  const calibrationAuc: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const e of examples) counts[`${e.source}/${e.split}`] = (counts[`${e.source}/${e.split}`] ?? 0) + 1;
  for (const head of HEADS) {
    const items = (split: string): Item[] =>
      examples.flatMap((e, doc) =>
        e.split === split && e.labels[head] !== undefined
          ? [{ doc, y: e.labels[head] as 0 | 1, w: head === 'IDENTITY_ATTACK' ? (options.identitySourceWeight[e.source] ?? 1) : 1 }]
          : [],
      );
    const trained = trainHead(docs, items('train'), buckets, options);
    const encoded = encodeWeights(trained.weights);
    const stored: StoredHead = { bias: trained.bias, scale: encoded.scale, platt: [1, 0], nonZero: encoded.nonZero, data: encoded.data };
    const quantized = { weights: decodeWeights(stored, buckets, head), bias: trained.bias };
    const calibration = items('calibration');
    const raw = calibration.map((it) => rawScore(quantized, docs[it.doc] as Int32Array));
    const labels = calibration.map((it) => it.y);
    stored.platt = fitPlatt(raw, labels, BALANCED_CALIBRATION[head]);
    heads[head] = stored;
    calibrationAuc[head] = rocAuc(raw, labels);
    for (const source of ['davidson', 'isca', 'stormfront'] as const) {
      const picked = calibration.flatMap((it, k) => ((examples[it.doc] as Example).source === source ? [k] : []));
      calibrationAuc[`${head} ${source}`] = rocAuc(picked.map((k) => raw[k] as number), picked.map((k) => labels[k] as 0 | 1));
    }
  }
  return {
    artefact: { format: ARTEFACT_FORMAT, features, training: { options, examples: counts, probe: featureFingerprint(PROBE_TEXT, features) }, heads },
    calibrationAuc,
  };
}
