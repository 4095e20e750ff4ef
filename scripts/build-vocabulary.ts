/**
 * `npm run vocabulary`: derives the obfuscation repair's vocabulary of ordinary words (src/scoring/text/repair.ts)
 * from the ten labelled sets in ../shared/data and writes src/scoring/text/vocabulary.json: two sorted word lists.
 *
 * Each set's text columns (per ../shared/data/README.md; people's text only, no chatbot replies) are read, cleaned as
 * for training (links, @user handles and HTML entities removed), and every distinct text is tokenized once. A word (a
 * token norm of letters a-z only) is ordinary when it occurs in at least MIN_TEXTS distinct texts: real words and
 * names recur ("killjoy", "therapist", "grape"), a one-off misspelling does not ("despies"). `common` lists those in at
 * least COMMON_TEXTS texts, the words a split may glue to a target ("i", "total"); rarer ones are mostly fragments,
 * abbreviations and names ("est", "ter", "ian"). `words` lists the other ordinary words of at least MIN_TARGET
 * letters (shorter rare words can neither be repaired nor glued, so listing them would only add weight). One-letter
 * tokens are mostly debris ("don t", "5 s", initials), so only the one-letter words of English and text speak are kept
 * (ONE_LETTER_WORDS); else "hatem" would read as hate | m. Deterministic: the same data gives the same file.
 * Options: --data DIR (default ../shared/data), --out PATH.
 */
import fs from 'node:fs';
import path from 'node:path';
import { csvRecords } from '../src/scoring/model/csv.ts';
import { cleanTrainingText } from '../src/scoring/model/words.ts';
import { MIN_TARGET } from '../src/scoring/text/repair.ts';
import { tokenize } from '../src/scoring/text/tokenize.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_DATA = path.resolve(ROOT, '../shared/data');
const DEFAULT_OUT = path.join(ROOT, 'src/scoring/text/vocabulary.json');

/** An ordinary word occurs in this many distinct texts (of about 140,000). */
const MIN_TEXTS = 2;
/** A common word (one a split may glue to a target) occurs in this many distinct texts. */
const COMMON_TEXTS = 100;
/** The one-letter words kept: "a", "I", and "u" (you) of text speak. */
const ONE_LETTER_WORDS = new Set(['a', 'i', 'u']);
const LETTERS = /^[a-z]+$/;

/** A set's files and the columns that hold text written by people (machine-written replies are left out). */
interface SourceSet {
  name: string;
  credit: string;
  licence: string;
  csv?: Array<{ file: string; columns: string[] }>;
  /** JSON lines whose `reddit_thread[].text` are the texts (ToxiChat). */
  threads?: string[];
}

const SETS: SourceSet[] = [
  { name: 'davidson', credit: 'Davidson et al., ICWSM 2017', licence: 'MIT', csv: [{ file: 'davidson/labeled_data.csv', columns: ['tweet'] }] },
  { name: 'isca-antisemitism', credit: 'Jikeli et al., ISCA, Indiana University', licence: 'CC BY 4.0', csv: [{ file: 'isca-antisemitism/train.csv', columns: ['text'] }] },
  { name: 'stormfront', credit: 'de Gibert et al., 2018', licence: 'CC BY-SA 3.0 ES', csv: [{ file: 'stormfront/train.csv', columns: ['text'] }] },
  { name: 'toxic-spans', credit: 'Pavlopoulos et al., ACL 2022 / SemEval 2021', licence: 'CC0 1.0', csv: [{ file: 'toxic-spans/comments.csv', columns: ['comment_text'] }] },
  { name: 'edos', credit: 'Kirk et al., SemEval 2023', licence: 'CC0 1.0', csv: [{ file: 'edos/edos_labelled_aggregated.csv', columns: ['text'] }] },
  {
    name: 'hatemoji-build',
    credit: 'Kirk et al., NAACL 2022',
    licence: 'CC BY 4.0',
    csv: ['train', 'validation', 'test'].map((s) => ({ file: `hatemoji-build/${s}.csv`, columns: ['text', 'matched_text'] })),
  },
  {
    name: 'convabuse',
    credit: 'Cercas Curry et al., EMNLP 2021',
    licence: 'CC BY 4.0',
    csv: ['train', 'valid', 'test'].map((s) => ({ file: `convabuse/ConvAbuseEMNLP${s}.csv`, columns: ['prev_user', 'user'] })),
  },
  { name: 'reddit-misogyny', credit: 'Guest et al., EACL 2021', licence: 'MIT', csv: [{ file: 'reddit-misogyny/final_labels.csv', columns: ['body'] }] },
  {
    name: 'wiki-context-toxicity',
    credit: 'Pavlopoulos et al., ACL 2020',
    licence: 'Apache-2.0; text from Wikipedia, CC BY-SA 3.0',
    csv: [
      { file: 'wiki-context-toxicity/gc.csv', columns: ['text', 'parent'] },
      { file: 'wiki-context-toxicity/gn.csv', columns: ['text'] },
      { file: 'wiki-context-toxicity/cat_small.csv', columns: ['text', 'parent_text'] },
    ],
  },
  { name: 'toxichat', credit: 'Baheti et al., EMNLP 2021', licence: 'CC BY-SA 4.0', threads: ['train', 'dev', 'test'].map((s) => `toxichat/${s}.jsonl`) },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readData(data: string, relative: string): string {
  const file = path.join(data, relative);
  if (!fs.existsSync(file)) throw new Error(`data not found: ${file} (expected ../shared/data next to the repo)`);
  return fs.readFileSync(file, 'utf8');
}

/** The human-written texts of one set. */
function textsOf(data: string, set: SourceSet): string[] {
  const out: string[] = [];
  for (const { file, columns } of set.csv ?? []) {
    for (const r of csvRecords(readData(data, file), file, columns)) for (const c of columns) out.push(r[c] ?? '');
  }
  for (const file of set.threads ?? []) {
    for (const line of readData(data, file).split('\n')) {
      if (line.trim() === '') continue;
      const thread = JSON.parse(line) as { reddit_thread?: Array<{ text?: unknown }> };
      for (const turn of thread.reddit_thread ?? []) if (typeof turn.text === 'string') out.push(turn.text);
    }
  }
  return out;
}

/** Per word, the number of distinct texts it occurs in. */
function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const raw of texts) {
    const text = cleanTrainingText(raw).trim();
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    const words = new Set<string>();
    for (const t of tokenize(text).tokens) if (!t.symbol && LETTERS.test(t.norm)) words.add(t.norm);
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** The sorted lists of common and of other ordinary words. */
function vocabularyOf(counts: ReadonlyMap<string, number>): { common: string[]; words: string[] } {
  const common: string[] = [];
  const words: string[] = [];
  for (const [w, n] of counts) {
    if (n < MIN_TEXTS || (w.length === 1 && !ONE_LETTER_WORDS.has(w))) continue;
    if (n >= COMMON_TEXTS) common.push(w);
    else if (w.length >= MIN_TARGET) words.push(w);
  }
  return { common: common.sort(), words: words.sort() };
}

/** The file: a header, then one word a line (so a rebuild's diff shows the words that came and went). */
function fileText(lists: { common: string[]; words: string[] }): string {
  const header = {
    about:
      'Ordinary words for the obfuscation repair (src/scoring/text/repair.ts): token norms of letters a-z in at least ' +
      `${MIN_TEXTS} distinct texts of the labelled sets below; "common" are those in at least ${COMMON_TEXTS} texts, "words" the other ` +
      `ones of ${MIN_TARGET} letters or more. Generated by scripts/build-vocabulary.ts (npm run vocabulary); do not edit by hand.`,
    licence: 'CC BY-SA 4.0, derived from the sources below (share-alike text among them); see vocabulary.README.md and NOTICE',
    sources: SETS.map((s) => `${s.name}: ${s.credit} (${s.licence})`),
  };
  const lines = Object.entries(header).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const list = (words: string[]): string => `[\n${words.map((w) => JSON.stringify(w)).join(',\n')}\n]`;
  return `{\n${lines.join('\n')}\n"common": ${list(lists.common)},\n"words": ${list(lists.words)}\n}\n`;
}

function main(): void {
  const data = path.resolve(arg('--data') ?? DEFAULT_DATA);
  const out = path.resolve(arg('--out') ?? DEFAULT_OUT);
  const texts: string[] = [];
  for (const set of SETS) texts.push(...textsOf(data, set));
  const counts = countWords(texts);
  const lists = vocabularyOf(counts);
  const json = fileText(lists);
  fs.writeFileSync(out, json);
  console.log(
    `${lists.common.length} common and ${lists.words.length} other words (of ${counts.size} distinct) from ${texts.length} texts -> ` +
      `${path.relative(ROOT, out)} (${(json.length / 1024).toFixed(0)} KiB)`,
  );
}

main();
