/**
 * The training run, runtime-neutral: features for every example, one logistic fit per label on the train split, the
 * stacked combiner where the recipe stacks fits into one stored head, int8 quantization, Platt calibration on the
 * calibration split (scored with the quantized weights).
 */
import { analyzeText } from '../lexicon/analyze.ts';
import { ARTEFACT_FORMAT, decodeWeights, encodeWeights, UNTRAINED_HEAD, type Artefact, type StoredHead } from './artefact.ts';
import { fitCombiner, foldHeads, type Combiner } from './combiner.ts';
import { HEADS, type Example, type Head, type Label } from './datasets.ts';
import { featureCodes, type FeatureConfig } from './features.ts';
import { fnv1a } from './hash.ts';
import { fitPlatt, nbScale, nbScaleBySource, rawScore, trainHead, type Item, type LinearHead, type TrainOptions } from './logistic.ts';
import { rocAuc } from './metrics.ts';
import { DEFAULT_RECIPE } from './recipes.ts';
import { modelWords } from './words.ts';

/**
 * The first models' calibration: TOXICITY to an even prior (83% of Davidson is offensive only because it was sampled
 * by a hate-word search); the other heads to the calibration split's own rate, so naming a group scores low.
 */
const FIRST_CALIBRATION: TrainOptions['calibration'] = { TOXICITY: 'even' };

/** The first models' stack: IDENTITY_ATTACK from the general and the antisemitism fit. */
const FIRST_STACK: Partial<Record<string, string[]>> = { IDENTITY_ATTACK: ['IDENTITY_ATTACK', 'ANTISEMITISM'] };

/** Signed bucket codes of one text, exactly as the runtime computes them. */
export function textCodes(text: string, config: FeatureConfig): Int32Array {
  const ctx = analyzeText(text).ctx;
  return Int32Array.from(ctx ? featureCodes(modelWords(ctx.tokens, config.emoji === true), config) : []);
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

/**
 * Example weights of a fit on one split: each example of a source with weight w > 0 that labels the fit gets w, or
 * with `balance: 'source'` w · m / (2 · n_y) (n_y the source's labelled examples of the example's class, m the mean
 * number of labelled examples per source), so that every source weighs the same in total, whatever its size, and
 * its two classes weigh the same within it; a source with negatives only gets w · m / n (clean text is what most
 * comments are), and a source with positives only is left out of the fit (it would teach its style as the label:
 * emoji for HatemojiBuild, Gab for EDOS); a stacked head can still read it through another fit (calibration split).
 */
export function fitItems(examples: readonly Example[], label: Label, split: string, weights: Record<string, number>, balance: TrainOptions['balance']): Item[] {
  const items: Item[] = [];
  examples.forEach((e, doc) => {
    const y = e.labels[label];
    const w = weights[e.source] ?? 0;
    if (e.split === split && y !== undefined && w > 0) items.push({ doc, y, w });
  });
  if (balance !== 'source') return items;
  const counts = classCountsBySource(examples, items);
  const mean = items.length / Math.max(1, counts.size);
  return items.flatMap((it) => {
    const [neg, pos] = counts.get((examples[it.doc] as Example).source) as [number, number];
    if (neg === 0) return [];
    const share = pos === 0 ? mean / neg : mean / (2 * (it.y === 1 ? pos : neg));
    return [{ ...it, w: (it.w ?? 1) * share }];
  });
}

/** Per source of `items`: how many of its items are negative and how many positive. */
function classCountsBySource(examples: readonly Example[], items: readonly Item[]): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  for (const it of items) {
    const source = (examples[it.doc] as Example).source;
    const c = counts.get(source) ?? [0, 0];
    c[it.y]++;
    counts.set(source, c);
  }
  return counts;
}

/** Calibration weights for a per-source prior π: in each source with both classes the positives weigh π in total, the negatives 1 − π; other sources 0. */
function sourcePriorWeights(examples: readonly Example[], items: readonly Item[], prior: number): number[] {
  const counts = classCountsBySource(examples, items);
  return items.map((it) => {
    const c = counts.get((examples[it.doc] as Example).source) as [number, number];
    return c[0] === 0 || c[1] === 0 ? 0 : (it.y === 1 ? prior : 1 - prior) / c[it.y];
  });
}

/** The sources present in `examples`, in order of first appearance. */
function sourcesOf(examples: readonly Example[]): string[] {
  return [...new Set(examples.map((e) => e.source))];
}

/**
 * The sources a stored head is calibrated on: those that the fits it is made of read (source weight above 0), each
 * weighing 1 (the first models' TOXICITY, fitted on Davidson and Stormfront, is calibrated on them alone).
 */
function calibrationSources(options: TrainOptions, fits: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const fit of fits) for (const [source, w] of Object.entries(options.heads[fit]?.sourceWeight ?? {})) if (w > 0) out[source] = 1;
  return out;
}

/**
 * Fits a combiner over the raw scores of `inputs` on the calibration split of `label`; each source's texts together
 * weigh what options.combinerSourceWeight says (scaled so the weights sum to the number of texts).
 */
function stackedHead(examples: readonly Example[], docs: readonly Int32Array[], label: Label, inputs: readonly string[], fitted: Record<string, LinearHead>, options: TrainOptions): { head: LinearHead; combiner: Combiner } {
  const calibration = fitItems(examples, label, 'calibration', calibrationSources(options, inputs), undefined);
  const sourceOf = (it: Item): string => (examples[it.doc] as Example).source;
  const perSource: Record<string, number> = {};
  for (const it of calibration) perSource[sourceOf(it)] = (perSource[sourceOf(it)] ?? 0) + 1;
  const share = (source: string): number => options.combinerSourceWeight[source] ?? 0;
  const shareTotal = Object.keys(perSource).reduce((s, source) => s + share(source), 0);
  const heads = inputs.map((fit) => {
    const head = fitted[fit];
    if (!head) throw new Error(`training options: the stack of ${label} reads ${fit}, which has no settings`);
    return head;
  });
  const combiner = fitCombiner(
    inputs,
    calibration.map((it) => heads.map((head) => rawScore(head, docs[it.doc] as Int32Array))),
    calibration.map((it) => it.y),
    calibration.map((it) => (calibration.length * share(sourceOf(it))) / (shareTotal * (perSource[sourceOf(it)] as number))),
  );
  return { head: foldHeads(combiner, heads), combiner };
}

/**
 * Trains every fit of `options` on the train split; each stored head is its own fit or the stacked combination of
 * the fits `options.stack` names (combiner fitted on the calibration split, then folded into one head); stored heads
 * are int8-quantized and Platt-calibrated on the calibration split with the quantized weights. `docs` (the feature
 * codes of `examples`, from `textCodes`) may be passed when the caller has them already.
 */
export function trainModel(
  examples: readonly Example[],
  options: TrainOptions = DEFAULT_RECIPE.train,
  features: FeatureConfig = DEFAULT_RECIPE.features,
  docs: readonly Int32Array[] = examples.map((e) => textCodes(e.text, features)),
): TrainResult {
  const buckets = 1 << features.bits;
  const calibrationAuc: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const e of examples) counts[`${e.source}/${e.split}`] = (counts[`${e.source}/${e.split}`] ?? 0) + 1;
  const fitted: Record<string, LinearHead> = {};
  for (const [fit, spec] of Object.entries(options.heads)) {
    if (!spec) continue;
    const train = fitItems(examples, fit as Label, 'train', spec.sourceWeight, options.balance);
    const sourceOf = (doc: number): string => (examples[doc] as Example).source;
    const scale = !spec.nbMix ? undefined : spec.nbBySource ? nbScaleBySource(docs, train, buckets, spec.nbMix, sourceOf) : nbScale(docs, train, buckets, spec.nbMix);
    fitted[fit] = trainHead(docs, train, buckets, { ...spec, seed: options.seed }, scale);
  }
  const stack = options.stack ?? FIRST_STACK;
  const combiners: Record<string, Combiner> = {};
  const heads = {} as Record<Head, StoredHead>;
  for (const head of HEADS) {
    const inputs = stack[head];
    const every = calibrationSources(options, inputs && inputs.length > 0 ? inputs : [head]);
    let linear = fitted[head];
    if (inputs && inputs.length > 0) {
      const stacked = stackedHead(examples, docs, head, inputs, fitted, options);
      linear = stacked.head;
      combiners[head] = stacked.combiner;
      const calibration = fitItems(examples, head, 'calibration', every, undefined);
      for (const fit of inputs) auc(calibrationAuc, `${fit} fit`, calibration, examples, (it) => rawScore(fitted[fit] as LinearHead, docs[it.doc] as Int32Array));
    }
    if (!linear) {
      heads[head] = UNTRAINED_HEAD;
      continue;
    }
    const encoded = encodeWeights(linear.weights);
    const stored: StoredHead = { bias: linear.bias, scale: encoded.scale, platt: [1, 0], nonZero: encoded.nonZero, data: encoded.data };
    const quantized = { weights: decodeWeights(stored, buckets, head), bias: stored.bias };
    const calibration = fitItems(examples, head, 'calibration', every, undefined);
    const raw = new Map(calibration.map((it) => [it, rawScore(quantized, docs[it.doc] as Int32Array)]));
    const mode = (options.calibration ?? FIRST_CALIBRATION)?.[head] ?? 'rate';
    const weights = typeof mode === 'number' ? sourcePriorWeights(examples, calibration, mode) : undefined;
    stored.platt = fitPlatt([...raw.values()], calibration.map((it) => it.y), mode === 'even', weights);
    heads[head] = stored;
    auc(calibrationAuc, head, calibration, examples, (it) => raw.get(it) as number);
  }
  const training = { options, combiners, examples: counts, probe: featureFingerprint(PROBE_TEXT, features) };
  return { artefact: { format: ARTEFACT_FORMAT, features, training, heads }, calibrationAuc };
}

/** Records the ROC AUC of `score` on `items`, overall and per source, under `name`. */
function auc(out: Record<string, number>, name: string, items: readonly Item[], examples: readonly Example[], score: (it: Item) => number): void {
  const labels = items.map((it) => it.y);
  out[name] = rocAuc(items.map(score), labels);
  for (const source of sourcesOf(examples)) {
    const picked = items.filter((it) => (examples[it.doc] as Example).source === source);
    out[`${name} ${source}`] = rocAuc(picked.map(score), picked.map((it) => it.y));
  }
}
