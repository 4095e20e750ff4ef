import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../store/testing/databases.ts';
import { useEngineStore } from '../testing/helpers.ts';
import { CLAIM_TTL_MS, claimComments, liveClaim, purgeExpired, queueSnapshot, releaseClaim, releaseClaims, snoozeComments, snoozeUntilProblem } from './claims.ts';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachEngine('claims', (engine) => {
  const tmp = useEngineStore(engine);

  it('claims free comments and refuses the ones another user holds, never stealing them', async () => {
    const { store } = tmp;
    expect((await claimComments(store, 't1', ['c1', 'c2'], 'ada', T0)).claimed.map((c) => c.commentId)).toEqual(['c1', 'c2']);
    const bob = await claimComments(store, 't1', ['c2', 'c3'], 'bob', later(1000));
    expect(bob.claimed.map((c) => c.commentId)).toEqual(['c3']);
    expect(bob.refused).toEqual([{ commentId: 'c2', by: 'ada', at: T0.toISOString(), expiresAt: later(CLAIM_TTL_MS).toISOString() }]);
    expect((await liveClaim(store, 't1', 'c2', later(2000)))?.by).toBe('ada');
    expect(await liveClaim(store, 't2', 'c2', later(2000))).toBeNull();
  });

  it('expires claims: an expired claim is no claim, and another user may take it', async () => {
    const { store } = tmp;
    await claimComments(store, 't1', ['c1'], 'ada', T0);
    expect((await liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS - 1)))?.by).toBe('ada');
    expect(await liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS))).toBeNull();
    expect((await queueSnapshot(store, 't1', later(CLAIM_TTL_MS))).claims).toEqual([]);
    const bob = await claimComments(store, 't1', ['c1'], 'bob', later(CLAIM_TTL_MS));
    expect(bob.claimed.map((c) => c.by)).toEqual(['bob']);
    expect(bob.refused).toEqual([]);
  });

  it('renews the caller’s own claim by claiming again (names compare without case)', async () => {
    const { store } = tmp;
    await claimComments(store, 't1', ['c1'], 'ada', T0);
    const again = await claimComments(store, 't1', ['c1'], 'Ada', later(60_000));
    expect(again.refused).toEqual([]);
    expect((await liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS + 1000)))?.expiresAt).toBe(later(60_000 + CLAIM_TTL_MS).toISOString());
  });

  it('releases only the caller’s own claims', async () => {
    const { store } = tmp;
    await claimComments(store, 't1', ['c1', 'c2'], 'ada', T0);
    expect(await releaseClaim(store, 't1', 'c1', 'bob')).toBe(false);
    expect((await liveClaim(store, 't1', 'c1', T0))?.by).toBe('ada');
    expect(await releaseClaim(store, 't1', 'c1', 'ADA')).toBe(true);
    expect(await liveClaim(store, 't1', 'c1', T0)).toBeNull();
    expect(await releaseClaims(store, 't1', ['c1', 'c2', 'c9'], 'ada')).toEqual(['c2']);
    expect((await queueSnapshot(store, 't1', T0)).claims).toEqual([]);
  });

  it('purges expired claims and snoozes lazily, keeping live ones', async () => {
    const { store } = tmp;
    await claimComments(store, 't1', ['c1'], 'ada', T0);
    await claimComments(store, 't1', ['c2'], 'ada', later(CLAIM_TTL_MS));
    await snoozeComments(store, 't1', ['c3'], 'ada', later(1000).toISOString());
    expect(await purgeExpired(store, later(CLAIM_TTL_MS + 1))).toBe(2);
    // Seen from T0, only c2's claim is left (c1's row is gone, not merely expired).
    expect((await queueSnapshot(store, 't1', T0)).claims.map((c) => c.commentId)).toEqual(['c2']);
    expect((await queueSnapshot(store, 't1', T0)).snoozes).toEqual([]);
  });

  /**
   * A second store on the same database, as a second server has: on PostgreSQL a pool of its own. On SQLite, the same
   * store: two better-sqlite3 connections in one process cannot wait for each other (the busy wait is synchronous and
   * blocks the thread the first one's transaction needs to end); two server processes on one file do wait.
   */
  const secondStore = async () => (engine === 'postgres' ? tmp.reopen() : tmp.store);

  it('gives each of many comments to exactly one of two concurrent claimers, on one store and on two stores of one database', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const other = await secondStore();
    for (const [thread, second] of [['t1', tmp.store], ['t2', other]] as const) {
      // Each asks for every comment, in opposite orders, at once.
      const [ada, bob] = await Promise.all([
        claimComments(tmp.store, thread, ids, 'ada', T0),
        claimComments(second, thread, [...ids].reverse(), 'bob', T0),
      ]);
      const won = [...ada.claimed, ...bob.claimed].map((c) => c.commentId).sort();
      expect(won).toEqual([...ids].sort());
      // Whoever went second was refused every comment (claims are all or nothing per transaction here).
      expect(ada.claimed.length === 0 || bob.claimed.length === 0).toBe(true);
      expect(ada.refused.length + bob.refused.length).toBe(ids.length);
      const holders = new Set((await queueSnapshot(second, thread, T0)).claims.map((c) => c.by));
      expect(holders.size).toBe(1);
    }
  });

  it('one comment claimed by 8 users at once through two stores: exactly one wins', async () => {
    const other = await secondStore();
    const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
    const outcomes = await Promise.all(users.map((u, i) => claimComments(i % 2 === 0 ? tmp.store : other, 't1', ['c1'], u, T0)));
    const winners = outcomes.filter((o) => o.claimed.length === 1);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.claimed[0]!.by;
    for (const o of outcomes) if (o.claimed.length === 0) expect(o.refused.map((c) => c.by)).toEqual([winner]);
    expect((await liveClaim(other, 't1', 'c1', T0))?.by).toBe(winner);
  });
});

describeEachEngine('snoozes', (engine) => {
  const tmp = useEngineStore(engine);

  it('snoozes until a time and wakes with null', async () => {
    const { store } = tmp;
    const until = later(3_600_000).toISOString();
    expect(await snoozeComments(store, 't1', ['c1', 'c1', 'c2'], 'ada', until)).toHaveLength(2);
    expect((await queueSnapshot(store, 't1', T0)).snoozes).toEqual([
      { commentId: 'c1', by: 'ada', until },
      { commentId: 'c2', by: 'ada', until },
    ]);
    expect((await queueSnapshot(store, 't1', later(3_600_000))).snoozes).toEqual([]);
    // Snoozing again replaces the stored snooze (another user's too: snoozes are the team's).
    const sooner = later(1_800_000).toISOString();
    await snoozeComments(store, 't1', ['c2'], 'bob', sooner);
    expect((await queueSnapshot(store, 't1', T0)).snoozes[1]).toEqual({ commentId: 'c2', by: 'bob', until: sooner });
    await snoozeComments(store, 't1', ['c1'], 'bob', null);
    expect((await queueSnapshot(store, 't1', T0)).snoozes.map((s) => s.commentId)).toEqual(['c2']);
  });
});

describe('snooze times', () => {
  it('accepts only future ISO times at most 30 days ahead', () => {
    expect(snoozeUntilProblem(later(60_000).toISOString(), T0)).toBeNull();
    expect(snoozeUntilProblem('2026-12-07T11:00:00+01:00', T0)).toMatch(/future/);
    expect(snoozeUntilProblem(T0.toISOString(), T0)).toMatch(/future/);
    expect(snoozeUntilProblem(later(31 * 86_400_000).toISOString(), T0)).toMatch(/30 days/);
    expect(snoozeUntilProblem('tomorrow', T0)).toMatch(/not an ISO-8601 time/);
    expect(snoozeUntilProblem('2026-13-45T00:00:00Z', T0)).toMatch(/not an ISO-8601 time/);
  });
});
