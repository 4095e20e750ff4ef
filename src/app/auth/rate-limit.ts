/**
 * Login attempts rate limited per account and per address (issue 14, docs/adr/0022-accounts-sessions-roles.md):
 * after ACCOUNT_FAILURES failed logins for one name within the window, further attempts for that name are refused
 * (429) until the oldest failure leaves the window; the same with ADDRESS_FAILURES failures from one address (a
 * password spray across names). A success clears its name's failures, not its address's. `LoginLimiter` counts in
 * memory, per server process: a restart forgets the counts (said in the ADR); at most MAX_KEYS names and addresses
 * are tracked, the stalest dropped first, so a flood of made-up names cannot grow the process. It is the limiter of
 * the embedded SQLite store (one server process). On PostgreSQL, where several console servers share the database,
 * `loginLimiterFor` gives db-rate-limit.ts's DatabaseLoginLimiter, which counts the same way in the database.
 */
import type { Store } from '../store/store.ts';
import { DatabaseLoginLimiter } from './db-rate-limit.ts';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURES = 5;
export const ADDRESS_FAILURES = 20;
const MAX_KEYS = 10_000;

export interface LimitOptions {
  windowMs?: number;
  accountFailures?: number;
  addressFailures?: number;
  now?: () => number;
}

/** A refusal: which limit, and after how many seconds the next attempt is allowed. */
export interface Limited {
  by: 'account' | 'address';
  retryAfterSeconds: number;
}

/** What the login routes need of a limiter: the in-memory one or the database's (each method may be async). */
export interface LoginLimits {
  check(username: string, address: string): Limited | null | Promise<Limited | null>;
  attempt(username: string, address: string): Limited | null | Promise<Limited | null>;
  failed(username: string, address: string): void | Promise<void>;
  succeeded(username: string, address: string): void | Promise<void>;
}

/** The limiter for a store: in memory on SQLite (one server process), in the database on PostgreSQL (many). */
export function loginLimiterFor(store: Pick<Store, 'sql'>, options: LimitOptions = {}): LoginLimits {
  return store.sql.dialect === 'postgres' ? new DatabaseLoginLimiter(store, options) : new LoginLimiter(options);
}

export class LoginLimiter implements LoginLimits {
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;
  private readonly accountFailures: number;
  private readonly addressFailures: number;
  private readonly now: () => number;

  constructor(options: LimitOptions = {}) {
    this.windowMs = options.windowMs ?? LOGIN_WINDOW_MS;
    this.accountFailures = options.accountFailures ?? ACCOUNT_FAILURES;
    this.addressFailures = options.addressFailures ?? ADDRESS_FAILURES;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  private over(key: string, limit: number): number | null {
    const times = this.recent(key);
    if (times.length < limit) return null;
    return Math.max(1, Math.ceil((times[times.length - limit]! + this.windowMs - this.now()) / 1000));
  }

  /** Null when an attempt for `username` from `address` may go ahead, else the limit that refuses it. */
  check(username: string, address: string): Limited | null {
    const account = this.over(accountKey(username), this.accountFailures);
    if (account !== null) return { by: 'account', retryAfterSeconds: account };
    const byAddress = this.over(addressKey(address), this.addressFailures);
    if (byAddress !== null) return { by: 'address', retryAfterSeconds: byAddress };
    return null;
  }

  /**
   * Starts an attempt: refused when over a limit; else it counts as a failure right away (so attempts sent at once
   * cannot all pass the check while the first is still being verified) until `succeeded` takes it back.
   */
  attempt(username: string, address: string): Limited | null {
    const limited = this.check(username, address);
    if (limited === null) this.failed(username, address);
    return limited;
  }

  /** Counts a failed attempt against the name and the address. */
  failed(username: string, address: string): void {
    for (const key of [accountKey(username), addressKey(address)]) {
      const times = this.recent(key);
      times.push(this.now());
      this.failures.delete(key); // re-inserted last: the map's order is staleness order
      this.failures.set(key, times.slice(-Math.max(this.accountFailures, this.addressFailures)));
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  /** An attempt succeeded: its name's failures are cleared and the address's count of it taken back. */
  succeeded(username: string, address: string): void {
    this.failures.delete(accountKey(username));
    const times = this.failures.get(addressKey(address));
    if (times && times.length > 0) times.pop();
  }
}

/** The key of a name's failures (names are one account whatever their case). */
export const accountKey = (username: string): string => `u:${username.toLowerCase()}`;
/** The key of an address's failures. */
export const addressKey = (address: string): string => `a:${address}`;
