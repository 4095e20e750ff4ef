import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME, Store } from '../store/store.ts';
import { useTempStore } from '../testing/helpers.ts';
import { ApiKeyError, ApiKeys, generateKey, hashKey, KEY_PREFIX, labelProblem } from './api-keys.ts';

/** Every file of the data directory (database, WAL, shared memory), as bytes. */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name))));
}

describe('API keys', () => {
  const temp = useTempStore();

  it('a key is tsk_ + at least 128 random bits in base64url, different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, generateKey));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key.startsWith(KEY_PREFIX)).toBe(true);
      expect(key.slice(KEY_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(key.slice(KEY_PREFIX.length), 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });

  it('stores only the SHA-256: the key is nowhere in the data directory\'s bytes', () => {
    const keys = new ApiKeys(temp.store.db);
    const { key } = keys.create('coral');
    const secret = key.slice(KEY_PREFIX.length);
    temp.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = dataDirBytes(temp.dir);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(Buffer.from(secret.slice(0, 16)))).toBe(false);
    expect(bytes.includes(Buffer.from(hashKey(key)))).toBe(true);
    expect(keys.verify(key)).toEqual({ id: expect.any(Number), label: 'coral', qps: 10 });
  });

  it('lists label, rate, creation and usage, never the hash', () => {
    const keys = new ApiKeys(temp.store.db, { now: () => new Date('2026-12-01T10:00:00Z') });
    const { key } = keys.create('wp-plugin', 2.5);
    const listing = keys.list();
    expect(listing).toEqual([{ label: 'wp-plugin', qps: 2.5, createdAt: '2026-12-01T10:00:00.000Z', requests: 0, lastUsedAt: null }]);
    expect(JSON.stringify(listing)).not.toContain(hashKey(key));
  });

  it('refuses a bad label, a bad rate and a second live key with the same label; a revoked label can be reused', () => {
    const keys = new ApiKeys(temp.store.db);
    expect(() => keys.create('')).toThrow(ApiKeyError);
    expect(() => keys.create('has space')).toThrow(/letters, digits/);
    expect(() => keys.create('x'.repeat(65))).toThrow(/longer than 64/);
    expect(() => keys.create('ok', 0)).toThrow(/above 0/);
    expect(() => keys.create('ok', Number.NaN)).toThrow(ApiKeyError);
    expect(labelProblem('coral.prod_2-a')).toBeNull();
    const first = keys.create('coral');
    expect(() => keys.create('coral')).toThrow(/already labelled "coral"/);
    expect(keys.revoke('coral')).toBe(true);
    expect(keys.revoke('coral')).toBe(false);
    expect(keys.verify(first.key)).toBeNull();
    const second = keys.create('coral');
    expect(keys.verify(second.key)?.label).toBe('coral');
    expect(keys.list().map((k) => k.label)).toEqual(['coral']);
  });

  it('unknown, empty and foreign-looking keys are refused', () => {
    const keys = new ApiKeys(temp.store.db);
    const { key } = keys.create('coral');
    expect(keys.verify('')).toBeNull();
    expect(keys.verify(key.slice(0, -1))).toBeNull();
    expect(keys.verify(`${key}x`)).toBeNull();
    expect(keys.verify(hashKey(key))).toBeNull();
  });

  it('a revoke from another connection (the CLI) takes effect on the next verify', () => {
    const keys = new ApiKeys(temp.store.db);
    const { key } = keys.create('coral');
    expect(keys.verify(key)).not.toBeNull();
    const cli = Store.open(temp.dir);
    try {
      expect(new ApiKeys(cli.db).revoke('coral')).toBe(true);
    } finally {
      cli.close();
    }
    expect(keys.verify(key)).toBeNull();
  });

  it('counts usage in memory and writes it only on flush, in one UPDATE per key', () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const keys = new ApiKeys(temp.store.db, { now: () => now, flushEveryMs: 60_000 });
    const a = keys.verify(keys.create('a').key)!;
    const b = keys.verify(keys.create('b').key)!;
    for (let i = 0; i < 1000; i++) keys.recordUse(a.id);
    now = new Date('2026-12-01T10:00:05Z');
    keys.recordUse(b.id);
    const stored = () => temp.store.db.prepare('SELECT label, requests, last_used_at FROM api_keys ORDER BY label').all();
    expect(stored()).toEqual([{ label: 'a', requests: 0, last_used_at: null }, { label: 'b', requests: 0, last_used_at: null }]);
    expect(keys.list().map((k) => [k.label, k.requests, k.lastUsedAt])).toEqual([['a', 1000, '2026-12-01T10:00:00.000Z'], ['b', 1, '2026-12-01T10:00:05.000Z']]);
    keys.flush();
    expect(stored()).toEqual([
      { label: 'a', requests: 1000, last_used_at: '2026-12-01T10:00:00.000Z' },
      { label: 'b', requests: 1, last_used_at: '2026-12-01T10:00:05.000Z' },
    ]);
    keys.recordUse(a.id);
    keys.close();
    expect(stored()[0]).toMatchObject({ requests: 1001 });
    expect(keys.list()[0]!.requests).toBe(1001);
  });

  it('flushes on its own within the interval', async () => {
    const keys = new ApiKeys(temp.store.db, { flushEveryMs: 5 });
    const caller = keys.verify(keys.create('a').key)!;
    keys.recordUse(caller.id);
    keys.recordUse(caller.id);
    await new Promise<void>((resolve) => {
      const poll = () => (temp.store.db.prepare('SELECT requests FROM api_keys').pluck().get() === 2 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    expect(temp.store.db.prepare('SELECT requests FROM api_keys').pluck().get()).toBe(2);
  });

  it('flush after the store closed writes nothing and does not throw', () => {
    const file = path.join(temp.dir, DB_FILE_NAME);
    expect(fs.existsSync(file)).toBe(true);
    const other = Store.open(temp.dir);
    const keys = new ApiKeys(other.db);
    const caller = keys.verify(keys.create('a').key)!;
    keys.recordUse(caller.id);
    other.close();
    expect(() => keys.close()).not.toThrow();
  });
});
