/**
 * The Coral integration's settings in the `integration_secrets` table (schema 3): the row `coral` holds the signing
 * secrets, newest last, as a JSON list of `{ secret, addedAt }` (kept in clear: an HMAC is checked with the secret
 * itself); the row `coral-policy` holds the phase policy (policy.ts) as JSON, and no secret. A new secret is added
 * beside the ones already there, so requests signed with the previous secret still pass while Coral rolls it;
 * `dropOld` keeps only the new one. Secrets are never logged. The rows are read and written through
 * src/app/store/settings.ts (either engine); every method that touches them is async, and adding a secret is one
 * IMMEDIATE transaction (two servers or a server and the CLI adding at once both keep theirs).
 */
import { randomBytes } from 'node:crypto';
import { SettingsRecords } from '../store/settings.ts';
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
  private readonly records: SettingsRecords;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>) {
    this.records = new SettingsRecords(store.sql);
  }

  private static async stored(records: SettingsRecords): Promise<StoredSecret[]> {
    const json = await records.secretRow(SECRETS_ROW);
    return json === undefined ? [] : (JSON.parse(json) as StoredSecret[]);
  }

  /** The stored secrets, oldest first. */
  storedSecrets(): Promise<StoredSecret[]> {
    return CoralSettings.stored(this.records);
  }

  /** The secret strings a signature is checked against. */
  async secrets(): Promise<string[]> {
    return (await this.storedSecrets()).map((s) => s.secret);
  }

  /**
   * Adds `secret` (a new random one when absent) as the newest; keeps the older ones for the roll unless `dropOld`.
   * Returns the secret and how many are now valid.
   */
  async addSecret(options: { secret?: string; dropOld?: boolean; at?: Date } = {}): Promise<{ secret: string; valid: number }> {
    const secret = options.secret ?? generateCoralSecret();
    const problem = secretProblem(secret);
    if (problem) throw new CoralSettingsError(problem);
    const addedAt = (options.at ?? new Date()).toISOString();
    return this.records.atomically(async (records) => {
      const kept = options.dropOld ? [] : (await CoralSettings.stored(records)).filter((s) => s.secret !== secret);
      const list = [...kept, { secret, addedAt }].slice(-MAX_CORAL_SECRETS);
      await records.putSecretRow(SECRETS_ROW, JSON.stringify(list), addedAt);
      return { secret, valid: list.length };
    });
  }

  /** The stored policy, or the default when none was set. */
  async policy(): Promise<CoralPolicy> {
    const json = await this.records.secretRow(POLICY_ROW);
    return json === undefined ? DEFAULT_CORAL_POLICY : (JSON.parse(json) as CoralPolicy);
  }

  /** Stores a policy after validating it (CoralSettingsError when refused). */
  async setPolicy(value: unknown, at: Date = new Date()): Promise<CoralPolicy> {
    const problem = policyProblem(value);
    if (problem) throw new CoralSettingsError(problem);
    await this.records.putSecretRow(POLICY_ROW, JSON.stringify(value), at.toISOString());
    return value as CoralPolicy;
  }

  /** Removes the stored policy: the default applies again. */
  async resetPolicy(): Promise<void> {
    await this.records.deleteSecretRow(POLICY_ROW);
  }
}

/** The store's settings (one per store). */
const perStore = new WeakMap<Pick<Store, 'sql'>, CoralSettings>();

export function coralSettingsFor(store: Pick<Store, 'sql'>): CoralSettings {
  let settings = perStore.get(store);
  if (!settings) {
    settings = new CoralSettings(store);
    perStore.set(store, settings);
  }
  return settings;
}
