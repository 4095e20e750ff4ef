/**
 * Claims and snoozes of the team's queue (issue 14, docs/adr/0025-queue-states-and-live-updates.md), in the store's
 * `claims` and `snoozes` tables (migration 6): the rules here, the rows in src/app/store/claims.ts (both engines); the
 * routes are queue-routes.ts.
 *
 * Contract:
 * - A claim holds one comment for one user until `expiresAt` (CLAIM_TTL_MS after it was made; claiming again renews
 *   it). A comment another user holds by a live claim is never taken: `claimComments` lists it in `refused`. An expired
 *   claim counts as no claim everywhere (reads ignore it; writes replace it; `purgeExpired` deletes old rows lazily).
 * - Claiming is one immediate transaction under the thread's lock (SQLite BEGIN IMMEDIATE, PostgreSQL an advisory
 *   lock): of two moderators claiming one comment at once, exactly one gets it, also across servers sharing the store.
 * - `releaseClaim` / `releaseClaims` end only the caller's own claims. The decision route calls `releaseClaim` after a
 *   decision is recorded, and may call `liveClaim` first to see who holds a comment.
 * - A snooze takes a comment out of the queue until `until` (in the future, at most SNOOZE_MAX_MS ahead); `until`
 *   null wakes it. Snoozes are the team's, not a user's: anyone who may decide may wake a comment.
 * - Times are ISO-8601 UTC strings from Date.toISOString(), so they compare as text.
 * - User names compare without case, as accounts do.
 */
import type { Claim, QueueSnapshot, Snooze } from '../../core/api.ts';
import { type ClaimRow, deleteOwnClaims, liveClaimRows, liveSnoozeRows, lockedClaims, purgeExpiredRows, claimRows, type SnoozeRow, writeSnoozes } from '../store/claims.ts';
import type { Store } from '../store/store.ts';

/** How long a claim lasts unless renewed (claiming again) or ended (a decision, a release). */
export const CLAIM_TTL_MS = 10 * 60 * 1000;
/** Longest snooze. */
export const SNOOZE_MAX_MS = 30 * 24 * 60 * 60 * 1000;
/** Most comments in one claim, release or snooze request. */
export const QUEUE_BATCH_MAX = 500;

type When = Date | string;
const iso = (when: When): string => (typeof when === 'string' ? when : when.toISOString());

const claimOf = (row: ClaimRow): Claim => ({ commentId: row.comment_id, by: row.user_name, at: row.claimed_at, expiresAt: row.expires_at });
const snoozeOf = (row: SnoozeRow): Snooze => ({ commentId: row.comment_id, by: row.user_name, until: row.until });

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The live claim on a comment at `now`, or null (none, or expired). */
export async function liveClaim(store: Store, threadId: string, commentId: string, now: When = new Date()): Promise<Claim | null> {
  const row = (await claimRows(store.sql, threadId, [commentId])).get(commentId);
  if (!row || row.expires_at <= iso(now)) return null;
  return claimOf(row);
}

/** Ends `username`'s claim on a comment (someone else's is left alone). True when a claim was ended. */
export async function releaseClaim(store: Store, threadId: string, commentId: string, username: string): Promise<boolean> {
  return (await deleteOwnClaims(store.sql, threadId, [commentId], username)).length > 0;
}

/** Ends `username`'s claims on these comments; returns the ids whose claim ended. */
export function releaseClaims(store: Store, threadId: string, commentIds: readonly string[], username: string): Promise<string[]> {
  return deleteOwnClaims(store.sql, threadId, commentIds, username);
}

export interface ClaimOutcome {
  /** The caller's claims made or renewed. */
  claimed: Claim[];
  /** Live claims of other users on asked comments: left as they are. */
  refused: Claim[];
}

/**
 * The claim rule, given the stored claim rows of the asked comments: a comment without a live claim, or with the
 * caller's own (renewed), is claimed until `expiresAt`; one another user holds by a live claim is refused.
 */
export function claimRule(current: Map<string, ClaimRow>, commentIds: readonly string[], username: string, at: string, expiresAt: string): { write: ClaimRow[]; result: ClaimOutcome } {
  const write: ClaimRow[] = [];
  const claimed: Claim[] = [];
  const refused: Claim[] = [];
  for (const commentId of new Set(commentIds)) {
    const row = current.get(commentId);
    if (row && row.expires_at > at && !sameUser(row.user_name, username)) {
      refused.push(claimOf(row));
      continue;
    }
    write.push({ comment_id: commentId, user_name: username, claimed_at: at, expires_at: expiresAt });
    claimed.push({ commentId, by: username, at, expiresAt });
  }
  return { write, result: { claimed, refused } };
}

/**
 * Claims the comments for `username` until now + `ttlMs`, in one immediate transaction under the thread's lock
 * (claimRule): of two claimers of one comment, on one server or two, exactly one gets it.
 */
export function claimComments(store: Store, threadId: string, commentIds: readonly string[], username: string, now: When = new Date(), ttlMs = CLAIM_TTL_MS): Promise<ClaimOutcome> {
  const at = iso(now);
  const expiresAt = new Date(Date.parse(at) + ttlMs).toISOString();
  return lockedClaims(store.sql, threadId, commentIds, (current) => claimRule(current, commentIds, username, at, expiresAt));
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
export async function snoozeComments(store: Store, threadId: string, commentIds: readonly string[], username: string, until: string | null): Promise<Snooze[]> {
  const stored = until === null ? null : new Date(Date.parse(until)).toISOString();
  await writeSnoozes(store.sql, threadId, commentIds, username, stored);
  return stored === null ? [] : [...new Set(commentIds)].map((commentId) => ({ commentId, by: username, until: stored }));
}

/** Deletes claims and snoozes over at `now` (reads ignore them anyway; this keeps the tables small). */
export function purgeExpired(store: Store, now: When = new Date()): Promise<number> {
  return purgeExpiredRows(store.sql, iso(now));
}

/** The thread's live claims and snoozes at `now`, read in one snapshot. */
export function queueSnapshot(store: Store, threadId: string, now: When = new Date()): Promise<QueueSnapshot> {
  const at = iso(now);
  return store.snapshot(async (snap) => ({
    threadId,
    claims: (await liveClaimRows(snap.sql, threadId, at)).map(claimOf),
    snoozes: (await liveSnoozeRows(snap.sql, threadId, at)).map(snoozeOf),
  }));
}
