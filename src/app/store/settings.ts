/**
 * The SQL of the server's settings (issue 15): the `settings` table (schema 6: the team's thresholds, ADR 0023) and
 * the `integration_secrets` table (schema 3: Coral's signing secrets and phase policy, ADR 0015), over `Sql`, on
 * either engine. Values are JSON text, parsed and checked by their owners (src/server/settings/team-thresholds.ts,
 * src/app/coral/settings.ts), never with SQL JSON functions.
 *
 * Contract:
 * - `setting(key)` / `putSetting` read and upsert one `settings` row (json, updated_at, updated_by).
 * - `secretRow(name)` / `putSecretRow` / `deleteSecretRow` read, upsert and delete one `integration_secrets` row.
 * - `atomically(fn)` runs `fn` on records bound to one IMMEDIATE transaction under the lock key
 *   `threadscope:settings` (a read-modify-write of a row, such as adding a secret beside the others).
 */
import type { Sql } from './sql.ts';

export interface SettingRow {
  json: string;
  updated_at: string;
  updated_by: string;
}

const SETTINGS_LOCK = 'threadscope:settings';

export class SettingsRecords {
  constructor(readonly sql: Sql) {}

  atomically<T>(fn: (records: SettingsRecords) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new SettingsRecords(tx)), { immediate: true, lockKey: SETTINGS_LOCK });
  }

  setting(key: string): Promise<SettingRow | undefined> {
    return this.sql.get<SettingRow>('SELECT json, updated_at, updated_by FROM settings WHERE key = ?', [key]);
  }

  async putSetting(key: string, json: string, at: string, by: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO settings (key, json, updated_at, updated_by) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [key, json, at, by],
    );
  }

  /** The JSON of integration row `name`, or undefined. */
  secretRow(name: string): Promise<string | undefined> {
    return this.sql.value<string>('SELECT secrets_json FROM integration_secrets WHERE name = ?', [name]);
  }

  async putSecretRow(name: string, json: string, at: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO integration_secrets (name, secrets_json, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET secrets_json = excluded.secrets_json, updated_at = excluded.updated_at`,
      [name, json, at],
    );
  }

  /** Deletes row `name`; true when there was one. */
  async deleteSecretRow(name: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM integration_secrets WHERE name = ?', [name])).changes > 0;
  }
}
