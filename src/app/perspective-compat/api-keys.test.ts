/** API keys of the Perspective-compatible API on both store engines (issue 15). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSql } from '../store/open-sql.ts';
import { migrate } from '../store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { ApiKeyError, ApiKeys, generateKey, hashKey, KEY_PREFIX, labelProblem } from './api-keys.ts';

/** Every file of a directory (database, WAL, shared memory), as bytes. */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name))));
}

describe('API key format', () => {
  it('a key is tsk_ + at least 128 random bits in base64url, different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, generateKey));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key.startsWith(KEY_PREFIX)).toBe(true);
      expect(key.slice(KEY_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(key.slice(KEY_PREFIX.length), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });
});

describeEachEngine('API keys', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());

  const stored = () => db.sql.all<{ label: string; requests: number; last_used_at: string | null }>('SELECT label, requests, last_used_at FROM api_keys ORDER BY label');

  it('stores only the SHA-256 of a key', async () => {
    const keys = new ApiKeys(db);
    const { key } = await keys.create('coral');
    const rows = await db.sql.all<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(key.slice(KEY_PREFIX.length, KEY_PREFIX.length + 16));
    expect(rows[0]!.key_hash).toBe(hashKey(key));
    expect(await keys.verify(key)).toEqual({ id: expect.any(Number), label: 'coral', qps: 10 });
    if (db.dataDir !== undefined) {
      await db.sql.run('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = dataDirBytes(db.dataDir);
      expect(bytes.includes(Buffer.from(key.slice(KEY_PREFIX.length)))).toBe(false);
      expect(bytes.includes(Buffer.from(hashKey(key)))).toBe(true);
    }
  });

  it('lists label, rate, creation and usage, never the hash', async () => {
    const keys = new ApiKeys(db, { now: () => new Date('2026-12-01T10:00:00Z') });
    const { key } = await keys.create('wp-plugin', 2.5);
    const listing = await keys.list();
    expect(listing).toEqual([{ label: 'wp-plugin', qps: 2.5, createdAt: '2026-12-01T10:00:00.000Z', requests: 0, lastUsedAt: null }]);
    expect(JSON.stringify(listing)).not.toContain(hashKey(key));
  });

  it('refuses a bad label, a bad rate and a second live key with the same label; a revoked label can be reused', async () => {
    const keys = new ApiKeys(db);
    await expect(keys.create('')).rejects.toThrow(ApiKeyError);
    await expect(keys.create('has space')).rejects.toThrow(/letters, digits/);
    await expect(keys.create('x'.repeat(65))).rejects.toThrow(/longer than 64/);
    await expect(keys.create('ok', 0)).rejects.toThrow(/above 0/);
    await expect(keys.create('ok', Number.NaN)).rejects.toThrow(ApiKeyError);
    expect(labelProblem('coral.prod_2-a')).toBeNull();
    const first = await keys.create('coral');
    await expect(keys.create('coral')).rejects.toThrow(/already labelled "coral"/);
    expect(await keys.revoke('coral')).toBe(true);
    expect(await keys.revoke('coral')).toBe(false);
    expect(await keys.verify(first.key)).toBeNull();
    const second = await keys.create('coral');
    expect((await keys.verify(second.key))?.label).toBe('coral');
    expect((await keys.list()).map((k) => k.label)).toEqual(['coral']);
  });

  it('makes one live key of a label created twice at once', async () => {
    const keys = new ApiKeys(db);
    const results = await Promise.allSettled([keys.create('twice'), keys.create('twice')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.sql.value('SELECT count(*) FROM api_keys')).toBe(1);
  });

  it('unknown, empty and foreign-looking keys are refused', async () => {
    const keys = new ApiKeys(db);
    const { key } = await keys.create('coral');
    expect(await keys.verify('')).toBeNull();
    expect(await keys.verify(key.slice(0, -1))).toBeNull();
    expect(await keys.verify(`${key}x`)).toBeNull();
    expect(await keys.verify(hashKey(key))).toBeNull();
  });

  it('a revoke from another connection (the CLI) takes effect on the next verify', async () => {
    const keys = new ApiKeys(db);
    const { key } = await keys.create('coral');
    expect(await keys.verify(key)).not.toBeNull();
    const cli = await openSql(db.locator);
    try {
      expect(await new ApiKeys({ sql: cli }).revoke('coral')).toBe(true);
    } finally {
      await cli.close();
    }
    expect(await keys.verify(key)).toBeNull();
  });

  it('counts usage in memory and writes it only on flush; two servers\' counts add up', async () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const keys = new ApiKeys(db, { now: () => now, flushEveryMs: 60_000 });
    const a = (await keys.verify((await keys.create('a')).key))!;
    const b = (await keys.verify((await keys.create('b')).key))!;
    for (let i = 0; i < 1000; i++) keys.recordUse(a.id);
    now = new Date('2026-12-01T10:00:05Z');
    keys.recordUse(b.id);
    expect(await stored()).toEqual([{ label: 'a', requests: 0, last_used_at: null }, { label: 'b', requests: 0, last_used_at: null }]);
    expect((await keys.list()).map((k) => [k.label, k.requests, k.lastUsedAt])).toEqual([['a', 1000, '2026-12-01T10:00:00.000Z'], ['b', 1, '2026-12-01T10:00:05.000Z']]);
    await keys.flush();
    expect(await stored()).toEqual([
      { label: 'a', requests: 1000, last_used_at: '2026-12-01T10:00:00.000Z' },
      { label: 'b', requests: 1, last_used_at: '2026-12-01T10:00:05.000Z' },
    ]);
    // Another server counted uses of a earlier than the last stored: its requests add, the last use stays the latest.
    const other = new ApiKeys(db, { now: () => new Date('2026-12-01T09:00:00Z'), flushEveryMs: 60_000 });
    other.recordUse(a.id);
    await other.close();
    keys.recordUse(a.id);
    await keys.close();
    expect((await stored())[0]).toEqual({ label: 'a', requests: 1002, last_used_at: '2026-12-01T10:00:05.000Z' });
    expect((await keys.list())[0]!.requests).toBe(1002);
  });

  it('flushes on its own within the interval', async () => {
    const keys = new ApiKeys(db, { flushEveryMs: 5 });
    const caller = (await keys.verify((await keys.create('a')).key))!;
    keys.recordUse(caller.id);
    keys.recordUse(caller.id);
    await expect.poll(() => db.sql.value('SELECT requests FROM api_keys'), { timeout: 5000, interval: 5 }).toBe(2);
  });

  it('close after the database closed writes nothing and does not throw; a failed flush keeps its counts', async () => {
    const other = await openSql(db.locator);
    const keys = new ApiKeys({ sql: other }, { flushEveryMs: 60_000 });
    const caller = (await keys.verify((await keys.create('a')).key))!;
    keys.recordUse(caller.id);
    await other.close();
    await expect(keys.flush()).rejects.toThrow();
    await expect(keys.close()).resolves.toBeUndefined();
    expect(await db.sql.value('SELECT requests FROM api_keys')).toBe(0);
  });
});
