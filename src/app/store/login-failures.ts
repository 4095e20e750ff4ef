/**
 * The SQL of the login limits kept in the database (issue 15; schema 8's `login_failures`): one row per failed login,
 * keyed "u:<lower-case name>" or "a:<address>", over `Sql` on either engine. The limits themselves (how many, over
 * which window, what a success takes back) are src/app/auth/db-rate-limit.ts's.
 *
 * Contract:
 * - `atomically(fn)` runs `fn` on records bound to one IMMEDIATE transaction under the lock key `threadscope:login`,
 *   so a check and the failure it counts are one step for every server sharing the database.
 * - `newest(key, since, limit)` gives at most `limit` failure times of `key` later than `since`, oldest first.
 * - `takeBackNewest(key)` deletes the key's newest failure (a success that counted as one while it was checked).
 * - `prune(before)` deletes failures older than `before` (outside every window).
 */
import type { Sql } from './sql.ts';

const LOGIN_LOCK = 'threadscope:login';

export class LoginFailureRecords {
  constructor(readonly sql: Sql) {}

  atomically<T>(fn: (records: LoginFailureRecords) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new LoginFailureRecords(tx)), { immediate: true, lockKey: LOGIN_LOCK });
  }

  async newest(key: string, since: string, limit: number): Promise<string[]> {
    const rows = await this.sql.all<{ at: string }>('SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC, id DESC LIMIT ?', [key, since, limit]);
    return rows.map((row) => row.at).reverse();
  }

  async add(keys: readonly string[], at: string): Promise<void> {
    await this.sql.insertMany('login_failures', ['key', 'at'], keys.map((key) => [key, at]));
  }

  async clear(key: string): Promise<void> {
    await this.sql.run('DELETE FROM login_failures WHERE key = ?', [key]);
  }

  async takeBackNewest(key: string): Promise<void> {
    await this.sql.run('DELETE FROM login_failures WHERE id = (SELECT max(id) FROM login_failures WHERE key = ?)', [key]);
  }

  async prune(before: string): Promise<number> {
    return (await this.sql.run('DELETE FROM login_failures WHERE at < ?', [before])).changes;
  }
}
