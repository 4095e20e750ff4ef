/**
 * The embedded model's speed figures for `npm run bench`: artefact size, load time (parse, check and decode the
 * artefact), and comments per second on one core for ~300-character comments, both from the generated thread's
 * sentence pool and from real forum sentences (../shared/data/stormfront, many words never seen before); and the
 * model's own cost per comment (its heads over already tokenized text), next to that of the model shipped before the
 * ten-source training (read from git), measured in turns in the same process. Also the texts of issue 13's big thread
 * (bench/generate-big-thread.ts: real comments and sentences of ../shared/data, 1-4 sentences each, as long as real ones).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Scorer } from '../src/core/scoring.ts';
import { createLexiconScorer } from '../src/scoring/lexicon-scorer.ts';
import { createScorerForModel } from '../src/scoring/model-scoring.ts';
import { createModelScorer } from '../src/scoring/model-scorer.ts';
import { csvRecords } from '../src/scoring/model/csv.ts';
import { loadLanguageDetector } from '../src/scoring/model/language.ts';
import { EmbeddedModel, parseArtefact } from '../src/scoring/model/runtime.ts';
import { analyzeText } from '../src/scoring/lexicon/analyze.ts';
import { BEFORE_COMMIT, readBeforeArtefact } from '../scripts/model-data.ts';
import { generateBigThread } from './generate-big-thread.ts';
import { generateThread } from './generate-thread.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARTEFACT = path.join(ROOT, 'src/scoring/model/weights/embedded-model.json');
const FORUM = path.resolve(ROOT, '../shared/data/stormfront/train.csv');
const COUNT = 20_000;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** Texts of about 300 characters: consecutive sentences of `pool` joined until the length is reached. */
function texts(pool: readonly string[], count: number, from = 0): string[] {
  const out: string[] = [];
  for (let k = from; out.length < count; ) {
    let t = '';
    while (t.length < 300) t += `${pool[k++ % pool.length]} `;
    out.push(t.slice(0, 300));
  }
  return out;
}

/**
 * Comments per second of `scorer` over `list`: the first pass, the median of `passes` passes (wall clock, what the
 * target is about) and the median of the same passes per CPU second of this process (less sensitive to other load).
 */
async function rate(list: readonly string[], scorer: Scorer = createModelScorer(), passes = 3): Promise<[number, number, number]> {
  const requests = list.map((text, i) => ({ key: String(i), text }));
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let first = 0;
  for (let run = 0; run < passes; run++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await scorer.score(requests);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    if (run === 0) first = list.length / seconds;
    runs.push(list.length / seconds);
    cpuRuns.push(list.length / ((cpu.user + cpu.system) / 1e6));
  }
  return [first, median(runs), median(cpuRuns)];
}

/** The 1-minute load average, to read the wall-clock figures against (the machine may be shared). */
function load(): string {
  return os.loadavg()[0]?.toFixed(2) ?? '?';
}

/**
 * CPU microseconds per comment of `model.predictTokens` over tokenized comments, per model: the median of 5 passes,
 * the models taking turns so that both see the same load.
 */
function modelCost(models: readonly EmbeddedModel[], list: readonly string[]): number[] {
  const tokens = list.map((text) => analyzeText(text).ctx?.tokens ?? []);
  const runs = models.map(() => [] as number[]);
  for (let pass = 0; pass < 5; pass++) {
    models.forEach((model, k) => {
      const start = process.cpuUsage();
      for (const t of tokens) model.predictTokens(t);
      const cpu = process.cpuUsage(start);
      runs[k]?.push((cpu.user + cpu.system) / list.length);
    });
  }
  return runs.map(median);
}

/** The texts of the first `count` comments of issue 13's generated big thread (its CSV read back). */
export function bigThreadTexts(count: number): string[] {
  return csvRecords(generateBigThread(count).csv, 'big thread', ['text']).map((r) => r.text ?? '');
}

function meanLength(list: readonly string[]): number {
  return list.reduce((n, t) => n + t.length, 0) / Math.max(1, list.length);
}

export async function benchModel(): Promise<string[]> {
  const bytes = fs.statSync(ARTEFACT).size;
  const loads: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    new EmbeddedModel(parseArtefact(JSON.parse(fs.readFileSync(ARTEFACT, 'utf8'))));
    loads.push(performance.now() - start);
  }
  // Loaded once per process on first need (the server loads it at start); timed apart so the passes measure scoring.
  const eldStart = performance.now();
  await loadLanguageDetector();
  const eldMs = performance.now() - eldStart;
  const lines = [
    `embedded model: artefact ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes); load (read, parse, check, decode) ${median(loads).toFixed(1)} ms median of 5`,
    `  language detector (eld, used when the pre-check doubts a text is English): loaded once per process in ${eldMs.toFixed(0)} ms, before the passes below`,
  ];
  const generated = texts(generateThread(2_000, 10).map((c) => c.text), COUNT);
  const [gFirst, gWarm, gCpu] = await rate(generated);
  lines.push(`  generated comments (~300 chars): ${gFirst.toFixed(0)} comments/s first pass, ${gWarm.toFixed(0)} comments/s median of 3 passes (${gCpu.toFixed(0)} per CPU second; load ${load()})`);
  if (fs.existsSync(FORUM)) {
    const sentences = csvRecords(fs.readFileSync(FORUM, 'utf8'), 'stormfront', ['text']).map((r) => r.text ?? '');
    const forum = texts(sentences, COUNT);
    const [fFirst, fWarm, fCpu] = await rate(forum);
    lines.push(`  forum sentences (~300 chars, ../shared/data/stormfront): ${fFirst.toFixed(0)} comments/s first pass, ${fWarm.toFixed(0)} comments/s median of 3 passes (${fCpu.toFixed(0)} per CPU second; load ${load()})`);
    // New comments on a warmed-up process: a fresh model (empty word caches) over other joins of the sentences.
    const fresh = createScorerForModel(new EmbeddedModel(parseArtefact(JSON.parse(fs.readFileSync(ARTEFACT, 'utf8')))));
    const [coldFirst] = await rate(texts(sentences, COUNT, 7_777), fresh, 1);
    lines.push(`  the same sentences joined differently, scored by a fresh model (empty word caches) in this warmed-up process: ${coldFirst.toFixed(0)} comments/s (one pass; load ${load()})`);
    const [, lexWarm, lexCpu] = await rate(forum, createLexiconScorer());
    lines.push(`  for comparison, the lexicon pass alone (embedded-lexicon) on the same forum sentences: ${lexWarm.toFixed(0)} comments/s median of 3 passes (${lexCpu.toFixed(0)} per CPU second)`);
    const beforeJson = readBeforeArtefact(ROOT);
    const before = beforeJson ? new EmbeddedModel(parseArtefact(beforeJson)) : null;
    const shipped = new EmbeddedModel(parseArtefact(JSON.parse(fs.readFileSync(ARTEFACT, 'utf8'))));
    const [now, then] = modelCost(before ? [shipped, before] : [shipped], forum);
    const compared = then === undefined ? '' : `; the model shipped before (${BEFORE_COMMIT.slice(0, 7)}, two heads) ${then.toFixed(2)} µs`;
    lines.push(`  the model alone (its heads over tokenized forum comments, warm word caches): ${now?.toFixed(2)} µs of CPU per comment${compared} (median of 5 passes, taking turns; load ${load()})`);
    const big = bigThreadTexts(COUNT);
    const [bFirst, bWarm, bCpu] = await rate(big);
    lines.push(`  the big thread's texts (issue 13; the first ${COUNT.toLocaleString('en-US')} of bench/generate-big-thread.ts, mean ${meanLength(big).toFixed(0)} chars): ${bFirst.toFixed(0)} comments/s first pass, ${bWarm.toFixed(0)} comments/s median of 3 passes (${bCpu.toFixed(0)} per CPU second; load ${load()})`);
  }
  return lines;
}
