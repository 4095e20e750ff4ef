/**
 * `npm run bench`: prints timings for the seed and a generated 10,000-comment thread (nested up to 10 deep):
 * parse, score, tree, and the whole import + score + store + tree path through the real pipeline into a fresh
 * SQLite database, then the browser's time to first render of the thread view (Playwright, Chromium) and the
 * browser scoring worker on the whole thread (Check in browser).
 * Then a generated 100,000-comment WordPress WXR and Disqus export, each imported in a child process (generate-exports.ts);
 * then comments:analyze of the Perspective-compatible API under load against a server process (analyze.ts);
 * last, issue 13's big thread (big-thread.ts): 100,000 real comments nested 10 deep through the CLI (against a bare
 * read-and-tokenize pass), a server import with other requests timed meanwhile, and the console in Chromium.
 * `npm run bench -- team` runs only the team server's figures (bench/team.ts: login, a decision reaching another
 * moderator's event stream); `npm run bench -- live` the live events between two servers on PostgreSQL (bench/live.ts:
 * the bus alone, then two server processes); `npm run bench -- queue [--threads N] [--comments N] [--workers 1,2]`
 * imports and scores 1,000 threads of 1,000 comments through the job queue on PostgreSQL with 1 and then 2 worker
 * processes, and `npm run bench -- queue-kill [--comments N] [--kill-at import|scoring] [--kill-after S]` kills a
 * worker with SIGKILL in the middle of a 100,000-comment import (bench/queue.ts; both verify what was stored and exit
 * 1 when it is wrong); `npm run bench -- big` runs only the big thread; `npm run bench -- small` only the seed and the 10,000-comment thread
 * (pipeline, first render, browser check), to see that nothing got worse for them.
 * Figures are printed, never asserted: targets are checked by reading them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTree } from '../src/core/tree.ts';
import { importInput } from '../src/importers/registry.ts';
import { createEmbeddedScorer, createTropeDetector } from '../src/scoring/index.ts';
import { getThreadView } from '../src/app/thread-view.ts';
import { importAndScore } from '../src/app/pipeline.ts';
import { Store } from '../src/app/store/store.ts';
import { benchAnalyze } from './analyze.ts';
import { benchBigThread } from './big-thread.ts';
import { benchBrowserCheck } from './browser-check.ts';
import { generateThread } from './generate-thread.ts';
import { benchLargeExports } from './generate-exports.ts';
import { benchModel } from './model.ts';
import { withServedThread, type Case } from './served.ts';
import { benchLive } from './live.ts';
import { benchQueueCommand } from './queue.ts';
import { benchTeam } from './team.ts';
import { benchTropes } from './tropes.ts';

const SEED = path.resolve(import.meta.dirname, '../../shared/seeds/000_63fe030f4ed4795b.txt');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** Phases measured separately, then the whole path into a fresh database; median of RUNS runs each. */
async function benchPipeline(c: Case): Promise<string> {
  const scorer = createEmbeddedScorer();
  const detector = createTropeDetector();
  const parse: number[] = [], tree: number[] = [], score: number[] = [], tropes: number[] = [], whole: number[] = [], view: number[] = [];
  let comments = 0, maxDepth = 0;
  for (let run = 0; run < RUNS; run++) {
    const [result, tParse] = await time(() => importInput({ text: c.text, fileName: c.fileName }));
    if (!result.ok) throw new Error(`${c.name}: ${result.message}`);
    parse.push(tParse);
    const thread = result.threads[0]!;
    comments = thread.comments.length;
    const [built, tTree] = await time(() => buildTree(thread.comments));
    maxDepth = built.maxDepth;
    tree.push(tTree);
    const requests = thread.comments.filter((x) => x.text.trim() !== '').map((x) => ({ key: x.id, text: x.text }));
    score.push((await time(() => scorer.score(requests)))[1]);
    tropes.push((await time(() => { for (const r of requests) detector.detect(r.text); }))[1]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-'));
    const store = await Store.open(dir);
    try {
      const [outcome, tWhole] = await time(() => importAndScore(store, { text: c.text, fileName: c.fileName }, { scorer, detector }));
      if (!outcome.ok) throw new Error(`${c.name}: ${outcome.message}`);
      whole.push(tWhole);
      view.push((await time(() => getThreadView(store, outcome.response.threads[0]!.id, scorer, detector)))[1]);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    `${c.name}: ${comments} comments, max depth ${maxDepth}, ${(Buffer.byteLength(c.text) / 1024).toFixed(0)} KiB (median of ${RUNS} runs)`,
    `  parse ${ms(median(parse))} · tree ${ms(median(tree))} · score ${ms(median(score))} · tropes ${ms(median(tropes))}`,
    `  import + score + store into a fresh database: ${ms(median(whole))}; thread view with tree from the database: ${ms(median(view))}`,
    `  total import + score + tree: ${ms(median(whole) + median(view))}`,
  ].join('\n');
}

/** Time from navigation start to the first comment of the thread view in the page, median of RUNS page loads. */
function benchFirstRender(c: Case): Promise<string> {
  return withServedThread(c, async (browser, baseUrl) => {
    const thread: number[] = [], queue: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${baseUrl}/`);
      await page.locator('[aria-label="Thread"] [aria-label^="Comment by"]').first().waitFor();
      thread.push(await page.evaluate(() => performance.now()));
      await page.locator('[aria-label="Triage queue"] [role="row"][aria-label]').first().waitFor();
      queue.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    return `${c.name}: first render of the thread view ${ms(median(thread))} after navigation start (queue rows by ${ms(median(queue))}); median of ${RUNS} loads, API answer included`;
  });
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (target === 'queue' || target === 'queue-kill') {
    if (!(await benchQueueCommand(process.argv.slice(2)))) process.exitCode = 1;
    return;
  }
  if (process.argv.slice(2).includes('big')) {
    await benchBigThread();
    return;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  if (process.argv.slice(2).includes('team')) {
    console.log(`Threadscope bench (team) · ${new Date().toISOString()} · node ${process.version} · ${cpu} · ${os.cpus().length} cores · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const line of await benchTeam()) console.log(line);
    return;
  }
  if (process.argv.slice(2).includes('live')) {
    console.log(`Threadscope bench (live, PostgreSQL) · ${new Date().toISOString()} · node ${process.version} · ${cpu} · ${os.cpus().length} cores · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const line of await benchLive()) console.log(line);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return;
  }
  console.log(`Threadscope bench · ${new Date().toISOString()} · node ${process.version} · ${cpu} · ${os.cpus().length} cores · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('Node runs the pipeline on one thread (one core).\n');
  const cases: Case[] = [];
  if (fs.existsSync(SEED)) cases.push({ name: 'seed', fileName: path.basename(SEED), text: fs.readFileSync(SEED, 'utf8') });
  else console.log(`seed not found at ${SEED}; skipping it`);
  cases.push({ name: 'generated 10,000', fileName: 'generated-10000.json', text: JSON.stringify(generateThread(10_000, 10)) });
  for (const c of cases) console.log(await benchPipeline(c));
  console.log('');
  if (process.argv.slice(2).includes('small')) {
    for (const c of cases) console.log(await benchFirstRender(c));
    for (const c of cases) console.log(await benchBrowserCheck(c));
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    return;
  }
  for (const line of benchTropes()) console.log(line);
  console.log('');
  for (const line of await benchModel()) console.log(line);
  console.log('');
  for (const c of cases) console.log(await benchFirstRender(c));
  console.log('');
  for (const c of cases) console.log(await benchBrowserCheck(c));
  console.log('\nLarge XML exports (generated; each imported from bytes in a fresh child process):');
  for (const line of benchLargeExports(path.resolve(import.meta.dirname, 'out'))) console.log(line);
  console.log('');
  for (const line of await benchAnalyze()) console.log(line);
  console.log('');
  await benchBigThread();
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
