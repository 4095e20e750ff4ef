/**
 * The Coral integration's settings in the `integration_secrets` table (schema 3): the row `coral` holds the signing
 * secrets, newest last, as a JSON list of `{ secret, addedAt }` (kept in clear: an HMAC is checked with the secret
 * itself); the row `coral-policy` holds the phase policy (policy.ts) as JSON, and no secret. A new secret is added
 * beside the ones already there, so requests signed with the previous secret still pass while Coral rolls it;
 * `dropOld` keeps only the new one. Secrets are never logged.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Store } from '../store/store.ts';
import { DEFAULT_CORAL_POLICY, policyProblem, type CoralPolicy } from './policy.ts';

const SECRETS_ROW = 'coral';
const POLICY_ROW = 'coral-policy';

/** Most secrets kept at once (the newest ones): a roll needs two. */
export const MAX_CORAL_SECRETS = 4;

/** Shortest secret accepted when an administrator sets one Coral made (Coral's own are longer). */
export const MIN_SECRET_LENGTH = 16;

export interface StoredSecret {
  secret: string;
  addedAt: string;
}

/** A refused setting (a bad secret or policy); the message names why. */
export class CoralSettingsError extends Error {
  override name = 'CoralSettingsError';
}

/** A new random signing secret: "tssec_" and 32 random bytes as hex. */
export function generateCoralSecret(): string {
  return `tssec_${randomBytes(32).toString('hex')}`;
}

/** Why a secret given by an administrator is refused, or null when it is fine. */
export function secretProblem(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH) return `the secret must be at least ${MIN_SECRET_LENGTH} characters long`;
  if (/[\s,]/.test(secret)) return 'the secret must not hold white space or commas';
  return null;
}

export class CoralSettings {
  private readonly db: Database.Database;
  private readonly sql;

  constructor(db: Database.Database) {
    this.db = db;
    this.sql = {
      get: db.prepare('SELECT secrets_json FROM integration_secrets WHERE name = ?').pluck(),
      put: db.prepare(`INSERT INTO integration_secrets (name, secrets_json, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET secrets_json = excluded.secrets_json, updated_at = excluded.updated_at`),
    };
  }

  /** The stored secrets, oldest first. */
  storedSecrets(): StoredSecret[] {
    const json = this.sql.get.get(SECRETS_ROW) as string | undefined;
    return json === undefined ? [] : (JSON.parse(json) as StoredSecret[]);
  }

  /** The secret strings a signature is checked against. */
  secrets(): string[] {
    return this.storedSecrets().map((s) => s.secret);
  }

  /**
   * Adds `secret` (a new random one when absent) as the newest; keeps the older ones for the roll unless `dropOld`.
   * Returns the secret and how many are now valid.
   */
  addSecret(options: { secret?: string; dropOld?: boolean; at?: Date } = {}): { secret: string; valid: number } {
    const secret = options.secret ?? generateCoralSecret();
    const problem = secretProblem(secret);
    if (problem) throw new CoralSettingsError(problem);
    const addedAt = (options.at ?? new Date()).toISOString();
    return this.db.transaction(() => {
      const kept = options.dropOld ? [] : this.storedSecrets().filter((s) => s.secret !== secret);
      const list = [...kept, { secret, addedAt }].slice(-MAX_CORAL_SECRETS);
      this.sql.put.run(SECRETS_ROW, JSON.stringify(list), addedAt);
      return { secret, valid: list.length };
    }).immediate();
  }

  /** The stored policy, or the default when none was set. */
  policy(): CoralPolicy {
    const json = this.sql.get.get(POLICY_ROW) as string | undefined;
    return json === undefined ? DEFAULT_CORAL_POLICY : (JSON.parse(json) as CoralPolicy);
  }

  /** Stores a policy after validating it (CoralSettingsError when refused). */
  setPolicy(value: unknown, at: Date = new Date()): CoralPolicy {
    const problem = policyProblem(value);
    if (problem) throw new CoralSettingsError(problem);
    this.sql.put.run(POLICY_ROW, JSON.stringify(value), at.toISOString());
    return value as CoralPolicy;
  }

  /** Removes the stored policy: the default applies again. */
  resetPolicy(): void {
    this.db.prepare('DELETE FROM integration_secrets WHERE name = ?').run(POLICY_ROW);
  }
}

/** The store's settings (statements prepared once per store). */
const perStore = new WeakMap<Store, CoralSettings>();

export function coralSettingsFor(store: Store): CoralSettings {
  let settings = perStore.get(store);
  if (!settings) {
    settings = new CoralSettings(store.db);
    perStore.set(store, settings);
  }
  return settings;
}
