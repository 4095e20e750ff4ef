/**
 * The report command run in the test's own process (runReport in report.ts) with its stdout, report stream and stderr
 * captured as text and an environment of the caller's only (nothing of process.env): the same command as
 * `node --import tsx src/cli/report.ts`, without the ~1.3 s of a core a process start costs. Tests keep one run of
 * the program itself for the entry point.
 */
import { Writable } from 'node:stream';
import { runReport } from '../report.ts';

export interface ReportRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function reportInProcess(args: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<ReportRun> {
  let stdout = '';
  let stderr = '';
  const reportStream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      stdout += chunk.toString();
      done();
    },
  });
  const code = await runReport(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    env: { ...env },
    cwd,
    reportStream,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}
