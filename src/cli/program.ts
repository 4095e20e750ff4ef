/**
 * The commands' one way to run as a program (`tsx src/cli/<command>.ts`): only when the module is the script node
 * was started with, never when a test imports it; with the process's streams, environment and folder; the promise's
 * number becomes the exit code.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ProgramIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function runAsProgram(moduleUrl: string, run: (argv: string[], io: ProgramIo) => Promise<number>): void {
  const script = process.argv[1];
  if (script === undefined || moduleUrl !== pathToFileURL(path.resolve(script)).href) return;
  const io: ProgramIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
