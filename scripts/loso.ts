/**
 * Leave-one-source-out folds for scripts/eval-loso.ts: for each source, a model trained (train split, calibrated on
 * the calibration split) on every other source a recipe reads, scoring the left-out source's rows. The folds run in
 * worker threads (one per core, at most two by default), each worker reading the data and computing the features once.
 * Rows scored: the left-out source's train and calibration rows (its held-out rows stay for the final report), or
 * those of `split`. A source that a recipe does not read is scored by the recipe's model on all its sources.
 */
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { DEFAULT_THRESHOLDS, decideFlags } from '../src/core/flags.ts';
import { ATTRIBUTES } from '../src/core/scoring.ts';
import { analyzeText } from '../src/scoring/lexicon/analyze.ts';
import { scoreWithModel } from '../src/scoring/model-scoring.ts';
import { loadExamples, HEADS, SOURCES, type Example, type Source } from '../src/scoring/model/datasets.ts';
import type { Recipe } from '../src/scoring/model/recipes.ts';
import { EmbeddedModel, parseArtefact } from '../src/scoring/model/runtime.ts';
import type { SplitName } from '../src/scoring/model/split.ts';
import { textCodes, trainModel } from '../src/scoring/model/train.ts';
import { readSourceFiles } from './model-data.ts';

/** Scores of one row: model heads (HEADS order), the scorer's attributes (ATTRIBUTES order), whether it is flagged. */
export interface RowScores {
  heads: number[];
  scores: number[];
  /** Flagged by the scorer's attributes at the default thresholds (trope hits are not counted here). */
  flagged: boolean;
  /** Toxic Spans posts: TOXICITY (head, scorer) of the post with its majority spans cut out. */
  cut?: [number, number];
}

/** One fold: a recipe's model trained without `leaveOut` (null: on all its sources), scoring the sources `test`. */
export interface Fold {
  recipe: number;
  leaveOut: Source | null;
  test: Source[];
}

/** Result of a fold: the scored rows by example index (indexes into loadExamples of all ten sources, in order). */
export interface FoldResult {
  fold: Fold;
  rows: Array<[number, RowScores]>;
  seconds: number;
}

/** The sources a recipe trains on (weight above 0 in any fit). */
export function recipeSources(recipe: Recipe): Source[] {
  const used = new Set<string>();
  for (const spec of Object.values(recipe.train.heads)) for (const [s, w] of Object.entries(spec?.sourceWeight ?? {})) if (w > 0) used.add(s);
  return SOURCES.filter((s) => used.has(s));
}

/** The folds of a recipe: one per source it reads, and one (trained on all its sources) for every other source. */
export function foldsOf(recipe: Recipe, index: number, sources: readonly Source[] = SOURCES): Fold[] {
  const own = recipeSources(recipe);
  const folds: Fold[] = own.filter((s) => sources.includes(s)).map((s) => ({ recipe: index, leaveOut: s, test: [s] }));
  const others = sources.filter((s) => !own.includes(s));
  if (others.length > 0) folds.push({ recipe: index, leaveOut: null, test: others });
  return folds;
}

/** Text of a post with the character ranges `spans` cut out (each replaced by a space). */
export function cutSpans(text: string, spans: ReadonlyArray<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += `${text.slice(at, start)} `;
    at = end;
  }
  return out + text.slice(at);
}

/** Scores `text` with a model: its heads' probabilities and the whole scorer's attributes. */
export function scoreRow(model: EmbeddedModel, text: string): RowScores {
  const prediction = model.predictTokens(analyzeText(text).ctx?.tokens ?? []);
  const score = scoreWithModel(model, text);
  return {
    heads: HEADS.map((h) => prediction.probability[h]),
    scores: ATTRIBUTES.map((a) => score.scores[a] ?? 0),
    flagged: decideFlags(score, [], DEFAULT_THRESHOLDS).flagged,
  };
}

/** A model from an artefact in memory (the payload hash is only a version label here). */
export function modelOf(artefact: object): EmbeddedModel {
  return new EmbeddedModel(parseArtefact({ payloadSha256: '0'.repeat(64), ...artefact }));
}

/** Scores the rows of `sources` in `split` (or every split but held-out) with `model`. */
export function scoreRows(model: EmbeddedModel, examples: readonly Example[], sources: readonly Source[], split?: SplitName): Array<[number, RowScores]> {
  const rows: Array<[number, RowScores]> = [];
  examples.forEach((e, i) => {
    if (!sources.includes(e.source) || (split ? e.split !== split : e.split === 'heldout')) return;
    const row = scoreRow(model, e.text);
    if (e.spans && e.spans.length > 0) {
      const cut = scoreRow(model, cutSpans(e.text, e.spans));
      row.cut = [cut.heads[0] as number, cut.scores[0] as number];
    }
    rows.push([i, row]);
  });
  return rows;
}

/** Worker side: reads the data once, computes features once per feature setting, runs the folds it is sent. */
function serveFolds(): void {
  const port = parentPort;
  if (!port) return;
  let examples: Example[] | null = null;
  const docsByFeatures = new Map<string, Int32Array[]>();
  port.on('message', (message: { recipes: Recipe[]; fold: Fold; split?: SplitName; limit?: number }) => {
    const start = performance.now();
    examples ??= loadExamples(readSourceFiles(SOURCES, message.limit === undefined ? {} : { limit: message.limit }));
    const all = examples;
    const recipe = message.recipes[message.fold.recipe] as Recipe;
    const key = JSON.stringify(recipe.features);
    let docs = docsByFeatures.get(key);
    if (!docs) {
      docs = all.map((e) => textCodes(e.text, recipe.features));
      docsByFeatures.set(key, docs);
    }
    const own = recipeSources(recipe).filter((s) => s !== message.fold.leaveOut);
    const picked = all.flatMap((e, i) => (own.includes(e.source) ? [i] : []));
    const { artefact } = trainModel(picked.map((i) => all[i] as Example), recipe.train, recipe.features, picked.map((i) => (docs as Int32Array[])[i] as Int32Array));
    const rows = scoreRows(modelOf(artefact), all, message.fold.test, message.split);
    port.postMessage({ fold: message.fold, rows, seconds: (performance.now() - start) / 1000 } satisfies FoldResult);
  });
}

/** The command line that loads tsx in a worker (workers do not inherit the tsx loader of the main thread). */
function startWorker(): Worker {
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** Runs `folds` of `recipes` on up to `workers` worker threads; results in the order of `folds`. */
export async function runFolds(recipes: readonly Recipe[], folds: readonly Fold[], options: { workers?: number; split?: SplitName; limit?: number } = {}): Promise<FoldResult[]> {
  const count = Math.max(1, Math.min(options.workers ?? Math.min(2, os.availableParallelism()), folds.length));
  const results = new Array<FoldResult>(folds.length);
  let next = 0;
  const pool = Array.from({ length: count }, () => startWorker());
  await Promise.all(
    pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let current = -1;
          const send = (): void => {
            if (next >= folds.length) {
              void worker.terminate().then(() => resolve());
              return;
            }
            current = next++;
            worker.postMessage({ recipes, fold: folds[current], split: options.split, limit: options.limit });
          };
          worker.on('message', (result: FoldResult) => {
            results[current] = result;
            send();
          });
          worker.on('error', reject);
          send();
        }),
    ),
  );
  return results;
}

if (!isMainThread) serveFolds();
