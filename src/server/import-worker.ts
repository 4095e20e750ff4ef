/**
 * Worker-thread entry: decodes and parses one import at a time with the importer registry, off the server's main thread.
 */
import { parentPort } from 'node:worker_threads';
import { importInput } from '../importers/registry.ts';
import type { WorkerReply, WorkerRequest } from './import-worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('import-worker.ts runs only as a worker thread');

port.on('message', (message: WorkerRequest) => {
  const { taskId, input } = message;
  let shown = -1;
  const onProgress = (fraction: number) => {
    // At most one message per percent: the main thread only needs to show it.
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (!(percent > shown)) return;
    shown = percent;
    const reply: WorkerReply = { taskId, type: 'progress', fraction: percent / 100 };
    port.postMessage(reply);
  };
  const result = importInput({ ...input, onProgress });
  const reply: WorkerReply = { taskId, type: 'result', result };
  port.postMessage(reply);
});
