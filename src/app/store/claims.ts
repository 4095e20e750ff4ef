/**
 * The `claims` and `snoozes` tables (migration 6) over `Sql`, on both engines: the queries of the team queue
 * (docs/adr/0025-queue-states-and-live-updates.md). The rules (who may claim what, expiry, snooze limits) are
 * src/app/queue/claims.ts's; this module only reads and writes rows.
 *
 * Contract:
 * - `lockedClaims` reads the asked comments' claim rows and writes what the caller's rule decided in one `immediate`
 *   transaction under the thread's lock key (the same key as the thread's decisions in store.ts), so that of two
 *   servers claiming one comment at once exactly one sees it free: SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory
 *   lock followed by READ COMMITTED reads that see the other's committed claim.
 * - Lists of comment ids go in statements of at most IN_CHUNK values; user names compare without case (lower()).
 * - Times are ISO-8601 UTC text, compared as text.
 */
import type { Sql } from './sql.ts';
import { chunks, placeholders } from './thread-queries.ts';

/** A claim row as stored. */
export interface ClaimRow {
  comment_id: string;
  user_name: string;
  claimed_at: string;
  expires_at: string;
}

/** A snooze row as stored. */
export interface SnoozeRow {
  comment_id: string;
  user_name: string;
  until: string;
}

/** The lock key of a thread's queue writes: the thread's decision lock (store.ts decisionsLock), one order for both. */
export const queueLockKey = (threadId: string): string => `threadscope:decisions:${threadId}`;

const CLAIM_COLUMNS = 'comment_id, user_name, claimed_at, expires_at';

/** The claim rows (live or not) of these comments of a thread, by comment id. */
export async function claimRows(sql: Sql, threadId: string, commentIds: readonly string[]): Promise<Map<string, ClaimRow>> {
  const out = new Map<string, ClaimRow>();
  for (const part of chunks([...new Set(commentIds)])) {
    const rows = await sql.all<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE thread_id = ? AND comment_id IN (${placeholders(part.length)})`, [threadId, ...part]);
    for (const row of rows) out.set(row.comment_id, row);
  }
  return out;
}

/**
 * Reads the claim rows of `commentIds`, hands them to `decide` (a rule, no I/O) and writes the rows it returns (a
 * claim per comment: inserted, or replacing the stored one), all in one immediate transaction under the thread's lock.
 */
export function lockedClaims<T>(sql: Sql, threadId: string, commentIds: readonly string[], decide: (current: Map<string, ClaimRow>) => { write: ClaimRow[]; result: T }): Promise<T> {
  return sql.transaction(async (tx) => {
    const { write, result } = decide(await claimRows(tx, threadId, commentIds));
    if (write.length > 0) {
      await tx.insertMany('claims', ['thread_id', 'comment_id', 'user_name', 'claimed_at', 'expires_at'], write.map((r) => [threadId, r.comment_id, r.user_name, r.claimed_at, r.expires_at]),
        'ON CONFLICT (thread_id, comment_id) DO UPDATE SET user_name = excluded.user_name, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at');
    }
    return result;
  }, { immediate: true, lockKey: queueLockKey(threadId) });
}

/** Deletes `username`'s claims (without case) on these comments; returns the ids whose claim was deleted, in the order given. */
export async function deleteOwnClaims(sql: Sql, threadId: string, commentIds: readonly string[], username: string): Promise<string[]> {
  const ended = new Set<string>();
  await sql.transaction(async (tx) => {
    for (const part of chunks([...new Set(commentIds)])) {
      const rows = await tx.all<{ comment_id: string }>(
        `DELETE FROM claims WHERE thread_id = ? AND lower(user_name) = lower(?) AND comment_id IN (${placeholders(part.length)}) RETURNING comment_id`,
        [threadId, username, ...part],
      );
      for (const row of rows) ended.add(row.comment_id);
    }
  }, { immediate: true, lockKey: queueLockKey(threadId) });
  return [...new Set(commentIds)].filter((id) => ended.has(id));
}

/** The thread's claims that end after `at`, by comment id. */
export function liveClaimRows(sql: Sql, threadId: string, at: string): Promise<ClaimRow[]> {
  return sql.all<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE thread_id = ? AND expires_at > ? ORDER BY comment_id`, [threadId, at]);
}

/** The thread's snoozes that end after `at`, by comment id. */
export function liveSnoozeRows(sql: Sql, threadId: string, at: string): Promise<SnoozeRow[]> {
  return sql.all<SnoozeRow>('SELECT comment_id, user_name, until FROM snoozes WHERE thread_id = ? AND until > ? ORDER BY comment_id', [threadId, at]);
}

/** Snoozes these comments until `until` by `username` (replacing a stored snooze), or wakes them when `until` is null. */
export async function writeSnoozes(sql: Sql, threadId: string, commentIds: readonly string[], username: string, until: string | null): Promise<void> {
  const ids = [...new Set(commentIds)];
  await sql.transaction(async (tx) => {
    if (until === null) {
      for (const part of chunks(ids)) await tx.run(`DELETE FROM snoozes WHERE thread_id = ? AND comment_id IN (${placeholders(part.length)})`, [threadId, ...part]);
      return;
    }
    await tx.insertMany('snoozes', ['thread_id', 'comment_id', 'user_name', 'until'], ids.map((id) => [threadId, id, username, until]),
      'ON CONFLICT (thread_id, comment_id) DO UPDATE SET user_name = excluded.user_name, until = excluded.until');
  }, { immediate: true, lockKey: queueLockKey(threadId) });
}

/** Deletes claims and snoozes over at `at`; returns how many rows went. */
export async function purgeExpiredRows(sql: Sql, at: string): Promise<number> {
  const claims = await sql.run('DELETE FROM claims WHERE expires_at <= ?', [at]);
  const snoozes = await sql.run('DELETE FROM snoozes WHERE until <= ?', [at]);
  return claims.changes + snoozes.changes;
}
