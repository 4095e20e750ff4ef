import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { ViewComment } from '../core/api.ts';
import { buildFlagReport, collectReportAsync, streamFlagReport } from '../core/report.ts';
import { importAndScore } from './pipeline.ts';
import { storedReportSource, ThreadChangedError } from './report-source.ts';
import { fakeDetector, fakeScorer, useEngineStore } from './testing/helpers.ts';
import { describeEachEngine } from './store/testing/databases.ts';
import { getThreadView } from './thread-view.ts';

const SEED = fs.readFileSync(path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt'));

describeEachEngine('storedReportSource', (engine) => {
  const temp = useEngineStore(engine);
  const engines = { scorer: fakeScorer(), detector: fakeDetector() };
  const options = { thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-12-07T00:00:00.000Z', generator: 'test' };

  async function seeded(): Promise<string> {
    const outcome = await importAndScore(temp.store, { bytes: SEED, fileName: 'seed.txt' }, engines);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.response.threads[0]!.id;
  }

  it('gives, window by window, the report the thread view gives (decisions and a filter included)', async () => {
    const id = await seeded();
    const view = (await getThreadView(temp.store, id, engines.scorer, engines.detector))!;
    const decision = { id: 'd-0000001', commentId: view.comments[3]!.id, action: 'reject' as const, moderator: 'mo' };
    await temp.store.appendDecision(id, decision, '2026-12-07T00:00:00.000Z');
    const withDecision = (await getThreadView(temp.store, id, engines.scorer, engines.detector))!;
    for (const commentIds of [undefined, [view.comments[14]!.id, view.comments[3]!.id]]) {
      const source = await storedReportSource(temp.store, id, engines, { window: 4 });
      const streamed = await collectReportAsync(streamFlagReport({ ...options, commentIds, threads: [source!] }));
      expect(streamed).toEqual(buildFlagReport({ ...options, commentIds, views: [withDecision] }));
    }
    expect(await storedReportSource(temp.store, 'nope', engines)).toBeNull();
  });

  /** Every comment of one read of the source, in order. */
  async function readAll(comments: Iterable<ViewComment> | AsyncIterable<ViewComment>): Promise<ViewComment[]> {
    const all: ViewComment[] = [];
    for await (const comment of comments) all.push(comment);
    return all;
  }

  it('ends its comments with ThreadChangedError when the thread is imported again between two windows', async () => {
    const id = await seeded();
    let pauses = 0;
    const pause = async () => {
      pauses += 1;
      if (pauses === 2) await importAndScore(temp.store, { bytes: SEED, fileName: 'again.txt' }, engines);
    };
    const changed = (await storedReportSource(temp.store, id, engines, { window: 4, pause }))!;
    expect(pauses).toBe(0);
    await expect(readAll(changed.comments())).rejects.toThrow(ThreadChangedError);
    expect(pauses).toBe(2);
    // Unchanged since: read whole, twice.
    const source = (await storedReportSource(temp.store, id, engines, { window: 4, pause: async () => undefined }))!;
    expect((await readAll(source.comments())).map((c) => c.id)).toEqual(source.index.ids);
    expect((await readAll(source.comments())).map((c) => c.id)).toEqual(source.index.ids);
  });

  it('reads a window only when the comments reach it (ADR 0021\'s bound: one window held at a time)', async () => {
    const id = await seeded();
    let windows = 1;
    const source = (await storedReportSource(temp.store, id, engines, { window: 4, pause: async () => void (windows += 1) }))!;
    expect(source.index.count).toBeGreaterThan(8);
    const comments = source.comments()[Symbol.asyncIterator]();
    for (let taken = 1; taken <= 9; taken += 1) {
      expect((await comments.next()).value).toMatchObject({ id: source.index.ids[taken - 1] });
      // The first window is read with the first comment; the window of comment n (1-based) when n is taken.
      expect(windows).toBe(Math.ceil(taken / 4));
    }
    await comments.return?.();
  });
});
