import { describe, expect, it } from 'vitest';
import { streamFlagReport, type ReportThreadSource } from '../core/report.ts';
import type { ThreadIndex } from '../core/api.ts';
import type { ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { ThreadIndexBuilder } from '../core/thread-index.ts';
import { streamReportFile } from './index.ts';
import { asyncChunksOf, CHUNK_CHARS, chunksOf, joinPieces, pacedChunks } from './pieces.ts';

function* counted(pieces: string[], log: { read: number; closed: boolean }): Generator<string> {
  try {
    for (const piece of pieces) {
      log.read += 1;
      yield piece;
    }
  } finally {
    log.closed = true;
  }
}

describe('chunksOf', () => {
  it('joins pieces into chunks of at least the size, the last one shorter, no empty chunk, nothing lost', () => {
    const pieces = ['ab', '', 'cde', 'f', 'ghij', 'k'];
    const chunks = [...chunksOf(pieces, 4)];
    expect(chunks).toEqual(['abcde', 'fghij', 'k']);
    expect(chunks.join('')).toBe(joinPieces(pieces));
    expect([...chunksOf([], 4)]).toEqual([]);
    expect([...chunksOf(['', ''], 4)]).toEqual([]);
  });

  it('reads pieces only as chunks are taken, and closes the source when the reader stops', () => {
    const log = { read: 0, closed: false };
    const chunks = chunksOf(counted(['aa', 'bb', 'cc', 'dd', 'ee'], log), 4);
    expect(log.read).toBe(0);
    expect(chunks.next().value).toBe('aabb');
    expect(log.read).toBe(2);
    chunks.return(undefined);
    expect(log).toEqual({ read: 2, closed: true });
  });
});

describe('streamReportFile', () => {
  const comment = (i: number): ViewComment => ({
    id: `c${i}`, parentId: null, author: 'a', createdAt: null, createdAtText: null, text: `text ${i} `.repeat(40), html: null, kind: 'comment', status: 'published',
    depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: { scores: { TOXICITY: 0.9 }, evidence: {} }, scoreError: null, tropes: [],
  });
  const comments = Array.from({ length: 400 }, (_, i) => comment(i));
  const header = {
    id: 't', title: 'T', url: null, articleText: '', sourceFormat: 'generic-csv', importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 's', version: '1', description: 'd' }, detector: { name: 'd', version: '1' }, problems: [], defaultThresholds: DEFAULT_THRESHOLDS,
  };
  const builder = new ThreadIndexBuilder();
  for (const c of comments) builder.add(c);
  const index = builder.finish(header, 'v', []);

  it.each(['json', 'csv', 'html'] as const)('stops reading comments when the %s reader stops after the first chunk', (format) => {
    let read = 0;
    const source: ReportThreadSource = {
      index,
      *comments() {
        for (const c of comments) {
          read += 1;
          yield c;
        }
      },
    };
    const report = streamFlagReport({ threads: [source], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-01-02T00:00:00.000Z', generator: 'test' });
    const chunks = chunksOf(streamReportFile(report, format).pieces);
    // HTML reads every comment once for its lists at the top; then, as JSON and CSV, only what the chunks taken hold.
    const before = format === 'html' ? comments.length : 0;
    while (read <= before) expect(chunks.next().done).toBe(false);
    chunks.return(undefined);
    expect(read - before).toBeLessThan(comments.length / 2);
  });
});

describe('pacedChunks', () => {
  it('gives the chunks chunksOf gives, pausing once a slice of time has passed', async () => {
    let time = 0;
    let pauses = 0;
    const pieces = ['ab', '', 'cde', 'f', 'ghij', 'k'];
    const pacing = { now: () => time, pause: async () => void (pauses += 1), sliceMs: 10 };
    const ticking = (function* () {
      for (const piece of pieces) {
        time += 4;
        yield piece;
      }
    })();
    const chunks: string[] = [];
    for await (const chunk of pacedChunks(ticking, pacing, 4)) chunks.push(chunk);
    expect(chunks).toEqual([...chunksOf(pieces, 4)]);
    expect(pauses).toBe(2);
  });

  it('closes the pieces\' source when the reader stops', async () => {
    const log = { read: 0, closed: false };
    const chunks = pacedChunks(counted(['aa', 'bb', 'cc', 'dd'], log), { now: () => 0, pause: async () => undefined, sliceMs: 10 }, 4);
    expect((await chunks.next()).value).toBe('aabb');
    await chunks.return(undefined);
    expect(log).toEqual({ read: 2, closed: true });
  });
});

describe('reports whose comments are read asynchronously, window by window (ADR 0021)', () => {
  const comment = (i: number): ViewComment => ({
    id: `c${i}`, parentId: null, author: 'a', createdAt: null, createdAtText: null, text: `text ${i} `.repeat(100), html: null, kind: 'comment', status: 'published',
    depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: { scores: { TOXICITY: (i % 10) / 10 }, evidence: {} }, scoreError: null, tropes: [],
  });
  const comments = Array.from({ length: 3000 }, (_, i) => comment(i));
  const header = {
    id: 't', title: 'T', url: null, articleText: '', sourceFormat: 'generic-csv', importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 's', version: '1', description: 'd' }, detector: { name: 'd', version: '1' }, problems: [], defaultThresholds: DEFAULT_THRESHOLDS,
  };
  const builder = new ThreadIndexBuilder();
  for (const c of comments) builder.add(c);
  const index: ThreadIndex = builder.finish(header, 'v', []);
  const WINDOW = 100;
  const options = { thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-01-02T00:00:00.000Z', generator: 'test' };

  /** A source read as a store reads it: a window of comments per await; `pulled` counts the comments of the current read. */
  function windowed(failAt: number | null = null): { source: ReportThreadSource; log: { pulled: number; reads: number } } {
    const log = { pulled: 0, reads: 0 };
    const source: ReportThreadSource = {
      index,
      async *comments() {
        log.reads += 1;
        log.pulled = 0;
        for (let from = 0; from < comments.length; from += WINDOW) {
          const window = await new Promise<ViewComment[]>((resolve) => setImmediate(() => resolve(comments.slice(from, from + WINDOW))));
          if (failAt !== null && from >= failAt) throw new Error('the thread changed');
          log.pulled += window.length;
          yield* window;
        }
      },
    };
    return { source, log };
  }

  it.each(['json', 'csv', 'html'] as const)('renders %s as the in-memory report does, and refuses the one-string form', async (format) => {
    const inMemory = streamFlagReport({ ...options, threads: [{ index, comments: () => comments }] });
    const expected = joinPieces(streamReportFile(inMemory, format).pieces);
    const chunks: string[] = [];
    for await (const chunk of asyncChunksOf(streamReportFile(streamFlagReport({ ...options, threads: [windowed().source] }), format).pieces)) chunks.push(chunk);
    expect(chunks.join('')).toBe(expected);
    const streamed = streamFlagReport({ ...options, threads: [windowed().source] });
    expect(() => joinPieces(streamReportFile(streamed, format).pieces)).toThrow('this report reads its comments asynchronously');
  });

  it.each(['json', 'csv', 'html'] as const)('holds at most one window (and the chunk buffer) ahead of the %s chunks taken', async (format) => {
    const { source, log } = windowed();
    const chunks = pacedChunks(streamReportFile(streamFlagReport({ ...options, threads: [source] }), format).pieces, { now: () => 0, pause: async () => undefined, sliceMs: 10 });
    // `written`: the comments of the current read whose text is in the chunks taken (each text starts "text <i> ").
    let written = 0;
    let largest = 0;
    for (let taken = 0; taken < 10; taken += 1) {
      const next = await chunks.next();
      expect(next.done).toBe(false);
      // HTML's first read of the comments (its lists at the top) ends before its first chunk; the second is measured.
      if (format === 'html' && log.reads < 2) continue;
      written = Math.max(written, ...[...(next.value ?? '').matchAll(/text (\d+) /g)].map((m) => Number(m[1]) + 1));
      largest = Math.max(largest, log.pulled - written);
    }
    // A comment's piece is over 900 code units: a chunk holds fewer than CHUNK_CHARS / 900 comments.
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(WINDOW + Math.ceil(CHUNK_CHARS / 900));
    expect(log.pulled).toBeLessThan(comments.length / 2);
    await chunks.return(undefined);
  });

  it('ends the chunks with the error of a read (a thread changed while it was written)', async () => {
    const read = async () => {
      for await (const chunk of asyncChunksOf(streamReportFile(streamFlagReport({ ...options, threads: [windowed(1000).source] }), 'json').pieces)) void chunk;
    };
    await expect(read()).rejects.toThrow('the thread changed');
  });

  it('closes an asynchronous source when the reader stops', async () => {
    let closed = false;
    const source: ReportThreadSource = {
      index,
      async *comments() {
        try {
          yield* comments;
        } finally {
          closed = true;
        }
      },
    };
    const chunks = asyncChunksOf(streamReportFile(streamFlagReport({ ...options, threads: [source] }), 'csv').pieces);
    expect((await chunks.next()).done).toBe(false);
    await chunks.return(undefined);
    expect(closed).toBe(true);
  });

  it('takes pieces that are an AsyncIterable too', async () => {
    async function* pieces(): AsyncGenerator<string> {
      yield* ['ab', '', 'cde', 'f', 'ghij', 'k'];
    }
    const chunks: string[] = [];
    for await (const chunk of pacedChunks(pieces(), { now: () => 0, pause: async () => undefined, sliceMs: 10 }, 4)) chunks.push(chunk);
    expect(chunks).toEqual(['abcde', 'fghij', 'k']);
  });
});
