/**
 * Reads the labelled sources of ../shared/data for the model's scripts (train, eval, bench): one home for the file
 * names. `limit` keeps the first N records of each CSV or JSONL file (for quick trials; pairs and posts may then be
 * incomplete). Also reads the artefact shipped before the ten-source training from git, for before/after figures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Source, SourceFiles } from '../src/scoring/model/datasets.ts';

export const DATA_DIR = path.resolve(import.meta.dirname, '../../shared/data');

/** The first `limit` records of CSV text (quoted line breaks respected) or of JSONL text. */
function firstRecords(text: string, limit: number | undefined, jsonl: boolean): string {
  if (limit === undefined) return text;
  let inQuotes = false;
  let rows = 0;
  for (let i = 0; i < text.length; i++) {
    if (!jsonl && text[i] === '"') inQuotes = !inQuotes;
    else if (text[i] === '\n' && !inQuotes && ++rows > (jsonl ? limit - 1 : limit)) return text.slice(0, i + 1);
  }
  return text;
}

function reader(dir: string, limit: number | undefined): (relative: string) => string {
  return (relative) => {
    const file = path.join(dir, relative);
    if (!fs.existsSync(file)) throw new Error(`training data not found: ${file} (expected ../shared/data next to the repo)`);
    return firstRecords(fs.readFileSync(file, 'utf8'), limit, relative.endsWith('.jsonl'));
  };
}

/** The files of each source, read through `read`. */
const FILES: { [S in Source]: (read: (relative: string) => string) => Partial<SourceFiles> } = {
  davidson: (read) => ({ davidson: read('davidson/labeled_data.csv') }),
  isca: (read) => ({ isca: read('isca-antisemitism/train.csv') }),
  stormfront: (read) => ({ stormfront: read('stormfront/train.csv') }),
  'toxic-spans': (read) => ({ toxicSpans: { posts: read('toxic-spans/posts.csv'), annotations: read('toxic-spans/annotations.csv'), spans: read('toxic-spans/spans.csv') } }),
  edos: (read) => ({ edos: read('edos/edos_labelled_aggregated.csv') }),
  hatemoji: (read) => ({ hatemoji: ['train', 'validation', 'test'].map((s) => read(`hatemoji-build/${s}.csv`)) }),
  convabuse: (read) => ({ convabuse: ['train', 'valid', 'test'].map((s) => read(`convabuse/ConvAbuseEMNLP${s}.csv`)) }),
  'reddit-misogyny': (read) => ({ redditMisogyny: read('reddit-misogyny/final_labels.csv') }),
  wiki: (read) => ({ wiki: { gc: read('wiki-context-toxicity/gc.csv'), gn: read('wiki-context-toxicity/gn.csv'), catSmall: read('wiki-context-toxicity/cat_small.csv') } }),
  toxichat: (read) => ({ toxichat: ['train', 'dev', 'test'].map((s) => read(`toxichat/${s}.jsonl`)) }),
};

/** Contents of the files of `sources` (all ten by default). */
export function readSourceFiles(sources: readonly Source[], options: { dir?: string; limit?: number } = {}): SourceFiles {
  const read = reader(options.dir ?? DATA_DIR, options.limit);
  return Object.assign({}, ...sources.map((s) => FILES[s](read))) as SourceFiles;
}

/** The last commit whose weights were trained on three sources: "shipped before" in the eval and the bench. */
export const BEFORE_COMMIT = '54e1a838c683623c486bff77d0fbd1e155a84144';

/** The parsed JSON of the artefact shipped before (BEFORE_COMMIT), from git; null when git or the commit is not there. */
export function readBeforeArtefact(root: string): object | null {
  try {
    const json = execFileSync('git', ['show', `${BEFORE_COMMIT}:src/scoring/model/weights/embedded-model.json`], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(json) as object;
  } catch {
    return null;
  }
}
