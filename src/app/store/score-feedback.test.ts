import { expect, it } from 'vitest';
import { hashText } from './store.ts';
import { feedbackOfHashes, feedbackOfThread, feedbackVersion, insertFeedback, type FeedbackRow } from './score-feedback.ts';
import { describeEachEngine } from './testing/databases.ts';
import { comment, importResultOf, fakeDetector, fakeScorer, useEngineStore } from '../testing/helpers.ts';
import { storeImport } from '../pipeline.ts';
import { commentsNotInThread, displayIndexesOf, IN_CHUNK, textsAt, threadsWithoutReadModel, windowRowsAt } from './thread-queries.ts';

const row = (text: string, at: string, extra: Partial<FeedbackRow> = {}): FeedbackRow => ({
  keyLabel: 'coral', textHash: hashText(text), text, attribute: 'INSULT', suggested: 0.25, clientToken: null, communityId: null, at, ...extra,
});

describeEachEngine('score_feedback repository', (engine) => {
  const ctx = useEngineStore(engine);

  it('appends rows and reads them back by thread and by hash, oldest first, with camelCase fields on both engines', async () => {
    const { sql } = ctx.store;
    expect(await feedbackVersion(sql)).toBe(0);
    await storeImport(ctx.store, importResultOf([{ id: 't1', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments: [comment('a', null, 'You are a loser.'), comment('b', null, 'Fine.')] }]), { scorer: fakeScorer(), detector: fakeDetector() });
    await insertFeedback(sql, [row('You are a loser.', '2026-12-01T00:00:00.000Z', { clientToken: 'tok', communityId: 'c' }), row('You are a loser.', '2026-12-01T00:00:00.000Z', { attribute: 'TOXICITY', suggested: 0.5 })]);
    await insertFeedback(sql, [row('Not in any thread.', '2026-12-01T00:00:01.000Z', { text: null })]);
    await insertFeedback(sql, []);
    const version = await feedbackVersion(sql);
    expect(version).toBeGreaterThan(0);
    const ofThread = await feedbackOfThread(sql, 't1');
    expect(ofThread.map((r) => [r.attribute, r.suggested, r.clientToken, r.communityId, r.keyLabel])).toEqual([['INSULT', 0.25, 'tok', 'c', 'coral'], ['TOXICITY', 0.5, null, null, 'coral']]);
    expect(ofThread[0]).toMatchObject({ textHash: hashText('You are a loser.'), text: 'You are a loser.', at: '2026-12-01T00:00:00.000Z' });
    expect(typeof ofThread[0]!.seq).toBe('number');
    const ofHashes = await feedbackOfHashes(sql, [hashText('Not in any thread.'), hashText('You are a loser.'), hashText('You are a loser.')]);
    expect(ofHashes.map((r) => r.seq)).toEqual([...ofHashes.map((r) => r.seq)].sort((a, b) => a - b));
    expect(ofHashes).toHaveLength(3);
    expect(ofHashes[2]).toMatchObject({ text: null, textHash: hashText('Not in any thread.') });
    expect(await feedbackOfThread(sql, 'nope')).toEqual([]);
  });
});

describeEachEngine('thread-queries (reads by lists, in chunks)', (engine) => {
  const ctx = useEngineStore(engine);

  it('reads more ids than one IN list holds, leaves out what the generation lacks, and names the ids a thread lacks', async () => {
    const count = IN_CHUNK * 2 + 7;
    const comments = Array.from({ length: count }, (_, i) => comment(`c${i}`, i > 0 && i % 3 === 0 ? `c${i - 1}` : null, `text ${i}`));
    await storeImport(ctx.store, importResultOf([{ id: 't1', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments }]), { scorer: fakeScorer(), detector: fakeDetector() });
    const state = (await ctx.store.threadState('t1'))!;
    const { sql } = ctx.store;
    const all = Array.from({ length: count }, (_, i) => i);
    const texts = await textsAt(sql, 't1', state.gen, [...all, count + 5, 3]);
    expect(texts.size).toBe(count);
    const indexes = await displayIndexesOf(sql, 't1', state.gen, comments.map((c) => c.id).concat('nope'));
    expect(indexes.size).toBe(count);
    expect(texts.get(indexes.get('c700')!)).toBe('text 700');
    const rows = await windowRowsAt(sql, 't1', state.gen, [0, count - 1, count + 1], { name: 'fake', version: '1' }, { name: 'fake-tropes', version: '1' });
    expect([...rows.keys()].sort((a, b) => a - b)).toEqual([0, count - 1]);
    expect(await commentsNotInThread(sql, 't1', ['c1', 'x', 'c1000', 'y', 'x'])).toEqual(['x', 'y', 'x']);
    expect(await commentsNotInThread(sql, 'other', ['c1'])).toEqual(['c1']);
    expect(await threadsWithoutReadModel(sql)).toEqual([]);
  });
});
