/** The audit trail on both store engines (issue 15): append, filters, pages, and the append-only rule in the database. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { AUDIT_TEXT_MAX, AuditLog, type AuditInput } from './audit-log.ts';

/** A log whose clock moves one minute per entry from 2026-12-07T05:00Z. */
function clockedLog(db: FreshDatabase): AuditLog {
  let minute = 0;
  return new AuditLog(db, () => new Date(Date.UTC(2026, 11, 7, 5, minute++)));
}

const entry = (actor: string, action: AuditInput['action'], extra: Partial<AuditInput> = {}): AuditInput => ({ actor, actorRole: 'moderator', action, what: `${action} by ${actor}`, ...extra });

describeEachEngine('AuditLog', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());

  it('appends entries with seq and time, and is append-only even through SQL', async () => {
    const log = clockedLog(db);
    const first = await log.append(entry('ada', 'decision.reject', { threadId: 't1', commentId: 'c1', why: 'spam' }));
    expect(first).toEqual({ seq: 1, at: '2026-12-07T05:00:00.000Z', actor: 'ada', actorRole: 'moderator', action: 'decision.reject', threadId: 't1', commentId: 'c1', what: 'decision.reject by ada', why: 'spam' });
    await expect(db.sql.run("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")).rejects.toThrow(/append-only: an entry cannot be changed/);
    await expect(db.sql.run('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only: an entry cannot be deleted/);
    await expect(db.sql.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    if (engine === 'postgres') await expect(db.sql.run('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await log.read({ limit: 10 })).toEqual([first]);
  });

  it('cuts long texts to AUDIT_TEXT_MAX characters with an ellipsis', async () => {
    const log = clockedLog(db);
    const stored = await log.append(entry('ada', 'import', { what: 'w'.repeat(AUDIT_TEXT_MAX + 50), why: 'y'.repeat(AUDIT_TEXT_MAX) }));
    expect(stored.what).toHaveLength(AUDIT_TEXT_MAX);
    expect(stored.what.endsWith('w…')).toBe(true);
    expect(stored.why).toBe('y'.repeat(AUDIT_TEXT_MAX));
    expect((await log.read({ limit: 1 }))[0]).toEqual(stored);
  });

  it('filters by actor without case, action or action prefix, thread, comment and time range, newest first', async () => {
    const log = clockedLog(db);
    await log.append(entry('Ada', 'decision.reject', { threadId: 't1', commentId: 'c1' })); // 1, 05:00
    await log.append(entry('bob', 'decision.approve', { threadId: 't1', commentId: 'c2' })); // 2, 05:01
    await log.append(entry('ada', 'claim', { threadId: 't1', commentId: 'c1' })); // 3, 05:02
    await log.append(entry('ada', 'import', { threadId: 't2' })); // 4, 05:03
    await log.append(entry('adam', 'decision.undo', { threadId: 't1', commentId: 'c1' })); // 5, 05:04
    const seqs = async (filter: Parameters<AuditLog['read']>[0]) => (await log.read(filter)).map((e) => e.seq);
    expect(await seqs({ limit: 200 })).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({ actor: 'ADA', limit: 200 })).toEqual([4, 3, 1]);
    expect(await seqs({ action: { exact: 'claim' }, limit: 200 })).toEqual([3]);
    expect(await seqs({ action: { prefix: 'decision.' }, limit: 200 })).toEqual([5, 2, 1]);
    expect(await seqs({ threadId: 't1', commentId: 'c1', limit: 200 })).toEqual([5, 3, 1]);
    expect(await seqs({ from: '2026-12-07T05:01:00.000Z', to: '2026-12-07T05:03:00.000Z', limit: 200 })).toEqual([3, 2]);
    expect(await seqs({ actor: 'ada', action: { prefix: 'decision.' }, threadId: 't1', limit: 200 })).toEqual([1]);
  });

  it('pages newest first: limit, then before = the last seq seen', async () => {
    const log = clockedLog(db);
    for (let i = 0; i < 7; i++) await log.append(entry('ada', 'claim', { commentId: `c${i}` }));
    const first = await log.read({ limit: 3 });
    expect(first.map((e) => e.seq)).toEqual([7, 6, 5]);
    const second = await log.read({ limit: 3, before: first.at(-1)!.seq });
    expect(second.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect((await log.read({ limit: 3, before: 2 })).map((e) => e.seq)).toEqual([1]);
    expect(await log.read({ limit: 3, before: 1 })).toEqual([]);
  });

  it('keeps every entry of appends made at once (no entry lost, seqs distinct)', async () => {
    const log = clockedLog(db);
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(entry('ada', 'claim', { commentId: `c${i}` }))));
    expect(new Set(made.map((e) => e.seq)).size).toBe(20);
    expect(await db.sql.value('SELECT count(*) FROM audit_log')).toBe(20);
  });
});
