/**
 * The request scheduler every remote scoring adapter goes through: even pacing under a QPS limit, bounded concurrency,
 * a per-attempt timeout, retries with exponential backoff and full jitter, and a circuit breaker.
 *
 * Pacing: request starts are spaced at least `1000 / qps` ms apart (plus a small margin, see `PACING_MARGIN`), measured
 * on the clock when each attempt really starts, so no sliding one-second window ever holds more than `qps` starts and
 * there is never a burst at the start of a second. Every attempt, retries included, takes a slot. A 429 with
 * `Retry-After` pauses every request of this scheduler until then, not only the one that got it.
 */
import type { ScoringCounters } from '../../core/api.ts';
import { systemClock, type Clock } from './clock.ts';

/**
 * What an attempt can fail with. `retry`: 429, 5xx, network error or timeout (counted by the breaker); `fatal`: an
 * answer that will not change on retry (bad request, unsupported language). Messages must be safe to store and show:
 * adapters build them from status codes and service messages, never from a raw client error (which may hold a key).
 */
export class RemoteError extends Error {
  override name = 'RemoteError';
  constructor(
    readonly kind: 'retry' | 'fatal',
    message: string,
    /** Server-requested wait (from `Retry-After`), ms. */
    readonly retryAfterMs?: number,
    /** HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The circuit is open: the attempt was refused without a request (not counted as another failure). */
export class CircuitOpenError extends RemoteError {
  override name = 'CircuitOpenError';
}

/** Settings of one scheduler. */
export interface SchedulerOptions {
  /** Service name used in messages, e.g. "Perspective". */
  service: string;
  /** Requests per second (may be fractional, e.g. 0.5). Default 1. */
  qps?: number;
  /** Attempts in flight at once. Default 4. */
  concurrency?: number;
  /** Per-attempt timeout, ms. Default 15,000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** First backoff ceiling, ms; doubles per retry. Default 500. */
  backoffBaseMs?: number;
  /** Largest backoff ceiling, ms. Default 30,000. */
  backoffMaxMs?: number;
  /** Consecutive failed attempts that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** How long the circuit stays open before one probe is let through, ms. Default 30,000. */
  breakerCooldownMs?: number;
  clock?: Clock;
  /** Uniform [0, 1) source for jitter. Default Math.random. */
  random?: () => number;
}

/** Fraction added to the pacing interval so that network jitter cannot pack one more request into a server's second. */
export const PACING_MARGIN = 0.05;

/** Counters for a backlog display: the same fields GET /api/scoring reports. */
export type SchedulerStats = ScoringCounters;

/** Parses a `Retry-After` header (delay seconds or an HTTP date) into ms from `now`; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export class Scheduler {
  readonly service: string;
  readonly qps: number;
  /** Minimum ms between two attempt starts. */
  readonly intervalMs: number;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly breakerThreshold: number;
  private readonly breakerCooldownMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;

  private lastStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private consecutiveFailures = 0;
  private openUntil = Number.NEGATIVE_INFINITY;
  /** Settles when the half-open probe in flight finishes; others wait for it instead of failing. */
  private probe: Promise<void> | null = null;
  private readonly counters = { pending: 0, attempts: 0, succeeded: 0, failed: 0, retries: 0 };

  constructor(options: SchedulerOptions) {
    const qps = options.qps ?? 1;
    if (!(qps > 0) || !Number.isFinite(qps)) throw new Error(`${options.service}: the rate must be a positive number of requests per second, got ${qps}`);
    this.service = options.service;
    this.qps = qps;
    this.intervalMs = (1000 / qps) * (1 + PACING_MARGIN);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 4));
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.breakerThreshold = Math.max(1, Math.floor(options.breakerThreshold ?? 5));
    this.breakerCooldownMs = options.breakerCooldownMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  stats(): SchedulerStats {
    return { ...this.counters, circuit: this.circuitState() };
  }

  /**
   * Runs `attempt` under the rate limit, retrying retryable failures. Resolves with its value, or rejects with a
   * RemoteError whose message is safe to store (any other error from `attempt` becomes a generic message).
   */
  async run<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.counters.pending++;
    try {
      for (let retry = 0; ; retry++) {
        let error: RemoteError;
        try {
          const value = await this.attemptOnce(attempt);
          this.counters.succeeded++;
          return value;
        } catch (caught) {
          error = caught instanceof RemoteError ? caught : new RemoteError('fatal', `${this.service}: unexpected client error`);
        }
        if (error.kind === 'fatal' || retry >= this.maxRetries || this.circuitState() === 'open') {
          this.counters.failed++;
          throw error.kind === 'retry' && retry > 0 && retry >= this.maxRetries && !(error instanceof CircuitOpenError)
            ? new RemoteError('retry', `${error.message}; gave up after ${retry + 1} attempts`, error.retryAfterMs, error.status)
            : error;
        }
        this.counters.retries++;
        const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** retry);
        await this.clock.sleep(Math.max(this.random() * ceiling, error.retryAfterMs ?? 0));
      }
    } finally {
      this.counters.pending--;
    }
  }

  private circuitState(): SchedulerStats['circuit'] {
    if (this.consecutiveFailures < this.breakerThreshold) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half-open';
  }

  private openMessage(): string {
    return `service unavailable (circuit open after ${this.consecutiveFailures} failures)`;
  }

  private async attemptOnce<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    await this.acquire();
    let endProbe: (() => void) | null = null;
    try {
      for (;;) {
        const state = this.circuitState();
        if (state === 'open') throw new CircuitOpenError('retry', this.openMessage());
        if (state === 'closed') break;
        if (this.probe) { await this.probe; continue; }
        this.probe = new Promise<void>((resolve) => { endProbe = resolve; });
        break;
      }
      const probe = endProbe !== null;
      await this.paceStart();
      // The breaker may have opened while this attempt waited for its slot.
      if (!probe && this.circuitState() === 'open') throw new CircuitOpenError('retry', this.openMessage());
      this.counters.attempts++;
      const value = await this.withTimeout(attempt);
      this.consecutiveFailures = 0;
      return value;
    } catch (error) {
      if (error instanceof RemoteError && error.kind === 'retry' && !(error instanceof CircuitOpenError)) {
        this.consecutiveFailures++;
        if (error.retryAfterMs !== undefined && error.status === 429) {
          this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + error.retryAfterMs);
        }
        if (this.consecutiveFailures >= this.breakerThreshold) {
          this.openUntil = this.clock.now() + this.breakerCooldownMs;
          throw new RemoteError('retry', `${error.message}; ${this.openMessage()}`, error.retryAfterMs, error.status);
        }
      }
      throw error;
    } finally {
      if (endProbe !== null) {
        this.probe = null;
        (endProbe as () => void)();
      }
      this.release();
    }
  }

  private async withTimeout<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let cancel: () => void = () => {};
    const timeout = new Promise<never>((_resolve, reject) => {
      cancel = this.clock.setTimer(() => {
        controller.abort();
        reject(new RemoteError('retry', `${this.service} did not answer within ${Math.round(this.timeoutMs / 100) / 10} s`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([attempt(controller.signal), timeout]);
    } finally {
      cancel();
    }
  }

  /** Waits until this attempt may start: `intervalMs` after the previous start and after any 429 pause. */
  private async paceStart(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const earliest = Math.max(this.lastStart + this.intervalMs, this.pausedUntil);
      if (now >= earliest) {
        this.lastStart = now;
        return;
      }
      await this.clock.sleep(earliest - now);
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
