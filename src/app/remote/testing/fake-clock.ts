/**
 * A fake clock for scheduler tests: time moves only when every pending promise has settled and the next timer is due.
 */
import type { Clock } from '../clock.ts';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => { this.add(ms, resolve); });
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.add(ms, fn);
    return () => { this.timers = this.timers.filter((t) => t.id !== id); };
  }

  /** Lets the promise run to completion, jumping the clock from timer to timer; throws when it can never settle. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(() => { settled = true; }, () => { settled = true; });
    for (;;) {
      await flush();
      if (settled) return promise;
      const next = this.timers.reduce<Timer | undefined>((a, b) => (a === undefined || b.at < a.at || (b.at === a.at && b.id < a.id) ? b : a), undefined);
      if (!next) throw new Error('FakeClock: the promise waits on something other than this clock');
      this.timers = this.timers.filter((t) => t !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
  }

  private add(ms: number, fn: () => void): number {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return id;
  }
}
