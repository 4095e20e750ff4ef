import { describe, expect, it, vi } from 'vitest';
import type { Scorer } from '../core/scoring.ts';
import { storeImport } from './pipeline.ts';
import type { Store } from './store/store.ts';
import { countingScorer, fakeDetector, fakeScorer, importResultOf, sampleThread, useTempStore } from './testing/helpers.ts';
import { ThreadViewCache } from './view-cache.ts';

function decide(store: Store, id: string, action: 'approve' | 'reject') {
  return store.appendDecision('t1', { id, commentId: 'c1', action, moderator: 'Ada' }, new Date().toISOString());
}

describe('ThreadViewCache', () => {
  const ctx = useTempStore();

  it('serves the same view again without rescoring, always with the current decisions', async () => {
    const scorer = countingScorer(fakeScorer());
    const engines = { scorer, detector: fakeDetector() };
    await storeImport(ctx.store, importResultOf([sampleThread()]), engines);
    const cache = new ThreadViewCache();
    const reads = vi.spyOn(ctx.store, 'comments');
    const first = JSON.parse((await cache.json(ctx.store, 't1', engines))!);
    expect(first.comments).toHaveLength(4);
    expect(first.decisions).toEqual([]);
    await decide(ctx.store, 'dec-00000001', 'reject');
    const second = JSON.parse((await cache.json(ctx.store, 't1', engines))!);
    expect(second.decisions.map((d: { action: string }) => d.action)).toEqual(['reject']);
    expect({ ...second, decisions: [] }).toEqual(first);
    const view = (await cache.view(ctx.store, 't1', engines))!;
    expect(view.decisions).toHaveLength(1);
    expect(scorer.calls).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1); // built once, served from the cache after
  });

  it('rebuilds after a re-import and for another scorer version', async () => {
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    await storeImport(ctx.store, importResultOf([sampleThread()]), engines);
    const cache = new ThreadViewCache();
    expect((await cache.view(ctx.store, 't1', engines))!.comments[0]!.text).toBe('First comment, civil.');
    const changed = sampleThread();
    changed.comments[0] = { ...changed.comments[0]!, text: 'Edited at the source.' };
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storeImport(ctx.store, importResultOf([changed]), engines);
    expect((await cache.view(ctx.store, 't1', engines))!.comments[0]!.text).toBe('Edited at the source.');
    const v2 = { scorer: countingScorer(fakeScorer('2')), detector: engines.detector };
    expect((await cache.view(ctx.store, 't1', v2))!.comments[0]!.score).not.toBeNull();
    expect(v2.scorer.calls).toBe(1);
  });

  it('does not keep a view with texts left unscored, so they are scored on the next request', async () => {
    const detector = fakeDetector();
    const down: Scorer = { ...fakeScorer('3'), score: async () => { throw new Error('service down'); } };
    await storeImport(ctx.store, importResultOf([sampleThread()]), { scorer: down, detector });
    const cache = new ThreadViewCache();
    const broken = (await cache.view(ctx.store, 't1', { scorer: down, detector }))!;
    expect(broken.comments.find((c) => c.id === 'c1')!.scoreError).toBe('not scored yet by fake 3');
    const working = countingScorer(fakeScorer('3'));
    const view = (await cache.view(ctx.store, 't1', { scorer: working, detector }))!;
    expect(view.comments.find((c) => c.id === 'c1')!.score).not.toBeNull();
    expect(working.calls).toBe(1);
  });

  it('returns null for an unknown thread', async () => {
    expect(await new ThreadViewCache().json(ctx.store, 'nope', { scorer: fakeScorer(), detector: fakeDetector() })).toBeNull();
  });
});
