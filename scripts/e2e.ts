/**
 * The end-to-end run of `npm test`: Playwright's two projects (playwright.config.ts) in two processes side by side:
 * `shared` (the specs that use the shared server, one after another as before) and `own-server` (the specs that
 * start servers of their own, with the shared server off). Each has its own port and output directory. Every line
 * is prefixed with its project; the run fails when either fails. Extra arguments go to both (e.g. `--grep decision`).
 *
 *   tsx scripts/e2e.ts [playwright test arguments]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Part {
  project: 'shared' | 'own-server';
  env: NodeJS.ProcessEnv;
}

const PARTS: readonly Part[] = [
  { project: 'shared', env: { E2E_OUTPUT_DIR: 'test-results/shared' } },
  { project: 'own-server', env: { E2E_SHARED_SERVER: 'off', E2E_OUTPUT_DIR: 'test-results/own-server', E2E_PORT: String(Number(process.env.E2E_PORT ?? 4327) + 1) } },
];

function run(part: Part, args: readonly string[]): Promise<number> {
  const child = spawn('npx', ['playwright', 'test', `--project=${part.project}`, ...args], { env: { ...process.env, ...part.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${part.project}] `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  process.once('SIGINT', () => child.kill('SIGINT'));
  process.once('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stdout.write(`${prefix}could not start Playwright: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const args = process.argv.slice(2);
const codes = await Promise.all(PARTS.map((part) => run(part, args)));
PARTS.forEach((part, i) => process.stdout.write(`e2e ${part.project}: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}\n`));
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
