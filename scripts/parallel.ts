/**
 * `tsx scripts/parallel.ts <script>...`: runs the package scripts at the same time (`npm run <script>` each) and, once
 * all have ended, exits with the first non-zero exit code in the order given (1 for a script killed by a signal), or
 * 0. Each script's output (stdout and stderr together) is held and printed whole, in the order given, so that the log
 * reads as if they had run one after the other. `npm test` runs lint and build this way: both are single-threaded, so
 * on a 2-core machine they take the time of the longer instead of the sum.
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0 || scripts.some((s) => s.startsWith('-') || s.trim() === '')) {
  process.stderr.write('parallel: give the names of package scripts to run, e.g. tsx scripts/parallel.ts lint build\n');
  process.exit(2);
}

interface Ended {
  code: number;
  output: Buffer[];
}

function runScript(name: string): Promise<Ended> {
  return new Promise((resolve) => {
    const output: Buffer[] = [];
    const child = spawn('npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      output.push(Buffer.from(`parallel: cannot start npm run ${name}: ${error.message}\n`));
      resolve({ code: 1, output });
    });
    child.on('close', (code, signal) => {
      if (signal !== null) output.push(Buffer.from(`parallel: npm run ${name} was killed by ${signal}\n`));
      resolve({ code: code ?? 1, output });
    });
  });
}

const runs = scripts.map(runScript);
let exitCode = 0;
for (const [i, run] of runs.entries()) {
  const { code, output } = await run;
  for (const chunk of output) process.stdout.write(chunk);
  if (code !== 0) {
    process.stderr.write(`parallel: npm run ${scripts[i]} failed (exit ${code})\n`);
    if (exitCode === 0) exitCode = code;
  }
}
process.exitCode = exitCode;
