/**
 * The SQL of the team's accounts and sessions (issue 14, ADR 0022; issue 15): the `users` and `sessions` tables over
 * `Sql`, on either engine. The rules (names, roles, the last administrator, when a session ends) stay in
 * src/app/auth/ (accounts.ts, sessions.ts); this module only reads and writes rows.
 *
 * Contract:
 * - Names are compared without case on both engines (`lower(username) = lower(?)`; the unique index is on
 *   `lower(username)` on PostgreSQL and `COLLATE NOCASE` on SQLite), and listed by `lower(username)`, then id.
 * - `atomically(fn)` runs `fn` on records bound to one IMMEDIATE transaction under the lock key `threadscope:users`
 *   (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock), so a read-then-write rule (the last administrator, a
 *   revocation with the change that caused it) cannot be passed by two servers on the same read. `fn` must use only
 *   the records it is given.
 * - `insertUser` throws `DuplicateUserError` when the name (any case) is taken, on both engines.
 * - Session rows are keyed by the token's SHA-256 (never the token); `revokeSessions` ends every live session of a
 *   user but the one given, and returns how many ended.
 */
import type { Role } from '../../core/roles.ts';
import type { Sql } from './sql.ts';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  created_at: string;
  disabled_at: string | null;
  last_login_at: string | null;
}

/** A session row joined to its user's row (what a request's check reads). */
export interface SessionRow {
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

export interface NewSessionRow {
  tokenHash: string;
  userId: number;
  at: string;
  expiresAt: string;
  address: string | null;
}

/** The name is taken (any case): the unique index refused the row. */
export class DuplicateUserError extends Error {
  override name = 'DuplicateUserError';
}

const USERS_LOCK = 'threadscope:users';

const USER_COLUMNS = 'id, username, role, password_hash, password_changed_at, must_change_password, created_at, disabled_at, last_login_at';

const SESSION_SQL = `SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
    u.username, u.role, u.disabled_at, u.must_change_password
  FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`;

/** SQLite: "UNIQUE constraint failed"; PostgreSQL: SQLSTATE 23505 unique_violation. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as { code?: unknown }).code === '23505' || /UNIQUE constraint/i.test(error.message);
}

export class UserRecords {
  constructor(readonly sql: Sql) {}

  /** Runs `fn` in one IMMEDIATE transaction (see the contract); nested calls join the outer transaction. */
  atomically<T>(fn: (records: UserRecords) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new UserRecords(tx)), { immediate: true, lockKey: USERS_LOCK });
  }

  /** True once any account exists (disabled ones too). */
  async any(): Promise<boolean> {
    return (await this.sql.value<number>('SELECT 1 FROM users LIMIT 1')) !== undefined;
  }

  find(name: string): Promise<UserRow | undefined> {
    return this.sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower(?)`, [name]);
  }

  byId(id: number): Promise<UserRow | undefined> {
    return this.sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
  }

  list(): Promise<UserRow[]> {
    return this.sql.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username), id`);
  }

  /** Enabled administrators other than user `id`. */
  async otherEnabledAdmins(id: number): Promise<number> {
    return (await this.sql.value<number>("SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?", [id])) ?? 0;
  }

  /** Adds an account that must change its password; returns its id. Throws DuplicateUserError when the name is taken. */
  async insertUser(user: { username: string; role: Role; passwordHash: string; at: string }): Promise<number> {
    try {
      const id = await this.sql.value<number>(
        'INSERT INTO users (username, role, password_hash, password_changed_at, must_change_password, created_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING id',
        [user.username, user.role, user.passwordHash, user.at, user.at],
      );
      return id!;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateUserError(`an account named "${user.username}" already exists (names ignore case)`, { cause: error });
      throw error;
    }
  }

  async setRole(id: number, role: Role): Promise<void> {
    await this.sql.run('UPDATE users SET role = ? WHERE id = ?', [role, id]);
  }

  /** Disables the account at `at`, or enables it with null. */
  async setDisabled(id: number, at: string | null): Promise<void> {
    await this.sql.run('UPDATE users SET disabled_at = ? WHERE id = ?', [at, id]);
  }

  async setPassword(id: number, hash: string, at: string, mustChange: boolean): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ? WHERE id = ?', [hash, at, mustChange ? 1 : 0, id]);
  }

  async noteLogin(id: number, at: string): Promise<void> {
    await this.sql.run('UPDATE users SET last_login_at = ? WHERE id = ?', [at, id]);
  }

  // Sessions.

  async insertSession(session: NewSessionRow): Promise<void> {
    await this.sql.run('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)', [
      session.tokenHash, session.userId, session.at, session.at, session.expiresAt, session.address,
    ]);
  }

  /** Deletes sessions that expired before `before` (they can never be used again). */
  async deleteSessionsExpiredBefore(before: string): Promise<number> {
    return (await this.sql.run('DELETE FROM sessions WHERE expires_at < ?', [before])).changes;
  }

  session(tokenHash: string): Promise<SessionRow | undefined> {
    return this.sql.get<SessionRow>(SESSION_SQL, [tokenHash]);
  }

  /** Moves a live session's idle end (a revoked one stays revoked). */
  async renewSession(tokenHash: string, seenAt: string, expiresAt: string): Promise<void> {
    await this.sql.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [seenAt, expiresAt, tokenHash]);
  }

  async revokeSession(tokenHash: string, at: string): Promise<void> {
    await this.sql.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [at, tokenHash]);
  }

  /** Ends every live session of user `userId` but `except` (a token hash, or null); returns how many ended. */
  async revokeSessions(userId: number, at: string, except: string | null): Promise<number> {
    const result = await this.sql.run(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash IS DISTINCT FROM ?',
      [at, userId, except],
    );
    return result.changes;
  }
}
