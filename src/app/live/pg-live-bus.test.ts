/**
 * The live bus between servers (pg-live-bus.ts) on a throw-away PostgreSQL: two buses on one database, each with its
 * own pool, as two console servers would have. Also the in-process bus and the choice of bus (open-live-bus.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../core/api.ts';
import { appendLiveEvent, liveEventsAfter, pruneLiveEvents } from '../store/live-events.ts';
import { openSql } from '../store/open-sql.ts';
import { migrate } from '../store/pg-schema.ts';
import type { Sql } from '../store/sql.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from '../store/testing/databases.ts';
import { LocalLiveBus } from './live-bus.ts';
import { openLiveBus } from './open-live-bus.ts';
import { PgLiveBus, type PgLiveBusOptions } from './pg-live-bus.ts';

type Got = { id: number | null; event: LiveEvent };

function record(bus: { subscribe(listener: (event: LiveEvent, id: number | null) => void): () => void }): Got[] {
  const got: Got[] = [];
  bus.subscribe((event, id) => got.push({ id, event }));
  return got;
}

const thread = (n: number): LiveEvent => ({ type: 'thread', threadId: `t${n}` });

describe('LocalLiveBus', () => {
  it('delivers at once without ids, drops a listener that throws, replays nothing', async () => {
    const bus = new LocalLiveBus();
    const got = record(bus);
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    expect(bus.size).toBe(2);
    void bus.publish(thread(1));
    expect(got).toEqual([{ id: null, event: thread(1) }]);
    expect(bus.size).toBe(1);
    expect(await bus.replay()).toBeNull();
    expect(bus.listening).toBe(true);
    await bus.close();
    expect(bus.size).toBe(0);
  });
});

describe('openLiveBus', () => {
  it('gives the in-process bus for SQLite', async () => {
    const db = await freshDatabase('sqlite');
    try {
      const bus = await openLiveBus(db.sql, db.locator);
      expect(bus.kind).toBe('local');
      await bus.close();
    } finally {
      await db.dispose();
    }
  });
});

describe.skipIf(!TEST_ENGINES.includes('postgres'))('PgLiveBus: two servers on one database (postgres)', () => {
  let db: FreshDatabase;
  let url: string;
  const pools: Sql[] = [];
  const buses: PgLiveBus[] = [];
  const errors: string[] = [];

  beforeEach(async () => {
    db = await freshDatabase('postgres');
    await migrate(db.sql);
    if (db.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    url = db.locator.url;
    errors.length = 0;
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    for (const pool of pools.splice(0)) await pool.close();
    await db.dispose();
  });

  /** A bus with a pool of its own, as a second server would have. */
  async function server(options: PgLiveBusOptions = {}): Promise<PgLiveBus> {
    const sql = await openSql({ kind: 'postgres', url });
    pools.push(sql);
    const bus = await PgLiveBus.open(sql, url, { onError: (m) => errors.push(m), ...options });
    buses.push(bus);
    return bus;
  }

  it('delivers every server’s events to every server, each once and in id order, own ones included', async () => {
    const a = await server();
    const b = await server();
    const onA = record(a);
    const onB = record(b);
    // Both servers publish at the same time, 30 events each, one after another on each.
    await Promise.all([
      (async () => {
        for (let i = 0; i < 30; i++) await a.publish(thread(i));
      })(),
      (async () => {
        for (let i = 0; i < 30; i++) await b.publish({ type: 'queue', threadId: `q${i}`, snapshot: { threadId: `q${i}`, claims: [], snoozes: [] } });
      })(),
    ]);
    await expect.poll(() => [onA.length, onB.length], { timeout: 5000 }).toEqual([60, 60]);
    const stored = await liveEventsAfter(db.sql, 0, 1000);
    const expected = stored.map((row) => ({ id: row.id, event: row.event }));
    expect(onA).toEqual(expected);
    expect(onB).toEqual(expected);
    const ids = onB.map((g) => g.id!);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // A's own events, in the order A published them.
    expect(onB.filter((g) => g.event.type === 'thread').map((g) => g.event)).toEqual(Array.from({ length: 30 }, (_, i) => thread(i)));
    // Nothing more arrives later (no second delivery on the next notification or check).
    await a.publish({ type: 'reasons' });
    await expect.poll(() => onB.length).toBe(61);
    await new Promise((r) => setTimeout(r, 200));
    expect([onA.length, onB.length]).toEqual([61, 61]);
    expect(errors).toEqual([]);
  });

  it('does not deliver what was published before it opened (replay serves that)', async () => {
    const a = await server();
    await a.publish(thread(1));
    const b = await server();
    const onB = record(b);
    await a.publish(thread(2));
    await expect.poll(() => onB.length).toBe(1);
    expect(onB[0]!.event).toEqual(thread(2));
  });

  it('reconnects after its LISTEN connection is killed and delivers what was published meanwhile, once', async () => {
    const a = await server();
    const b = await server({ reconnectMs: [400], checkEveryMs: 60_000 });
    const onB = record(b);
    await a.publish(thread(0));
    await expect.poll(() => onB.length).toBe(1);
    const pid = b.listenerPid!;
    expect(a.listening).toBe(true);
    await db.sql.value('SELECT pg_terminate_backend(?)', [pid]);
    await expect.poll(() => b.listening).toBe(false);
    const downWhilePublished: boolean[] = [];
    for (let i = 1; i <= 5; i++) {
      await a.publish(thread(i));
      downWhilePublished.push(!b.listening);
    }
    expect(downWhilePublished).toEqual([true, true, true, true, true]);
    await expect.poll(() => b.listening, { timeout: 5000 }).toBe(true);
    expect(b.listenerPid).not.toBe(pid);
    await expect.poll(() => onB.length, { timeout: 5000 }).toBe(6);
    await a.publish(thread(6));
    await expect.poll(() => onB.length).toBe(7);
    expect(onB.map((g) => g.event)).toEqual(Array.from({ length: 7 }, (_, i) => thread(i)));
    expect(errors.some((e) => /notification connection was lost/.test(e))).toBe(true);
    expect(errors.join('\n')).not.toContain('postgres://');
  });

  it('replays after an id, in order; null when the id is unknown, pruned or too many were missed', async () => {
    const a = await server();
    for (let i = 0; i < 6; i++) await a.publish(thread(i));
    const rows = await liveEventsAfter(db.sql, 0, 100);
    const ids = rows.map((r) => r.id);
    expect(await a.replay(ids[2]!)).toEqual(rows.slice(3).map((r) => ({ id: r.id, event: r.event })));
    expect(await a.replay(ids[5]!)).toEqual([]);
    expect(await a.replay(ids[5]! + 10)).toBeNull();
    expect(await a.replay(ids[1]!, 3)).toBeNull();
    expect(await a.replay(ids[2]!, 3)).toHaveLength(3);
    expect(await a.replay(-1)).toBeNull();
    expect(await a.replay(1.5)).toBeNull();
    await pruneLiveEvents(db.sql, { before: '2000-01-01T00:00:00.000Z', keepRows: 3 });
    expect(await a.replay(ids[1]!)).toBeNull();
    expect(await a.replay(ids[2]!)).toHaveLength(3);
  });

  it('skips a stored row that is not a live event and goes on', async () => {
    const a = await server();
    const onA = record(a);
    await db.sql.run('INSERT INTO live_events (at, event) VALUES (?, ?)', ['2026-12-07T08:00:00.000Z', '{broken']);
    await appendLiveEvent(db.sql, thread(1));
    await a.publish(thread(2));
    await expect.poll(() => onA.map((g) => g.event)).toEqual([thread(1), thread(2)]);
  });

  it('prunes old rows when it publishes, keeping the newest', async () => {
    let now = new Date('2026-12-07T08:00:00.000Z');
    const a = await server({ keepRows: 5, keepMs: 60 * 60 * 1000, now: () => now });
    for (let i = 0; i < 12; i++) await a.publish(thread(i));
    // The first publish pruned (nothing old yet); a minute later the next one prunes to the newest 5.
    now = new Date(now.getTime() + 61_000);
    await a.publish(thread(12));
    expect((await liveEventsAfter(db.sql, 0, 100)).map((r) => r.event)).toEqual([8, 9, 10, 11, 12].map(thread));
  });

  it('refuses a SQLite Sql and a database it cannot reach, without the password in the message', async () => {
    const lite = await freshDatabase('sqlite');
    try {
      await expect(PgLiveBus.open(lite.sql, url)).rejects.toThrow(/PostgreSQL/);
    } finally {
      await lite.dispose();
    }
    const wrong = new URL(url);
    wrong.pathname = '/no_such_database_here';
    wrong.password = 'sekrit-pass';
    const failure = await PgLiveBus.open(db.sql, wrong.toString()).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain('sekrit-pass');
  });
});
