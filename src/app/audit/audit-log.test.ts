import { describe, expect, it } from 'vitest';
import { AUDIT_TEXT_MAX, AuditLog, type AuditInput } from './audit-log.ts';
import { useTempStore } from '../testing/helpers.ts';

/** A log whose clock moves one minute per entry from 2026-12-07T05:00Z. */
function clockedLog(db: ConstructorParameters<typeof AuditLog>[0]): AuditLog {
  let minute = 0;
  return new AuditLog(db, () => new Date(Date.UTC(2026, 11, 7, 5, minute++)));
}

const entry = (actor: string, action: AuditInput['action'], extra: Partial<AuditInput> = {}): AuditInput => ({ actor, actorRole: 'moderator', action, what: `${action} by ${actor}`, ...extra });

describe('AuditLog', () => {
  const ctx = useTempStore();

  it('appends entries with seq and time, and is append-only even through SQL', () => {
    const log = clockedLog(ctx.store.db);
    const first = log.append(entry('ada', 'decision.reject', { threadId: 't1', commentId: 'c1', why: 'spam' }));
    expect(first).toEqual({ seq: 1, at: '2026-12-07T05:00:00.000Z', actor: 'ada', actorRole: 'moderator', action: 'decision.reject', threadId: 't1', commentId: 'c1', what: 'decision.reject by ada', why: 'spam' });
    expect(() => ctx.store.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only: an entry cannot be changed/);
    expect(() => ctx.store.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only: an entry cannot be deleted/);
    expect(() => ctx.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(log.read({ limit: 10 })).toEqual([first]);
  });

  it('cuts long texts to AUDIT_TEXT_MAX characters with an ellipsis', () => {
    const log = clockedLog(ctx.store.db);
    const stored = log.append(entry('ada', 'import', { what: 'w'.repeat(AUDIT_TEXT_MAX + 50), why: 'y'.repeat(AUDIT_TEXT_MAX) }));
    expect(stored.what).toHaveLength(AUDIT_TEXT_MAX);
    expect(stored.what.endsWith('w…')).toBe(true);
    expect(stored.why).toBe('y'.repeat(AUDIT_TEXT_MAX));
  });

  it('filters by actor without case, action or action prefix, thread, comment and time range, newest first', () => {
    const log = clockedLog(ctx.store.db);
    log.append(entry('Ada', 'decision.reject', { threadId: 't1', commentId: 'c1' })); // 1, 05:00
    log.append(entry('bob', 'decision.approve', { threadId: 't1', commentId: 'c2' })); // 2, 05:01
    log.append(entry('ada', 'claim', { threadId: 't1', commentId: 'c1' })); // 3, 05:02
    log.append(entry('ada', 'import', { threadId: 't2' })); // 4, 05:03
    log.append(entry('adam', 'decision.undo', { threadId: 't1', commentId: 'c1' })); // 5, 05:04
    const seqs = (filter: Parameters<AuditLog['read']>[0]) => log.read(filter).map((e) => e.seq);
    expect(seqs({ limit: 200 })).toEqual([5, 4, 3, 2, 1]);
    expect(seqs({ actor: 'ADA', limit: 200 })).toEqual([4, 3, 1]);
    expect(seqs({ action: { exact: 'claim' }, limit: 200 })).toEqual([3]);
    expect(seqs({ action: { prefix: 'decision.' }, limit: 200 })).toEqual([5, 2, 1]);
    expect(seqs({ threadId: 't1', commentId: 'c1', limit: 200 })).toEqual([5, 3, 1]);
    expect(seqs({ from: '2026-12-07T05:01:00.000Z', to: '2026-12-07T05:03:00.000Z', limit: 200 })).toEqual([3, 2]);
    expect(seqs({ actor: 'ada', action: { prefix: 'decision.' }, threadId: 't1', limit: 200 })).toEqual([1]);
  });

  it('pages newest first: limit, then before = the last seq seen', () => {
    const log = clockedLog(ctx.store.db);
    for (let i = 0; i < 7; i++) log.append(entry('ada', 'claim', { commentId: `c${i}` }));
    const first = log.read({ limit: 3 });
    expect(first.map((e) => e.seq)).toEqual([7, 6, 5]);
    const second = log.read({ limit: 3, before: first.at(-1)!.seq });
    expect(second.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(log.read({ limit: 3, before: 2 }).map((e) => e.seq)).toEqual([1]);
    expect(log.read({ limit: 3, before: 1 })).toEqual([]);
  });
});
