import { describe, expect, it } from 'vitest';
import { burstOf, createRateLimiter, take } from './rate-limit.ts';

describe('token bucket', () => {
  it('allows a burst of qps requests, then refuses with the time until a token is back', () => {
    let bucket;
    for (let i = 0; i < 10; i++) {
      const outcome = take(bucket, 10, 1000);
      expect(outcome.allowed).toBe(true);
      bucket = outcome.bucket;
    }
    const refused = take(bucket, 10, 1000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(100);
  });

  it('refills at qps tokens a second, never above the burst', () => {
    let bucket = take(undefined, 2, 0).bucket;
    bucket = take(bucket, 2, 0).bucket;
    expect(take(bucket, 2, 0).allowed).toBe(false);
    expect(take(bucket, 2, 499).allowed).toBe(false);
    expect(take(bucket, 2, 500).allowed).toBe(true);
    const later = take(bucket, 2, 60_000).bucket;
    expect(later.tokens).toBe(1);
  });

  it('a rate under one a second still admits one request (burst at least 1)', () => {
    expect(burstOf(0.5)).toBe(1);
    const first = take(undefined, 0.5, 0);
    expect(first.allowed).toBe(true);
    const second = take(first.bucket, 0.5, 1000);
    expect(second.allowed).toBe(false);
    expect(second.retryAfterMs).toBe(1000);
  });

  it('a clock going backwards refills nothing', () => {
    const empty = take(undefined, 1, 10_000).bucket;
    expect(take(empty, 1, 0).allowed).toBe(false);
  });

  it('the limiter keeps one bucket per key', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    expect(limiter.take(1, 1).allowed).toBe(true);
    expect(limiter.take(1, 1).allowed).toBe(false);
    expect(limiter.take(2, 1).allowed).toBe(true);
    now = 1000;
    expect(limiter.take(1, 1).allowed).toBe(true);
  });
});
