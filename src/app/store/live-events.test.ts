/**
 * The live_events repository (live-events.ts) on both engines, and the NOTIFY of an append on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLiveEvent, lastLiveEventId, liveEventBounds, liveEventsAfter, openLiveChannel, pruneLiveEvents, type LiveChannel } from './live-events.ts';
import { migrate } from './pg-schema.ts';
import { describeEachEngine, freshDatabase, TEST_ENGINES, type FreshDatabase } from './testing/databases.ts';

describeEachEngine('live_events', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(async () => db.dispose());

  it('appends with increasing ids and reads after an id in order, at most a limit', async () => {
    expect(await lastLiveEventId(db.sql)).toBe(0);
    expect(await liveEventBounds(db.sql)).toEqual({ min: null, max: null });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await appendLiveEvent(db.sql, { type: 'thread', threadId: `t${i}` }, `2026-12-07T08:00:0${i}.000Z`));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);
    const after = await liveEventsAfter(db.sql, ids[1]!, 2);
    expect(after).toEqual([
      { id: ids[2], at: '2026-12-07T08:00:02.000Z', event: { type: 'thread', threadId: 't2' } },
      { id: ids[3], at: '2026-12-07T08:00:03.000Z', event: { type: 'thread', threadId: 't3' } },
    ]);
    expect(await liveEventBounds(db.sql)).toEqual({ min: ids[0], max: ids[4] });
    expect(await lastLiveEventId(db.sql)).toBe(ids[4]);
  });

  it('keeps a payload far past NOTIFY’s 8000 bytes whole', async () => {
    const big = { type: 'thread' as const, threadId: 'x'.repeat(20_000) };
    const id = await appendLiveEvent(db.sql, big);
    expect((await liveEventsAfter(db.sql, id - 1, 1))[0]!.event).toEqual(big);
  });

  it('reads a row that is not a live event as null, without throwing', async () => {
    await db.sql.run('INSERT INTO live_events (at, event) VALUES (?, ?), (?, ?), (?, ?)', ['2026-12-07T08:00:00.000Z', '{not json', '2026-12-07T08:00:00.000Z', '[1]', '2026-12-07T08:00:00.000Z', '{"no":"type"}']);
    const rows = await liveEventsAfter(db.sql, 0, 10);
    expect(rows.map((r) => r.event)).toEqual([null, null, null]);
  });

  it('prunes rows older than a time and all but the newest N', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await appendLiveEvent(db.sql, { type: 'reasons' }, `2026-12-0${i < 3 ? 5 : 7}T08:00:00.000Z`));
    expect(await pruneLiveEvents(db.sql, { before: '2026-12-06T00:00:00.000Z', keepRows: 100 })).toBe(3);
    expect((await liveEventsAfter(db.sql, 0, 100)).map((r) => r.id)).toEqual(ids.slice(3));
    expect(await pruneLiveEvents(db.sql, { before: '2026-12-06T00:00:00.000Z', keepRows: 4 })).toBe(3);
    expect((await liveEventsAfter(db.sql, 0, 100)).map((r) => r.id)).toEqual(ids.slice(6));
    expect(await pruneLiveEvents(db.sql, { before: '2026-12-06T00:00:00.000Z', keepRows: 4 })).toBe(0);
  });
});

describe.skipIf(!TEST_ENGINES.includes('postgres'))('the live channel (postgres)', () => {
  let db: FreshDatabase;
  let channel: LiveChannel | null = null;
  beforeEach(async () => {
    db = await freshDatabase('postgres');
    await migrate(db.sql);
  });
  afterEach(async () => {
    await channel?.close();
    channel = null;
    await db.dispose();
  });

  it('is notified of each append, answers a ping, and reports its loss once when its backend is ended', async () => {
    if (db.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    let notified = 0;
    const lost: string[] = [];
    channel = await openLiveChannel(db.locator.url, { onNotify: () => (notified += 1), onLost: (reason) => lost.push(reason) });
    await appendLiveEvent(db.sql, { type: 'reasons' });
    await appendLiveEvent(db.sql, { type: 'thresholds' });
    await expect.poll(() => notified).toBe(2);
    await channel.ping(2000);
    await db.sql.value('SELECT pg_terminate_backend(?)', [channel.pid]);
    await expect.poll(() => lost.length).toBe(1);
    await expect(channel.ping(500)).rejects.toThrow();
    expect(lost).toHaveLength(1);
    expect(lost[0]).not.toContain('postgres://');
  });
});
