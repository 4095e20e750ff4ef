/**
 * A worker process for the queue's tests (worker.test.ts): the real worker (worker.ts) working the test kind of
 * src/app/jobs/testing/unit-kind.ts with short expiry and maintenance times, so that a job of a worker killed with
 * SIGKILL is taken over within seconds. Arguments as the worker's, after the first: the worker's name.
 */
import { unitsKind, recordUnits } from '../../app/jobs/testing/unit-kind.ts';
import { runWorkerProcess } from '../worker.ts';
import { TEST_TIMING, TEST_UNITS_POLICY } from './timing.ts';

const [name = 'worker', ...argv] = process.argv.slice(2);
const kind = unitsKind(TEST_UNITS_POLICY);
process.exitCode = await runWorkerProcess(argv, [{ kind, handler: ({ store }) => recordUnits(store.sql, name) }], { timing: TEST_TIMING, stopTimeoutMs: 5000 });
