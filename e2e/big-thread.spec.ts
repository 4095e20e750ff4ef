/**
 * A generated thread of 2,000 comments through the real server (issue 13, ADR 0020): the console opens it
 * through the thread index and comment windows, keeps the DOM small, and sorts, filters, searches and decides
 * through windows; the decision survives a reload. Small on purpose (CI time): the 100,000-comment figures come
 * from the bench (bench/big-thread.ts). It runs on a server of its own, so the shared server's specs (which expect the
 * demo thread to be the newest) never see this thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { generateThread } from '../bench/generate-thread.ts';
import type { ThreadIndex } from '../src/core/api.ts';
import { DEFAULT_THRESHOLDS } from '../src/core/flags.ts';
import { flaggedAt, highestAt } from '../src/core/thread-index.ts';
import { queue, startOwnServer, threadPane } from './helpers.ts';

const COUNT = 2000;
const TITLE = 'A generated thread of two thousand comments';
/** One comment's text carries a word no other has, for the search. */
const NEEDLE = 'quokkaphile';

test('a thread of 2,000 comments: windows, a small DOM, sort, flagged only, search and a durable decision', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-big-'));
  const file = path.join(dir, 'big-thread.json');
  const comments = generateThread(COUNT, 10, 7).map((c, i) => ({ ...c, thread_id: 'big-e2e', thread_title: TITLE, text: i === 1789 ? `${c.text} A ${NEEDLE} writes.` : c.text }));
  fs.writeFileSync(file, JSON.stringify(comments));
  const bodyRows = () => queue(page).getByRole('row', { name: /:/ });
  const filterBar = page.getByRole('search', { name: 'Filter the queue' });
  const own = await startOwnServer('big');
  try {
    await page.goto(`${own.baseUrl}/`);
    // Imported through the file picker, as importFile does, with time for scoring a few thousand comments.
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a thread' });
    await dialog.getByLabel('Choose file').setInputFiles(file);
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await expect(threadPane(page).getByRole('heading', { name: TITLE })).toBeVisible();
    await expect(filterBar).toContainText(`${COUNT} comments`);

    // The console never asked for the full view, and holds only the rows on screen in the DOM.
    const index = (await (await page.request.get(`${own.baseUrl}/api/threads/big-e2e/index`)).json()) as ThreadIndex;
    expect(index.count).toBe(COUNT);
    expect(await bodyRows().count()).toBeLessThan(80);
    expect(await threadPane(page).getByRole('article').count()).toBeLessThan(60);
    await expect(bodyRows().first()).not.toContainText('Loading…');

    // Sort by highest score: the top row is a comment with the thread's highest score, its text from a window.
    let best = 0;
    for (let i = 0; i < index.count; i++) best = Math.max(best, highestAt(index, i) ?? 0);
    await queue(page).getByRole('button', { name: 'Highest score', exact: true }).click();
    await expect(queue(page).getByRole('columnheader', { name: /Highest score/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(bodyRows().first().getByRole('gridcell').filter({ hasText: best.toFixed(2) }).first()).toBeVisible();
    await expect(bodyRows().first()).not.toContainText('Loading…');

    // Flagged only: the count is the flag policy's over the index.
    let flagged = 0;
    for (let i = 0; i < index.count; i++) if (flaggedAt(index, i, DEFAULT_THRESHOLDS)) flagged++;
    expect(flagged).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: 'Flagged only' }).check();
    await expect(filterBar).toContainText(`${flagged} of ${COUNT} comments`);
    await page.getByRole('checkbox', { name: 'Flagged only' }).uncheck();

    // Search through the server: one comment, deep in the thread, shown with its text.
    await page.getByRole('searchbox', { name: 'Search comments' }).fill(NEEDLE);
    await expect(filterBar).toContainText(`1 of ${COUNT} comments`);
    const found = bodyRows().first();
    await expect(found).toHaveAccessibleName(new RegExp(`: .*`));
    await expect(found).not.toContainText('Loading…');
    await page.keyboard.press('Enter');

    // A decision through the keyboard, shown at once and saved under the session's user (single-user mode: local); it is
    // still there after a reload.
    await found.click();
    await page.keyboard.press('r');
    await expect(found).toContainText('Rejected');
    await expect(page.getByText('All decisions saved')).toBeVisible();
    const article = threadPane(page).locator('article[aria-current="true"]');
    await expect(article).toContainText(NEEDLE);
    await expect(article).toContainText('Rejected · local');
    await page.reload();
    await page.getByRole('combobox', { name: 'Decision' }).selectOption('rejected');
    await expect(filterBar).toContainText(`1 of ${COUNT} comments`);
    await expect(bodyRows().first()).toContainText('Rejected');

    // Scrolling far down reads the rows there by window.
    await page.getByRole('combobox', { name: 'Decision' }).selectOption('');
    await queue(page).evaluate((grid) => grid.closest('.grid-scroll')?.scrollTo({ top: 1e9 }));
    await expect(bodyRows().last()).not.toContainText('Loading…');
    expect(await bodyRows().count()).toBeLessThan(80);
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
