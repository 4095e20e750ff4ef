/**
 * Login limits kept in the database (issue 15), for console servers that share one PostgreSQL: the rules of
 * rate-limit.ts (ACCOUNT_FAILURES failures for one name, or ADDRESS_FAILURES from one address, within
 * LOGIN_WINDOW_MS refuse further attempts until the oldest counted failure leaves the window; an attempt counts as a
 * failure while it is verified; a success clears its name's failures and takes back one of its address's), counted
 * in the `login_failures` table (src/app/store/login-failures.ts) instead of one process's memory. So an attacker
 * spreading guesses over the servers behind a load balancer meets one limit, and a restart forgets nothing.
 *
 * Contract: the same methods as LoginLimiter, async. `attempt` (check, then count) and `succeeded` are each one
 * IMMEDIATE transaction, so attempts arriving at once on several servers cannot all pass one check. Failures older
 * than the window are deleted as new ones are written: the table holds at most a window of failures.
 */
import type { Store } from '../store/store.ts';
import { LoginFailureRecords } from '../store/login-failures.ts';
import { accountKey, addressKey, ACCOUNT_FAILURES, ADDRESS_FAILURES, type Limited, type LimitOptions, LOGIN_WINDOW_MS, type LoginLimits } from './rate-limit.ts';

export class DatabaseLoginLimiter implements LoginLimits {
  private readonly records: LoginFailureRecords;
  private readonly windowMs: number;
  private readonly accountFailures: number;
  private readonly addressFailures: number;
  private readonly now: () => number;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>, options: LimitOptions = {}) {
    this.records = new LoginFailureRecords(store.sql);
    this.windowMs = options.windowMs ?? LOGIN_WINDOW_MS;
    this.accountFailures = options.accountFailures ?? ACCOUNT_FAILURES;
    this.addressFailures = options.addressFailures ?? ADDRESS_FAILURES;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until `key` is under `limit` again, or null when it is under now. */
  private async over(records: LoginFailureRecords, key: string, limit: number, now: number): Promise<number | null> {
    const times = await records.newest(key, new Date(now - this.windowMs).toISOString(), limit);
    if (times.length < limit) return null;
    return Math.max(1, Math.ceil((Date.parse(times[0]!) + this.windowMs - now) / 1000));
  }

  private async checkWith(records: LoginFailureRecords, username: string, address: string, now: number): Promise<Limited | null> {
    const account = await this.over(records, accountKey(username), this.accountFailures, now);
    if (account !== null) return { by: 'account', retryAfterSeconds: account };
    const byAddress = await this.over(records, addressKey(address), this.addressFailures, now);
    if (byAddress !== null) return { by: 'address', retryAfterSeconds: byAddress };
    return null;
  }

  private async failedWith(records: LoginFailureRecords, username: string, address: string, now: number): Promise<void> {
    await records.prune(new Date(now - this.windowMs).toISOString());
    await records.add([accountKey(username), addressKey(address)], new Date(now).toISOString());
  }

  check(username: string, address: string): Promise<Limited | null> {
    return this.checkWith(this.records, username, address, this.now());
  }

  attempt(username: string, address: string): Promise<Limited | null> {
    return this.records.atomically(async (records) => {
      const now = this.now();
      const limited = await this.checkWith(records, username, address, now);
      if (limited === null) await this.failedWith(records, username, address, now);
      return limited;
    });
  }

  failed(username: string, address: string): Promise<void> {
    return this.records.atomically((records) => this.failedWith(records, username, address, this.now()));
  }

  succeeded(username: string, address: string): Promise<void> {
    return this.records.atomically(async (records) => {
      await records.clear(accountKey(username));
      await records.takeBackNewest(addressKey(address));
    });
  }
}
