/**
 * The SQL of the Perspective-compatible API's keys (issue 12; issue 15): the `api_keys` table over `Sql`, on either
 * engine. Only a key's SHA-256 is ever stored; labels, rates and the usage counting stay in
 * src/app/perspective-compat/api-keys.ts.
 *
 * Contract:
 * - `insertUnlessLabelLive` adds a key in one IMMEDIATE transaction (lock key `threadscope:api-keys`) unless a live
 *   key has the label (returns false); the partial unique index on live labels backs the rule on both engines.
 * - `verify` is one indexed read by hash of a live key; `revoke` marks the live key of a label (false when none).
 * - `addUsage` writes counted usage in one transaction: requests add up, `last_used_at` only moves forward.
 */
import type { Sql } from './sql.ts';

export interface ApiKeyRow {
  id: number;
  label: string;
  qps: number;
  created_at: string;
  requests: number;
  last_used_at: string | null;
}

export interface KeyOwnerRow {
  id: number;
  label: string;
  qps: number;
}

const KEYS_LOCK = 'threadscope:api-keys';

export class ApiKeyRecords {
  constructor(readonly sql: Sql) {}

  /** Adds a key unless a live key has `label`; false when one has. */
  insertUnlessLabelLive(key: { label: string; hash: string; qps: number; at: string }): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      if ((await tx.value<number>('SELECT 1 FROM api_keys WHERE label = ? AND revoked_at IS NULL', [key.label])) !== undefined) return false;
      await tx.run('INSERT INTO api_keys (label, key_hash, qps, created_at) VALUES (?, ?, ?, ?)', [key.label, key.hash, key.qps, key.at]);
      return true;
    }, { immediate: true, lockKey: KEYS_LOCK });
  }

  /** The live keys, by label. */
  live(): Promise<ApiKeyRow[]> {
    return this.sql.all<ApiKeyRow>('SELECT id, label, qps, created_at, requests, last_used_at FROM api_keys WHERE revoked_at IS NULL ORDER BY label, id');
  }

  async revoke(label: string, at: string): Promise<boolean> {
    return (await this.sql.run('UPDATE api_keys SET revoked_at = ? WHERE label = ? AND revoked_at IS NULL', [at, label])).changes > 0;
  }

  verify(hash: string): Promise<KeyOwnerRow | undefined> {
    return this.sql.get<KeyOwnerRow>('SELECT id, label, qps FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [hash]);
  }

  /** Adds usage to keys: `requests` more, and `last_used_at` at least `at`. */
  async addUsage(uses: ReadonlyArray<{ id: number; requests: number; at: string }>): Promise<void> {
    if (uses.length === 0) return;
    await this.sql.transaction(async (tx) => {
      for (const use of uses) {
        await tx.run(
          `UPDATE api_keys SET requests = requests + ?,
             last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END
           WHERE id = ?`,
          [use.requests, use.at, use.at, use.id],
        );
      }
    });
  }
}
