/**
 * The time source of the remote scheduler: wall clock and timers, injectable so that tests run on a fake clock.
 */

/** Time and timers as the scheduler sees them. */
export interface Clock {
  /** Milliseconds since the epoch (a fake clock may start anywhere). */
  now(): number;
  /** Resolves after `ms` milliseconds (at once for ms <= 0). */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` after `ms` milliseconds unless the returned cancel function runs first; never keeps the process alive. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
