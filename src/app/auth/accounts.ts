/**
 * The team's accounts (issue 14, docs/adr/0022-accounts-sessions-roles.md), in the store's `users` table (schema 6).
 * One home for every change to an account, used by the users CLI (src/cli/users.ts) and the admin routes
 * (routes.ts): each change is checked (names, roles, the last administrator), done, then appended to the audit trail
 * (`account.*`, `password.change`) by the actor who did it. Disabling an account, resetting or changing its password
 * ends its sessions at once; a role change needs no revocation, since every request reads the role afresh.
 *
 * Names: 1–64 letters, digits, ".", "_", "-"; unique without regard to case ("Ada" and "ada" are one account).
 * A new account and a reset get a one-time password (returned once, stored only hashed) that the console asks the
 * user to replace (`must_change_password`).
 */
import type Database from 'better-sqlite3';
import type { UserSummary } from '../../core/api.ts';
import { printable } from '../../core/printable.ts';
import { isRole, ROLES, type Role } from '../../core/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { hashPassword, oneTimePassword, passwordProblem, SCRYPT_PARAMS, verifyPassword, type ScryptParams } from './passwords.ts';
import { Sessions } from './sessions.ts';

export const USERNAME_MAX = 64;
const USERNAME = /^[A-Za-z0-9._-]+$/;

/** Why `name` cannot be a user name, or null when it can. */
export function usernameProblem(name: string): string | null {
  if (name.length === 0) return 'a user name must not be empty';
  if (name.length > USERNAME_MAX) return `a user name has at most ${USERNAME_MAX} characters (this one has ${name.length})`;
  if (!USERNAME.test(name)) return 'a user name has only letters, digits, ".", "_" and "-"';
  return null;
}

/** Who makes a change: a user of the console, or a command-line tool ("cli:users"). */
export interface ChangeActor {
  name: string;
  role: Role | null;
}

/** A refused change; `kind` picks the HTTP status (404, 409, 400). */
export class AccountError extends Error {
  constructor(readonly kind: 'not-found' | 'conflict' | 'invalid', message: string) {
    super(message);
  }
}

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

export function userSummary(row: UserRow): UserSummary {
  return { id: row.id, username: row.username, role: row.role, createdAt: row.created_at, disabledAt: row.disabled_at, lastLoginAt: row.last_login_at };
}

export interface AccountsOptions {
  /** scrypt parameters of new hashes (tests pass TEST_SCRYPT_PARAMS; everything else keeps the default). */
  scrypt?: ScryptParams;
  now?: () => Date;
}

/** A new account or a reset: the one-time password is here once. */
export interface WithPassword {
  user: UserSummary;
  password: string;
}

export class Accounts {
  private readonly scrypt: ScryptParams;
  private readonly now: () => Date;
  private readonly sessions: Sessions;

  constructor(readonly db: Database.Database, private readonly audit: AuditLog, options: AccountsOptions = {}) {
    this.scrypt = options.scrypt ?? SCRYPT_PARAMS;
    this.now = options.now ?? (() => new Date());
    this.sessions = new Sessions(db, { now: this.now });
  }

  /** The account named `name` (any case), or undefined. */
  find(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(name) as UserRow | undefined;
  }

  byId(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  list(): UserSummary[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username COLLATE NOCASE').all() as UserRow[]).map(userSummary);
  }

  private get(name: string): UserRow {
    const row = this.find(name);
    if (!row) throw new AccountError('not-found', `no account is named "${printable(name.slice(0, 80))}"`);
    return row;
  }

  /** Refuses to leave the team without an enabled administrator (nobody could manage accounts from the console). */
  private keepAnAdmin(row: UserRow, change: string): void {
    if (row.role !== 'admin' || row.disabled_at !== null) return;
    const others = this.db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id != ?").pluck().get(row.id) as number;
    if (others === 0) throw new AccountError('conflict', `cannot ${change} "${row.username}": it is the last enabled administrator (make another administrator first)`);
  }

  /** Makes an account with a one-time password. */
  async create(name: string, role: Role, by: ChangeActor): Promise<WithPassword> {
    const problem = usernameProblem(name);
    if (problem) throw new AccountError('invalid', `user name "${printable(name.slice(0, 80))}": ${problem}`);
    if (!isRole(role)) throw new AccountError('invalid', `role "${printable(String(role).slice(0, 40))}" is not one of ${ROLES.join(', ')}`);
    if (this.find(name)) throw new AccountError('conflict', `an account named "${this.find(name)!.username}" already exists (names ignore case)`);
    const password = oneTimePassword();
    const hash = await hashPassword(password, this.scrypt);
    const at = this.now().toISOString();
    try {
      this.db.prepare('INSERT INTO users (username, role, password_hash, password_changed_at, must_change_password, created_at) VALUES (?, ?, ?, ?, 1, ?)').run(name, role, hash, at, at);
    } catch (error) {
      // Made by someone else while this one hashed.
      if (error instanceof Error && /UNIQUE/.test(error.message)) throw new AccountError('conflict', `an account named "${name}" already exists (names ignore case)`);
      throw error;
    }
    const row = this.get(name);
    this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.create', what: `created the account "${row.username}" (${role})` });
    return { user: userSummary(row), password };
  }

  /** Gives an account another role; its sessions keep working with the new role from the next request. */
  setRole(name: string, role: Role, by: ChangeActor): UserSummary {
    if (!isRole(role)) throw new AccountError('invalid', `role "${printable(String(role).slice(0, 40))}" is not one of ${ROLES.join(', ')}`);
    const row = this.get(name);
    if (row.role === role) return userSummary(row);
    if (role !== 'admin') this.keepAnAdmin(row, `make ${role} of`);
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, row.id);
    this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.role', what: `"${row.username}": ${row.role} -> ${role}` });
    return userSummary(this.byId(row.id)!);
  }

  /** Disables an account: it cannot log in, and its sessions end at once. */
  disable(name: string, by: ChangeActor): UserSummary {
    const row = this.get(name);
    if (row.disabled_at !== null) return userSummary(row);
    this.keepAnAdmin(row, 'disable');
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(this.now().toISOString(), row.id);
      this.sessions.revokeUser(row.id);
    })();
    this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.disable', what: `disabled the account "${row.username}" and ended its sessions` });
    return userSummary(this.byId(row.id)!);
  }

  enable(name: string, by: ChangeActor): UserSummary {
    const row = this.get(name);
    if (row.disabled_at === null) return userSummary(row);
    this.db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(row.id);
    this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.enable', what: `enabled the account "${row.username}"` });
    return userSummary(this.byId(row.id)!);
  }

  /** A new one-time password; every session of the account ends. */
  async resetPassword(name: string, by: ChangeActor): Promise<WithPassword> {
    const row = this.get(name);
    const password = oneTimePassword();
    const hash = await hashPassword(password, this.scrypt);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = 1 WHERE id = ?').run(hash, this.now().toISOString(), row.id);
      this.sessions.revokeUser(row.id);
    })();
    this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.password-reset', what: `reset the password of "${row.username}" and ended its sessions` });
    return { user: userSummary(this.byId(row.id)!), password };
  }

  /**
   * The user's own change: the current password must match, the new one follow the rules. Every session of the user
   * but `keepSession` (the token hash of the one asking) ends. Throws AccountError('invalid') naming the field.
   */
  async changePassword(userId: number, current: string, next: string, keepSession: string | null): Promise<void> {
    const row = this.byId(userId);
    if (!row || row.disabled_at !== null) throw new AccountError('not-found', 'the account no longer exists or is disabled');
    if (!(await verifyPassword(current, row.password_hash))) throw new AccountError('invalid', 'the current password is wrong');
    const problem = passwordProblem(next, row.username);
    if (problem) throw new AccountError('invalid', problem);
    if (await verifyPassword(next, row.password_hash)) throw new AccountError('invalid', 'the new password must differ from the current one');
    const hash = await hashPassword(next, this.scrypt);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = 0 WHERE id = ?').run(hash, this.now().toISOString(), row.id);
      this.sessions.revokeUser(row.id, keepSession);
    })();
    this.audit.append({ actor: row.username, actorRole: row.role, action: 'password.change', what: `changed their password; their other sessions ended` });
  }

  noteLogin(userId: number): void {
    this.db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(this.now().toISOString(), userId);
  }
}
