import { afterEach, describe, expect, it } from 'vitest';
import type { TropeHit } from '../../core/scoring.ts';
import type { BatchTropeDetector } from '../../app/score-texts.ts';
import { Store } from '../../app/store/store.ts';
import { fakeDetector, fakeScorer } from '../../app/testing/helpers.ts';
import { AnalyzeCache, ScoringFailed } from './analyze-cache.ts';

/** The fake detector offered as the scoring pool's is: batches asynchronously, one text synchronously. */
function batchDetector(fail = false): BatchTropeDetector & { batches: number } {
  const inner = fakeDetector();
  const detector = {
    name: inner.name,
    version: inner.version,
    batches: 0,
    detect: (text: string): TropeHit[] => {
      throw new Error(`the pool's detector was asked synchronously for ${text}`);
    },
    async detectBatch(texts: readonly string[]) {
      detector.batches += 1;
      if (fail) throw new Error('the score worker stopped (exit code 1)');
      return texts.map((t) => ({ hits: inner.detect(t), error: null }));
    },
  };
  return detector;
}

describe('AnalyzeCache with a detector that checks batches in workers', () => {
  const stores: Store[] = [];
  const open = async () => {
    const store = await Store.open(':memory:');
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  it('checks the text through detectBatch, never on this thread, and remembers the hits', async () => {
    const detector = batchDetector();
    const cache = new AnalyzeCache(await open(), fakeScorer(), detector);
    const first = await cache.analyze('they are vermin', { keep: true, tropes: true });
    expect(first.hits?.map((h) => h.id)).toEqual(['dehumanisation']);
    expect(first.score.scores.TOXICITY).toBe(0.1);
    await cache.analyze('they are vermin', { keep: true, tropes: true });
    expect(detector.batches).toBe(1);
    expect((await cache.analyze('no tropes asked', { keep: true, tropes: false })).hits).toBeNull();
    expect(detector.batches).toBe(1);
  });

  it('a failed batch is ScoringFailed (the route answers 503), and nothing is kept', async () => {
    const cache = new AnalyzeCache(await open(), fakeScorer(), batchDetector(true));
    await expect(cache.analyze('they are vermin', { keep: true, tropes: true })).rejects.toBeInstanceOf(ScoringFailed);
  });
});
