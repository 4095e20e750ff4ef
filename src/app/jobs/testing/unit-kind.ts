/**
 * A job kind for the queue's tests (ADR 0032): a job is a list of unit ids; its handler records each unit not yet
 * recorded (test_job_units, keyed by unit id, store/testing/job-units.ts), `delayMs` apart, reporting progress after
 * each, and stops between two units when its signal is aborted. Idempotent as a real job must be: a second attempt
 * skips what the first recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../../store/sql.ts';
import { JobUnitsRepository } from '../../store/testing/job-units.ts';
import { throwIfAborted, type JobHandler, type JobKind } from '../job-queue.ts';

export interface UnitsPayload {
  units: string[];
  delayMs: number;
}

export function unitsKind(policy: { retryLimit: number; retryDelaySeconds: number; expireSeconds: number }): JobKind<UnitsPayload> {
  return {
    name: 'test-units',
    ...policy,
    parse(payload: unknown): UnitsPayload {
      const p = payload as Partial<UnitsPayload> | null;
      if (typeof p !== 'object' || p === null) throw new Error('the payload must be an object');
      if (!Array.isArray(p.units) || !p.units.every((u) => typeof u === 'string' && /^[\w-]{1,64}$/.test(u))) throw new Error('payload.units must be a list of unit ids');
      if (typeof p.delayMs !== 'number' || !(p.delayMs >= 0 && p.delayMs <= 10_000)) throw new Error('payload.delayMs must be a number from 0 to 10000');
      return { units: p.units, delayMs: p.delayMs };
    },
  };
}

/** The handler recording units as `worker`. */
export function recordUnits(sql: Sql, worker: string): JobHandler<UnitsPayload> {
  const units = new JobUnitsRepository(sql);
  return async (job) => {
    const { units: ids, delayMs } = job.payload;
    const already = await units.recorded(ids);
    let done = already.size;
    await job.progress(done, ids.length);
    for (const unit of ids) {
      if (already.has(unit)) continue;
      throwIfAborted(job.signal);
      await units.started(unit, worker);
      await sleep(delayMs);
      await units.record(unit, worker);
      done += 1;
      await job.progress(done, ids.length);
    }
  };
}
