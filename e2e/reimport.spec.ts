/**
 * Re-importing a truncated copy of a thread keeps the comments it lacks (marked, with their decisions), says so in
 * the import notice, and removes them only when the moderator asks (docs/adr/0009-reimport-merge.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REIMPORT_THREAD_ID, REIMPORT_TITLE, reimportWxr } from '../src/app/testing/reimport-wxr.ts';
import { importFile, queue, queueRow, threadPane } from './helpers.ts';

test('a truncated re-import keeps the missing comments and their decisions until they are removed', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-reimport-'));
  const full = path.join(dir, 'ferry.xml');
  const cut = path.join(dir, 'ferry-cut.xml');
  fs.writeFileSync(full, reimportWxr());
  fs.writeFileSync(cut, reimportWxr(4));
  const rows = () => queue(page).getByRole('row', { name: /:/ });
  const article = (author: string) => threadPane(page).getByRole('article', { name: `Comment by ${author}` });
  try {
    await page.goto('/');
    await importFile(page, full, REIMPORT_TITLE);
    await expect(rows()).toHaveCount(10);
    await queueRow(page, 'Beatriz').click();
    await page.keyboard.press('r');
    await expect(queueRow(page, 'Beatriz')).toContainText('Rejected');
    await expect(page.getByText('All decisions saved')).toBeVisible();

    await importFile(page, cut, REIMPORT_TITLE);
    const notice = page.getByRole('status').filter({ hasText: 'Re-imported' });
    await expect(notice).toContainText(`Re-imported “${REIMPORT_TITLE}”: 0 added, 0 changed, 4 unchanged, 6 missing from this file — kept.`);
    await expect(rows()).toHaveCount(10);
    await expect(article('Beatriz')).toContainText('missing from the latest import of ferry-cut.xml');
    await expect(article('Beatriz')).toContainText('Rejected · local');
    await expect(queueRow(page, 'Beatriz')).toContainText('Rejected');
    await expect(article('Maren')).not.toContainText('missing from');

    await notice.getByRole('button', { name: 'Remove the 6 missing comments' }).click();
    await expect(notice).toContainText('Removed the 6 missing comments.');
    await expect(rows()).toHaveCount(4);
    await expect(article('Beatriz')).toHaveCount(0);
    await expect(article('Maren')).toBeVisible();
    const decisions = (await (await page.request.get(`/api/threads/${encodeURIComponent(REIMPORT_THREAD_ID)}/decisions`)).json()) as Array<{ commentId: string }>;
    expect(decisions.map((d) => d.commentId)).toEqual(['108']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after a reload the open thread still offers to remove the comments its latest import lacked', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-reimport-'));
  const full = path.join(dir, 'ferry.xml');
  const cut = path.join(dir, 'ferry-cut.xml');
  fs.writeFileSync(full, reimportWxr());
  fs.writeFileSync(cut, reimportWxr(3));
  const rows = () => queue(page).getByRole('row', { name: /:/ });
  try {
    await page.goto('/');
    await importFile(page, full, REIMPORT_TITLE);
    await importFile(page, cut, REIMPORT_TITLE);
    await page.goto(`/#thread=${encodeURIComponent(REIMPORT_THREAD_ID)}`);
    await page.reload();
    const notice = page.getByRole('status', { name: 'Comments missing from the latest import' });
    await expect(notice).toContainText('7 comments of this thread are missing from its latest import (ferry-cut.xml) — kept');
    await expect(rows()).toHaveCount(10);
    await notice.getByRole('button', { name: 'Remove the 7 missing comments' }).click();
    await expect(notice).toContainText('Removed the 7 missing comments.');
    await expect(rows()).toHaveCount(3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
