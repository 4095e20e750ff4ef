import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../core/model.ts';
import { DB_FILE_NAME, hashText, Store, StoreConflictError, StoreError, type ImportBatch } from './store.ts';
import { latestSchemaVersion, schemaVersion } from './pg-schema.ts';
import { WINDOW_RANGE_SQL } from './store-rows.ts';
import { describeEachEngine } from './testing/databases.ts';
import { comment, sampleThread, tempDir, useEngineStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };

function batchFor(thread: Thread): ImportBatch {
  return { threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2024-01-01T00:00:00.000Z', scorer: SCORER, detector: DETECTOR, scores: [], tropes: [] };
}

function decision(id: string, commentId = 'c1', action: 'approve' | 'reject' | 'escalate' | 'reset' = 'approve') {
  return { id, commentId, action, moderator: 'mo' };
}

describe('Store on SQLite files', () => {
  it('creates the database file with WAL, foreign keys and the latest schema version', async () => {
    const tmp = tempDir();
    const store = await Store.open(tmp.dir);
    try {
      expect(fs.existsSync(path.join(tmp.dir, DB_FILE_NAME))).toBe(true);
      expect(store.locator).toEqual({ kind: 'sqlite', file: path.join(tmp.dir, DB_FILE_NAME) });
      expect(await store.sql.value('PRAGMA journal_mode')).toBe('wal');
      expect(await store.sql.value('PRAGMA foreign_keys')).toBe(1);
      expect(await store.sql.value('PRAGMA busy_timeout')).toBe(5000);
      expect(await store.sql.value('SELECT version FROM schema_version')).toBe(latestSchemaVersion('sqlite'));
    } finally {
      await store.close();
      tmp.remove();
    }
  });

  it('names the file when the database cannot be opened', async () => {
    const tmp = tempDir();
    try {
      fs.writeFileSync(path.join(tmp.dir, DB_FILE_NAME), 'this is not a database, just text '.repeat(100));
      await expect(Store.open(tmp.dir)).rejects.toThrow(StoreError);
      await expect(Store.open(tmp.dir)).rejects.toThrow(/cannot open the database .*threadscope\.db: file is not a database/);
    } finally {
      tmp.remove();
    }
  });

  it('refuses an empty data directory name with a message', async () => {
    await expect(Store.open('  ')).rejects.toThrow(/no data directory was given/);
  });
});

describeEachEngine('Store', (engine) => {
  const ctx = useEngineStore(engine);
  const count = async (table: 'comments' | 'generations') => ctx.store.sql.value<number>(`SELECT count(*) FROM ${table}`);

  it('opens an empty database at the latest schema version, with the tables', async () => {
    expect(await schemaVersion(ctx.store.sql)).toBe(latestSchemaVersion(engine));
    expect(ctx.store.sql.dialect).toBe(engine);
    expect(ctx.store.locator.kind).toBe(engine);
    expect(ctx.store.file).not.toMatch(/:[^/@:]+@/);
    expect(await ctx.store.isEmpty()).toBe(true);
  });

  it('reopens an existing database without migrating again and refuses a newer schema', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const reopened = await ctx.reopen();
    expect((await reopened.listThreads()).map((t) => t.id)).toEqual(['t1']);
    if (engine === 'sqlite') await reopened.sql.run('UPDATE schema_version SET version = 99');
    else await reopened.sql.run("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'now')");
    await expect(Store.open(ctx.locator)).rejects.toThrow(StoreError);
    await expect(Store.open(ctx.locator)).rejects.toThrow(/schema version 99, newer/);
  });

  it('stores a thread and its comments in source order, keeping the comment fields', async () => {
    const thread = sampleThread();
    thread.comments[1] = comment('c2', 'c1', 'Reply “quoted” 😀', { author: 'Zoë', createdAt: '2019-10-03T12:00:00.000Z', createdAtText: 'October 3, 2019', html: '<p>Reply</p>', kind: 'pingback', status: 'spam' });
    const [saved] = await ctx.store.saveImport(batchFor(thread));
    expect(saved).toMatchObject({ id: 't1', existed: false, revision: 1, decisionsKept: 0 });
    expect(saved?.changes.added).toEqual({ count: 4, ids: ['c1', 'c2', 'c3', 'c4'] });
    const rows = await ctx.store.comments('t1', SCORER, DETECTOR);
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(rows[1]).toMatchObject({ parent_id: 'c1', author: 'Zoë', text: 'Reply “quoted” 😀', created_at: '2019-10-03T12:00:00.000Z', created_at_text: 'October 3, 2019', html: '<p>Reply</p>', kind: 'pingback', status: 'spam', score_cached: 0 });
    expect(await ctx.store.listThreads()).toEqual([{ id: 't1', title: 'Sample thread', url: null, sourceFormat: 'test', commentCount: 4, importedAt: '2024-01-01T00:00:00.000Z' }]);
    expect(await ctx.store.getThread('t1')).toMatchObject({ articleText: 'The article.', problems: [], revision: 1 });
    expect(await ctx.store.getThread('nope')).toBeNull();
    expect(await ctx.store.comment('t1', 'c2', SCORER, DETECTOR)).toMatchObject({ id: 'c2', author: 'Zoë' });
    expect(await ctx.store.comment('t1', 'zz', SCORER, DETECTOR)).toBeNull();
    expect(await ctx.store.commentExists('t1', 'c3')).toBe(true);
    expect(await ctx.store.commentExists('t1', 'zz')).toBe(false);
  });

  it('stores nothing when a write fails in the middle: no half thread, no staged rows, no cache entries', async () => {
    const thread = sampleThread();
    thread.comments[2] = comment('c3', null, 'bad kind', { kind: 'bogus' as never });
    await expect(ctx.store.saveImport({ ...batchFor(thread), scores: [{ hash: hashText('x'), result: { scores: { INSULT: 0.1 }, evidence: {} }, error: null }] })).rejects.toThrow(/check constraint/i);
    expect(await ctx.store.isEmpty()).toBe(true);
    expect(await count('comments')).toBe(0);
    expect(await count('generations')).toBe(0);
    expect(await ctx.store.hasScore(hashText('x'), SCORER)).toBe(false);
  });

  it('writes in bounded transactions and shows nothing of an import that is stopped between two of them', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const big = sampleThread('t1', 'Big');
    big.comments = Array.from({ length: 1000 }, (_, i) => comment(`b${i}`, i > 0 && i % 3 !== 0 ? `b${i - 1}` : null, `Comment ${i} ${'x'.repeat(200)}`));
    const transactions: number[] = [];
    let pauses = 0;
    const stop = { pause: async () => { if (++pauses === 1) throw new Error('cancelled by the client'); }, onTransaction: (_ms: number, rows: number) => transactions.push(rows) };
    await expect(ctx.store.saveImport(batchFor(big), stop)).rejects.toThrow('cancelled by the client');
    expect(transactions.length).toBeGreaterThan(0);
    expect(await ctx.store.getThread('t1')).toMatchObject({ title: 'Sample thread', revision: 1 });
    expect((await ctx.store.comments('t1', SCORER, DETECTOR)).map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(await count('comments')).toBe(4);
    expect(await count('generations')).toBe(1);
  });

  it('writes a big thread whole, in several bounded transactions, and deletes the previous generation', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const big = sampleThread('t1', 'Big');
    big.comments = Array.from({ length: 3000 }, (_, i) => comment(`b${i}`, i > 0 && i % 3 !== 0 ? `b${i - 1}` : null, `Comment ${i}`));
    const transactions: number[] = [];
    const [saved] = await ctx.store.saveImport(batchFor(big), { onTransaction: (_ms, rows) => transactions.push(rows) });
    expect(saved).toMatchObject({ existed: true, revision: 2 });
    expect(transactions.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3000);
    const state = await ctx.store.threadState('t1');
    expect(await ctx.store.displayCount('t1', state!.gen)).toBe(3004);
    expect(await count('comments')).toBe(3004);
    expect(await count('generations')).toBe(1);
  });

  it('refuses to make an import current when the thread changed while it was written (StoreConflictError)', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const other = await ctx.reopen();
    let once = true;
    const racing = { pause: async () => { if (once) { once = false; await other.saveImport({ ...batchFor(sampleThread('t1', 'Other')), importedAt: '2024-02-01T00:00:00.000Z' }); } } };
    await expect(ctx.store.saveImport({ ...batchFor(sampleThread('t1', 'Mine')), importedAt: '2024-03-01T00:00:00.000Z' }, racing)).rejects.toThrow(StoreConflictError);
    expect(await ctx.store.getThread('t1')).toMatchObject({ title: 'Other', revision: 2 });
    expect(await count('comments')).toBe(4);
  });

  it('re-importing a thread merges it (the comments the file lacks are kept) and keeps every decision; a failed re-import keeps the old thread', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    await ctx.store.appendDecision('t1', decision('dec-00001'), '2024-01-01T00:00:01.000Z');
    await ctx.store.appendDecision('t1', decision('dec-00002', 'c2', 'reject'), '2024-01-01T00:00:02.000Z');
    const next = sampleThread('t1', 'Renamed');
    next.comments = next.comments.slice(0, 2);
    const [saved] = await ctx.store.saveImport(batchFor(next));
    expect(saved).toMatchObject({ id: 't1', existed: true, revision: 2, decisionsKept: 2 });
    expect(saved?.changes.missing).toEqual({ count: 2, ids: ['c3', 'c4'] });
    expect((await ctx.store.comments('t1', SCORER, DETECTOR)).map((r) => [r.id, r.missing_since])).toEqual([['c1', null], ['c2', null], ['c3', '2024-01-01T00:00:00.000Z'], ['c4', '2024-01-01T00:00:00.000Z']]);
    expect((await ctx.store.getThread('t1'))?.title).toBe('Renamed');
    expect((await ctx.store.decisions('t1')).map((d) => d.id)).toEqual(['dec-00001', 'dec-00002']);

    const broken = sampleThread('t1', 'Broken');
    broken.comments[3] = comment('c4', null, 'x', { status: 'gone' as never });
    await expect(ctx.store.saveImport(batchFor(broken))).rejects.toThrow();
    expect((await ctx.store.getThread('t1'))?.title).toBe('Renamed');
    expect(await ctx.store.comments('t1', SCORER, DETECTOR)).toHaveLength(4);
  });

  it('caches scores and tropes per text hash and scorer version, errors included', async () => {
    await ctx.store.saveImport({
      ...batchFor(sampleThread()),
      scores: [
        { hash: hashText('First comment, civil.'), result: { scores: { INSULT: 0.05 }, evidence: {} }, error: null },
        { hash: hashText('You are a loser.'), result: null, error: 'scorer refused' },
      ],
      tropes: [{ hash: hashText('First comment, civil.'), hits: [], error: null }],
    });
    expect(await ctx.store.hasScore(hashText('First comment, civil.'), SCORER)).toBe(true);
    expect(await ctx.store.hasScore(hashText('First comment, civil.'), { name: 'fake', version: '2' })).toBe(false);
    expect(await ctx.store.hasTropes(hashText('First comment, civil.'), DETECTOR)).toBe(true);
    const rows = await ctx.store.comments('t1', SCORER, DETECTOR);
    expect(rows[0]).toMatchObject({ score_cached: 1, result_json: '{"scores":{"INSULT":0.05},"evidence":{}}', tropes_cached: 1, hits_json: '[]' });
    expect(rows[1]).toMatchObject({ score_cached: 1, result_json: null, score_error: 'scorer refused', tropes_cached: 0 });
    expect(rows[3]).toMatchObject({ score_cached: 1 });
    // A second write of the same key is ignored, not an error.
    await ctx.store.saveCaches(SCORER, DETECTOR, [{ hash: hashText('You are a loser.'), result: { scores: {}, evidence: {} }, error: null }], [], 'later');
    expect((await ctx.store.comments('t1', SCORER, DETECTOR))[1]?.score_error).toBe('scorer refused');
    const state = await ctx.store.threadState('t1');
    const index = await ctx.store.indexRows('t1', state!.gen, SCORER, DETECTOR);
    expect(index[0]).toMatchObject({ id: 'c1', score_cached: 1, scored: 1, insult: 0.05, toxicity: null, language_unsupported: 0 });
    expect(index[1]).toMatchObject({ id: 'c2', score_cached: 1, scored: 0, score_error: 'scorer refused' });
  });

  it('reads windows, texts and search columns of a generation in display order', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const state = await ctx.store.threadState('t1');
    const gen = state!.gen;
    // Display order is depth first: c1, its reply c2, then c3, c4.
    expect((await ctx.store.windowRows('t1', gen, 0, 3, SCORER, DETECTOR)).map((r) => [r.id, r.display_index, r.depth, r.tree_parent])).toEqual([['c1', 0, 0, -1], ['c2', 1, 1, 0], ['c3', 2, 0, -1], ['c4', 3, 0, -1]]);
    expect(await ctx.store.windowRow('t1', gen, 1, SCORER, DETECTOR)).toMatchObject({ id: 'c2', descendants: 0, scorable: 1 });
    expect(await ctx.store.windowRow('t1', gen, 9, SCORER, DETECTOR)).toBeNull();
    expect(await ctx.store.textAt('t1', gen, 1)).toBe('You are a loser.');
    expect(await ctx.store.searchRowsFrom('t1', gen, 2, 1)).toEqual([['', 'author c3']]);
    expect((await ctx.store.searchRows('t1', gen)).map(([, author]) => author)).toEqual(['author c1', 'author c2', 'author c3', 'author c4']);
    await ctx.store.saveIndex('t1', 'v1', '{"a":1}', 'now');
    await ctx.store.saveIndex('t1', 'v2', '{"a":2}', 'now');
    expect(await ctx.store.savedIndex('t1', 'v1')).toBeNull();
    expect(await ctx.store.savedIndex('t1', 'v2')).toBe('{"a":2}');
  });

  it('reads a window of a big thread through the display index, not a scan of the thread', async () => {
    const big = sampleThread('t1', 'Big');
    big.comments = Array.from({ length: 2000 }, (_, i) => comment(`b${i}`, i % 5 === 0 ? null : `b${i - 1}`, `Comment ${i}`));
    await ctx.store.saveImport(batchFor(big));
    const gen = (await ctx.store.threadState('t1'))!.gen;
    const params = [SCORER.name, SCORER.version, DETECTOR.name, DETECTOR.version, 't1', gen, 100, 150];
    let plan: string;
    if (engine === 'sqlite') {
      plan = (await ctx.store.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${WINDOW_RANGE_SQL}`, params)).map((r) => r.detail).join('\n');
    } else {
      await ctx.store.sql.run('ANALYZE comments');
      plan = (await ctx.store.sql.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${WINDOW_RANGE_SQL}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    }
    expect(plan).toMatch(/comments_by_display/);
    expect((await ctx.store.windowRows('t1', gen, 100, 150, SCORER, DETECTOR)).map((r) => r.display_index)).toEqual(Array.from({ length: 51 }, (_, i) => 100 + i));
  });

  it('gives a snapshot one state of the database, through the store it hands to the reader', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const other = await ctx.reopen();
    const seen = await ctx.store.snapshot(async (s) => {
      const before = (await s.getThread('t1'))!.revision;
      // Another connection imports meanwhile (on SQLite, the other connection's write waits for no lock: WAL).
      await other.saveImport(batchFor(sampleThread('t1', 'Later')));
      return [before, (await s.getThread('t1'))!.revision, (await s.snapshot(async (inner) => (await inner.getThread('t1'))!.title))];
    });
    expect(seen).toEqual([1, 1, 'Sample thread']);
    expect((await ctx.store.getThread('t1'))!.revision).toBe(2);
  });

  it('records a decision once per id, reports retries as duplicates and a reused id as a conflict', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const first = await ctx.store.appendDecision('t1', { ...decision('11111111-aaaa'), reason: 'civil', note: 'ok' }, '2024-01-01T00:00:01.000Z');
    if (first.kind !== 'recorded') throw new Error(`expected recorded, got ${first.kind}`);
    expect(first.event).toEqual({ id: '11111111-aaaa', threadId: 't1', commentId: 'c1', action: 'approve', moderator: 'mo', reason: 'civil', note: 'ok', legalGround: '', at: '2024-01-01T00:00:01.000Z', seq: 1 });
    const again = await ctx.store.appendDecision('t1', { ...decision('11111111-aaaa'), reason: 'civil', note: 'ok' }, '2024-01-01T00:00:09.000Z');
    expect(again).toEqual({ kind: 'duplicate', event: first.event });
    expect((await ctx.store.appendDecision('t1', decision('11111111-aaaa', 'c2', 'reject'), 'x')).kind).toBe('conflict');
    expect(await ctx.store.decisions('t1')).toHaveLength(1);
  });

  it('of two decisions on the same events at once, exactly one is recorded (the check runs inside the lock)', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    // PostgreSQL: two stores (two pools, as two servers). SQLite: one store, whose transactions queue (a second
    // connection in the same thread would busy-wait on the first one's lock: one store per thread, ADR 0028).
    const other = engine === 'postgres' ? await ctx.reopen() : ctx.store;
    const onlyFirst = (events: unknown[]) => (events.length > 0 ? { code: 'stale', message: 'decided meanwhile' } as never : null);
    const results = await Promise.all([
      ctx.store.appendDecision('t1', decision('race-0000001'), 'a', { check: onlyFirst }),
      other.appendDecision('t1', decision('race-0000002'), 'b', { check: onlyFirst }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['recorded', 'refused']);
    expect(await ctx.store.decisions('t1')).toHaveLength(1);
  });

  it('keeps the decision log append-only: UPDATE and DELETE are refused by triggers', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    await ctx.store.appendDecision('t1', decision('22222222-bbbb'), 'now');
    await expect(ctx.store.sql.run("UPDATE decisions SET action = 'reject'")).rejects.toThrow(/append-only: an event cannot be changed/);
    await expect(ctx.store.sql.run('DELETE FROM decisions')).rejects.toThrow(/append-only: an event cannot be deleted/);
    expect((await ctx.store.decisions('t1'))[0]?.action).toBe('approve');
  });

  it('refuses a decision for a thread that is not stored (foreign key)', async () => {
    await expect(ctx.store.appendDecision('missing', decision('33333333-cccc'), 'now')).rejects.toThrow(/foreign key/i);
  });

  it('keeps many decisions on one comment in the order they were appended', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const actions = ['approve', 'reject', 'reset', 'escalate'] as const;
    for (const [i, action] of actions.entries()) await ctx.store.appendDecision('t1', decision(`tab-${i}-0000000`, 'c2', action), `t${i}`);
    expect((await ctx.store.decisions('t1')).map((d) => [d.seq, d.action])).toEqual([[1, 'approve'], [2, 'reject'], [3, 'reset'], [4, 'escalate']]);
    expect((await ctx.store.decisionsOn('t1', 'c2')).map((d) => d.action)).toEqual(['approve', 'reject', 'reset', 'escalate']);
  });
});
