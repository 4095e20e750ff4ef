import { describe, expect, it } from 'vitest';
import { streamFlagReport, type ReportThreadSource } from '../core/report.ts';
import type { ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { ThreadIndexBuilder } from '../core/thread-index.ts';
import { streamReportFile } from './index.ts';
import { chunksOf, joinPieces, pacedChunks } from './pieces.ts';

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
