import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/testing/helpers.ts';
import { CliError } from './args.ts';
import { writeReport } from './report-output.ts';

/** Chunks that note how many were taken and whether the reader stopped before the end. */
function chunks(count: number, log: { taken: number; closedEarly: boolean }): Generator<string> {
  return (function* () {
    let done = false;
    try {
      for (let i = 0; i < count; i += 1) {
        log.taken += 1;
        yield `chunk ${i}\n`;
      }
      done = true;
    } finally {
      if (!done) log.closedEarly = true;
    }
  })();
}

describe('writeReport', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('threadscope-report-output-');
  });
  afterAll(() => tmp.remove());

  it('writes every chunk in order to --out', async () => {
    const out = path.join(tmp.dir, 'report.txt');
    await writeReport(chunks(500, { taken: 0, closedEarly: false }), out);
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    expect(lines).toHaveLength(501);
    expect(lines[499]).toBe('chunk 499');
  });

  it('waits for a slow output instead of buffering the report', async () => {
    const log = { taken: 0, closedEarly: false };
    let received = '';
    let most = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.toString();
        setImmediate(callback);
      },
    });
    slow.on('drain', () => (most = Math.max(most, log.taken - received.split('\n').length + 1)));
    await writeReport(chunks(50, log), undefined, slow);
    expect(received.split('\n')).toHaveLength(51);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('names the file and why when it cannot be opened, before rendering anything', async () => {
    const log = { taken: 0, closedEarly: false };
    const error = await writeReport(chunks(1000, log), tmp.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe(1);
    expect((error as CliError).message).toBe(`${tmp.dir}: cannot write the report (is a directory, not a file)`);
    expect(log.taken).toBe(0);
  });

  it('stops rendering when the reader of stdout goes away', async () => {
    const log = { taken: 0, closedEarly: false };
    const closed = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const error = await writeReport(chunks(1000, log), undefined, closed).catch((e: unknown) => e);
    expect((error as CliError).message).toBe('stdout: cannot write the report (the reader closed the pipe)');
    expect(log.closedEarly).toBe(true);
    expect(log.taken).toBeLessThan(10);
  });
});
