/**
 * The embedded model's section of `npm run eval`: per attribute with labels, ROC AUC and precision/recall/F1 at the
 * default threshold on the held-out split of ../shared/data (never seen by training or calibration), the
 * identity-term bias table, dialect checks and the seed thread's flags, with the issue's targets. With split
 * 'calibration' (`npm run eval -- --split calibration`) the same figures on the calibration split, for developing the
 * model without looking at the held-out split.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decideFlags, DEFAULT_THRESHOLDS } from '../src/core/flags.ts';
import type { CommentScore } from '../src/core/scoring.ts';
import { importInput } from '../src/importers/registry.ts';
import { formatBiasTable, identityBiasTable } from '../src/scoring/bias/identity-bias.ts';
import { createTropeDetector } from '../src/scoring/index.ts';
import { loadExamples, type Example, type Head, type Source } from '../src/scoring/model/datasets.ts';
import { prf, rocAuc } from '../src/scoring/model/metrics.ts';
import { modelWords } from '../src/scoring/model/words.ts';
import { analyzeText } from '../src/scoring/lexicon/analyze.ts';
import { loadEmbeddedModel, scoreWithModel } from '../src/scoring/model-scorer.ts';
import type { SectionResult } from './eval-tropes.ts';

const TARGETS: Array<{ head: Head; source: Source; auc: number; what: string }> = [
  { head: 'TOXICITY', source: 'davidson', auc: 0.93, what: 'Davidson (offensive or hate vs neither)' },
  { head: 'IDENTITY_ATTACK', source: 'isca', auc: 0.85, what: 'ISCA antisemitism (antisemitic vs not)' },
];

const OTHERS: Array<{ head: Head; source: Source; what: string }> = [
  { head: 'TOXICITY', source: 'stormfront', what: 'Stormfront (hate vs noHate)' },
  { head: 'IDENTITY_ATTACK', source: 'davidson', what: 'Davidson (hate vs offensive or neither)' },
  { head: 'IDENTITY_ATTACK', source: 'stormfront', what: 'Stormfront (hate vs noHate)' },
];

const SEED_FLAGGED = ['Hyman Griebowitz', 'John C Carleton', 'Stuart Westercamp', 'James Willy'];
const DIALECT = ['he finna go to the store', "y'all ain't ready for this weekend", 'I been tryna call my mama all day', 'dat new album lit tho', 'ion even care bruh'];

const f3 = (v: number): string => v.toFixed(3);

export function evalModel(root: string, split: 'heldout' | 'calibration' = 'heldout'): SectionResult {
  const model = loadEmbeddedModel();
  const data = resolve(root, '../shared/data');
  const examples = loadExamples({
    davidson: readFileSync(resolve(data, 'davidson/labeled_data.csv'), 'utf8'),
    isca: readFileSync(resolve(data, 'isca-antisemitism/train.csv'), 'utf8'),
    stormfront: readFileSync(resolve(data, 'stormfront/train.csv'), 'utf8'),
  });
  const held = examples.filter((e) => e.split === split);
  const scored = new Map<Example, { final: CommentScore; model: Record<Head, number> }>();
  for (const e of held) {
    const ctx = analyzeText(e.text).ctx;
    const p = model.predict(modelWords(ctx?.tokens ?? [], model.config.emoji === true), ctx?.tokens.length ?? 0).probability;
    scored.set(e, { final: scoreWithModel(model, e.text), model: p });
  }
  const what = split === 'heldout' ? 'held-out split of ../shared/data' : 'CALIBRATION split of ../shared/data (seen by calibration and the combiner; not the reported figures)';
  const lines = [`== Embedded model (${model.hash.slice(0, 12)}): ${what}, ${held.length} texts never seen by training${split === 'heldout' ? ' or calibration' : ''} ==`];
  let ok = true;
  const measure = (head: Head, source: Source, what: string, target?: number): void => {
    const items = held.filter((e) => e.source === source && e.labels[head] !== undefined);
    const labels = items.map((e) => e.labels[head] as 0 | 1);
    const final = items.map((e) => scored.get(e)?.final.scores[head] ?? 0);
    const modelOnly = items.map((e) => scored.get(e)?.model[head] ?? 0);
    const auc = rocAuc(final, labels);
    const t = DEFAULT_THRESHOLDS.attributes[head];
    const m = prf(final, labels, t);
    const pass = target === undefined ? '' : auc >= target ? `  target ≥ ${target}: met` : `  target ≥ ${target}: MISSED`;
    if (target !== undefined && !(auc >= target)) ok = false;
    lines.push(`${head.padEnd(15)} ${what}: n=${items.length} (${labels.filter((y) => y === 1).length} positive)`);
    lines.push(`  ROC AUC ${f3(auc)} (model head alone ${f3(rocAuc(modelOnly, labels))}); at ${t.toFixed(2)}: precision ${f3(m.precision)} recall ${f3(m.recall)} F1 ${f3(m.f1)}${pass}`);
  };
  for (const t of TARGETS) measure(t.head, t.source, t.what, t.auc);
  for (const o of OTHERS) measure(o.head, o.source, o.what);
  lines.push('SEVERE_TOXICITY, INSULT, PROFANITY, THREAT: no labelled data in ../shared/data; computed by the explicit components (docs/model-card.md).');

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
