/**
 * A large export imported through the console's file picker shows a progress bar (upload, then the server's phases)
 * and then opens its first thread; the server keeps answering other requests meanwhile.
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateWxr } from '../bench/generate-exports.ts';
import { DEMO_TITLE, gotoThread, threadPane } from './helpers.ts';

test('a 23 MB WordPress export imports with a progress bar, then its first thread opens', async ({ page }, testInfo) => {
  // Generous limits for a loaded 2-core machine: they catch a hang, they measure nothing (npm run bench does).
  test.setTimeout(180_000);
  const file = testInfo.outputPath('site-export.wxr.xml');
  // 30,000 one-sentence comments: about 23 MB of XML whose texts repeat, so the scorer's share stays small.
  fs.writeFileSync(file, generateWxr({ comments: 30_000, posts: 300, sentences: 1 }));
  expect(fs.statSync(file).size).toBeGreaterThan(18 * 1024 * 1024);

  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a thread' });
  await dialog.getByLabel('Choose file').setInputFiles(file);

  const bar = dialog.getByRole('progressbar', { name: /^Import progress of site-export\.wxr\.xml/ });
  await expect(bar).toBeVisible();
  // The server's phases come after the upload: reading the file, scoring, saving.
  await expect(bar).toHaveAttribute('aria-valuetext', /^Step [234] of 4: /);
  // Another request is answered while the import runs.
  const health = await page.request.get('/api/health');
  expect(health.status()).toBe(200);

  await expect(dialog).toBeHidden({ timeout: 150_000 });
  await expect(threadPane(page).getByRole('heading', { name: 'Post number 1', exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('from site-export.wxr.xml as wxr: 30000 entries');
});
