/**
 * Tests of jobs wait for what another connection, queue or process does: `until(what, read, ok)` reads until `ok`
 * holds and returns that value, or throws naming `what` with the last value read once `timeoutMs` has passed.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(everyMs);
  }
}
