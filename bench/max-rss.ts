/**
 * Preload for the big-thread bench (`node --import tsx --import ./bench/max-rss.ts …`): when the process exits, writes
 * its peak resident memory (`process.resourceUsage().maxRSS`, all threads) and CPU time as JSON to the file named by
 * BENCH_RSS_FILE. Worker threads load preloads too; only the main thread writes. Changes nothing else.
 */
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RSS_FILE;
if (target !== undefined && target !== '' && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const figures = { maxRssBytes: usage.maxRSS * 1024, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 };
    fs.writeFileSync(target, JSON.stringify(figures));
  });
}
