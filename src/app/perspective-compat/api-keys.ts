/**
 * API keys of the callers of the Perspective-compatible API (issue 12), in the store's `api_keys` table (schema 3).
 * A key is `tsk_` + 192 random bits in base64url; only its SHA-256 is stored, so the database never holds a key.
 * A label names one live key; revoking marks the row, and a revoked key is unknown from the next request on (every
 * `verify` is one indexed read, so a revoke by the CLI in another process takes effect at once).
 *
 * Usage is counted in memory and written to `requests`/`last_used_at` at most once a second and on `close`, so a
 * server answering thousands of requests a second does not write the database per request; with several servers
 * each adds its own counts (the UPDATE adds, it never overwrites). A flush that fails keeps its counts for the next
 * one; `close` never throws (a database already closed loses what was pending). The rows are read and written
 * through src/app/store/api-keys.ts (either engine); every method that touches them is async.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyUsage } from '../../core/api.ts';
import { ApiKeyRecords } from '../store/api-keys.ts';
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
  private readonly records: ApiKeyRecords;
  private readonly now: () => Date;
  private readonly flushEveryMs: number;
  private readonly pending = new Map<number, PendingUse>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>, options: ApiKeysOptions = {}) {
    this.records = new ApiKeyRecords(store.sql);
    this.now = options.now ?? (() => new Date());
    this.flushEveryMs = options.flushEveryMs ?? USAGE_FLUSH_MS;
  }

  /** Makes a key for `label` at `qps` requests a second; returns the key, which is never stored nor shown again. */
  async create(label: string, qps: number = DEFAULT_QPS): Promise<{ key: string; label: string; qps: number; createdAt: string }> {
    const problem = labelProblem(label) ?? qpsProblem(qps);
    if (problem) throw new ApiKeyError(problem);
    const key = generateKey();
    const createdAt = this.now().toISOString();
    if (!(await this.records.insertUnlessLabelLive({ label, hash: hashKey(key), qps, at: createdAt }))) {
      throw new ApiKeyError(`a live key is already labelled "${label}"; revoke it first or choose another label`);
    }
    return { key, label, qps, createdAt };
  }

  /** The live keys by label, with their usage (pending counts included). */
  async list(): Promise<ApiKeyUsage[]> {
    const rows = await this.records.live();
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
  revoke(label: string): Promise<boolean> {
    return this.records.revoke(label, this.now().toISOString());
  }

  /** The caller a key belongs to, or null for an unknown or revoked key. */
  async verify(key: string): Promise<Caller | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const row = await this.records.verify(hashKey(key));
    return row ? { id: row.id, label: row.label, qps: row.qps } : null;
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
      // A failed periodic flush keeps its counts pending (flush puts them back) and tries again on the next use.
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes pending usage in one transaction; on failure the counts stay pending and the error is thrown. */
  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    try {
      await this.records.addUsage(batch.map(([id, use]) => ({ id, requests: use.requests, at: use.lastUsedAt })));
    } catch (error) {
      for (const [id, use] of batch) {
        const later = this.pending.get(id);
        this.pending.set(id, later ? { requests: later.requests + use.requests, lastUsedAt: later.lastUsedAt } : use);
      }
      throw error;
    }
  }

  /** Writes what is pending and stops the timer; never throws (a closed database loses what was pending). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** One ApiKeys per store, shared by the caller gate of every route and the console's usage route. */
const perStore = new WeakMap<Pick<Store, 'sql'>, ApiKeys>();

/** The store's ApiKeys (made on first use). */
export function apiKeysFor(store: Pick<Store, 'sql'>): ApiKeys {
  let keys = perStore.get(store);
  if (!keys) {
    keys = new ApiKeys(store);
    perStore.set(store, keys);
  }
  return keys;
}
