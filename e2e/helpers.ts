/**
 * Shared steps of the end-to-end tests: the seed's path, importing a file through the dialog, and a server of a spec's
 * own (fresh data directory, a port the system picks). Accounts and logging in: team-helpers.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The design thread, read from ../shared (never copied into the repository). */
export const SEED_FILE = path.resolve(import.meta.dirname, '../../shared/seeds/000_63fe030f4ed4795b.txt');
export const SEED_TITLE = 'Putin Drops a Bombshell: Russia Is Helping China Build a Ballistic Missile Early Warning System';
export const DEMO_TITLE = 'Harbourton Council Approves the Eastbank Rail Tunnel After a Nine-Hour Session';

/** Imports a file through the file picker of the import dialog and waits for its thread to open. */
export async function importFile(page: Page, file: string, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a thread' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Choose file').setInputFiles(file);
  await expect(dialog).toBeHidden();
  await expect(threadPane(page).getByRole('heading', { name: title })).toBeVisible();
}

export function queue(page: Page) {
  return page.getByRole('grid', { name: 'Triage queue' });
}

/** A queue row by its author (rows are named "Author: excerpt"). */
export function queueRow(page: Page, author: string, excerpt?: string) {
  const escaped = author.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tail = excerpt ? `.*${excerpt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : '';
  return queue(page).getByRole('row', { name: new RegExp(`^${escaped}:${tail}`) });
}

export function threadPane(page: Page) {
  return page.getByRole('region', { name: 'Thread context' });
}

/** Authors of the queue rows now shown, in order. */
export async function queueAuthors(page: Page): Promise<string[]> {
  const labels = await queue(page).getByRole('row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')).filter((l): l is string => l !== null));
  return labels.map((l) => l.slice(0, l.indexOf(':')));
}

/** Opens the thread with this title (the console opens the most recent import unless the URL names one). */
export async function gotoThread(page: Page, title: string): Promise<string> {
  const threads = (await (await page.request.get('/api/threads')).json()) as Array<{ id: string; title: string }>;
  const thread = threads.find((t) => t.title === title);
  if (!thread) throw new Error(`no thread titled "${title}" on the server`);
  await page.goto(`/#thread=${encodeURIComponent(thread.id)}`);
  await expect(threadPane(page).getByRole('heading', { name: title })).toBeVisible();
  return thread.id;
}

/** A Threadscope server a spec started for itself, with everything it printed so far. */
export interface OwnServer {
  baseUrl: string;
  dataDir: string;
  /** The server's stdout and stderr so far (specs check that no key or secret is in it). */
  output(): string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

const CONSOLE_URL = /Threadscope console: (http:\/\/127\.0\.0\.1:\d+)\//;

/**
 * Starts `src/server/main.ts --port 0 --no-demo` on a fresh data directory named after `name`; `prepare` runs on the
 * directory before the server starts (a key, a secret). The environment's THREADSCOPE_SCORER is left out, so
 * `args`/`env` alone choose the scorer.
 */
export async function startOwnServer(name: string, options: { args?: string[]; env?: NodeJS.ProcessEnv; prepare?: (dataDir: string) => void | Promise<void> } = {}): Promise<OwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `threadscope-e2e-${name}-`));
  await options.prepare?.(dataDir);
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  delete env.THREADSCOPE_SCORER;
  // A server given a PostgreSQL database gets no --data-dir (the server refuses both at once).
  const where = options.args?.some((a) => a === '--database-url' || a.startsWith('--database-url=')) ? [] : ['--data-dir', dataDir];
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--no-demo', ...(options.args ?? []), ...where], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  server.stderr!.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  await expect.poll(() => CONSOLE_URL.exec(output)?.[1] ?? '', { timeout: 30_000 }).not.toBe('');
  return {
    baseUrl: CONSOLE_URL.exec(output)![1]!,
    dataDir,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => server.once('close', resolve));
      server.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
