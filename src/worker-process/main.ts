/**
 * Entry of `npm run --silent worker` (worker.ts has the contract): works every kind of src/app/jobs/kinds.ts.
 */
import { JOB_KINDS } from '../app/jobs/kinds.ts';
import { runWorkerProcess } from './worker.ts';

process.exitCode = await runWorkerProcess(process.argv.slice(2), JOB_KINDS);
