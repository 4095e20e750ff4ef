/**
 * Trope-detector section of `npm run bench`: time per comment over 100,000 generated ~300-character comments
 * (mostly civil; a quarter with trope vocabulary such as "puppet controlled by the bankers", one in 25 with a trope
 * claim or an identity mention), the detector alone, as it runs once per distinct text on import; then the texts of
 * issue 13's big thread (real comments and sentences of ../shared/data, bench/generate-big-thread.ts).
 */
import { performance } from 'node:perf_hooks';
import { mayHoldTrope } from '../src/scoring/tropes/analyze.ts';
import { detectTropes } from '../src/scoring/tropes/detector.ts';
import { generateThread } from './generate-thread.ts';
import { bigThreadTexts } from './model.ts';

const COUNT = 100_000;

/** Runs the detector over the texts `runs` times; returns the median microseconds per comment and the comments hit. */
function measure(texts: readonly string[], runs: number): { usPerComment: number; cpuUsPerComment: number; hit: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let hit = 0;
  for (let r = 0; r < runs; r++) {
    hit = 0;
    const start = performance.now();
    const startCpu = process.cpuUsage();
    for (const text of texts) if (detectTropes(text).length > 0) hit++;
    const used = process.cpuUsage(startCpu);
    times.push(((performance.now() - start) * 1000) / texts.length);
    cpu.push((used.user + used.system) / texts.length);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { usPerComment: median(times), cpuUsPerComment: median(cpu), hit };
}

/** Trope claims and identity mentions mixed into every 25th comment, so the full path is exercised too. */
const MIXED_IN = [
  'putin is controlled by chabad, expect the worst.',
  'The jews control the media and the banks, look it up.',
  'My Jewish neighbour says the rail plan is fine.',
  'Israel\u2019s government controls the checkpoints, which is a policy question.',
  'the j3ws want to take over the whole world.',
  'Soros is behind every protest in this city.',
];

/** One line per measurement, ready to print. */
export function benchTropes(runs = 3): string[] {
  const texts = generateThread(COUNT, 10).map((c, i) => (i % 25 === 0 ? `${MIXED_IN[(i / 25) % MIXED_IN.length]} ${c.text.slice(0, 240)}` : c.text));
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  measure(texts.slice(0, 5_000), 1);
  const all = measure(texts, runs);
  const rejected = texts.filter((t) => !mayHoldTrope(t));
  const quick = measure(rejected, runs);
  const big = bigThreadTexts(20_000);
  measure(big.slice(0, 2_000), 1);
  const real = measure(big, runs);
  const bigChars = big.reduce((n, t) => n + t.length, 0) / big.length;
  return [
    `trope detector: ${COUNT.toLocaleString('en-US')} generated comments (mean ${meanChars.toFixed(0)} chars), ` +
      `${all.usPerComment.toFixed(1)} µs per comment wall, ${all.cpuUsPerComment.toFixed(1)} µs CPU (medians of ${runs} runs), ` +
      `${all.hit.toLocaleString('en-US')} with a trope hit`,
    `  of which ${rejected.length.toLocaleString('en-US')} are settled by the raw pre-check: ${quick.usPerComment.toFixed(2)} µs per comment wall, ` +
      `${quick.cpuUsPerComment.toFixed(2)} µs CPU`,
    `  the big thread's texts (issue 13; the first 20,000 of bench/generate-big-thread.ts, mean ${bigChars.toFixed(0)} chars): ` +
      `${real.usPerComment.toFixed(1)} µs per comment wall, ${real.cpuUsPerComment.toFixed(1)} µs CPU (${(1e6 / real.cpuUsPerComment).toFixed(0)} comments per CPU second), ` +
      `${real.hit.toLocaleString('en-US')} with a trope hit`,
  ];
}
