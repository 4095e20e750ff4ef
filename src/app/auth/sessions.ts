/**
 * Login sessions (issue 14, docs/adr/0022-accounts-sessions-roles.md) in the store's `sessions` table. A session's
 * token is 32 random bytes (base64url) that only the user's cookie holds; the store keeps its SHA-256, so a copy of
 * the database opens no session. A session ends:
 * - after SESSION_IDLE_MS without use (each use renews it; the renewal is written at most once a RENEW_AFTER_MS),
 * - SESSION_ABSOLUTE_MS after the login whatever the use,
 * - on logout, when its account is disabled, and when the account's password is changed or reset (revoked).
 * `resolve` is the per-request check: one read by primary key joined to the user's row, so a disabled account, a
 * revoked session and a changed role take effect on the very next request.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Role } from '../../core/roles.ts';
import type { Actor } from './actor.ts';

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const RENEW_AFTER_MS = 60 * 1000;
/** Sessions that ended this long ago are deleted (on the next login): the table stays small. */
const KEEP_ENDED_MS = 7 * 24 * 60 * 60 * 1000;

/** A token as the cookie carries it: 32 bytes of base64url, no padding. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  username: string;
  role: Role;
  disabled_at: string | null;
  must_change_password: number;
}

export interface NewSession {
  token: string;
  hash: string;
  expiresAt: string;
}

export class Sessions {
  private readonly now: () => Date;
  private readonly lookup: Database.Statement;
  private readonly renew: Database.Statement;

  constructor(readonly db: Database.Database, options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
    this.lookup = db.prepare(`SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
        u.username, u.role, u.disabled_at, u.must_change_password
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`);
    this.renew = db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  }

  /** Starts a session for `userId`; the token goes into the cookie and nowhere else. */
  create(userId: number, address: string | null): NewSession {
    const now = this.now();
    const token = crypto.randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date(now.getTime() - KEEP_ENDED_MS).toISOString());
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hash, userId, now.toISOString(), now.toISOString(), expiresAt, address);
    return { token, hash, expiresAt };
  }

  /** The actor of a live session's token (renewing it when due), or null: unknown, expired, revoked, disabled. */
  resolve(token: string): Actor | null {
    if (!TOKEN_PATTERN.test(token)) return null;
    const row = this.lookup.get(tokenHash(token)) as SessionRow | undefined;
    if (!row || row.revoked_at !== null || row.disabled_at !== null) return null;
    const now = this.now().getTime();
    const absoluteEnd = Date.parse(row.created_at) + SESSION_ABSOLUTE_MS;
    let expiresAt = row.expires_at;
    if (!(now < Date.parse(expiresAt)) || !(now < absoluteEnd)) return null;
    if (now - Date.parse(row.last_seen_at) >= RENEW_AFTER_MS) {
      expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, absoluteEnd)).toISOString();
      this.renew.run(new Date(now).toISOString(), expiresAt, row.token_hash);
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
  isLive(hash: string): boolean {
    const row = this.lookup.get(hash) as SessionRow | undefined;
    if (!row || row.revoked_at !== null || row.disabled_at !== null) return false;
    const now = this.now().getTime();
    return now < Date.parse(row.expires_at) && now < Date.parse(row.created_at) + SESSION_ABSOLUTE_MS;
  }

  /** Ends one session (logout). */
  revoke(hash: string): void {
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(this.now().toISOString(), hash);
  }

  /** Ends every session of a user but `except` (the token hash of the session that asked, when it stays). */
  revokeUser(userId: number, except: string | null = null): number {
    return this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash IS NOT ?')
      .run(this.now().toISOString(), userId, except).changes;
  }
}
