/** The Coral integration's settings on both store engines (issue 15): secrets for the roll, the phase policy. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { DEFAULT_CORAL_POLICY } from './policy.ts';
import { coralSettingsFor, CoralSettings, CoralSettingsError, MAX_CORAL_SECRETS } from './settings.ts';

describeEachEngine('Coral settings', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());

  it('adds secrets beside the older ones (newest last, at most MAX_CORAL_SECRETS); dropOld keeps only the new one', async () => {
    const settings = new CoralSettings(db);
    expect(await settings.secrets()).toEqual([]);
    const first = await settings.addSecret({ at: new Date('2026-12-07T08:00:00Z') });
    expect(first.secret).toMatch(/^tssec_[0-9a-f]{64}$/);
    expect(first.valid).toBe(1);
    expect((await settings.addSecret({ secret: 'coral-made-secret-123' })).valid).toBe(2);
    expect(await settings.secrets()).toEqual([first.secret, 'coral-made-secret-123']);
    expect((await settings.storedSecrets())[0]).toEqual({ secret: first.secret, addedAt: '2026-12-07T08:00:00.000Z' });
    for (let i = 0; i < MAX_CORAL_SECRETS; i++) await settings.addSecret();
    expect(await settings.secrets()).toHaveLength(MAX_CORAL_SECRETS);
    expect(await settings.secrets()).not.toContain(first.secret);
    const only = await settings.addSecret({ dropOld: true });
    expect(await settings.secrets()).toEqual([only.secret]);
  });

  it('keeps both secrets added at once (one IMMEDIATE transaction each)', async () => {
    const settings = coralSettingsFor(db);
    expect(coralSettingsFor(db)).toBe(settings);
    await Promise.all([settings.addSecret({ secret: 'first-secret-0000001' }), settings.addSecret({ secret: 'second-secret-000002' })]);
    expect((await settings.secrets()).sort()).toEqual(['first-secret-0000001', 'second-secret-000002']);
  });

  it('refuses a short secret or one with spaces, changing nothing', async () => {
    const settings = new CoralSettings(db);
    await expect(settings.addSecret({ secret: 'short' })).rejects.toThrow(CoralSettingsError);
    await expect(settings.addSecret({ secret: 'has a space in it here' })).rejects.toThrow(/white space/);
    expect(await settings.secrets()).toEqual([]);
  });

  it('stores, refuses and resets the phase policy', async () => {
    const settings = new CoralSettings(db);
    expect(await settings.policy()).toEqual(DEFAULT_CORAL_POLICY);
    const policy = { ...DEFAULT_CORAL_POLICY, withholdStatus: DEFAULT_CORAL_POLICY.withholdStatus === 'REJECTED' ? 'SYSTEM_WITHHELD' : 'REJECTED' };
    expect(await settings.setPolicy(policy)).toEqual(policy);
    expect(await settings.policy()).toEqual(policy);
    await expect(settings.setPolicy({ nonsense: true })).rejects.toThrow(CoralSettingsError);
    expect(await settings.policy()).toEqual(policy);
    await settings.resetPolicy();
    expect(await settings.policy()).toEqual(DEFAULT_CORAL_POLICY);
    expect(await db.sql.value('SELECT count(*) FROM integration_secrets')).toBe(0);
  });
});
