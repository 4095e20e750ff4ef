/**
 * The embedded model's section of `npm run eval`: per source and per attribute it labels, ROC AUC (whole scorer and
 * model head alone) and precision/recall/F1 at the default threshold on the held-out split of ../shared/data (never
 * seen by training or calibration), the identity-term bias table, dialect checks and the seed thread's flags, with
 * the targets. With split 'calibration' (`npm run eval -- --split calibration`) the same figures on the calibration
 * split, for developing the model without looking at the held-out split. The leave-one-source-out figures, the
 * estimate for data never seen, are scripts/eval-loso.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decideFlags, DEFAULT_THRESHOLDS } from '../src/core/flags.ts';
import { importInput } from '../src/importers/registry.ts';
import { formatBiasTable, identityBiasTable } from '../src/scoring/bias/identity-bias.ts';
import { createTropeDetector } from '../src/scoring/index.ts';
import { loadExamples, SOURCES, type Head, type Source } from '../src/scoring/model/datasets.ts';
import { loadEmbeddedModel, scoreWithModel } from '../src/scoring/model-scorer.ts';
import { formatFigures, sourceFigures, type Figures } from './eval-loso.ts';
import type { SectionResult } from './eval-tropes.ts';
import { scoreRows } from './loso.ts';
import { readSourceFiles } from './model-data.ts';

/** Targets on the held-out split (the ISCA IDENTITY_ATTACK target of issue 4 was retired by issue 10). */
const TARGETS: Array<{ head: Head; source: Source; auc: number; what: string }> = [
  { head: 'TOXICITY', source: 'davidson', auc: 0.93, what: 'Davidson (offensive or hate vs neither)' },
];

const SEED_FLAGGED = ['Hyman Griebowitz', 'John C Carleton', 'Stuart Westercamp', 'James Willy'];
const DIALECT = ['he finna go to the store', "y'all ain't ready for this weekend", 'I been tryna call my mama all day', 'dat new album lit tho', 'ion even care bruh'];

const f3 = (v: number): string => v.toFixed(3);

export function evalModel(root: string, split: 'heldout' | 'calibration' = 'heldout'): SectionResult {
  const model = loadEmbeddedModel();
  const examples = loadExamples(readSourceFiles(SOURCES, { dir: resolve(root, '../shared/data') }));
  const rows = scoreRows(model, examples, SOURCES, split);
  const figures: Figures = {};
  for (const source of SOURCES) figures[source] = sourceFigures(examples, rows.filter(([i]) => examples[i]?.source === source));
  const what = split === 'heldout' ? 'held-out split of ../shared/data' : 'CALIBRATION split of ../shared/data (seen by calibration and the combiner; not the reported figures)';
  const lines = [`== Embedded model (${model.hash.slice(0, 12)}): ${what}, ${rows.length} texts never seen by training${split === 'heldout' ? ' or calibration' : ''} ==`];
  lines.push(...formatFigures('per source (head = the model head alone, scorer = the shipped score)', figures));
  let ok = true;
  for (const t of TARGETS) {
    const auc = figures[t.source]?.labels[t.head]?.auc ?? Number.NaN;
    const met = auc >= t.auc;
    ok &&= met;
    lines.push(`target: ${t.head} ${t.what} ROC AUC ${f3(auc)} ≥ ${t.auc}: ${met ? 'met' : 'MISSED'}`);
  }
  lines.push('SEVERE_TOXICITY and PROFANITY: no labelled data in ../shared/data; computed by the explicit components (docs/model-card.md).');

  const bias = identityBiasTable((text) => scoreWithModel(model, text), DEFAULT_THRESHOLDS.attributes);
  const worst = Math.max(...bias.flatMap((r) => [r.fprToxicity, r.fprIdentityAttack]));
  if (!(worst < 0.05)) ok = false;
  lines.push('', `Identity-term bias at the default thresholds (src/scoring/bias): worst false-positive rate ${(worst * 100).toFixed(1)}% (bar < 5%)`);
  lines.push(...formatBiasTable(bias));

  lines.push('', 'Dialect (African-American English markers alone must stay low):');
  for (const text of DIALECT) {
    const s = scoreWithModel(model, text).scores;
    const high = (s.TOXICITY ?? 0) >= DEFAULT_THRESHOLDS.attributes.TOXICITY || (s.IDENTITY_ATTACK ?? 0) >= DEFAULT_THRESHOLDS.attributes.IDENTITY_ATTACK;
    if (high) ok = false;
    lines.push(`  ${high ? 'FLAGGED' : 'ok     '} TOXICITY ${f3(s.TOXICITY ?? 0)} IDENTITY_ATTACK ${f3(s.IDENTITY_ATTACK ?? 0)}  "${text}"`);
  }

  const seedPath = resolve(root, '../shared/seeds/000_63fe030f4ed4795b.txt');
  const seed = importInput({ bytes: new Uint8Array(readFileSync(seedPath)), fileName: 'seed.txt' });
  if (!seed.ok) throw new Error(`seed did not import: ${seed.message}`);
  const detector = createTropeDetector();
  const flagged = (seed.threads[0]?.comments ?? [])
    .filter((c) => c.text.trim() !== '' && decideFlags(scoreWithModel(model, c.text), detector.detect(c.text), DEFAULT_THRESHOLDS).flagged)
    .map((c) => c.author);
  const seedOk = JSON.stringify(flagged) === JSON.stringify(SEED_FLAGGED);
  if (!seedOk) ok = false;
  lines.push('', `Seed thread with the default thresholds: flagged ${flagged.join(', ')} — ${seedOk ? 'as expected (issue 2)' : `EXPECTED ${SEED_FLAGGED.join(', ')}`}`);
  return { lines, ok };
}
