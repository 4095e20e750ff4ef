/**
 * Claims and snoozes of the team's queue (issue 14, docs/adr/0025-queue-states-and-live-updates.md), in the store's
 * `claims` and `snoozes` tables (migration 6). Pure store functions; the routes are queue-routes.ts.
 *
 * Contract:
 * - A claim holds one comment for one user until `expiresAt` (CLAIM_TTL_MS after it was made; claiming again renews
 *   it). A comment another user holds by a live claim is never taken: `claimComments` lists it in `refused`. An expired
 *   claim counts as no claim everywhere (reads ignore it; writes replace it; `purgeExpired` deletes old rows lazily).
 * - Claiming is one IMMEDIATE SQLite transaction: of two moderators claiming one comment at once, exactly one gets it,
 *   also across processes sharing the store.
 * - `releaseClaim` / `releaseClaims` end only the caller's own claims. The decision route calls `releaseClaim` after a
 *   decision is recorded, and may call `liveClaim` first to see who holds a comment.
 * - A snooze takes a comment out of the queue until `until` (in the future, at most SNOOZE_MAX_MS ahead); `until`
 *   null wakes it. Snoozes are the team's, not a user's: anyone who may decide may wake a comment.
 * - Times are ISO-8601 UTC strings from Date.toISOString(), so they compare as text.
 * - User names compare without case, as accounts do.
 */
import type Database from 'better-sqlite3';
import type { Claim, QueueSnapshot, Snooze } from '../../core/api.ts';
import type { Store } from '../store/store.ts';

/** How long a claim lasts unless renewed (claiming again) or ended (a decision, a release). */
export const CLAIM_TTL_MS = 10 * 60 * 1000;
/** Longest snooze. */
export const SNOOZE_MAX_MS = 30 * 24 * 60 * 60 * 1000;
/** Most comments in one claim, release or snooze request. */
export const QUEUE_BATCH_MAX = 500;

type When = Date | string;
const iso = (when: When): string => (typeof when === 'string' ? when : when.toISOString());

interface ClaimRow {
  comment_id: string;
  user_name: string;
  claimed_at: string;
  expires_at: string;
}

interface SnoozeRow {
  comment_id: string;
  user_name: string;
  until: string;
}

const claimOf = (row: ClaimRow): Claim => ({ commentId: row.comment_id, by: row.user_name, at: row.claimed_at, expiresAt: row.expires_at });
const snoozeOf = (row: SnoozeRow): Snooze => ({ commentId: row.comment_id, by: row.user_name, until: row.until });

interface Statements {
  claimOne: Database.Statement;
  upsertClaim: Database.Statement;
  releaseOne: Database.Statement;
  liveClaims: Database.Statement;
  liveSnoozes: Database.Statement;
  upsertSnooze: Database.Statement;
  wakeOne: Database.Statement;
  purgeClaims: Database.Statement;
  purgeSnoozes: Database.Statement;
}

const statementCache = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let s = statementCache.get(db);
  if (s) return s;
  s = {
    claimOne: db.prepare('SELECT comment_id, user_name, claimed_at, expires_at FROM claims WHERE thread_id = ? AND comment_id = ?'),
    upsertClaim: db.prepare(`INSERT INTO claims (thread_id, comment_id, user_name, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (thread_id, comment_id) DO UPDATE SET user_name = excluded.user_name, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at`),
    releaseOne: db.prepare('DELETE FROM claims WHERE thread_id = ? AND comment_id = ? AND user_name = ? COLLATE NOCASE'),
    liveClaims: db.prepare('SELECT comment_id, user_name, claimed_at, expires_at FROM claims WHERE thread_id = ? AND expires_at > ? ORDER BY comment_id'),
    liveSnoozes: db.prepare('SELECT comment_id, user_name, until FROM snoozes WHERE thread_id = ? AND until > ? ORDER BY comment_id'),
    upsertSnooze: db.prepare(`INSERT INTO snoozes (thread_id, comment_id, user_name, until) VALUES (?, ?, ?, ?)
      ON CONFLICT (thread_id, comment_id) DO UPDATE SET user_name = excluded.user_name, until = excluded.until`),
    wakeOne: db.prepare('DELETE FROM snoozes WHERE thread_id = ? AND comment_id = ?'),
    purgeClaims: db.prepare('DELETE FROM claims WHERE expires_at <= ?'),
    purgeSnoozes: db.prepare('DELETE FROM snoozes WHERE until <= ?'),
  };
  statementCache.set(db, s);
  return s;
}

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The live claim on a comment at `now`, or null (none, or expired). */
export function liveClaim(store: Store, threadId: string, commentId: string, now: When = new Date()): Claim | null {
  const row = statements(store.db).claimOne.get(threadId, commentId) as ClaimRow | undefined;
  if (!row || row.expires_at <= iso(now)) return null;
  return claimOf(row);
}

/** Ends `username`'s claim on a comment (someone else's is left alone). True when a claim was ended. */
export function releaseClaim(store: Store, threadId: string, commentId: string, username: string): boolean {
  return statements(store.db).releaseOne.run(threadId, commentId, username).changes > 0;
}

/** Ends `username`'s claims on these comments; returns the ids whose claim ended. */
export function releaseClaims(store: Store, threadId: string, commentIds: readonly string[], username: string): string[] {
  const s = statements(store.db);
  return store.db.transaction(() => [...new Set(commentIds)].filter((id) => s.releaseOne.run(threadId, id, username).changes > 0)).immediate();
}

export interface ClaimOutcome {
  /** The caller's claims made or renewed. */
  claimed: Claim[];
  /** Live claims of other users on asked comments: left as they are. */
  refused: Claim[];
}

/**
 * Claims the comments for `username` until now + `ttlMs`, in one IMMEDIATE transaction: a comment without a live
 * claim, or with the caller's own (renewed), is claimed; one another user holds is refused.
 */
export function claimComments(store: Store, threadId: string, commentIds: readonly string[], username: string, now: When = new Date(), ttlMs = CLAIM_TTL_MS): ClaimOutcome {
  const s = statements(store.db);
  const at = iso(now);
  const expiresAt = new Date(Date.parse(at) + ttlMs).toISOString();
  return store.db.transaction((): ClaimOutcome => {
    const claimed: Claim[] = [];
    const refused: Claim[] = [];
    for (const commentId of new Set(commentIds)) {
      const row = s.claimOne.get(threadId, commentId) as ClaimRow | undefined;
      if (row && row.expires_at > at && !sameUser(row.user_name, username)) {
        refused.push(claimOf(row));
        continue;
      }
      s.upsertClaim.run(threadId, commentId, username, at, expiresAt);
      claimed.push({ commentId, by: username, at, expiresAt });
    }
    return { claimed, refused };
  }).immediate();
}

/** Why a snooze time is refused, or null when it is acceptable at `now`. */
export function snoozeUntilProblem(until: string, now: When = new Date()): string | null {
  const time = Date.parse(until);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(until) || Number.isNaN(time)) return `"${until.slice(0, 60)}" is not an ISO-8601 time (e.g. 2026-12-07T09:00:00Z)`;
  const start = Date.parse(iso(now));
  if (time <= start) return 'the snooze must end in the future';
  if (time - start > SNOOZE_MAX_MS) return 'a snooze lasts at most 30 days';
  return null;
}

/**
 * Snoozes the comments until `until` (checked by the caller with snoozeUntilProblem), or wakes them when `until` is
 * null. Returns the snoozes made (empty when waking).
 */
export function snoozeComments(store: Store, threadId: string, commentIds: readonly string[], username: string, until: string | null): Snooze[] {
  const s = statements(store.db);
  const stored = until === null ? null : new Date(Date.parse(until)).toISOString();
  return store.db.transaction((): Snooze[] => {
    const out: Snooze[] = [];
    for (const commentId of new Set(commentIds)) {
      if (stored === null) {
        s.wakeOne.run(threadId, commentId);
      } else {
        s.upsertSnooze.run(threadId, commentId, username, stored);
        out.push({ commentId, by: username, until: stored });
      }
    }
    return out;
  }).immediate();
}

/** Deletes claims and snoozes over at `now` (reads ignore them anyway; this keeps the tables small). */
export function purgeExpired(store: Store, now: When = new Date()): number {
  const s = statements(store.db);
  const at = iso(now);
  return s.purgeClaims.run(at).changes + s.purgeSnoozes.run(at).changes;
}

/** The thread's live claims and snoozes at `now`. */
export function queueSnapshot(store: Store, threadId: string, now: When = new Date()): QueueSnapshot {
  const s = statements(store.db);
  const at = iso(now);
  return store.snapshot(() => ({
    threadId,
    claims: (s.liveClaims.all(threadId, at) as ClaimRow[]).map(claimOf),
    snoozes: (s.liveSnoozes.all(threadId, at) as SnoozeRow[]).map(snoozeOf),
  }));
}
