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
import type { UserSummary } from '../../core/api.ts';
import { printable } from '../../core/printable.ts';
import { isRole, ROLES, type Role } from '../../core/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Store } from '../store/store.ts';
import { DuplicateUserError, UserRecords, type UserRow } from '../store/users.ts';
import { hashPassword, oneTimePassword, passwordProblem, SCRYPT_PARAMS, verifyPassword, type ScryptParams } from './passwords.ts';

export type { UserRow } from '../store/users.ts';

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
  private readonly records: UserRecords;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>, private readonly audit: AuditLog, options: AccountsOptions = {}) {
    this.scrypt = options.scrypt ?? SCRYPT_PARAMS;
    this.now = options.now ?? (() => new Date());
    this.records = new UserRecords(store.sql);
  }

  /** The account named `name` (any case), or undefined. */
  find(name: string): Promise<UserRow | undefined> {
    return this.records.find(name);
  }

  byId(id: number): Promise<UserRow | undefined> {
    return this.records.byId(id);
  }

  async list(): Promise<UserSummary[]> {
    return (await this.records.list()).map(userSummary);
  }

  /** True once any account exists (disabled ones too). */
  any(): Promise<boolean> {
    return this.records.any();
  }

  private static async get(records: UserRecords, name: string): Promise<UserRow> {
    const row = await records.find(name);
    if (!row) throw new AccountError('not-found', `no account is named "${printable(name.slice(0, 80))}"`);
    return row;
  }

  /**
   * Refuses to leave the team without an enabled administrator (nobody could manage accounts from the console).
   * Called inside `records.atomically`, so two servers cannot each demote one of the last two administrators.
   */
  private static async keepAnAdmin(records: UserRecords, row: UserRow, change: string): Promise<void> {
    if (row.role !== 'admin' || row.disabled_at !== null) return;
    if ((await records.otherEnabledAdmins(row.id)) === 0) {
      throw new AccountError('conflict', `cannot ${change} "${row.username}": it is the last enabled administrator (make another administrator first)`);
    }
  }

  /** Makes an account with a one-time password. */
  async create(name: string, role: Role, by: ChangeActor): Promise<WithPassword> {
    const problem = usernameProblem(name);
    if (problem) throw new AccountError('invalid', `user name "${printable(name.slice(0, 80))}": ${problem}`);
    if (!isRole(role)) throw new AccountError('invalid', `role "${printable(String(role).slice(0, 40))}" is not one of ${ROLES.join(', ')}`);
    const existing = await this.records.find(name);
    if (existing) throw new AccountError('conflict', `an account named "${existing.username}" already exists (names ignore case)`);
    const password = oneTimePassword();
    const hash = await hashPassword(password, this.scrypt);
    const at = this.now().toISOString();
    let id: number;
    try {
      id = await this.records.insertUser({ username: name, role, passwordHash: hash, at });
    } catch (error) {
      // Made by someone else while this one hashed.
      if (error instanceof DuplicateUserError) throw new AccountError('conflict', error.message);
      throw error;
    }
    const row = (await this.records.byId(id))!;
    await this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.create', what: `created the account "${row.username}" (${role})` });
    return { user: userSummary(row), password };
  }

  /** Gives an account another role; its sessions keep working with the new role from the next request. */
  async setRole(name: string, role: Role, by: ChangeActor): Promise<UserSummary> {
    if (!isRole(role)) throw new AccountError('invalid', `role "${printable(String(role).slice(0, 40))}" is not one of ${ROLES.join(', ')}`);
    const { row, changed } = await this.records.atomically(async (records) => {
      const row = await Accounts.get(records, name);
      if (row.role === role) return { row, changed: false };
      if (role !== 'admin') await Accounts.keepAnAdmin(records, row, `make ${role} of`);
      await records.setRole(row.id, role);
      return { row, changed: true };
    });
    if (!changed) return userSummary(row);
    await this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.role', what: `"${row.username}": ${row.role} -> ${role}` });
    return userSummary((await this.records.byId(row.id))!);
  }

  /** Disables an account: it cannot log in, and its sessions end at once (in the same transaction). */
  async disable(name: string, by: ChangeActor): Promise<UserSummary> {
    const { row, changed } = await this.records.atomically(async (records) => {
      const row = await Accounts.get(records, name);
      if (row.disabled_at !== null) return { row, changed: false };
      await Accounts.keepAnAdmin(records, row, 'disable');
      const at = this.now().toISOString();
      await records.setDisabled(row.id, at);
      await records.revokeSessions(row.id, at, null);
      return { row, changed: true };
    });
    if (!changed) return userSummary(row);
    await this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.disable', what: `disabled the account "${row.username}" and ended its sessions` });
    return userSummary((await this.records.byId(row.id))!);
  }

  async enable(name: string, by: ChangeActor): Promise<UserSummary> {
    const row = await Accounts.get(this.records, name);
    if (row.disabled_at === null) return userSummary(row);
    await this.records.setDisabled(row.id, null);
    await this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.enable', what: `enabled the account "${row.username}"` });
    return userSummary((await this.records.byId(row.id))!);
  }

  /** A new one-time password; every session of the account ends. */
  async resetPassword(name: string, by: ChangeActor): Promise<WithPassword> {
    const row = await Accounts.get(this.records, name);
    const password = oneTimePassword();
    const hash = await hashPassword(password, this.scrypt);
    await this.records.atomically(async (records) => {
      const at = this.now().toISOString();
      await records.setPassword(row.id, hash, at, true);
      await records.revokeSessions(row.id, at, null);
    });
    await this.audit.append({ actor: by.name, actorRole: by.role, action: 'account.password-reset', what: `reset the password of "${row.username}" and ended its sessions` });
    return { user: userSummary((await this.records.byId(row.id))!), password };
  }

  /**
   * The user's own change: the current password must match, the new one follow the rules. Every session of the user
   * but `keepSession` (the token hash of the one asking) ends. Throws AccountError('invalid') naming the field.
   */
  async changePassword(userId: number, current: string, next: string, keepSession: string | null): Promise<void> {
    const row = await this.records.byId(userId);
    if (!row || row.disabled_at !== null) throw new AccountError('not-found', 'the account no longer exists or is disabled');
    if (!(await verifyPassword(current, row.password_hash))) throw new AccountError('invalid', 'the current password is wrong');
    const problem = passwordProblem(next, row.username);
    if (problem) throw new AccountError('invalid', problem);
    if (await verifyPassword(next, row.password_hash)) throw new AccountError('invalid', 'the new password must differ from the current one');
    const hash = await hashPassword(next, this.scrypt);
    await this.records.atomically(async (records) => {
      const at = this.now().toISOString();
      await records.setPassword(row.id, hash, at, false);
      await records.revokeSessions(row.id, at, keepSession);
    });
    await this.audit.append({ actor: row.username, actorRole: row.role, action: 'password.change', what: `changed their password; their other sessions ended` });
  }

  async noteLogin(userId: number): Promise<void> {
    await this.records.noteLogin(userId, this.now().toISOString());
  }
}
