import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../core/model.ts';
import { DB_FILE_NAME, hashText, Store, StoreConflictError, StoreError, type ImportBatch } from './store.ts';
import { MIGRATIONS } from './store-schema.ts';
import { comment, sampleThread, useTempStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };

function batchFor(thread: Thread): ImportBatch {
  return { threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt: '2024-01-01T00:00:00.000Z', scorer: SCORER, detector: DETECTOR, scores: [], tropes: [] };
}

function decision(id: string, commentId = 'c1', action: 'approve' | 'reject' | 'escalate' | 'reset' = 'approve') {
  return { id, commentId, action, moderator: 'mo' };
}

describe('Store', () => {
  const ctx = useTempStore();

  it('creates the database file with WAL, foreign keys and the latest schema version', async () => {
    expect(fs.existsSync(path.join(ctx.dir, DB_FILE_NAME))).toBe(true);
    expect(ctx.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ctx.store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ctx.store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(ctx.store.db.prepare('SELECT version FROM schema_version').pluck().get()).toBe(MIGRATIONS.length);
    const tables = ctx.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['comments', 'decisions', 'schema_version', 'scores', 'threads', 'tropes']));
    expect(ctx.store.isEmpty()).toBe(true);
  });

  it('reopens an existing database without migrating again and refuses a newer schema', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    ctx.store.close();
    const reopened = Store.open(ctx.dir);
    expect(reopened.listThreads().map((t) => t.id)).toEqual(['t1']);
    reopened.db.prepare('UPDATE schema_version SET version = 99').run();
    reopened.close();
    expect(() => Store.open(ctx.dir)).toThrow(StoreError);
    expect(() => Store.open(ctx.dir)).toThrow(/schema version 99, newer/);
  });

  it('names the file when the database cannot be opened', async () => {
    const notADb = path.join(ctx.dir, 'junk');
    fs.mkdirSync(notADb);
    fs.writeFileSync(path.join(notADb, DB_FILE_NAME), 'this is not a database, just text '.repeat(100));
    expect(() => Store.open(notADb)).toThrow(/cannot open the database .*threadscope\.db: file is not a database/);
  });

  it('stores a thread and its comments in source order, keeping the comment fields', async () => {
    const thread = sampleThread();
    thread.comments[1] = comment('c2', 'c1', 'Reply “quoted” 😀', { author: 'Zoë', createdAt: '2019-10-03T12:00:00.000Z', createdAtText: 'October 3, 2019', html: '<p>Reply</p>', kind: 'pingback', status: 'spam' });
    const [saved] = await ctx.store.saveImport(batchFor(thread));
    expect(saved).toMatchObject({ id: 't1', existed: false, revision: 1, decisionsKept: 0 });
    expect(saved?.changes.added).toEqual({ count: 4, ids: ['c1', 'c2', 'c3', 'c4'] });
    const rows = ctx.store.comments('t1', SCORER, DETECTOR);
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(rows[1]).toMatchObject({ parent_id: 'c1', author: 'Zoë', text: 'Reply “quoted” 😀', created_at: '2019-10-03T12:00:00.000Z', created_at_text: 'October 3, 2019', html: '<p>Reply</p>', kind: 'pingback', status: 'spam', score_cached: 0 });
    expect(ctx.store.listThreads()).toEqual([{ id: 't1', title: 'Sample thread', url: null, sourceFormat: 'test', commentCount: 4, importedAt: '2024-01-01T00:00:00.000Z' }]);
    expect(ctx.store.getThread('t1')).toMatchObject({ articleText: 'The article.', problems: [] });
    expect(ctx.store.getThread('nope')).toBeNull();
  });

  it('stores nothing when a write fails in the middle: no half thread, no staged rows, no cache entries', async () => {
    const thread = sampleThread();
    thread.comments[2] = comment('c3', null, 'bad kind', { kind: 'bogus' as never });
    await expect(ctx.store.saveImport({ ...batchFor(thread), scores: [{ hash: hashText('x'), result: { scores: { INSULT: 0.1 }, evidence: {} }, error: null }] })).rejects.toThrow(/CHECK constraint/);
    expect(ctx.store.isEmpty()).toBe(true);
    expect(ctx.store.db.prepare('SELECT count(*) FROM comments').pluck().get()).toBe(0);
    expect(ctx.store.db.prepare('SELECT count(*) FROM generations').pluck().get()).toBe(0);
    expect(ctx.store.hasScore(hashText('x'), SCORER)).toBe(false);
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
    expect(ctx.store.getThread('t1')).toMatchObject({ title: 'Sample thread', revision: 1 });
    expect(ctx.store.comments('t1', SCORER, DETECTOR).map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(ctx.store.db.prepare('SELECT count(*) FROM comments').pluck().get()).toBe(4);
    expect(ctx.store.db.prepare('SELECT count(*) FROM generations').pluck().get()).toBe(1);
  });

  it('refuses to make an import current when the thread changed while it was written (StoreConflictError)', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const other = Store.open(ctx.dir);
    try {
      let once = true;
      const racing = { pause: async () => { if (once) { once = false; await other.saveImport({ ...batchFor(sampleThread('t1', 'Other')), importedAt: '2024-02-01T00:00:00.000Z' }); } } };
      await expect(ctx.store.saveImport({ ...batchFor(sampleThread('t1', 'Mine')), importedAt: '2024-03-01T00:00:00.000Z' }, racing)).rejects.toThrow(StoreConflictError);
      expect(ctx.store.getThread('t1')).toMatchObject({ title: 'Other', revision: 2 });
      expect(ctx.store.db.prepare('SELECT count(*) FROM comments').pluck().get()).toBe(4);
    } finally {
      other.close();
    }
  });

  it('re-importing a thread merges it (the comments the file lacks are kept) and keeps every decision; a failed re-import keeps the old thread', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    ctx.store.appendDecision('t1', decision('dec-00001'), '2024-01-01T00:00:01.000Z');
    ctx.store.appendDecision('t1', decision('dec-00002', 'c2', 'reject'), '2024-01-01T00:00:02.000Z');
    const next = sampleThread('t1', 'Renamed');
    next.comments = next.comments.slice(0, 2);
    const [saved] = await ctx.store.saveImport(batchFor(next));
    expect(saved).toMatchObject({ id: 't1', existed: true, revision: 2, decisionsKept: 2 });
    expect(saved?.changes.missing).toEqual({ count: 2, ids: ['c3', 'c4'] });
    expect(ctx.store.comments('t1', SCORER, DETECTOR).map((r) => [r.id, r.missing_since])).toEqual([['c1', null], ['c2', null], ['c3', '2024-01-01T00:00:00.000Z'], ['c4', '2024-01-01T00:00:00.000Z']]);
    expect(ctx.store.getThread('t1')?.title).toBe('Renamed');
    expect(ctx.store.decisions('t1').map((d) => d.id)).toEqual(['dec-00001', 'dec-00002']);

    const broken = sampleThread('t1', 'Broken');
    broken.comments[3] = comment('c4', null, 'x', { status: 'gone' as never });
    await expect(ctx.store.saveImport(batchFor(broken))).rejects.toThrow();
    expect(ctx.store.getThread('t1')?.title).toBe('Renamed');
    expect(ctx.store.comments('t1', SCORER, DETECTOR)).toHaveLength(4);
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
    expect(ctx.store.hasScore(hashText('First comment, civil.'), SCORER)).toBe(true);
    expect(ctx.store.hasScore(hashText('First comment, civil.'), { name: 'fake', version: '2' })).toBe(false);
    expect(ctx.store.hasTropes(hashText('First comment, civil.'), DETECTOR)).toBe(true);
    const rows = ctx.store.comments('t1', SCORER, DETECTOR);
    expect(rows[0]).toMatchObject({ score_cached: 1, result_json: '{"scores":{"INSULT":0.05},"evidence":{}}', tropes_cached: 1, hits_json: '[]' });
    expect(rows[1]).toMatchObject({ score_cached: 1, result_json: null, score_error: 'scorer refused', tropes_cached: 0 });
    expect(rows[3]).toMatchObject({ score_cached: 1 });
    // A second write of the same key is ignored, not an error.
    ctx.store.saveCaches(SCORER, DETECTOR, [{ hash: hashText('You are a loser.'), result: { scores: {}, evidence: {} }, error: null }], [], 'later');
    expect(ctx.store.comments('t1', SCORER, DETECTOR)[1]?.score_error).toBe('scorer refused');
  });

  it('records a decision once per id, reports retries as duplicates and a reused id as a conflict', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const first = ctx.store.appendDecision('t1', { ...decision('11111111-aaaa'), reason: 'civil', note: 'ok' }, '2024-01-01T00:00:01.000Z');
    if (first.kind !== 'recorded') throw new Error(`expected recorded, got ${first.kind}`);
    expect(first.event).toEqual({ id: '11111111-aaaa', threadId: 't1', commentId: 'c1', action: 'approve', moderator: 'mo', reason: 'civil', note: 'ok', legalGround: '', at: '2024-01-01T00:00:01.000Z', seq: 1 });
    const again = ctx.store.appendDecision('t1', { ...decision('11111111-aaaa'), reason: 'civil', note: 'ok' }, '2024-01-01T00:00:09.000Z');
    expect(again).toEqual({ kind: 'duplicate', event: first.event });
    expect(ctx.store.appendDecision('t1', decision('11111111-aaaa', 'c2', 'reject'), 'x').kind).toBe('conflict');
    expect(ctx.store.decisions('t1')).toHaveLength(1);
  });

  it('keeps the decision log append-only: UPDATE and DELETE are refused by triggers', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    ctx.store.appendDecision('t1', decision('22222222-bbbb'), 'now');
    expect(() => ctx.store.db.prepare("UPDATE decisions SET action = 'reject'").run()).toThrow(/append-only: an event cannot be changed/);
    expect(() => ctx.store.db.prepare('DELETE FROM decisions').run()).toThrow(/append-only: an event cannot be deleted/);
    expect(ctx.store.decisions('t1')[0]?.action).toBe('approve');
  });

  it('refuses a decision for a thread that is not stored (foreign key)', async () => {
    expect(() => ctx.store.appendDecision('missing', decision('33333333-cccc'), 'now')).toThrow(/FOREIGN KEY/);
  });

  it('keeps many decisions on one comment in the order they were appended', async () => {
    await ctx.store.saveImport(batchFor(sampleThread()));
    const actions = ['approve', 'reject', 'reset', 'escalate'] as const;
    actions.forEach((action, i) => ctx.store.appendDecision('t1', decision(`tab-${i}-0000000`, 'c2', action), `t${i}`));
    expect(ctx.store.decisions('t1').map((d) => [d.seq, d.action])).toEqual([[1, 'approve'], [2, 'reject'], [3, 'reset'], [4, 'escalate']]);
  });
});
