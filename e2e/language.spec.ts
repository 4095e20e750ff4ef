/**
 * Issue 11, judgement outside English: a German WordPress thread (written for the tests, with visitors in French,
 * Spanish, Dutch and Polish) imported through the UI gets no flag; every entry needs a human, counted beside the
 * flagged count and shown as a chip in the queue row and the thread pane.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { importFile, queue, threadPane } from './helpers.ts';

const THREAD_FILE = path.resolve(import.meta.dirname, '../src/scoring/language-cases/garten-am-hang.wxr.xml');
const THREAD_TITLE = 'Unser Garten am Hang: Trockenmauer, Schnecken ohne Gift und viel Mist';
const ENTRIES = 42;

test('a German thread is not flagged: every entry needs a human, with its own filter and count', async ({ page }) => {
  await page.goto('/');
  await importFile(page, THREAD_FILE, THREAD_TITLE);

  const flaggedOnly = page.getByRole('checkbox', { name: 'Flagged only' });
  const needsHuman = page.getByRole('checkbox', { name: 'Needs a human' });
  await expect(flaggedOnly).toHaveAccessibleDescription('(0)');
  await expect(needsHuman).toHaveAccessibleDescription(`(${ENTRIES})`);

  const filters = page.getByRole('search', { name: 'Filter the queue' });
  await flaggedOnly.check();
  await expect(filters.getByText(`0 of ${ENTRIES} comments`)).toBeVisible();
  await expect(queue(page).getByRole('row', { name: /:/ })).toHaveCount(0);
  await flaggedOnly.uncheck();

  await needsHuman.check();
  await expect(filters.getByText(`${ENTRIES} comments`, { exact: true })).toBeVisible();
  const row = queue(page).getByRole('row', { name: /^Sabine K\.: Toller Artikel/ });
  await expect(row.getByText('needs a human: language not supported (de)')).toBeVisible();
  await row.click();
  const comment = threadPane(page).getByLabel('Comment by Sabine K.').first();
  await expect(comment.getByText('needs a human: language not supported (de)')).toBeVisible();
  await expect(comment.getByRole('list', { name: 'Why it is flagged' })).toHaveCount(0);
  // The chips and the filter pass axe (contrast, names) where they show: the filter bar, the queue and the thread.
  const axe = await new AxeBuilder({ page }).include('.filter-bar').include('[aria-label="Triage queue"]').include('[aria-label="Thread context"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  // A visitor writing Polish, found by search (the queue renders only the rows in view).
  await page.getByRole('searchbox', { name: 'Search comments' }).fill('Kasia');
  await expect(queue(page).getByRole('row', { name: /^Kasia:/ }).getByText('needs a human: language not supported (pl)')).toBeVisible();
});
