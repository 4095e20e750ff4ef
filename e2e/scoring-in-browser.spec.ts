/**
 * The embedded model in the browser (issue 4, ADR 0004): the scoring worker gives exactly the server's numbers for
 * every comment of the demo thread and the seed, "Score a text" scores offline in the page, and the UI bundle
 * carries no model internals (the worker is its own chunk and fetches the weights from /api/model).
 * Spec files share one data directory and run in name order; console.spec's first test needs the first start, so
 * specs that import (like this one) are named to run after it.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ThreadView } from '../src/core/api.ts';
import { DEMO_TITLE, gotoThread, importFile, SEED_FILE, SEED_TITLE, threadPane } from './helpers.ts';

async function scoredCount(page: Page, threadId: string): Promise<number> {
  const view = (await (await page.request.get(`/api/threads/${encodeURIComponent(threadId)}`)).json()) as ThreadView;
  expect(view.scorer.name).toBe('embedded-model');
  return view.comments.filter((c) => c.score !== null).length;
}

async function checkInBrowser(page: Page, threadId: string): Promise<void> {
  const count = await scoredCount(page, threadId);
  expect(count).toBeGreaterThan(10);
  const pane = threadPane(page);
  await pane.getByRole('button', { name: 'Check in browser' }).click();
  await expect(pane.getByRole('status').filter({ hasText: /Browser and server|Browser check failed|differ in the browser/ })).toHaveText(
    new RegExp(`^Browser and server agree exactly on all ${count} scored comments \\(\\d+\\.\\d+\\.\\d+\\+[0-9a-f]{12}, [0-9.]+ s in the browser\\)$`),
  );
}

test('the browser worker scores the demo thread and the seed exactly as the server did', async ({ page }) => {
  const modelRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/model') modelRequests.push(request.url());
  });
  const demoId = await gotoThread(page, DEMO_TITLE);
  await checkInBrowser(page, demoId);
  await importFile(page, SEED_FILE, SEED_TITLE);
  const threads = (await (await page.request.get('/api/threads')).json()) as Array<{ id: string; title: string }>;
  await checkInBrowser(page, threads.find((t) => t.title === SEED_TITLE)!.id);
  // The worker loaded the model once for both checks.
  expect(modelRequests).toHaveLength(1);
});

test('"Score a text" scores in the page, with evidence and the unsupported-language marker', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('button', { name: 'Score a text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Score a text' });
  const field = dialog.getByRole('textbox', { name: 'Text to score' });
  await expect(field).toBeFocused();
  await field.fill('You are a pathetic idiot and I hope someone shoots you.');
  const table = dialog.getByRole('table', { name: 'Scores of the text' });
  const insult = table.getByRole('row', { name: /^INSULT/ });
  await expect(insult).toContainText('idiot”');
  const value = Number((await insult.getByRole('cell').first().textContent())?.trim());
  expect(value).toBeGreaterThanOrEqual(0.7);
  await expect(table.getByRole('row', { name: /^THREAT/ })).toContainText('shoot');
  await expect(dialog.locator('mark').first()).toBeVisible();

  await field.fill('Les journalistes de ce journal écrivent vraiment n’importe quoi sur cette affaire depuis des semaines.');
  await expect(dialog.getByText(/^unsupported language: fr/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the UI bundle carries no model internals: the worker is its own chunk and fetches the weights', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) {
    const code = await (await request.get(src)).text();
    expect(code).not.toContain('predictTokens');
    expect(code).not.toContain('model artefact');
    expect(code).toMatch(/score-worker-[\w-]+\.js/);
  }
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/');
  await page.getByRole('button', { name: 'Score a text…' }).click();
  await page.getByRole('textbox', { name: 'Text to score' }).fill('hello there, a kind word for everyone');
  await expect(page.getByRole('table', { name: 'Scores of the text' })).toBeVisible();
  expect(workers).toHaveLength(1);
  expect(workers[0]).toMatch(/\/assets\/score-worker-[\w-]+\.js$/);
});
