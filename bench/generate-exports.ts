/**
 * Deterministic large WordPress WXR and Disqus XML exports for the benchmark, and (run as a script with
 * `--import <file>`) a child process that imports one file and prints its time and peak memory as JSON. The child runs
 * under tsx as the server's import worker does, holds the file once (the Buffer `readFileSync` returns) and imports it
 * from those bytes with the registry's `importInput`; it is started with `--expose-gc` only so that, after the peak
 * is taken, it can also report how much heap the imported comments keep (collected with and without the result).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { ImportResult } from '../src/core/model.ts';
import { importInput } from '../src/importers/registry.ts';
import { mulberry32 } from '../src/scoring/model/logistic.ts';

const SENTENCES = [
  'The council should publish the full cost estimate before the vote, not after it.',
  'I grew up near the old depot and the traffic there has been awful for twenty years.',
  'Honestly this is the best news I have read all week, well done to everyone involved.',
  'You people sound like complete idiots, read the article before you comment.',
  'Does anyone know whether the consultation is still open? The link on the site is broken.',
  'Café owners on the high street say footfall is down — ¿alguien tiene datos? 😀',
  'I disagree with the premise: the numbers in paragraph three do not add up at all.',
  'Thanks for writing this up, it matches what we saw at the meeting on Tuesday.',
];

/** How a generated file is shaped. */
export interface ExportShape {
  comments: number;
  /** Posts (WXR items) or Disqus threads the comments are spread over. */
  posts: number;
  /** Sentences per comment body (about 80 characters each). */
  sentences: number;
}

/** The default benchmark shape: 100,000 comments over 1,000 posts, about 100 MB either way. */
export const BENCH_SHAPE: ExportShape = { comments: 100_000, posts: 1_000, sentences: 4 };

function body(random: () => number, sentences: number): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let s = 0; s < sentences; s++) {
    let sentence = SENTENCES[Math.floor(random() * SENTENCES.length)]!;
    if (random() < 0.1) sentence = `<em>${sentence}</em> <a href="https://example.org/p/${s}">source</a>`;
    current.push(sentence);
    if (random() < 0.3) {
      paragraphs.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.join('\n\n');
}

function isoAt(i: number): string {
  return new Date(Date.UTC(2020, 0, 1) + i * 61_000).toISOString();
}

/** A WordPress WXR 1.2 export: `posts` items, comments nested up to 8 deep, some pingbacks, pending, trashed. */
export function generateWxr(shape: ExportShape = BENCH_SHAPE): string {
  const random = mulberry32(42);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench site</title>\n<link>https://bench.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>https://bench.example</wp:base_site_url>\n',
  ];
  const perPost = Math.ceil(shape.comments / shape.posts);
  let id = 0;
  for (let p = 1; p <= shape.posts && id < shape.comments; p++) {
    parts.push(`<item>\n<title>Post number ${p}</title>\n<link>https://bench.example/?p=${p}</link>\n<wp:post_id>${p}</wp:post_id>\n<wp:post_type><![CDATA[post]]></wp:post_type>\n<content:encoded><![CDATA[${body(random, 4)}]]></content:encoded>\n`);
    const inPost: { id: number; depth: number }[] = [];
    for (let c = 0; c < perPost && id < shape.comments; c++) {
      id++;
      const parent = inPost.length > 0 && random() < 0.6 ? inPost[Math.floor(random() * inPost.length)]! : null;
      const depth = parent === null ? 0 : parent.depth + 1;
      const parentId = parent !== null && depth <= 8 ? parent.id : 0;
      inPost.push({ id, depth: parentId === 0 ? 0 : depth });
      const r = random();
      const type = r < 0.02 ? 'pingback' : r < 0.03 ? 'trackback' : '';
      const approved = r > 0.97 ? 'trash' : r > 0.94 ? '0' : '1';
      const when = isoAt(id);
      parts.push(
        `<wp:comment>\n<wp:comment_id>${id}</wp:comment_id>\n<wp:comment_author><![CDATA[Reader ${id % 997}]]></wp:comment_author>\n<wp:comment_author_email><![CDATA[reader${id % 997}@example.org]]></wp:comment_author_email>\n<wp:comment_author_url></wp:comment_author_url>\n<wp:comment_author_IP><![CDATA[192.0.2.${id % 250}]]></wp:comment_author_IP>\n<wp:comment_date><![CDATA[${when.slice(0, 10)} ${when.slice(11, 19)}]]></wp:comment_date>\n<wp:comment_date_gmt><![CDATA[${when.slice(0, 10)} ${when.slice(11, 19)}]]></wp:comment_date_gmt>\n<wp:comment_content><![CDATA[${body(random, shape.sentences)}]]></wp:comment_content>\n<wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved>\n<wp:comment_type><![CDATA[${type}]]></wp:comment_type>\n<wp:comment_parent>${parentId}</wp:comment_parent>\n<wp:comment_user_id>0</wp:comment_user_id>\n</wp:comment>\n`,
      );
    }
    parts.push('</item>\n');
  }
  parts.push('</channel>\n</rss>\n');
  return parts.join('');
}

/** A Disqus export: `posts` threads, then all posts (19-digit ids, replies, some deleted and spam). */
export function generateDisqus(shape: ExportShape = BENCH_SHAPE): string {
  const random = mulberry32(7);
  const base = 8_000_000_000_000_000_000n;
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'];
  for (let t = 1; t <= shape.posts; t++) {
    parts.push(`<thread dsq:id="${1000 + t}">\n<id>post-${t}</id>\n<forum>bench</forum>\n<link>https://bench.example/p/${t}/</link>\n<title>Post number ${t}</title>\n<message/>\n<createdAt>${isoAt(t)}</createdAt>\n<isClosed>false</isClosed>\n<isDeleted>false</isDeleted>\n</thread>\n`);
  }
  const perThread = Math.ceil(shape.comments / shape.posts);
  const inThread: string[] = [];
  for (let i = 0; i < shape.comments; i++) {
    const thread = 1001 + Math.floor(i / perThread);
    if (i % perThread === 0) inThread.length = 0;
    const id = (base + BigInt(i)).toString();
    const parent = inThread.length > 0 && random() < 0.6 ? inThread[Math.floor(random() * inThread.length)]! : null;
    inThread.push(id);
    const r = random();
    parts.push(
      `<post dsq:id="${id}">\n<id/>\n<message><![CDATA[${body(random, shape.sentences + 2).replace(/\n\n/g, '</p><p>')}]]></message>\n<createdAt>${isoAt(i)}</createdAt>\n<isDeleted>${r < 0.02}</isDeleted>\n<isSpam>${r > 0.98}</isSpam>\n<author>\n<email>reader${i % 997}@example.org</email>\n<name>Reader ${i % 997}</name>\n<isAnonymous>false</isAnonymous>\n<username>reader${i % 997}</username>\n</author>\n<ipAddress>192.0.2.${i % 250}</ipAddress>\n<thread dsq:id="${thread}"/>\n${parent === null ? '' : `<parent dsq:id="${parent}"/>\n`}</post>\n`,
    );
  }
  parts.push('</disqus>\n');
  return parts.join('');
}

/** What the child process prints about one import. */
interface ImportFigures {
  ok: boolean;
  ms: number;
  /** CPU time (user + system, all threads) the import took: on a shared machine the wall time also counts waiting. */
  cpuMs: number;
  bytes: number;
  comments: number;
  threads: number;
  /** RSS with the file read, before the import starts (node, tsx and the file's bytes). */
  rssBefore: number;
  peakRss: number;
  /** Heap the import's result keeps once garbage is collected (null without `--expose-gc`). */
  keptHeap: number | null;
  message: string | null;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * Generate a 100,000-comment WXR and Disqus export into `outDir`, import each in a fresh child process (bytes in,
 * as the server and CLI do) and describe time, file size and peak RSS.
 */
export function benchLargeExports(outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const lines: string[] = [];
  for (const [name, generate] of [['WXR', generateWxr], ['Disqus', generateDisqus]] as const) {
    const file = path.join(outDir, `generated-100000.${name.toLowerCase()}.xml`);
    fs.writeFileSync(file, generate());
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--import', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const last = child.stdout.trim().split('\n').pop() ?? '';
    let figures: ImportFigures;
    try {
      figures = JSON.parse(last) as ImportFigures;
    } catch {
      lines.push(`${name} export: the import child failed (exit ${child.status}): ${last}`);
      continue;
    }
    if (!figures.ok) {
      lines.push(`${name} export: import failed: ${figures.message}`);
      continue;
    }
    lines.push(
      `${name} export: ${figures.comments} comments in ${figures.threads} threads, file ${mib(figures.bytes)}: import ${figures.ms.toFixed(0)} ms ` +
        `(CPU ${figures.cpuMs.toFixed(0)} ms, load average ${os.loadavg()[0]!.toFixed(2)}), ` +
        `peak RSS ${mib(figures.peakRss)} (${(figures.peakRss / figures.bytes).toFixed(2)}x the file; ${mib(figures.rssBefore)} before the import with the file read, ` +
        `so the import added ${mib(figures.peakRss - figures.rssBefore)}${figures.keptHeap === null ? '' : `, of which the imported comments keep ${mib(figures.keptHeap)} of heap`})`,
    );
  }
  return lines;
}

/** Child-process mode: import one file from bytes and print time, comment count and peak RSS as one JSON line. */
function importOne(file: string): void {
  const bytes = fs.readFileSync(file);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let lastShown = -1;
  let result: ImportResult | null = importInput({
    bytes,
    fileName: file,
    onProgress: (fraction: number) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      const step = Math.floor(fraction * 10);
      if (step !== lastShown && process.stderr.isTTY) {
        lastShown = step;
        process.stderr.write(`\r  importing ${file.split('/').pop()}: ${Math.round(fraction * 100)}%`);
      }
    },
  });
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  if (process.stderr.isTTY) process.stderr.write('\n');
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const comments = result.ok ? result.threads.reduce((n, t) => n + t.comments.length, 0) : 0;
  const figures: ImportFigures = { ok: result.ok, ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes: bytes.length, comments, threads: result.ok ? result.threads.length : 0, rssBefore, peakRss: peak, keptHeap: null, message: result.ok ? null : result.message };
  // After the peak is taken: the heap in use with the result, then without it, both after a full collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    const withResult = v8.getHeapStatistics().used_heap_size;
    result = null;
    gc();
    figures.keptHeap = withResult - v8.getHeapStatistics().used_heap_size;
  }
  console.log(JSON.stringify(figures));
}

if (process.argv[2] === '--import' && process.argv[3] !== undefined) importOne(process.argv[3]);
