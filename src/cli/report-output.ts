/**
 * Where the report command writes its report: --out FILE or stdout, chunk by chunk as the report is rendered
 * (docs/adr/0021-streaming-reports.md), and the one-line messages for files it cannot read or write.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { CliError } from './args.ts';

/** Why a file could not be read, in a few words. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** Why the report could not be written, in a few words. */
export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EPIPE') return 'the reader closed the pipe';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') return fileProblem(error);
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Resolves when the output has room again, or has failed or closed (the caller looks at what happened). */
function drained(target: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) target.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) target.on(event, done);
  });
}

/** A file opened for writing (nothing is rendered for a file that cannot be opened). */
async function openedFile(file: string): Promise<fs.WriteStream> {
  const stream = fs.createWriteStream(file);
  await once(stream, 'ready');
  return stream;
}

/**
 * Writes the report's chunks to --out (or stdout) as they are rendered (read synchronously or not), waiting whenever
 * the output is behind, so that neither the report nor its text is ever held whole. A failed write, or a failed
 * rendering (a thread that changed while read), stops the rendering: one message, exit 1.
 */
export async function writeReport(chunks: Iterable<string> | AsyncIterable<string>, out: string | undefined, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const name = out ?? 'stdout';
  const target: NodeJS.WritableStream = out ? await openedFile(out).catch((error: unknown) => {
    throw new CliError(1, `${name}: cannot write the report (${writeProblem(error)})`);
  }) : stdout;
  let failure: unknown = null;
  const onError = (error: unknown): void => {
    failure ??= error;
  };
  target.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (!target.write(chunk)) await drained(target);
      if (failure !== null) break;
    }
    if (out && failure === null) {
      target.end();
      await finished(target);
    }
  } catch (error) {
    failure ??= error;
  } finally {
    target.off('error', onError);
  }
  if (failure !== null) throw new CliError(1, `${name}: cannot write the report (${writeProblem(failure)})`);
}

