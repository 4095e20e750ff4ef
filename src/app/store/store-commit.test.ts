/**
 * `Store.saveImport`'s `onCommit` (ADR 0033) on both engines: awaited inside the transaction that makes the threads
 * current, after they are, with the SavedThread[] read in it; what it writes commits with the import, and a throw in
 * it leaves neither the import nor anything it wrote (a re-import leaves the previous version current).
 */
import { expect, it } from 'vitest';
import type { Thread } from '../../core/model.ts';
import type { Sql } from './sql.ts';
import { hashText, type ImportBatch, type SavedThread } from './store.ts';
import { describeEachEngine } from './testing/databases.ts';
import { recordUploadOutcome, saveUpload, uploadMeta, type UploadOutcome } from './uploads.ts';
import { comment, useEngineStore } from '../testing/helpers.ts';

const SCORER = { name: 'fake', version: '1' };
const DETECTOR = { name: 'fake-tropes', version: '1' };

function thread(texts: string[]): Thread {
  return { id: 't1', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments: texts.map((text, i) => comment(`c${i + 1}`, null, text)) };
}

function batchOf(t: Thread, importedAt: string, onCommit?: ImportBatch['onCommit']): ImportBatch {
  const batch: ImportBatch = { threads: [{ thread: t, problems: [], hashes: t.comments.map((c) => hashText(c.text)) }], importedAt, scorer: SCORER, detector: DETECTOR, scores: [], tropes: [] };
  if (onCommit) batch.onCommit = onCommit;
  return batch;
}

const refused: UploadOutcome = { ok: false, error: 'not used', where: null };

describeEachEngine('Store.saveImport onCommit', (engine) => {
  const ctx = useEngineStore(engine);

  it('runs inside the transaction, after the threads are current, with what was saved; its writes commit with the import', async () => {
    await ctx.store.saveImport(batchOf(thread(['one', 'two']), '2026-12-07T10:00:00.000Z'));
    await ctx.store.appendDecision('t1', { id: 'dec-00001', commentId: 'c1', action: 'approve', moderator: 'mo' }, '2026-12-07T10:00:01.000Z');
    const other = await ctx.reopen();
    const seen: Array<{ saved: SavedThread[]; revisionInTx: number | undefined; outside: number | undefined }> = [];
    const returned = await ctx.store.saveImport(batchOf(thread(['one', 'two', 'three']), '2026-12-07T10:00:02.000Z', async (tx: Sql, saved) => {
      const revisionInTx = await tx.value<number>('SELECT revision FROM threads WHERE id = ?', ['t1']);
      // Another connection still sees the previous version: nothing is committed yet.
      const outside = (await other.threadState('t1'))?.revision;
      seen.push({ saved, revisionInTx, outside });
      await saveUpload(tx, { id: 'u1', progressId: null, actor: 'ada', actorRole: null, fileName: null, format: null, bytes: Uint8Array.of(1), createdAt: '2026-12-07T10:00:02.000Z' });
      expect(await recordUploadOutcome(tx, 'u1', refused, '2026-12-07T10:00:03.000Z')).toBe(true);
    }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.revisionInTx).toBe(2);
    expect(seen[0]!.outside).toBe(1);
    expect(seen[0]!.saved).toEqual(returned);
    expect(returned).toEqual([expect.objectContaining({ id: 't1', existed: true, revision: 2, decisionsKept: 1 })]);
    expect(returned[0]!.changes.added.ids).toEqual(['c3']);
    expect((await other.threadState('t1'))?.revision).toBe(2);
    expect(await uploadMeta(other.sql, 'u1')).toMatchObject({ outcome: refused, endedAt: '2026-12-07T10:00:03.000Z' });
  });

  it('a throw in onCommit leaves no thread visible and nothing it wrote; the error goes on', async () => {
    const failing: ImportBatch['onCommit'] = async (tx) => {
      await saveUpload(tx, { id: 'u1', progressId: null, actor: 'ada', actorRole: null, fileName: null, format: null, bytes: Uint8Array.of(1), createdAt: '2026-12-07T10:00:00.000Z' });
      throw new Error('audit refused');
    };
    await expect(ctx.store.saveImport(batchOf(thread(['one', 'two']), '2026-12-07T10:00:00.000Z', failing))).rejects.toThrow('audit refused');
    expect(await ctx.store.threadState('t1')).toBeNull();
    expect(await ctx.store.listThreads()).toEqual([]);
    expect(await ctx.store.sql.value('SELECT count(*) FROM comments')).toBe(0);
    expect(await ctx.store.sql.value('SELECT count(*) FROM uploads')).toBe(0);
    expect(await ctx.store.sql.value('SELECT count(*) FROM upload_parts')).toBe(0);

    // A re-import whose onCommit throws leaves the previous version current, its comments as they were.
    await ctx.store.saveImport(batchOf(thread(['one', 'two']), '2026-12-07T10:00:01.000Z'));
    await expect(ctx.store.saveImport(batchOf(thread(['one', 'changed', 'three']), '2026-12-07T10:00:02.000Z', failing))).rejects.toThrow('audit refused');
    expect(await ctx.store.threadState('t1')).toMatchObject({ revision: 1, importedAt: '2026-12-07T10:00:01.000Z' });
    expect((await ctx.store.comments('t1', SCORER, DETECTOR)).map((c) => c.text)).toEqual(['one', 'two']);
    expect(await ctx.store.sql.value('SELECT count(*) FROM uploads')).toBe(0);
    // Then an import without onCommit goes through as before.
    const [saved] = await ctx.store.saveImport(batchOf(thread(['one', 'changed', 'three']), '2026-12-07T10:00:03.000Z'));
    expect(saved).toMatchObject({ existed: true, revision: 2, decisionsKept: 0 });
  });
});
