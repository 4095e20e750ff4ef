/**
 * A token bucket per API key, pure: the state is a map of buckets and every step takes the time it is given (an
 * injected clock), so tests need no waiting. A key's bucket holds up to `qps` tokens (at least 1: the burst) and
 * refills at `qps` tokens a second; a request takes one token or is refused with the time until one is back.
 */

/** One key's bucket: the tokens left and when they were counted (ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** The outcome of one request against a bucket. */
export interface Take {
  bucket: Bucket;
  allowed: boolean;
  /** When refused, milliseconds until a token is back (0 when allowed). */
  retryAfterMs: number;
}

/** The largest number of tokens a key's bucket holds: its rate, at least one request. */
export function burstOf(qps: number): number {
  return Math.max(1, qps);
}

/** The bucket refilled up to `now` (a clock that went backwards refills nothing). */
export function refill(bucket: Bucket | undefined, qps: number, now: number): Bucket {
  if (bucket === undefined) return { tokens: burstOf(qps), at: now };
  const elapsed = Math.max(0, now - bucket.at);
  return { tokens: Math.min(burstOf(qps), bucket.tokens + (elapsed * qps) / 1000), at: Math.max(now, bucket.at) };
}

/** Takes one token from the (refilled) bucket, or refuses and says how long until one is back. */
export function take(bucket: Bucket | undefined, qps: number, now: number): Take {
  const filled = refill(bucket, qps, now);
  if (filled.tokens >= 1) return { bucket: { tokens: filled.tokens - 1, at: filled.at }, allowed: true, retryAfterMs: 0 };
  return { bucket: filled, allowed: false, retryAfterMs: Math.ceil(((1 - filled.tokens) * 1000) / qps) };
}

/** Buckets of many keys, keyed by the key's id, with the clock it reads. */
export interface RateLimiter {
  /** Counts one request of key `id` at rate `qps`. */
  take(id: number, qps: number): Take;
}

/** A rate limiter over a map of buckets; `clock` gives milliseconds (default `Date.now`). */
export function createRateLimiter(clock: () => number = Date.now): RateLimiter {
  const buckets = new Map<number, Bucket>();
  return {
    take(id, qps) {
      const outcome = take(buckets.get(id), qps, clock());
      buckets.set(id, outcome.bucket);
      return outcome;
    },
  };
}
