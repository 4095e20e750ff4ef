import { describe, expect, it } from 'vitest';
import { PACING_MARGIN, parseRetryAfter, RemoteError, Scheduler } from './scheduler.ts';
import { FakeClock } from './testing/fake-clock.ts';

/** The largest number of starts inside any closed window [s, s + 1000] that begins at a start. */
function maxPerSecond(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i++) {
    let n = 0;
    for (let j = i; j < sorted.length && sorted[j]! <= sorted[i]! + 1000; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

/** A deterministic pseudo-random sequence in [0, 1). */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('Scheduler pacing', () => {
  it('never lets a one-second window hold more than qps starts, over 60 tasks of random length and 10 in flight', async () => {
    for (const qps of [1, 4, 10]) {
      const clock = new FakeClock();
      const rand = seeded(qps);
      const s = new Scheduler({ service: 'Test', qps, concurrency: 10, clock });
      const starts: number[] = [];
      const tasks = Array.from({ length: 60 }, () => s.run(async () => {
        starts.push(clock.now());
        await clock.sleep(Math.floor(rand() * 1500));
        return 1;
      }));
      await clock.run(Promise.all(tasks));
      expect(starts).toHaveLength(60);
      expect(maxPerSecond(starts)).toBeLessThanOrEqual(qps);
      // Even pacing: consecutive starts are at least one interval apart (no burst at the start of a second).
      const sorted = [...starts].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(1000 / qps);
      // And not slower than the margin allows.
      expect(sorted.at(-1)! - sorted[0]!).toBeLessThanOrEqual(59 * (1000 / qps) * (1 + PACING_MARGIN) + 1);
    }
  });

  it('starts the first request at once and keeps to the concurrency bound', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const s = new Scheduler({ service: 'Test', qps: 100, concurrency: 3, clock });
    let inFlight = 0;
    let peak = 0;
    const starts: number[] = [];
    const tasks = Array.from({ length: 20 }, () => s.run(async () => {
      starts.push(clock.now());
      inFlight++;
      peak = Math.max(peak, inFlight);
      await clock.sleep(500);
      inFlight--;
    }));
    await clock.run(Promise.all(tasks));
    expect(starts[0]).toBe(t0);
    expect(peak).toBe(3);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new Scheduler({ service: 'Test', qps: 0 })).toThrow(/positive number/);
    expect(() => new Scheduler({ service: 'Test', qps: Number.NaN })).toThrow(/positive number/);
  });
});

describe('Scheduler retries', () => {
  it('honours Retry-After on a 429, for this request and for the others of the scheduler', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ service: 'Test', qps: 10, concurrency: 2, clock, random: () => 0 });
    const starts: Array<{ task: string; at: number }> = [];
    let first = true;
    const a = s.run(async () => {
      starts.push({ task: 'a', at: clock.now() });
      if (first) { first = false; throw new RemoteError('retry', 'Test answered HTTP 429', 3000, 429); }
      return 'a';
    });
    const b = s.run(async () => { await clock.sleep(10); starts.push({ task: 'b', at: clock.now() - 10 }); return 'b'; });
    const c = s.run(async () => { starts.push({ task: 'c', at: clock.now() }); return 'c'; });
    expect(await clock.run(Promise.all([a, b, c]))).toEqual(['a', 'b', 'c']);
    const t0 = starts[0]!.at;
    const retryA = starts.filter((x) => x.task === 'a')[1]!.at;
    expect(retryA - t0).toBeGreaterThanOrEqual(3000);
    // c queued behind the concurrency bound and started after the pause too.
    expect(starts.find((x) => x.task === 'c')!.at - t0).toBeGreaterThanOrEqual(3000);
  });

  it('backs off exponentially with full jitter, and gives up after maxRetries with the last reason', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ service: 'Test', qps: 1000, clock, maxRetries: 3, backoffBaseMs: 1000, random: () => 0.5, breakerThreshold: 100 });
    const starts: number[] = [];
    const run = s.run(async () => { starts.push(clock.now()); throw new RemoteError('retry', 'Test answered HTTP 503', undefined, 503); });
    await expect(clock.run(run)).rejects.toThrow('Test answered HTTP 503; gave up after 4 attempts');
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps).toEqual([500, 1000, 2000]);
    expect(s.stats()).toMatchObject({ attempts: 4, retries: 3, failed: 1, pending: 0 });
  });

  it('does not retry a fatal error, and hides the text of an unexpected one', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ service: 'Test', clock });
    let calls = 0;
    await expect(clock.run(s.run(async () => { calls++; throw new RemoteError('fatal', 'Test answered HTTP 400: bad'); }))).rejects.toThrow('HTTP 400: bad');
    expect(calls).toBe(1);
    const leaky = s.run(async () => { throw new Error('GET https://x/?key=SECRET failed'); });
    const error = await clock.run(leaky).catch((e: unknown) => e as Error);
    expect(error.message).toBe('Test: unexpected client error');
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-26T02:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 02:00:12 GMT', now)).toBe(12000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 01:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('Scheduler timeout and circuit breaker', () => {
  it('aborts an attempt that takes longer than the timeout and retries it', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ service: 'Test', clock, timeoutMs: 2000, maxRetries: 1, random: () => 0 });
    const signals: AbortSignal[] = [];
    const run = s.run(async (signal) => {
      signals.push(signal);
      await clock.sleep(signals.length === 1 ? 60_000 : 10);
      return 'late but fine';
    });
    expect(await clock.run(run)).toBe('late but fine');
    expect(signals.map((x) => x.aborted)).toEqual([true, false]);
    const never = s.run(() => new Promise<never>(() => {}));
    await expect(clock.run(never)).rejects.toThrow('Test did not answer within 2 s; gave up after 2 attempts');
  });

  it('opens after N consecutive failures, refuses without calling, lets one probe through after the cool-down, then closes', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ service: 'Test', qps: 100, clock, maxRetries: 0, breakerThreshold: 3, breakerCooldownMs: 10_000 });
    let calls = 0;
    let healthy = false;
    const attempt = async () => {
      calls++;
      await clock.sleep(100);
      if (!healthy) throw new RemoteError('retry', 'Test answered HTTP 503', undefined, 503);
      return 'ok';
    };
    for (let i = 0; i < 2; i++) await expect(clock.run(s.run(attempt))).rejects.toThrow('HTTP 503');
    await expect(clock.run(s.run(attempt))).rejects.toThrow('HTTP 503; service unavailable (circuit open after 3 failures)');
    expect(s.stats().circuit).toBe('open');
    await expect(clock.run(s.run(attempt))).rejects.toThrow(/^service unavailable \(circuit open after 3 failures\)$/);
    expect(calls).toBe(3);

    await clock.run(clock.sleep(10_000));
    expect(s.stats().circuit).toBe('half-open');
    // The probe fails: open again for a full cool-down.
    await expect(clock.run(s.run(attempt))).rejects.toThrow('circuit open after 4 failures');
    expect(calls).toBe(4);
    await expect(clock.run(s.run(attempt))).rejects.toThrow('circuit open');
    expect(calls).toBe(4);

    // Tasks that arrive while the probe runs wait for its answer: a failed probe fails them without a request ...
    await clock.run(clock.sleep(10_000));
    const failedProbe = await clock.run(Promise.allSettled([s.run(attempt), s.run(attempt), s.run(attempt)]));
    expect(failedProbe.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(calls).toBe(5);
    // ... and a good probe closes the circuit and lets them through.
    await clock.run(clock.sleep(10_000));
    healthy = true;
    const [p, d] = await clock.run(Promise.allSettled([s.run(attempt), s.run(attempt)]));
    expect(p).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(d).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(calls).toBe(7);
    expect(s.stats().circuit).toBe('closed');
  });
});
