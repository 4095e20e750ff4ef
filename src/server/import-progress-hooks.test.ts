import { describe, expect, it } from 'vitest';
import { SCORE_BATCH_SIZE, type StoreHooks } from '../app/score-texts.ts';
import { storeImport } from '../app/pipeline.ts';
import { comment, countingScorer, fakeDetector, fakeScorer, importResultOf, useTempStore } from '../app/testing/helpers.ts';

/** 60 threads of 50 distinct comments: 3,000 texts, so several batches and several pauses. */
function bigResult() {
  const threads = Array.from({ length: 60 }, (_, t) => ({
    id: `t${t}`,
    title: `Thread ${t}`,
    url: null,
    articleText: '',
    sourceFormat: 'test',
    comments: Array.from({ length: 50 }, (_, c) => comment(`c${c}`, c > 0 ? `c${c - 1}` : null, `Comment ${c} of thread ${t}.`)),
  }));
  return importResultOf(threads);
}

describe('store progress hooks', () => {
  const ctx = useTempStore();

  it('reports scoring steps in order up to the total, pauses between batches, and says when it saves', async () => {
    const events: string[] = [];
    const steps: Array<[number, number]> = [];
    const hooks: StoreHooks = {
      onScoring: (done, total) => {
        steps.push([done, total]);
        events.push('step');
      },
      pause: async () => {
        events.push('pause');
      },
      onSaving: () => events.push('saving'),
    };
    const response = await storeImport(ctx.store, bigResult(), { scorer: fakeScorer(), detector: fakeDetector() }, hooks);
    expect(response.threads).toHaveLength(60);
    // 3,000 new distinct texts: each checked for tropes and scored.
    expect(steps[0]).toEqual([0, 6000]);
    expect(steps.at(-1)).toEqual([6000, 6000]);
    expect(steps.length).toBe(1 + 2 * Math.ceil(3000 / SCORE_BATCH_SIZE));
    expect(steps.every(([done], i) => i === 0 || done > steps[i - 1]![0])).toBe(true);
    expect(events.filter((e) => e === 'pause').length).toBeGreaterThanOrEqual(steps.length);
    // Saving comes once, after the last scoring step (the store may pause between its bounded writes after it).
    expect(events.filter((e) => e === 'saving')).toHaveLength(1);
    expect(events.indexOf('saving')).toBeGreaterThan(events.lastIndexOf('step'));
  });

  it('stops with nothing saved when a pause throws (a cancelled import)', async () => {
    const scorer = countingScorer(fakeScorer());
    let pauses = 0;
    const cancelled = storeImport(ctx.store, bigResult(), { scorer, detector: fakeDetector() }, {
      pause: async () => {
        if (++pauses === 5) throw new Error('cancelled by the client');
      },
    });
    await expect(cancelled).rejects.toThrow('cancelled by the client');
    expect(await ctx.store.listThreads()).toEqual([]);
    expect(await ctx.store.sql.value('SELECT count(*) FROM scores')).toBe(0);
  });
});
