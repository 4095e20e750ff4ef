/**
 * `npm run screenshot`: updates docs/screenshot-seed.png, the console with the design thread (the seed) loaded and
 * John C Carleton's flagged comment selected, at 1440 x 900 in Chromium. The e2e tests never write it (their own
 * screenshot goes to test-results/); this script is the one way the tracked image changes, run when the look changes.
 *
 * It builds nothing: `npm run screenshot` builds the UI first. It starts the server on a free port with a fresh data
 * directory, imports the seed from ../shared through the API, and closes both afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEED = path.resolve(ROOT, '../shared/seeds/000_63fe030f4ed4795b.txt');
const OUT = path.join(ROOT, 'docs/screenshot-seed.png');
const SELECTED_AUTHOR = 'John C Carleton';
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** A port the OS says is free now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`the server stopped (exit ${server.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the server did not answer /api/health within a minute');
}

async function importSeed(base: string): Promise<string> {
  const res = await fetch(`${base}/api/imports?fileName=${encodeURIComponent(path.basename(SEED))}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: fs.readFileSync(SEED),
  });
  if (!res.ok) throw new Error(`importing the seed failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { threads: Array<{ id: string }> };
  const id = body.threads[0]?.id;
  if (!id) throw new Error('the seed import gave no thread');
  return id;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/ui/index.html'))) throw new Error('no built UI in dist/ui; run `npm run screenshot` (it builds first)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-screenshot-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--port', String(port), '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const browser = await chromium.launch({ ...(CHROMIUM ? { executablePath: CHROMIUM } : {}), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitForHealth(base, server);
    const threadId = await importSeed(base);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/#thread=${encodeURIComponent(threadId)}`);
    const row = page.getByRole('grid', { name: 'Triage queue' }).getByRole('row', { name: new RegExp(`^${SELECTED_AUTHOR}:`) });
    await row.first().click();
    await page.getByRole('region', { name: 'Thread context' }).locator('[aria-current="true"]').first().waitFor();
    await page.screenshot({ path: OUT });
    process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
