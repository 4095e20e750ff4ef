import { describe, expect, it } from 'vitest';
import { useTempStore } from '../testing/helpers.ts';
import { CLAIM_TTL_MS, claimComments, liveClaim, purgeExpired, queueSnapshot, releaseClaim, releaseClaims, snoozeComments, snoozeUntilProblem } from './claims.ts';

const T0 = new Date('2026-12-07T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('claims', () => {
  const tmp = useTempStore();

  it('claims free comments and refuses the ones another user holds, never stealing them', () => {
    const { store } = tmp;
    expect(claimComments(store, 't1', ['c1', 'c2'], 'ada', T0).claimed.map((c) => c.commentId)).toEqual(['c1', 'c2']);
    const bob = claimComments(store, 't1', ['c2', 'c3'], 'bob', later(1000));
    expect(bob.claimed.map((c) => c.commentId)).toEqual(['c3']);
    expect(bob.refused).toEqual([{ commentId: 'c2', by: 'ada', at: T0.toISOString(), expiresAt: later(CLAIM_TTL_MS).toISOString() }]);
    expect(liveClaim(store, 't1', 'c2', later(2000))?.by).toBe('ada');
    expect(liveClaim(store, 't2', 'c2', later(2000))).toBeNull();
  });

  it('expires claims: an expired claim is no claim, and another user may take it', () => {
    const { store } = tmp;
    claimComments(store, 't1', ['c1'], 'ada', T0);
    expect(liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS - 1))?.by).toBe('ada');
    expect(liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS))).toBeNull();
    expect(queueSnapshot(store, 't1', later(CLAIM_TTL_MS)).claims).toEqual([]);
    const bob = claimComments(store, 't1', ['c1'], 'bob', later(CLAIM_TTL_MS));
    expect(bob.claimed.map((c) => c.by)).toEqual(['bob']);
    expect(bob.refused).toEqual([]);
  });

  it('renews the caller’s own claim by claiming again (names compare without case)', () => {
    const { store } = tmp;
    claimComments(store, 't1', ['c1'], 'ada', T0);
    const again = claimComments(store, 't1', ['c1'], 'Ada', later(60_000));
    expect(again.refused).toEqual([]);
    expect(liveClaim(store, 't1', 'c1', later(CLAIM_TTL_MS + 1000))?.expiresAt).toBe(later(60_000 + CLAIM_TTL_MS).toISOString());
  });

  it('releases only the caller’s own claims', () => {
    const { store } = tmp;
    claimComments(store, 't1', ['c1', 'c2'], 'ada', T0);
    expect(releaseClaim(store, 't1', 'c1', 'bob')).toBe(false);
    expect(liveClaim(store, 't1', 'c1', T0)?.by).toBe('ada');
    expect(releaseClaim(store, 't1', 'c1', 'ADA')).toBe(true);
    expect(liveClaim(store, 't1', 'c1', T0)).toBeNull();
    expect(releaseClaims(store, 't1', ['c1', 'c2', 'c9'], 'ada')).toEqual(['c2']);
    expect(queueSnapshot(store, 't1', T0).claims).toEqual([]);
  });

  it('purges expired claims and snoozes lazily, keeping live ones', () => {
    const { store } = tmp;
    claimComments(store, 't1', ['c1'], 'ada', T0);
    claimComments(store, 't1', ['c2'], 'ada', later(CLAIM_TTL_MS));
    snoozeComments(store, 't1', ['c3'], 'ada', later(1000).toISOString());
    expect(purgeExpired(store, later(CLAIM_TTL_MS + 1))).toBe(2);
    expect(store.db.prepare('SELECT comment_id FROM claims').pluck().all()).toEqual(['c2']);
  });
});

describe('snoozes', () => {
  const tmp = useTempStore();

  it('snoozes until a time and wakes with null', () => {
    const { store } = tmp;
    const until = later(3_600_000).toISOString();
    expect(snoozeComments(store, 't1', ['c1', 'c1', 'c2'], 'ada', until)).toHaveLength(2);
    expect(queueSnapshot(store, 't1', T0).snoozes).toEqual([
      { commentId: 'c1', by: 'ada', until },
      { commentId: 'c2', by: 'ada', until },
    ]);
    expect(queueSnapshot(store, 't1', later(3_600_000)).snoozes).toEqual([]);
    snoozeComments(store, 't1', ['c1'], 'bob', null);
    expect(queueSnapshot(store, 't1', T0).snoozes.map((s) => s.commentId)).toEqual(['c2']);
  });

  it('accepts only future ISO times at most 30 days ahead', () => {
    expect(snoozeUntilProblem(later(60_000).toISOString(), T0)).toBeNull();
    expect(snoozeUntilProblem('2026-12-07T11:00:00+01:00', T0)).toMatch(/future/);
    expect(snoozeUntilProblem(T0.toISOString(), T0)).toMatch(/future/);
    expect(snoozeUntilProblem(later(31 * 86_400_000).toISOString(), T0)).toMatch(/30 days/);
    expect(snoozeUntilProblem('tomorrow', T0)).toMatch(/not an ISO-8601 time/);
    expect(snoozeUntilProblem('2026-13-45T00:00:00Z', T0)).toMatch(/not an ISO-8601 time/);
  });
});
