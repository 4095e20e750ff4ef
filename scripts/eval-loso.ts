/**
 * The leave-one-source-out (LOSO) section of `npm run eval`: for each of the ten sources, a model trained on every
 * other source scores the left-out source's train and calibration rows (its held-out rows stay for the final report),
 * for the first recipe (three sources, no emoji) and the current recipe, plus the model shipped before the ten-source
 * training (read from git) on the same rows. Per source and head it labels: ROC AUC of the model head and of the
 * whole scorer, precision/recall/F1 of the scorer at the default thresholds (src/core/flags.ts), the share of clean
 * rows flagged; macro averages over the sources; contrast pairs (HatemojiBuild twins, Toxic Spans posts with their
 * toxic spans cut out). This, not a random split, is the estimate of how the model does on data it has never seen.
 * Fails when the current recipe's macro ROC AUC (TOXICITY or IDENTITY_ATTACK, whole scorer) is below the first
 * recipe's.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLDS } from '../src/core/flags.ts';
import { ATTRIBUTES, type Attribute } from '../src/core/scoring.ts';
import { HEADS, loadExamples, SOURCES, type Example, type Label, type Source } from '../src/scoring/model/datasets.ts';
import { prf, rocAuc } from '../src/scoring/model/metrics.ts';
import { DEFAULT_RECIPE, FIRST_RECIPE, type Recipe } from '../src/scoring/model/recipes.ts';
import type { SplitName } from '../src/scoring/model/split.ts';
import type { SectionResult } from './eval-tropes.ts';
import { foldsOf, modelOf, runFolds, scoreRows, type RowScores } from './loso.ts';
import { BEFORE_COMMIT, readBeforeArtefact, readSourceFiles } from './model-data.ts';

/** Labels measured per source: the learned heads and the attributes the sources label. */
const MEASURED: readonly Label[] = ['TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'THREAT'];

/** Figures of one label on one source. */
interface LabelFigures {
  n: number;
  positives: number;
  /** ROC AUC of the model head (NaN when the label is not a head). */
  headAuc: number;
  /** ROC AUC of the whole scorer's attribute. */
  auc: number;
  precision: number;
  recall: number;
  f1: number;
  /** F1 of the model head alone at the same threshold (NaN when the label is not a head). */
  headF1: number;
  /** F1 of "flagged" (any attribute at its default threshold) against the label. */
  flagF1: number;
}

/** Figures of one model on one source. */
export interface SourceFigures {
  rows: number;
  labels: Partial<Record<Label, LabelFigures>>;
  /** Share of clean rows (TOXICITY 0) flagged by the scorer; share of toxic rows (TOXICITY 1) flagged. */
  cleanFlagged: number;
  toxicFlagged: number;
  /** HatemojiBuild twins: share of pairs whose hateful member has the higher IDENTITY_ATTACK (head; scorer); ties half. */
  pairs?: { n: number; head: number; scorer: number };
  /** Toxic Spans posts: share whose TOXICITY drops when the majority spans are cut out (head; scorer); ties half. */
  cuts?: { n: number; head: number; scorer: number };
}

export type Figures = Partial<Record<Source, SourceFigures>>;

const headIndex = (label: Label): number => (HEADS as readonly string[]).indexOf(label);
const attributeIndex = (label: Label): number => (ATTRIBUTES as readonly string[]).indexOf(label);

/** Share of pairs (higher, lower) where the first is higher; ties count half. */
function orderedShare(pairs: ReadonlyArray<[number, number]>): number {
  if (pairs.length === 0) return Number.NaN;
  return pairs.reduce((s, [a, b]) => s + (a > b ? 1 : a === b ? 0.5 : 0), 0) / pairs.length;
}

/** True when every value is the same (a head the model does not learn). */
function constant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Figures of the scored rows of one source. */
export function sourceFigures(examples: readonly Example[], rows: ReadonlyArray<[number, RowScores]>): SourceFigures {
  const out: SourceFigures = { rows: rows.length, labels: {}, cleanFlagged: Number.NaN, toxicFlagged: Number.NaN };
  for (const label of MEASURED) {
    const picked = rows.filter(([i]) => (examples[i] as Example).labels[label] !== undefined);
    const y = picked.map(([i]) => (examples[i] as Example).labels[label] as 0 | 1);
    const positives = y.filter((v) => v === 1).length;
    if (positives === 0 || positives === y.length) continue;
    const h = headIndex(label);
    const scores = picked.map(([, r]) => r.scores[attributeIndex(label)] as number);
    const threshold = DEFAULT_THRESHOLDS.attributes[label as Attribute];
    const heads = h >= 0 ? picked.map(([, r]) => r.heads[h] as number) : [];
    const learned = h >= 0 && !constant(heads);
    out.labels[label] = {
      n: y.length,
      positives,
      headAuc: learned ? rocAuc(heads, y) : Number.NaN,
      auc: rocAuc(scores, y),
      ...prf(scores, y, threshold),
      headF1: learned ? prf(heads, y, threshold).f1 : Number.NaN,
      flagF1: prf(picked.map(([, r]) => (r.flagged ? 1 : 0)), y, 0.5).f1,
    };
  }
  const flaggedShare = (y: 0 | 1): number => {
    const picked = rows.filter(([i]) => (examples[i] as Example).labels.TOXICITY === y);
    return picked.length === 0 ? Number.NaN : picked.filter(([, r]) => r.flagged).length / picked.length;
  };
  out.cleanFlagged = flaggedShare(0);
  out.toxicFlagged = flaggedShare(1);
  const byPair = new Map<string, Array<[Example, RowScores]>>();
  for (const [i, r] of rows) {
    const e = examples[i] as Example;
    if (e.pair) byPair.set(e.pair, [...(byPair.get(e.pair) ?? []), [e, r]]);
  }
  const twins = [...byPair.values()].filter((p) => p.length === 2 && p[0]?.[0].labels.IDENTITY_ATTACK !== p[1]?.[0].labels.IDENTITY_ATTACK);
  if (twins.length > 0) {
    const ordered = (pick: (r: RowScores) => number): Array<[number, number]> =>
      twins.map((p) => {
        const [a, b] = p as [[Example, RowScores], [Example, RowScores]];
        return a[0].labels.IDENTITY_ATTACK === 1 ? [pick(a[1]), pick(b[1])] : [pick(b[1]), pick(a[1])];
      });
    const h = headIndex('IDENTITY_ATTACK');
    out.pairs = { n: twins.length, head: orderedShare(ordered((r) => r.heads[h] as number)), scorer: orderedShare(ordered((r) => r.scores[attributeIndex('IDENTITY_ATTACK')] as number)) };
  }
  const cut = rows.filter(([, r]) => r.cut);
  if (cut.length > 0) {
    const t = headIndex('TOXICITY');
    out.cuts = {
      n: cut.length,
      head: orderedShare(cut.map(([, r]) => [r.heads[t] as number, (r.cut as [number, number])[0]])),
      scorer: orderedShare(cut.map(([, r]) => [r.scores[attributeIndex('TOXICITY')] as number, (r.cut as [number, number])[1]])),
    };
  }
  return out;
}

/** Mean of the finite values (NaN when none). */
function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Macro averages over the sources of one model: per label, head and scorer ROC AUC and F1s; clean rows flagged. */
export interface MacroFigures {
  headAuc: number;
  auc: number;
  f1: number;
  headF1: number;
  flagF1: number;
  sources: number;
}

export function macro(figures: Figures): { labels: Partial<Record<Label, MacroFigures>>; cleanFlagged: number } {
  const labels: Partial<Record<Label, MacroFigures>> = {};
  for (const label of MEASURED) {
    const per = SOURCES.map((s) => figures[s]?.labels[label]).filter((f): f is LabelFigures => f !== undefined);
    if (per.length === 0) continue;
    const avg = (pick: (f: LabelFigures) => number): number => mean(per.map(pick));
    labels[label] = { headAuc: avg((f) => f.headAuc), auc: avg((f) => f.auc), f1: avg((f) => f.f1), headF1: avg((f) => f.headF1), flagF1: avg((f) => f.flagF1), sources: per.length };
  }
  return { labels, cleanFlagged: mean(SOURCES.map((s) => figures[s]?.cleanFlagged ?? Number.NaN)) };
}

const f3 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '  -  ' : v.toFixed(3));
const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '  -  ' : `${(v * 100).toFixed(1)}%`.padStart(6));

/** The table of one model: a line per source, then the macro line. */
export function formatFigures(title: string, figures: Figures): string[] {
  const lines = [
    `-- ${title} --`,
    'AUC head/scorer; P/R/F1 of the scorer at the default threshold; IDENTITY_ATTACK also F1 of "flagged" (any attribute) against it; INSULT, THREAT F1 head/scorer',
    'source            rows | TOXICITY AUC h/s, P/R/F1 @0.70     | IDENTITY_ATTACK AUC h/s, P/R/F1 @0.50, flag F1 | INSULT AUC h/s, F1 h/s      | THREAT AUC h/s, F1 h/s      | clean flagged, toxic flagged',
  ];
  const main = (f: LabelFigures | undefined): string => (f === undefined ? ' '.repeat(35) : `${f3(f.headAuc)}/${f3(f.auc)} ${f3(f.precision)}/${f3(f.recall)}/${f3(f.f1)}`);
  const side = (f: LabelFigures | undefined): string => (f === undefined ? ' '.repeat(27) : `${f3(f.headAuc)}/${f3(f.auc)} ${f3(f.headF1)}/${f3(f.f1)}`);
  for (const s of SOURCES) {
    const f = figures[s];
    if (!f) continue;
    const ia = f.labels.IDENTITY_ATTACK;
    lines.push(`${s.padEnd(16)} ${String(f.rows).padStart(6)} | ${main(f.labels.TOXICITY)} | ${main(ia)} ${ia ? f3(ia.flagF1) : '     '} | ${side(f.labels.INSULT)} | ${side(f.labels.THREAT)} | ${pct(f.cleanFlagged)} ${pct(f.toxicFlagged)}`);
  }
  const m = macro(figures);
  const part = (label: Label): string => {
    const x = m.labels[label];
    if (!x) return '';
    const flag = label === 'IDENTITY_ATTACK' ? `, flag F1 ${f3(x.flagF1)}` : '';
    return `${label} AUC head ${f3(x.headAuc)} scorer ${f3(x.auc)}, F1 head ${f3(x.headF1)} scorer ${f3(x.f1)}${flag} (${x.sources} sources)`;
  };
  lines.push(`macro: ${MEASURED.map(part).filter((p) => p !== '').join('; ')}; clean rows flagged ${pct(m.cleanFlagged).trim()}`);
  const pairs = figures.hatemoji?.pairs;
  const cuts = figures['toxic-spans']?.cuts;
  if (pairs) lines.push(`contrast pairs (HatemojiBuild, hateful vs its non-hateful twin, n=${pairs.n}): hateful scores higher on IDENTITY_ATTACK in ${pct(pairs.head).trim()} (head), ${pct(pairs.scorer).trim()} (scorer)`);
  if (cuts) lines.push(`toxic spans cut out (Toxic Spans posts, n=${cuts.n}): TOXICITY lower without them in ${pct(cuts.head).trim()} (head), ${pct(cuts.scorer).trim()} (scorer)`);
  return lines;
}

/** Figures of every source from fold results. */
function figuresOf(examples: readonly Example[], rows: ReadonlyArray<[number, RowScores]>): Figures {
  const out: Figures = {};
  for (const s of SOURCES) {
    const own = rows.filter(([i]) => (examples[i] as Example).source === s);
    if (own.length > 0) out[s] = sourceFigures(examples, own);
  }
  return out;
}

/** LOSO figures of each recipe (two workers by default). */
export async function losoFigures(recipes: readonly Recipe[], examples: readonly Example[], options: { split?: SplitName; workers?: number } = {}): Promise<{ figures: Figures[]; seconds: number[] }> {
  const folds = recipes.flatMap((r, k) => foldsOf(r, k));
  const results = await runFolds(recipes, folds, options);
  return {
    figures: recipes.map((_, k) => figuresOf(examples, results.filter((r) => r.fold.recipe === k).flatMap((r) => r.rows))),
    seconds: recipes.map((_, k) => results.filter((r) => r.fold.recipe === k).reduce((s, r) => s + r.seconds, 0)),
  };
}

export async function evalLoso(root: string): Promise<SectionResult> {
  const start = performance.now();
  const examples = loadExamples(readSourceFiles(SOURCES));
  const lines = ['== Leave-one-source-out: each source scored by a model trained on the other sources (its train and calibration rows; held-out rows untouched) =='];
  const recipes = [FIRST_RECIPE, DEFAULT_RECIPE];
  const { figures, seconds } = await losoFigures(recipes, examples);
  const before = readBeforeArtefact(root);
  if (before) {
    const model = modelOf(before);
    const rows = (['heldout', 'calibration', 'train'] as const).flatMap((split) => scoreRows(model, examples, SOURCES.filter((s) => (split === 'heldout') === ['davidson', 'isca', 'stormfront'].includes(s)), split));
    lines.push(...formatFigures(`shipped before (${BEFORE_COMMIT.slice(0, 7)}, trained on davidson/isca/stormfront: their rows here are the held-out ones; the other seven sources never seen)`, figuresOf(examples, rows)), '');
  } else lines.push(`shipped before: weights of ${BEFORE_COMMIT.slice(0, 7)} not readable from git; skipped`, '');
  recipes.forEach((recipe, k) => {
    lines.push(...formatFigures(`recipe "${recipe.name}" (folds: ${seconds[k]?.toFixed(0)} s of worker time)`, figures[k] as Figures), '');
  });
  const [first, now] = figures.map(macro) as [ReturnType<typeof macro>, ReturnType<typeof macro>];
  let ok = true;
  for (const label of ['TOXICITY', 'IDENTITY_ATTACK'] as const) {
    const a = first.labels[label]?.auc ?? Number.NaN;
    const b = now.labels[label]?.auc ?? Number.NaN;
    const held = b >= a;
    ok &&= held;
    lines.push(`macro ${label} ROC AUC (scorer): first recipe ${f3(a)} -> current recipe ${f3(b)}${held ? '' : '  WORSE than the first recipe'}`);
  }
  lines.push(`(section took ${((performance.now() - start) / 1000).toFixed(0)} s)`);
  return { lines, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await evalLoso(new URL('..', import.meta.url).pathname);
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
