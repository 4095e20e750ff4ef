/**
 * `storeImportUnscored` (pipeline.ts, ADR 0033) on both engines: the threads are stored as `storeImport` stores them,
 * nothing is scored or cached, the answer is the same (counts, revisions, changes, the importer's problems, tree
 * repairs, repeated ids and missing warnings), and `onCommit` is given that answer inside the import's transaction.
 */
import { expect, it } from 'vitest';
import type { ImportResponse } from '../core/api.ts';
import type { ImportProblem, Thread } from '../core/model.ts';
import { storeImport, storeImportUnscored } from './pipeline.ts';
import type { Sql } from './store/sql.ts';
import { describeEachEngine } from './store/testing/databases.ts';
import { comment, countingScorer, fakeDetector, fakeScorer, importResultOf, useEngineStore } from './testing/helpers.ts';

const PROBLEM: ImportProblem = { severity: 'warning', where: 'line 3', message: 'odd line skipped' };

/** Thread t1 (an orphan reply: a tree repair), t2, and t1 again (skipped as repeated). */
function firstFile(): Thread[] {
  const t1: Thread = { id: 't1', title: 'One', url: null, articleText: '', sourceFormat: 'test', comments: [
    comment('a', null, 'First.'), comment('b', 'a', 'You loser.'), comment('c', 'nobody', 'An orphan.'), comment('d', null, '  '),
  ] };
  const t2: Thread = { id: 't2', title: 'Two', url: 'https://example.org/2', articleText: 'Article', sourceFormat: 'test', comments: [comment('x', null, 'Vermin.')] };
  return [t1, t2, { ...t1, title: 'Again' }];
}

/** t1 again without "c" (a missing warning) and with "e" added. */
function secondFile(): Thread[] {
  const [t1] = firstFile();
  return [{ ...t1!, comments: [...t1!.comments.filter((c) => c.id !== 'c'), comment('e', 'a', 'New.')] }];
}

/** The answer without its import times (they differ between two imports). */
const timeless = (r: ImportResponse) => ({ ...r, threads: r.threads.map(({ importedAt: _, ...t }) => t) });

describeEachEngine('storeImportUnscored', (engine) => {
  const scored = useEngineStore(engine);
  const unscored = useEngineStore(engine);

  it('stores the threads without scoring and answers as storeImport does, onCommit given that answer', async () => {
    const engines = { scorer: countingScorer(fakeScorer()), detector: fakeDetector() };
    const expectedFirst = await storeImport(scored.store, importResultOf(firstFile(), [PROBLEM]), engines, {}, 'dir/first.json');
    const expectedSecond = await storeImport(scored.store, importResultOf(secondFile()), engines, {}, 'dir/second.json');
    expect(engines.scorer.calls).toBeGreaterThan(0);
    engines.scorer.calls = 0;
    engines.detector.calls = 0;

    const committed: ImportResponse[] = [];
    const hooks = {
      onCommit: async (tx: Sql, response: ImportResponse) => {
        committed.push(response);
        expect(await tx.value('SELECT count(*) FROM threads')).toBeGreaterThan(0);
      },
    };
    const first = await storeImportUnscored(unscored.store, importResultOf(firstFile(), [PROBLEM]), engines, hooks, 'dir/first.json');
    const second = await storeImportUnscored(unscored.store, importResultOf(secondFile()), engines, hooks, 'dir/second.json');
    expect(timeless(first)).toEqual(timeless(expectedFirst));
    expect(timeless(second)).toEqual(timeless(expectedSecond));
    expect(committed).toEqual([first, second]);

    // The answer carries the importer's problem, the repeated id, the tree repair and the missing warning.
    expect(first.problems).toEqual(expect.arrayContaining([PROBLEM, expect.objectContaining({ where: 'thread "t1"', message: expect.stringContaining('twice') }),
      expect.objectContaining({ where: 'thread "t1", comment "c"' })]));
    expect(second.problems).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'thread "t1"', message: expect.stringContaining('1 comment stored from an earlier import is missing') })]));
    expect(first.threads.map((t) => [t.id, t.commentCount, t.revision])).toEqual([['t1', 4, 1], ['t2', 1, 1]]);
    expect(second.threads.map((t) => [t.id, t.revision, t.existed, t.changes.added.ids, t.changes.missing.ids])).toEqual([['t1', 2, true, ['e'], ['c']]]);

    // Stored like storeImport's, with no score or trope entry and no scorer or detector call.
    expect(engines.scorer.calls).toBe(0);
    expect(engines.detector.calls).toBe(0);
    expect(await unscored.store.sql.value('SELECT count(*) FROM scores')).toBe(0);
    expect(await unscored.store.sql.value('SELECT count(*) FROM tropes')).toBe(0);
    expect(await scored.store.sql.value('SELECT count(*) FROM scores')).toBeGreaterThan(0);
    const rowsOf = async (s: typeof scored.store, id: string) =>
      (await s.comments(id, engines.scorer, engines.detector)).map((c) => [c.id, c.text, c.missing_since === null]);
    for (const id of ['t1', 't2']) expect(await rowsOf(unscored.store, id)).toEqual(await rowsOf(scored.store, id));
    expect((await unscored.store.comments('t1', engines.scorer, engines.detector)).every((c) => c.score_cached === 0 && c.tropes_cached === 0)).toBe(true);
  });

  it('a throw in onCommit stores nothing and goes on to the caller', async () => {
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    await expect(storeImportUnscored(unscored.store, importResultOf(firstFile()), engines, { onCommit: async () => { throw new Error('outcome already recorded'); } }))
      .rejects.toThrow('outcome already recorded');
    expect(await unscored.store.listThreads()).toEqual([]);
  });
});
