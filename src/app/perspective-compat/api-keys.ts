/**
 * API keys of the callers of the Perspective-compatible API (issue 12), in the store's `api_keys` table (schema 3).
 * A key is `tsk_` + 192 random bits in base64url; only its SHA-256 is stored, so the database never holds a key.
 * A label names one live key; revoking marks the row, and a revoked key is unknown from the next request on (every
 * `verify` is one indexed read, so a revoke by the CLI in another process takes effect at once).
 *
 * Usage is counted in memory and written to `requests`/`last_used_at` at most once a second and on `close`, so a
 * server answering thousands of requests a second does not write SQLite per request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ApiKeyUsage } from '../../core/api.ts';
import type { Store } from '../store/store.ts';

/** The prefix every key starts with, so a leaked key is recognisable (and greppable) as Threadscope's. */
export const KEY_PREFIX = 'tsk_';

/** Random bytes in a key (192 bits). */
const KEY_BYTES = 24;

/** Default rate of a new key, in requests a second. */
export const DEFAULT_QPS = 10;

/** Largest rate a key may be given. */
export const MAX_QPS = 100_000;

/** Longest label. */
export const MAX_LABEL_LENGTH = 64;

/** How often pending usage is written, at most. */
export const USAGE_FLUSH_MS = 1000;

/** Who made a request: put on the request by the caller gate. */
export interface Caller {
  id: number;
  label: string;
  qps: number;
}

/** A refused key operation; the message is for the operator. */
export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
}

/** A new random key. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** The stored form of a key: SHA-256, hex. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Rules a label must follow, each a test and the message when it fails. */
const LABEL_RULES: ReadonlyArray<{ ok: (label: string) => boolean; message: string }> = [
  { ok: (label) => label.length > 0, message: 'the label is empty' },
  { ok: (label) => label.length <= MAX_LABEL_LENGTH, message: `the label is longer than ${MAX_LABEL_LENGTH} characters` },
  { ok: (label) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label), message: 'the label may hold only letters, digits, ".", "_" and "-", and starts with a letter or digit' },
];

/** Why a label is refused, or null when it is fine. */
export function labelProblem(label: string): string | null {
  return LABEL_RULES.find((rule) => !rule.ok(label))?.message ?? null;
}

/** Why a rate is refused, or null when it is fine. */
export function qpsProblem(qps: number): string | null {
  if (!Number.isFinite(qps) || qps <= 0) return 'the rate must be a number of requests a second above 0';
  if (qps > MAX_QPS) return `the rate must be at most ${MAX_QPS} requests a second`;
  return null;
}

/** Usage not yet written for one key. */
interface PendingUse {
  requests: number;
  lastUsedAt: string;
}

export interface ApiKeysOptions {
  /** The clock (default: now). */
  now?: () => Date;
  /** How often pending usage is written, at most (default 1 s). */
  flushEveryMs?: number;
}

/** The api_keys table: create, list, revoke, verify, and usage counted in memory and flushed. */
export class ApiKeys {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly flushEveryMs: number;
  private readonly pending = new Map<number, PendingUse>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly sql;

  constructor(db: Database.Database, options: ApiKeysOptions = {}) {
    this.db = db;
    this.now = options.now ?? (() => new Date());
    this.flushEveryMs = options.flushEveryMs ?? USAGE_FLUSH_MS;
    this.sql = {
      insert: db.prepare('INSERT INTO api_keys (label, key_hash, qps, created_at) VALUES (?, ?, ?, ?)'),
      liveLabel: db.prepare('SELECT 1 FROM api_keys WHERE label = ? AND revoked_at IS NULL').pluck(),
      list: db.prepare('SELECT id, label, qps, created_at, requests, last_used_at FROM api_keys WHERE revoked_at IS NULL ORDER BY label'),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL'),
      verify: db.prepare('SELECT id, label, qps FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL'),
      use: db.prepare('UPDATE api_keys SET requests = requests + ?, last_used_at = max(coalesce(last_used_at, \'\'), ?) WHERE id = ?'),
    };
  }

  /** Makes a key for `label` at `qps` requests a second; returns the key, which is never stored nor shown again. */
  create(label: string, qps: number = DEFAULT_QPS): { key: string; label: string; qps: number; createdAt: string } {
    const problem = labelProblem(label) ?? qpsProblem(qps);
    if (problem) throw new ApiKeyError(problem);
    const key = generateKey();
    const createdAt = this.now().toISOString();
    this.db.transaction(() => {
      if (this.sql.liveLabel.get(label)) throw new ApiKeyError(`a live key is already labelled "${label}"; revoke it first or choose another label`);
      this.sql.insert.run(label, hashKey(key), qps, createdAt);
    }).immediate();
    return { key, label, qps, createdAt };
  }

  /** The live keys by label, with their usage (pending counts included). */
  list(): ApiKeyUsage[] {
    const rows = this.sql.list.all() as Array<{ id: number; label: string; qps: number; created_at: string; requests: number; last_used_at: string | null }>;
    return rows.map((row) => {
      const pending = this.pending.get(row.id);
      return {
        label: row.label,
        qps: row.qps,
        createdAt: row.created_at,
        requests: row.requests + (pending?.requests ?? 0),
        lastUsedAt: pending ? pending.lastUsedAt : row.last_used_at,
      };
    });
  }

  /** Revokes the live key labelled `label`; false when there is none. */
  revoke(label: string): boolean {
    return this.sql.revoke.run(this.now().toISOString(), label).changes > 0;
  }

  /** The caller a key belongs to, or null for an unknown or revoked key. */
  verify(key: string): Caller | null {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const row = this.sql.verify.get(hashKey(key)) as Caller | undefined;
    return row ?? null;
  }

  /** Counts one request of key `id`; written by the next flush (within `flushEveryMs`). */
  recordUse(id: number): void {
    const at = this.now().toISOString();
    const pending = this.pending.get(id);
    if (pending) {
      pending.requests += 1;
      pending.lastUsedAt = at;
    } else {
      this.pending.set(id, { requests: 1, lastUsedAt: at });
    }
    if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes pending usage in one transaction (nothing when the database is closed). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || !this.db.open) return;
    const batch = [...this.pending];
    this.pending.clear();
    this.db.transaction(() => {
      for (const [id, use] of batch) this.sql.use.run(use.requests, use.lastUsedAt, id);
    })();
  }

  /** Writes what is pending and stops the timer. */
  close(): void {
    this.flush();
  }
}

/** One ApiKeys per store, shared by the caller gate of every route and the console's usage route. */
const perStore = new WeakMap<Store, ApiKeys>();

/** The store's ApiKeys (made on first use). */
export function apiKeysFor(store: Store): ApiKeys {
  let keys = perStore.get(store);
  if (!keys) {
    keys = new ApiKeys(store.db);
    perStore.set(store, keys);
  }
  return keys;
}
