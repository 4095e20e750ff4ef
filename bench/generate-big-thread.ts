/**
 * Deterministic generator of issue 13's big thread: ONE thread of 100,000 comments of real forum sentences, nested up
 * to 10 deep, with authors and times, written as the generic CSV the importer reads (id, parent_id, author,
 * created_at, text), about 21 MB.
 * Texts come from ../shared/data, the text column of each source only (never a label): Stormfront forum sentences,
 * Reddit comments (reddit-misogyny, ToxiChat's human turns), Gab/Reddit posts (EDOS), chatbot users (ConvAbuse) and
 * Wikipedia talk comments (wiki-context-toxicity). Every distinct text is used once; the data holds about 63,000, so
 * the rest of the 100,000 are made of real sentences of those texts joined (a comment of 1-4 sentences as long as a
 * real one), each distinct from every other comment: scoring caches by text hash, so a repeated text would flatter
 * the figures. The file is generated when the bench runs (into bench/out/, git-ignored), never committed.
 * Alone: `npx tsx bench/generate-big-thread.ts [out-dir]` writes the file and prints what it holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../src/scoring/model/logistic.ts';
import { csvRecords } from '../src/scoring/model/csv.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** Comments in the thread and how deep replies nest, as in the issue. */
export const BIG_THREAD_COMMENTS = 100_000;
export const BIG_THREAD_MAX_DEPTH = 10;
/** File name of the generated thread (its stem is the thread's title). */
export const BIG_THREAD_FILE = 'big-thread-100000.csv';

/** A text column of one file under ../shared/data. */
interface Source {
  name: string;
  read: () => string[];
}

function csvColumn(file: string, column: string): () => string[] {
  return () => csvRecords(fs.readFileSync(path.join(DATA, file), 'utf8'), file, [column]).map((r) => r[column] ?? '');
}

/** ToxiChat: the human turns (title + post, replies) of each Reddit thread; the chatbot replies are left out. */
function toxichatTurns(): string[] {
  const texts: string[] = [];
  for (const split of ['train', 'dev', 'test']) {
    for (const line of fs.readFileSync(path.join(DATA, `toxichat/${split}.jsonl`), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const thread = JSON.parse(line) as { reddit_thread?: Array<{ text?: unknown }> };
      for (const turn of thread.reddit_thread ?? []) if (typeof turn.text === 'string') texts.push(turn.text);
    }
  }
  return texts;
}

const SOURCES: readonly Source[] = [
  { name: 'stormfront', read: csvColumn('stormfront/train.csv', 'text') },
  { name: 'reddit-misogyny', read: csvColumn('reddit-misogyny/final_labels.csv', 'body') },
  { name: 'edos', read: csvColumn('edos/edos_labelled_aggregated.csv', 'text') },
  { name: 'convabuse', read: () => ['train', 'valid', 'test'].flatMap((s) => csvColumn(`convabuse/ConvAbuseEMNLP${s}.csv`, 'user')()) },
  { name: 'toxichat', read: toxichatTurns },
  { name: 'wiki-context-toxicity', read: () => [...csvColumn('wiki-context-toxicity/gc.csv', 'text')(), ...csvColumn('wiki-context-toxicity/gn.csv', 'text')()] },
];

/** What a generated file holds, for the bench's output. */
export interface BigThreadStats {
  file: string;
  bytes: number;
  comments: number;
  /** Distinct comment texts (all of them, unless the data ran out of combinations). */
  distinct: number;
  /** Texts taken whole from the data, per source (each distinct text once). */
  whole: Record<string, number>;
  /** Texts made of 1-4 real sentences joined. */
  composed: number;
  maxDepth: number;
  topLevel: number;
  authors: number;
}

/** Every distinct, non-blank text of the sources (trimmed), in a deterministic shuffled order, with its source. */
export function realTexts(random: () => number): Array<{ text: string; source: string }> {
  const seen = new Set<string>();
  const all: Array<{ text: string; source: string }> = [];
  for (const source of SOURCES) {
    for (const raw of source.read()) {
      const text = raw.trim();
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      all.push({ text, source: source.name });
    }
  }
  return shuffle(all, random);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Sentences of the real texts (split after . ! ? and at line breaks), each at least two words, each once. */
export function sentencesOf(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const part of text.split(/(?<=[.!?])\s+|\s*\n+\s*/)) {
      const sentence = part.trim();
      if (sentence.includes(' ') && sentence.length <= 400) seen.add(sentence);
    }
  }
  return [...seen];
}

/**
 * `count` texts not in `taken`, each 1-4 real sentences joined, about as long as a real text picked at random
 * (so the length distribution stays that of the data).
 */
function composedTexts(count: number, sentences: readonly string[], lengths: readonly number[], taken: Set<string>, random: () => number): string[] {
  const out: string[] = [];
  let attempts = 0;
  while (out.length < count && attempts < count * 20) {
    attempts++;
    const target = Math.min(lengths[Math.floor(random() * lengths.length)]!, 600);
    let text = sentences[Math.floor(random() * sentences.length)]!;
    for (let n = 1; n < 4 && text.length < target; n++) text += ` ${sentences[Math.floor(random() * sentences.length)]!}`;
    if (taken.has(text)) continue;
    taken.add(text);
    out.push(text);
  }
  return out;
}

/** Forum-like handles, a few posting a lot (a skewed pick), as on a real thread. */
function authorName(random: () => number): string {
  const FIRST = ['blue', 'old', 'north', 'quiet', 'red', 'iron', 'lucky', 'grey', 'wild', 'late', 'salty', 'true'];
  const SECOND = ['finch', 'tram', 'harbor', 'owl', 'fox', 'river', 'oak', 'stone', 'reader', 'voter', 'guest', 'lurker'];
  const n = Math.floor(4000 * random() ** 3);
  return `${FIRST[n % FIRST.length]}_${SECOND[Math.floor(n / FIRST.length) % SECOND.length]}${n}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The thread as generic CSV text and what it holds. Each comment replies (80 %) to one of the 50 latest comments
 * unless that one is already `maxDepth` deep, as in generate-thread.ts; times advance 1-90 s a comment.
 */
export function generateBigThread(count = BIG_THREAD_COMMENTS, maxDepth = BIG_THREAD_MAX_DEPTH, seed = 13): { csv: string; stats: Omit<BigThreadStats, 'file' | 'bytes'> } {
  const random = mulberry32(seed);
  const real = realTexts(random).slice(0, count);
  const taken = new Set(real.map((r) => r.text));
  const whole: Record<string, number> = {};
  for (const r of real) whole[r.source] = (whole[r.source] ?? 0) + 1;
  const extra = composedTexts(count - real.length, sentencesOf(real.map((r) => r.text)), real.map((r) => r.text.length), taken, random);
  const texts = shuffle([...real.map((r) => r.text), ...extra], random);
  if (texts.length < count) throw new Error(`only ${texts.length} distinct texts could be made from ${DATA}; ${count} needed`);

  const lines: string[] = ['id,parent_id,author,created_at,text'];
  const depths: number[] = [];
  const authors = new Set<string>();
  let time = Date.UTC(2025, 5, 1, 8, 0, 0);
  let topLevel = 0;
  let deepest = 0;
  for (let i = 0; i < count; i++) {
    let parent: number | null = null;
    if (i > 0 && random() < 0.8) {
      const candidate = Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)));
      if (depths[candidate]! < maxDepth) parent = candidate;
    }
    const depth = parent === null ? 0 : depths[parent]! + 1;
    depths.push(depth);
    if (parent === null) topLevel++;
    deepest = Math.max(deepest, depth);
    const author = authorName(random);
    authors.add(author);
    time += 1000 + Math.floor(random() * 89_000);
    lines.push(`c${i + 1},${parent === null ? '' : `c${parent + 1}`},${author},${new Date(time).toISOString()},${csvField(texts[i]!)}`);
  }
  return {
    csv: `${lines.join('\n')}\n`,
    stats: { comments: count, distinct: new Set(texts).size, whole, composed: extra.length, maxDepth: deepest, topLevel, authors: authors.size },
  };
}

/** Generates the thread into `outDir` (created when missing) and says what it holds; `count` only to try the bench out. */
export function writeBigThread(outDir: string, count = BIG_THREAD_COMMENTS): BigThreadStats {
  fs.mkdirSync(outDir, { recursive: true });
  const { csv, stats } = generateBigThread(count);
  const file = path.join(outDir, count === BIG_THREAD_COMMENTS ? BIG_THREAD_FILE : `big-thread-${count}.csv`);
  fs.writeFileSync(file, csv);
  return { ...stats, file, bytes: Buffer.byteLength(csv) };
}

/** One line about the generated file. */
export function describeBigThread(s: BigThreadStats): string {
  const sources = Object.entries(s.whole).map(([name, n]) => `${name} ${n.toLocaleString('en')}`).join(', ');
  return (
    `${path.basename(s.file)}: ${s.comments.toLocaleString('en')} comments in one thread, ${(s.bytes / 1e6).toFixed(1)} MB generic CSV, ` +
    `max depth ${s.maxDepth}, ${s.topLevel.toLocaleString('en')} top-level, ${s.authors.toLocaleString('en')} authors; ` +
    `${s.distinct.toLocaleString('en')} distinct texts: ${(s.comments - s.composed).toLocaleString('en')} whole texts of ../shared/data (${sources}) ` +
    `and ${s.composed.toLocaleString('en')} made of 1-4 of their sentences`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stats = writeBigThread(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, 'out')));
  console.log(describeBigThread(stats));
}
