/**
 * `npm run train`: reads ../shared/data, trains the embedded model and writes src/scoring/model/weights/embedded-model.json,
 * printing its sha256 (record it in docs/model-card.md). Options: --out PATH, --limit N (first N rows per source, for trials).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HEADS, loadExamples, type SourceFiles } from '../src/scoring/model/datasets.ts';
import { trainModel } from '../src/scoring/model/train.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');
const DEFAULT_OUT = path.join(ROOT, 'src/scoring/model/weights/embedded-model.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function read(relative: string, limit: number | undefined): string {
  const file = path.join(DATA, relative);
  if (!fs.existsSync(file)) throw new Error(`training data not found: ${file} (expected ../shared/data next to the repo)`);
  const text = fs.readFileSync(file, 'utf8');
  if (limit === undefined) return text;
  // Cut after `limit` records while respecting quoted line breaks: count newlines outside quotes.
  let inQuotes = false;
  let rows = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') inQuotes = !inQuotes;
    else if (text[i] === '\n' && !inQuotes && ++rows > limit) return text.slice(0, i + 1);
  }
  return text;
}

function main(): void {
  const limitText = arg('--limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive integer, got "${limitText}"`);
  const out = path.resolve(arg('--out') ?? DEFAULT_OUT);
  const start = performance.now();
  const files: SourceFiles = {
    davidson: read('davidson/labeled_data.csv', limit),
    isca: read('isca-antisemitism/train.csv', limit),
    stormfront: read('stormfront/train.csv', limit),
  };
  const examples = loadExamples(files);
  const { artefact, calibrationAuc } = trainModel(examples);
  const payloadSha256 = createHash('sha256').update(JSON.stringify({ features: artefact.features, heads: artefact.heads })).digest('hex');
  const json = `${JSON.stringify({ ...artefact, payloadSha256 }, null, 1)}\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, json);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(`trained on ${examples.length} examples in ${seconds} s`);
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
