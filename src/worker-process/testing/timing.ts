/**
 * The queue's times in tests (ADR 0032 gives production's): pg-boss's maintenance every second, idle workers
 * polling every half second, and the test kind's attempts lost after 4 s, so a killed worker's job is taken over in
 * about 4-7 s (expiry + maintenance + the first retry's 1-2 s backoff + a poll).
 */
import type { PgQueueTiming } from '../../app/jobs/pg-job-queue.ts';

export const TEST_TIMING: PgQueueTiming = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
export const TEST_UNITS_POLICY = { retryLimit: 3, retryDelaySeconds: 1, expireSeconds: 4 };
