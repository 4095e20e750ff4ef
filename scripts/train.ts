/**
 * `npm run train`: reads the ten sources of ../shared/data, trains the embedded model with DEFAULT_RECIPE and writes
 * src/scoring/model/weights/embedded-model.json, printing its sha256 (record it in docs/model-card.md). Options:
 * --out PATH, --limit N (first N records of each file, for trials).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HEADS, loadExamples, SOURCES } from '../src/scoring/model/datasets.ts';
import { DEFAULT_RECIPE } from '../src/scoring/model/recipes.ts';
import { trainModel } from '../src/scoring/model/train.ts';
import { readSourceFiles } from './model-data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_OUT = path.join(ROOT, 'src/scoring/model/weights/embedded-model.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const limitText = arg('--limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive integer, got "${limitText}"`);
  const out = path.resolve(arg('--out') ?? DEFAULT_OUT);
  const start = performance.now();
  const examples = loadExamples(readSourceFiles(SOURCES, limit === undefined ? {} : { limit }));
  const { artefact, calibrationAuc } = trainModel(examples, DEFAULT_RECIPE.train, DEFAULT_RECIPE.features);
  const payloadSha256 = createHash('sha256').update(JSON.stringify({ features: artefact.features, heads: artefact.heads })).digest('hex');
  const json = `${JSON.stringify({ ...artefact, payloadSha256 }, null, 1)}\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, json);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(`trained on ${examples.length} examples in ${seconds} s (recipe "${DEFAULT_RECIPE.name}")`);
  for (const [key, n] of Object.entries(artefact.training.examples)) console.log(`  ${key}: ${n}`);
  for (const h of HEADS) console.log(`  ${h}: ${artefact.heads[h].nonZero} non-zero weights`);
  for (const [key, auc] of Object.entries(calibrationAuc)) if (Number.isFinite(auc)) console.log(`  calibration-split ROC AUC ${key}: ${auc.toFixed(4)}`);
  console.log(`wrote ${path.relative(ROOT, out)} (${(json.length / 1024).toFixed(0)} KiB)`);
  console.log(`sha256 ${createHash('sha256').update(json).digest('hex')}`);
}

try {
  main();
} catch (error) {
  console.error(`train: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
