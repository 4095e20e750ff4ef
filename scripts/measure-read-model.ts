/**
 * Measures the store's write path and read model on one generated thread (docs/adr/0018-read-model-and-bounded-writes.md):
 * save time, the number and longest of its write transactions, the event loop's delay meanwhile (what other requests
 * on the saving thread wait), the cold index (a fresh Store and cache: as after a restart) and the warm one, its size,
 * a 500-comment window, searches, and a re-import (merge) of the same thread. Prints figures with the load; asserts
 * nothing.
 *
 *   npx tsx scripts/measure-read-model.ts [comments=100000] [data-dir=.tmp/measure-read-model]
 *
 * Scores are stored as a scorer would give them, without running a model (the scorer's speed is bench/model.ts's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Thread } from '../src/core/model.ts';
import type { CommentScore, Scorer, TropeHit } from '../src/core/scoring.ts';
import { hashText, Store, type ImportBatch, type ScoreRecord, type TropeRecord } from '../src/app/store/store.ts';
import { currentVersion, windowComments } from '../src/app/thread-read.ts';
import { getThreadView } from '../src/app/thread-view.ts';
import { ThreadIndexCache, threadReads } from '../src/server/thread-routes.ts';
import { generateThread } from '../bench/generate-thread.ts';

const count = Number(process.argv[2] ?? 100_000);
const dir = path.resolve(process.argv[3] ?? '.tmp/measure-read-model');
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const ms = (value: number) => `${value.toFixed(1)} ms`;

const scorer: Scorer = { name: 'measure', version: '1', attributes: ['TOXICITY', 'INSULT'], description: 'stored scores', score: async () => [] };
const detector = { name: 'measure-tropes', version: '1', detect: (): TropeHit[] => [] };
const engines = { scorer, detector };

/** A score as the embedded scorer stores one (two attributes with evidence), derived from the text. */
function scoreOf(text: string): CommentScore {
  const toxic = text.includes('idiot') || text.includes('clown') || text.includes('crap');
  return { scores: { TOXICITY: toxic ? 0.81 : 0.07, INSULT: toxic ? 0.74 : 0.03 }, evidence: toxic ? { INSULT: [{ start: 0, end: 5, text: text.slice(0, 5) }] } : {} };
}

function tropesOf(text: string): TropeHit[] {
  const at = text.indexOf('puppet controlled by the bankers');
  return at < 0 ? [] : [{ id: 'covert-control-of-leaders', name: 'Secret control of leaders', severity: 3, evidence: [{ start: at, end: at + 6, text: 'puppet', role: 'what' }], explanation: 'Secret control of leaders: "the bankers" is said to control "the mayor"' }];
}

function batchOf(thread: Thread, importedAt: string): ImportBatch {
  const hashes = thread.comments.map((c) => hashText(c.text));
  const distinct = new Map<string, string>();
  thread.comments.forEach((c, i) => distinct.set(hashes[i]!, c.text));
  const scores: ScoreRecord[] = [...distinct].map(([hash, text]) => ({ hash, result: scoreOf(text), error: null }));
  const tropes: TropeRecord[] = [...distinct].map(([hash, text]) => ({ hash, hits: tropesOf(text), error: null }));
  return { threads: [{ thread, problems: [], hashes }], importedAt, fileName: 'generated.csv', scorer, detector, scores, tropes };
}

async function timedSave(store: Store, batch: ImportBatch, label: string): Promise<void> {
  const transactions: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  await store.saveImport(batch, { onTransaction: (t) => transactions.push(t) });
  const total = performance.now() - start;
  delay.disable();
  transactions.sort((a, b) => a - b);
  const p = (q: number) => transactions[Math.min(transactions.length - 1, Math.floor(q * transactions.length))]!;
  console.log(`${label}: ${ms(total)} in ${transactions.length} write transactions (median ${ms(p(0.5))}, p99 ${ms(p(0.99))}, longest ${ms(transactions.at(-1)!)}); event loop delay p99 ${ms(delay.percentile(99) / 1e6)}, max ${ms(delay.max / 1e6)} [load ${load()}]`);
}

async function main(): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  const generated = generateThread(count, 10);
  const thread: Thread = {
    id: 'big', title: 'Big thread', url: null, articleText: '', sourceFormat: 'generic-csv',
    comments: generated.map((c) => ({ id: c.id, parentId: c.parent_id, author: c.author, createdAt: c.created_at, createdAtText: null, text: c.text, html: null, kind: 'comment', status: 'published' })),
  };
  console.log(`${count} comments, ${new Set(thread.comments.map((c) => c.text)).size} distinct texts; ${os.cpus().length} cores [load ${load()}]`);
  let store = await Store.open(dir);
  await timedSave(store, batchOf(thread, new Date().toISOString()), 'first save');
  await timedSave(store, batchOf(thread, new Date(Date.now() + 1000).toISOString()), 're-import (merge, all unchanged)');
  await store.close();

  // Before issue 13, the console's first render of a thread after a restart built the full view (getThreadView) and
  // serialized it: measured here beside the index, in the same run, so the load is the same for both.
  store = await Store.open(dir);
  let start = performance.now();
  const view = JSON.stringify(await getThreadView(store, 'big', scorer, detector));
  console.log(`full view (the old first render): ${ms(performance.now() - start)}, ${(view.length / 1e6).toFixed(1)} MB of JSON [load ${load()}]`);
  await store.close();

  // Cold: a new Store and cache, as after a restart.
  store = await Store.open(dir);
  const cache = new ThreadIndexCache();
  start = performance.now();
  const cold = (await cache.json(store, 'big', engines))!;
  console.log(`cold index: ${ms(performance.now() - start)}, ${(cold.length / 1e6).toFixed(1)} MB of JSON [load ${load()}]`);
  start = performance.now();
  await cache.json(store, 'big', engines);
  console.log(`warm index: ${ms(performance.now() - start)} [load ${load()}]`);

  const state = (await currentVersion(store, 'big', engines))!.state;
  for (const from of [0, Math.floor(count / 2), count - 500]) {
    start = performance.now();
    const window = await windowComments(store, 'big', state, Array.from({ length: 500 }, (_, i) => from + i), engines);
    console.log(`window of ${window.length} from ${from}: ${ms(performance.now() - start)} [load ${load()}]`);
  }
  const { searches } = threadReads();
  for (const q of ['puppet', 'grandmother used', 'tramfan', 'xyzzy', 'th']) {
    start = performance.now();
    const matches = await store.snapshot(async (s) => searches.search(s, 'big', state, q));
    console.log(`search "${q}": ${matches?.length ?? 0} matches in ${ms(performance.now() - start)} [load ${load()}]`);
  }
  await store.close();
  const size = fs.statSync(path.join(dir, 'threadscope.db')).size;
  console.log(`database: ${(size / 1e6).toFixed(0)} MB`);
}

await main();
