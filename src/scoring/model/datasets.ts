/**
 * Turns the three labelled sources of ../shared/data into examples with per-head labels (a head's label is absent
 * where the source says nothing about it). Runtime-neutral: takes the file contents, not paths.
 */
import { csvRecords } from './csv.ts';
import { splitOf, type SplitName } from './split.ts';
import { cleanTrainingText } from './words.ts';

/** The attributes learned from data, one stored head each; the other four are computed (docs/model-card.md). */
export const HEADS = ['TOXICITY', 'IDENTITY_ATTACK'] as const;
export type Head = (typeof HEADS)[number];

/**
 * The fits of a training run: one per head, plus ANTISEMITISM, an ISCA-led fit that is no attribute of its own but a
 * second reader for IDENTITY_ATTACK; the stacked combiner (combiner.ts) folds it into the stored IDENTITY_ATTACK head.
 */
export const FITS = ['TOXICITY', 'IDENTITY_ATTACK', 'ANTISEMITISM'] as const;
export type Fit = (typeof FITS)[number];

export type Source = 'davidson' | 'isca' | 'stormfront';

/** One labelled text. */
export interface Example {
  text: string;
  source: Source;
  split: SplitName;
  /** 1 positive, 0 negative; absent when the source does not label this fit. */
  labels: Partial<Record<Fit, 0 | 1>>;
  /** Davidson only: 0 hate, 1 offensive, 2 neither. */
  davidsonClass?: 0 | 1 | 2;
}

/** Contents of the three source files. */
export interface SourceFiles {
  davidson: string;
  isca: string;
  stormfront: string;
}

function example(raw: string, source: Source, labels: Partial<Record<Fit, 0 | 1>>, extra: Partial<Example> = {}): Example | null {
  const text = cleanTrainingText(raw).trim();
  if (text === '') return null;
  return { text, source, split: splitOf(text), labels, ...extra };
}

/** Davidson: TOXICITY = hate or offensive vs neither; IDENTITY_ATTACK = hate vs the rest. */
function davidson(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'davidson/labeled_data.csv', ['class', 'tweet'])) {
    const cls = Number(r.class);
    if (cls !== 0 && cls !== 1 && cls !== 2) throw new Error(`davidson/labeled_data.csv: bad class "${r.class}"`);
    const e = example(r.tweet ?? '', 'davidson', { TOXICITY: cls === 2 ? 0 : 1, IDENTITY_ATTACK: cls === 0 ? 1 : 0 }, { davidsonClass: cls });
    if (e) out.push(e);
  }
  return out;
}

/**
 * ISCA: IDENTITY_ATTACK and ANTISEMITISM = antisemitic (IHRA definition) vs not; no TOXICITY label (not-antisemitic
 * is not "not toxic"). The `keyword` column (how a tweet was sampled) is not read: it does not exist at scoring time.
 */
function isca(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'isca-antisemitism/train.csv', ['antisemitic', 'text'])) {
    if (r.antisemitic !== '0' && r.antisemitic !== '1') throw new Error(`isca-antisemitism/train.csv: bad label "${r.antisemitic}"`);
    const e = example(r.text ?? '', 'isca', { IDENTITY_ATTACK: r.antisemitic === '1' ? 1 : 0, ANTISEMITISM: r.antisemitic === '1' ? 1 : 0 });
    if (e) out.push(e);
  }
  return out;
}

/**
 * Stormfront: hate vs noHate for every head (ANTISEMITISM uses it at a low weight as extra hate speech); "relation"
 * (hateful only with context) and "idk/skip" are left out.
 */
function stormfront(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'stormfront/train.csv', ['label', 'text'])) {
    if (r.label !== 'hate' && r.label !== 'noHate') continue;
    const y = r.label === 'hate' ? 1 : 0;
    const e = example(r.text ?? '', 'stormfront', { TOXICITY: y, IDENTITY_ATTACK: y, ANTISEMITISM: y });
    if (e) out.push(e);
  }
  return out;
}

/** All examples, in file order (davidson, isca, stormfront). */
export function loadExamples(files: SourceFiles): Example[] {
  return [...davidson(files.davidson), ...isca(files.isca), ...stormfront(files.stormfront)];
}
