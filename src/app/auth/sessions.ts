/**
 * Login sessions (issue 14, docs/adr/0022-accounts-sessions-roles.md) in the store's `sessions` table. A session's
 * token is 32 random bytes (base64url) that only the user's cookie holds; the store keeps its SHA-256, so a copy of
 * the database opens no session. A session ends:
 * - after SESSION_IDLE_MS without use (each use renews it; the renewal is written at most once a RENEW_AFTER_MS),
 * - SESSION_ABSOLUTE_MS after the login whatever the use,
 * - on logout, when its account is disabled, and when the account's password is changed or reset (revoked).
 * `resolve` is the per-request check: one read by primary key joined to the user's row, so a disabled account, a
 * revoked session and a changed role take effect on the very next request, on every server sharing the database.
 * The rows are read and written through src/app/store/users.ts (either engine); every method is async.
 */
import crypto from 'node:crypto';
import type { Store } from '../store/store.ts';
import { UserRecords } from '../store/users.ts';
import type { Actor } from './actor.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const RENEW_AFTER_MS = 60 * 1000;
/** Sessions that ended this long ago are deleted (on the next login): the table stays small. */
const KEEP_ENDED_MS = 7 * 24 * 60 * 60 * 1000;

/** A token as the cookie carries it: 32 bytes of base64url, no padding. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

export interface NewSession {
  token: string;
  hash: string;
  expiresAt: string;
}

export class Sessions {
  private readonly now: () => Date;
  private readonly records: UserRecords;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>, options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
    this.records = new UserRecords(store.sql);
  }

  /** Starts a session for `userId`; the token goes into the cookie and nowhere else. */
  async create(userId: number, address: string | null): Promise<NewSession> {
    const now = this.now();
    const token = crypto.randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await this.records.deleteSessionsExpiredBefore(new Date(now.getTime() - KEEP_ENDED_MS).toISOString());
    await this.records.insertSession({ tokenHash: hash, userId, at: now.toISOString(), expiresAt, address });
    return { token, hash, expiresAt };
  }

  /** The actor of a live session's token (renewing it when due), or null: unknown, expired, revoked, disabled. */
  async resolve(token: string): Promise<Actor | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const row = await this.records.session(tokenHash(token));
    if (!row || row.revoked_at !== null || row.disabled_at !== null) return null;
    const now = this.now().getTime();
    const absoluteEnd = Date.parse(row.created_at) + SESSION_ABSOLUTE_MS;
    let expiresAt = row.expires_at;
    if (!(now < Date.parse(expiresAt)) || !(now < absoluteEnd)) return null;
    if (now - Date.parse(row.last_seen_at) >= RENEW_AFTER_MS) {
      expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, absoluteEnd)).toISOString();
      await this.records.renewSession(row.token_hash, new Date(now).toISOString(), expiresAt);
    }
    return {
      userId: row.user_id,
      username: row.username,
      role: row.role,
      mode: 'account',
      sessionHash: row.token_hash,
      expiresAt,
      mustChangePassword: row.must_change_password === 1,
    };
  }

  /** True while the session with this token hash would still be accepted (live streams ask on each heartbeat). */
  async isLive(hash: string): Promise<boolean> {
    const row = await this.records.session(hash);
    if (!row || row.revoked_at !== null || row.disabled_at !== null) return false;
    const now = this.now().getTime();
    return now < Date.parse(row.expires_at) && now < Date.parse(row.created_at) + SESSION_ABSOLUTE_MS;
  }

  /** Ends one session (logout). */
  async revoke(hash: string): Promise<void> {
    await this.records.revokeSession(hash, this.now().toISOString());
  }

  /** Ends every session of a user but `except` (the token hash of the session that asked, when it stays). */
  revokeUser(userId: number, except: string | null = null): Promise<number> {
    return this.records.revokeSessions(userId, this.now().toISOString(), except);
  }
}
