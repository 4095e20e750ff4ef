import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { currentDecisions } from '../../core/decisions.ts';
import type { Thread } from '../../core/model.ts';
import { getThreadView } from '../thread-view.ts';
import { importAndScore } from '../pipeline.ts';
import { CHANGE_IDS_LISTED, planMerge, type CommentRecord } from './store-merge.ts';
import { DB_FILE_NAME, hashText, Store, type ImportBatch } from './store.ts';
import { MIGRATIONS } from './store-schema.ts';
import { describeEachEngine } from './testing/databases.ts';
import { comment, fakeDetector, fakeScorer, tempDir, useEngineStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };
const WXR = path.resolve(process.cwd(), '../shared/formats/wxr/isso-wordpress.xml');

/** A thread of ten comments c1..c10: c2 replies to c1, c5 to c4, the rest are top level. */
function tenComments(): Thread {
  const comments = Array.from({ length: 10 }, (_, i) => comment(`c${i + 1}`, i === 1 ? 'c1' : i === 4 ? 'c4' : null, `Comment number ${i + 1}.`));
  return { id: 't1', title: 'Ten', url: null, articleText: '', sourceFormat: 'test', comments };
}

function batchOf(thread: Thread, importedAt: string, fileName: string | null): ImportBatch {
  return { threads: [{ thread, problems: [], hashes: thread.comments.map((c) => hashText(c.text)) }], importedAt, fileName, scorer: SCORER, detector: DETECTOR, scores: [], tropes: [] };
}

const T1 = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-02T10:00:00.000Z';
const T3 = '2026-12-03T10:00:00.000Z';

describeEachEngine('re-import merge (store)', (engine) => {
  const ctx = useEngineStore(engine);
  const rows = () => ctx.store.comments('t1', SCORER, DETECTOR);

  it('applies added and changed comments, keeps unchanged ones and keeps the missing ones in place, marked', async () => {
    await ctx.store.saveImport(batchOf(tenComments(), T1, 'full.xml'));
    const next = tenComments();
    next.comments = next.comments.filter((c) => !['c3', 'c4', 'c5', 'c9'].includes(c.id));
    next.comments[0] = { ...next.comments[0]!, text: 'Comment number 1, edited.' };
    next.comments[1] = { ...next.comments[1]!, author: 'renamed' };
    next.comments.push(comment('c11', 'c10', 'A new reply.'));
    const [saved] = await ctx.store.saveImport(batchOf(next, T2, 'part.xml'));
    expect(saved!.existed).toBe(true);
    expect(saved!.revision).toBe(2);
    expect(saved!.changes).toEqual({
      added: { count: 1, ids: ['c11'] },
      changed: { count: 2, ids: ['c1', 'c2'] },
      unchanged: { count: 4, ids: ['c6', 'c7', 'c8', 'c10'] },
      missing: { count: 4, ids: ['c3', 'c4', 'c5', 'c9'] },
      restored: { count: 0, ids: [] },
    });
    // The missing comments stay where they were (after the comment they followed), with their last content.
    expect((await rows()).map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11']);
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.get('c1')).toMatchObject({ text: 'Comment number 1, edited.', missing_since: null, missing_from: null });
    expect(byId.get('c2')).toMatchObject({ author: 'renamed', missing_since: null });
    expect(byId.get('c5')).toMatchObject({ text: 'Comment number 5.', parent_id: 'c4', missing_since: T2, missing_from: 'part.xml' });
    expect((await ctx.store.listThreads())[0]!.commentCount).toBe(11);
  });

  it('keeps the first missing time over repeated truncated imports and names the latest file', async () => {
    await ctx.store.saveImport(batchOf(tenComments(), T1, 'full.xml'));
    const truncated = tenComments();
    truncated.comments = truncated.comments.slice(0, 4);
    await ctx.store.saveImport(batchOf(truncated, T2, 'cut-a.xml'));
    const [again] = await ctx.store.saveImport(batchOf(truncated, T3, null));
    expect(again!.revision).toBe(3);
    expect(again!.changes.missing.count).toBe(6);
    expect(again!.changes.unchanged.count).toBe(4);
    expect(again!.changes.added.count).toBe(0);
    expect(await rows()).toHaveLength(10);
    expect((await rows()).slice(4).every((r) => r.missing_since === T2 && r.missing_from === null)).toBe(true);
  });

  it('brings everything back with its decisions when the full file follows a truncated one', async () => {
    await ctx.store.saveImport(batchOf(tenComments(), T1, 'full.xml'));
    await ctx.store.appendDecision('t1', { id: 'decision-0001', commentId: 'c9', action: 'reject', moderator: 'Ada' }, T1);
    const truncated = tenComments();
    truncated.comments = truncated.comments.slice(0, 3);
    await ctx.store.saveImport(batchOf(truncated, T2, 'cut.xml'));
    const midView = (await getThreadView(ctx.store, 't1', fakeScorer(), fakeDetector()))!;
    expect(midView.comments.find((c) => c.id === 'c9')?.missing).toEqual({ since: T2, fileName: 'cut.xml' });
    expect(midView.comments.find((c) => c.id === 'c1')?.missing).toBeUndefined();
    expect(currentDecisions(midView.decisions).get('c9')?.state).toBe('rejected');

    const [full] = await ctx.store.saveImport(batchOf(tenComments(), T3, 'full.xml'));
    expect(full!.changes.restored).toEqual({ count: 7, ids: ['c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] });
    expect(full!.changes.unchanged.count).toBe(10);
    expect(full!.changes.missing.count).toBe(0);
    expect((await rows()).map((r) => r.id)).toEqual(tenComments().comments.map((c) => c.id));
    expect((await rows()).every((r) => r.missing_since === null && r.missing_from === null)).toBe(true);
    const view = (await getThreadView(ctx.store, 't1', fakeScorer(), fakeDetector()))!;
    expect(view.comments.some((c) => c.missing)).toBe(false);
    expect(currentDecisions(view.decisions).get('c9')?.state).toBe('rejected');
  });

  it('removes the missing comments only for the current revision; decisions stay and a full import brings them back', async () => {
    await ctx.store.saveImport(batchOf(tenComments(), T1, 'full.xml'));
    await ctx.store.appendDecision('t1', { id: 'decision-0002', commentId: 'c8', action: 'approve', moderator: 'Ada' }, T1);
    const truncated = tenComments();
    truncated.comments = truncated.comments.slice(0, 5);
    const [cut] = await ctx.store.saveImport(batchOf(truncated, T2, 'cut.xml'));
    // A later import comes in before the click: the click names revision 2, the thread is at 3.
    await ctx.store.saveImport(batchOf(tenComments(), T3, 'full.xml'));
    expect(await ctx.store.removeMissing('t1', cut!.revision)).toEqual({ kind: 'stale', revision: 3 });
    expect(await rows()).toHaveLength(10);

    const [again] = await ctx.store.saveImport(batchOf(truncated, T3, 'cut.xml'));
    expect(await ctx.store.removeMissing('t1', again!.revision)).toEqual({ kind: 'removed', removed: 5, revision: 4 });
    expect((await rows()).map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(await ctx.store.removeMissing('t1', again!.revision)).toEqual({ kind: 'removed', removed: 0, revision: 4 });
    expect(await ctx.store.removeMissing('nope', 1)).toEqual({ kind: 'unknown' });
    expect((await ctx.store.decisions('t1')).map((d) => d.commentId)).toEqual(['c8']);

    const [back] = await ctx.store.saveImport(batchOf(tenComments(), T3, 'full.xml'));
    expect(back!.changes.added).toEqual({ count: 5, ids: ['c6', 'c7', 'c8', 'c9', 'c10'] });
    const view = (await getThreadView(ctx.store, 't1', fakeScorer(), fakeDetector()))!;
    expect(currentDecisions(view.decisions).get('c8')?.state).toBe('approved');
    expect(view.comments.map((c) => c.id)).toContain('c8');
  });

  it('rolls a failed merge back whole: the stored thread, its marks and its revision stay', async () => {
    await ctx.store.saveImport(batchOf(tenComments(), T1, 'full.xml'));
    const broken = tenComments();
    broken.comments = [...broken.comments.slice(0, 2), comment('c99', null, 'x', { status: 'gone' as never })];
    await expect(ctx.store.saveImport(batchOf(broken, T2, 'broken.xml'))).rejects.toThrow(/check constraint/i);
    expect((await rows()).map((r) => [r.id, r.missing_since])).toEqual(tenComments().comments.map((c) => [c.id, null]));
    expect(await ctx.store.removeMissing('t1', 1)).toEqual({ kind: 'removed', removed: 0, revision: 1 });
  });

  it('re-importing a truncated copy of a real WXR export keeps the comments it lacks', async () => {
    const bytes = fs.readFileSync(WXR);
    const engines = { scorer: fakeScorer(), detector: fakeDetector() };
    const full = await importAndScore(ctx.store, { bytes, fileName: 'isso-wordpress.xml' }, engines);
    if (!full.ok) throw new Error(full.message);
    const thread = full.response.threads.find((t) => t.commentCount > 2)!;
    expect(thread.existed).toBe(false);
    expect(full.response.problems.filter((p) => /missing from this file/.test(p.message))).toEqual([]);
    const before = (await getThreadView(ctx.store, thread.id, engines.scorer, engines.detector))!;
    const decided = before.comments.at(-1)!;
    await ctx.store.appendDecision(thread.id, { id: 'decision-wxr-1', commentId: decided.id, action: 'escalate', moderator: 'Ada' }, T1);

    const cut = await importAndScore(ctx.store, { bytes: bytes.subarray(0, Math.floor(bytes.length * 0.4)), fileName: '/home/ada/exports/isso-cut.xml' }, engines);
    if (!cut.ok) throw new Error(cut.message);
    const again = cut.response.threads.find((t) => t.id === thread.id)!;
    expect(again.existed).toBe(true);
    expect(again.revision).toBe(2);
    expect(again.commentCount).toBeLessThan(thread.commentCount);
    expect(again.changes.missing.count).toBe(thread.commentCount - again.commentCount);
    expect(again.changes.added.count + again.changes.changed.count).toBe(0);
    expect(again.decisionsKept).toBe(1);
    expect(cut.response.problems).toContainEqual(expect.objectContaining({ where: `thread "${thread.id}"`, message: expect.stringMatching(/^\d+ comments stored from an earlier import are missing from this file; kept/) }));

    const after = (await getThreadView(ctx.store, thread.id, engines.scorer, engines.detector))!;
    expect(after.comments.map((c) => [c.id, c.text, c.depth])).toEqual(before.comments.map((c) => [c.id, c.text, c.depth]));
    expect(after.comments.filter((c) => c.missing).map((c) => c.id)).toEqual(again.changes.missing.ids);
    expect(after.comments.find((c) => c.id === decided.id)?.missing?.fileName).toBe('isso-cut.xml');
    expect(currentDecisions(after.decisions).get(decided.id)?.state).toBe('escalated');
  });
});

describe('re-import merge (store, SQLite files)', () => {
  it('upgrades a database of schema 1: its comments are present and its threads at revision 1', async () => {
    const tmp = tempDir();
    const dir = tmp.dir;
    const db = new Database(path.join(dir, DB_FILE_NAME));
    db.exec(MIGRATIONS[0]!);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);');
    db.prepare(`INSERT INTO threads (id, title, article_text, source_format, imported_at) VALUES ('old', 'Old', '', 'test', ?)`).run(T1);
    db.prepare(`INSERT INTO comments (thread_id, position, id, author, text, kind, status, text_hash) VALUES ('old', 0, 'a', 'x', 'hi', 'comment', 'published', ?)`).run(hashText('hi'));
    db.close();
    const store = await Store.open(dir);
    try {
      expect(await store.comments('old', SCORER, DETECTOR)).toMatchObject([{ id: 'a', missing_since: null, missing_from: null }]);
      // Its read model is computed on first open (rewritten as a new generation), not by the migration.
      expect(await store.threadState('old')).toMatchObject({ readModel: false, revision: 1, importedAt: T1 });
      expect(await store.ensureReadModel('old')).toBe(true);
      expect(await store.threadState('old')).toMatchObject({ readModel: true, revision: 1, importedAt: T1 });
      expect(await store.indexRows('old', (await store.threadState('old'))!.gen, SCORER, DETECTOR)).toMatchObject([{ id: 'a', depth: 0, tree_parent: -1, scorable: 1 }]);
      expect(await store.removeMissing('old', 1)).toEqual({ kind: 'removed', removed: 0, revision: 1 });
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

describe('planMerge', () => {
  const record = (id: string, text = `text ${id}`, extra: Partial<CommentRecord> = {}): CommentRecord => ({
    id, parentId: null, author: 'a', createdAt: null, createdAtText: null, text, html: null, kind: 'comment', status: 'published', textHash: hashText(text), missingSince: null, missingFrom: null, ...extra,
  });
  const source = { at: T2, fileName: 'f.xml' };

  it('puts a missing run first when no kept comment preceded it, and after its predecessor otherwise', async () => {
    const plan = planMerge([record('a'), record('b'), record('c'), record('d')], [record('x'), record('c')], source);
    expect(plan.rows.map((r) => `${r.id}${r.missingSince ? '?' : ''}`)).toEqual(['a?', 'b?', 'x', 'c', 'd?']);
  });

  it('compares duplicated ids as a group and lists each id once', async () => {
    const plan = planMerge([record('a'), record('a', 'second')], [record('a'), record('a', 'other')], source);
    expect(plan.changes.changed).toEqual({ count: 1, ids: ['a'] });
    expect(plan.rows.map((r) => r.text)).toEqual(['text a', 'other']);
  });

  it('counts every id but lists only the first ones', async () => {
    const stored = Array.from({ length: CHANGE_IDS_LISTED + 7 }, (_, i) => record(`m${i}`));
    const plan = planMerge(stored, [record('new')], source);
    expect(plan.changes.missing.count).toBe(CHANGE_IDS_LISTED + 7);
    expect(plan.changes.missing.ids).toHaveLength(CHANGE_IDS_LISTED);
    expect(plan.changes.missing.ids[0]).toBe('m0');
  });
});
