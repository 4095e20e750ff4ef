/**
 * Identity check of the embedded scoring code against another tree (a worktree of an older commit): scores and
 * detects the same texts with both and compares the JSON of every answer (scores, evidence spans, explanations,
 * language fields, lexicon scores and trope hits), so a speed change can be shown to change no answer.
 *
 *   git worktree add ../base 60750c1 && ln -s "$PWD/node_modules" ../base/node_modules
 *   npx tsx scripts/scorer-identity.ts ../base [--limit N] [--out DIR] [--reuse-old]
 *
 * The texts: every distinct text of the real sources under ../shared/data (news comments, posts, tweets, Wikipedia
 * talk, forum sentences, the trope and suite cases), and variants of some of them that take the tokenizer's rarer
 * paths (leetspeak, masked and spelled-out words, homoglyphs, invisible characters, letter runs, capitals). Each tree
 * runs in its own child process (so neither shares a module or a cache with the other) and writes one line per text
 * to DIR (default .tmp/scorer-identity); the first differing texts are printed. Exit 0 when identical, 1 otherwise.
 * `--reuse-old` keeps the older tree's answers from an earlier run over the same texts (they do not change).
 * Reads nothing of the older tree but its code; writes only under DIR.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { csvRecords } from '../src/scoring/model/csv.ts';
import type * as ModelScorer from '../src/scoring/model-scorer.ts';
import type * as LexiconScorer from '../src/scoring/lexicon-scorer.ts';
import type * as Detector from '../src/scoring/tropes/detector.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');

/** CSV sources and their text column (a missing file is skipped and said). */
const CSV_SOURCES: ReadonlyArray<[string, string]> = [
  ['toxic-spans/comments.csv', 'comment_text'],
  ['edos/edos_labelled_aggregated.csv', 'text'],
  ['davidson/labeled_data.csv', 'tweet'],
  ['stormfront/train.csv', 'text'],
  ['isca-antisemitism/train.csv', 'text'],
  ['reddit-misogyny/final_labels.csv', 'body'],
  ['hatemoji-build/train.csv', 'text'],
  ['convabuse/ConvAbuseEMNLPtrain.csv', 'user'],
  ['wiki-context-toxicity/gc.csv', 'text'],
  ['wiki-context-toxicity/gn.csv', 'text'],
];
/** JSONL sources and their text field. */
const JSONL_SOURCES: ReadonlyArray<[string, string]> = [
  [path.join(DATA, 'tropes/dev-cases.jsonl'), 'text'],
  [path.join(DATA, 'toxichat/train.jsonl'), 'reddit_thread'],
  ...fs.readdirSync(path.join(ROOT, 'src/scoring/tropes/cases')).map((f): [string, string] => [path.join(ROOT, 'src/scoring/tropes/cases', f), 'text']),
  ...fs.readdirSync(path.join(ROOT, 'src/scoring/suite/cases')).filter((f) => f.endsWith('.jsonl')).map((f): [string, string] => [path.join(ROOT, 'src/scoring/suite/cases', f), 'text']),
];

function csvTexts(file: string, column: string): string[] {
  const full = path.join(DATA, file);
  if (!fs.existsSync(full)) {
    process.stderr.write(`identity: ${file} not found, skipped\n`);
    return [];
  }
  try {
    return csvRecords(fs.readFileSync(full, 'utf8'), file, [column]).map((r) => r[column] ?? '');
  } catch (error) {
    process.stderr.write(`identity: ${file}: ${error instanceof Error ? error.message : String(error)}, skipped\n`);
    return [];
  }
}

function jsonlTexts(file: string, field: string): string[] {
  if (!fs.existsSync(file)) return [];
  const out: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = (JSON.parse(line) as Record<string, unknown>)[field];
      if (typeof value === 'string') out.push(value);
      // ToxiChat: a thread of turns, each with its text.
      if (Array.isArray(value)) for (const turn of value) if (typeof (turn as { text?: unknown })?.text === 'string') out.push((turn as { text: string }).text);
    } catch {
      // a line that is not JSON is not a text
    }
  }
  return out;
}

/** Deterministic variants that take the tokenizer's rarer paths; `k` picks one. */
const VARIANTS: ReadonlyArray<(t: string) => string> = [
  (t) => t.replace(/[aeios]/g, (c) => ({ a: '4', e: '3', i: '1', o: '0', s: '$' })[c] as string),
  (t) => t.replace(/\b(\w)(\w{2,})(\w)\b/g, (_, a: string, b: string, c: string) => `${a}${'*'.repeat(Math.min(2, b.length))}${b.slice(2)}${c}`),
  (t) => t.replace(/\b(\w{4,6})\b/g, (w: string) => w.split('').join(' ')),
  (t) => t.replace(/[aeoc]/g, (c) => ({ a: '\u0430', e: '\u0435', o: '\u043e', c: '\u0441' })[c] as string),
  (t) => t.replace(/(\w)(\w)/g, '$1\u200b$2'),
  (t) => t.replace(/([aeiou])/g, '$1$1$1'),
  (t) => t.toUpperCase(),
  (t) => t.replace(/\b(\w+)(\w)(\w)\b/g, '$1$3$2'),
  (t) => `"${t}" \u{1F600}\u{1F44D} \u2026 (((them)))`,
];

function collectTexts(limit: number): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  const add = (t: string): void => {
    if (!seen.has(t)) {
      seen.add(t);
      texts.push(t);
    }
  };
  const base: string[] = [];
  for (const [file, column] of CSV_SOURCES) base.push(...csvTexts(file, column));
  for (const [file, field] of JSONL_SOURCES) base.push(...jsonlTexts(file, field));
  for (const t of base) add(t);
  const real = texts.length;
  for (let k = 0; k < real; k += 7) add((VARIANTS[(k / 7) % VARIANTS.length] as (t: string) => string)(texts[k] as string));
  process.stderr.write(`identity: ${real.toLocaleString('en')} distinct real texts and ${(texts.length - real).toLocaleString('en')} variants\n`);
  return texts.slice(0, limit);
}

/** Child mode: scores `texts` with the tree at `root` and writes one JSON line per text to `out`. */
async function runChild(root: string, textsFile: string, out: string): Promise<void> {
  const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8')) as string[];
  const { createModelScorer } = (await import(path.join(root, 'src/scoring/model-scorer.ts'))) as typeof ModelScorer;
  const { createLexiconScorer } = (await import(path.join(root, 'src/scoring/lexicon-scorer.ts'))) as typeof LexiconScorer;
  const { detectTropes } = (await import(path.join(root, 'src/scoring/tropes/detector.ts'))) as typeof Detector;
  const model = createModelScorer();
  const lexicon = createLexiconScorer();
  const fd = fs.openSync(out, 'w');
  const BATCH = 500;
  for (let from = 0; from < texts.length; from += BATCH) {
    const requests = texts.slice(from, from + BATCH).map((text, i) => ({ key: String(from + i), text }));
    const [scored, lexical] = await Promise.all([model.score(requests), lexicon.score(requests)]);
    let chunk = '';
    requests.forEach((r, i) => {
      chunk += `${JSON.stringify({ model: scored[i], lexicon: lexical[i], tropes: detectTropes(r.text) })}\n`;
    });
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

async function* lines(file: string): AsyncGenerator<string> {
  yield* readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

async function compare(texts: readonly string[], a: string, b: string): Promise<number> {
  const left = lines(a);
  const right = lines(b);
  let differ = 0;
  for (let i = 0; i < texts.length; i++) {
    const x = (await left.next()).value as string | undefined;
    const y = (await right.next()).value as string | undefined;
    if (x === y && x !== undefined) continue;
    differ++;
    if (differ <= 5) process.stdout.write(`DIFFERS #${i}: ${JSON.stringify(texts[i])}\n  old: ${x}\n  new: ${y}\n`);
  }
  return differ;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await runChild(args[1] as string, args[2] as string, args[3] as string);
    return;
  }
  const other = args[0];
  if (!other || !fs.existsSync(path.join(other, 'src/scoring/model-scorer.ts'))) {
    process.stderr.write('usage: tsx scripts/scorer-identity.ts <other-tree> [--limit N] [--out DIR]\n');
    process.exit(2);
  }
  const limitAt = args.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Number.POSITIVE_INFINITY;
  const outAt = args.indexOf('--out');
  const dir = path.resolve(outAt >= 0 ? (args[outAt + 1] as string) : path.join(ROOT, '.tmp/scorer-identity'));
  fs.mkdirSync(dir, { recursive: true });
  const texts = collectTexts(limit);
  const textsFile = path.join(dir, 'texts.json');
  const json = JSON.stringify(texts);
  const sameTexts = fs.existsSync(textsFile) && fs.readFileSync(textsFile, 'utf8') === json;
  fs.writeFileSync(textsFile, json);
  const trees: Array<[string, string]> = [[path.resolve(other), path.join(dir, 'old.jsonl')], [ROOT, path.join(dir, 'new.jsonl')]];
  for (const [root, out] of trees) {
    if (root !== ROOT && args.includes('--reuse-old') && sameTexts && fs.existsSync(out)) {
      process.stderr.write(`identity: ${root}'s answers kept from the last run over the same texts\n`);
      continue;
    }
    const start = Date.now();
    execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', root, textsFile, out], { stdio: 'inherit' });
    process.stderr.write(`identity: ${root} answered ${texts.length.toLocaleString('en')} texts in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  }
  const differ = await compare(texts, trees[0]?.[1] as string, trees[1]?.[1] as string);
  process.stdout.write(`${texts.length.toLocaleString('en')} texts: ${differ === 0 ? 'every answer identical' : `${differ.toLocaleString('en')} answers differ`}\n`);
  process.exit(differ === 0 ? 0 : 1);
}

await main();
