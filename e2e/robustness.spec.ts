/**
 * Bad input, hostile content, live thresholds and two tabs at once, in Chromium against the real server.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_TITLE, gotoThread, queue, queueRow, setModerator, threadPane } from './helpers.ts';

async function openImport(page: Page) {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a thread' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a file that cannot be read is refused with a message naming it and the place; the open thread stays', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  const dialog = await openImport(page);
  await dialog.getByLabel('Choose file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"id": "1", "text": "ok"},\n {"id": 2, "text": ') });
  const error = dialog.getByRole('alert');
  await expect(error).toContainText('broken.json');
  await expect(error).toContainText(/line 2/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(threadPane(page).getByRole('heading', { name: DEMO_TITLE })).toBeVisible();

  const again = await openImport(page);
  await again.getByLabel('Choose file').setInputFiles({ name: 'image.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x0d, 0x0a]) });
  await expect(again.getByRole('alert')).toContainText('image.png');
  await again.getByRole('button', { name: 'Cancel' }).click();
  await expect(queue(page).getByRole('row', { name: /^Kevin Marsh:/ }).first()).toBeVisible();
});

test('pasted text with hostile HTML imports and renders as text, never as markup', async ({ page }) => {
  const hits: string[] = [];
  page.on('dialog', (d) => {
    hits.push(d.message());
    void d.dismiss();
  });
  await gotoThread(page, DEMO_TITLE);
  const dialog = await openImport(page);
  const csv = 'id,parent_id,author,text\n1,,"<b>Mallory</b>","<img src=x onerror=alert(1)> hello <script>alert(2)</script>"\n2,1,Bob,"=HYPERLINK(""http://evil"")"\n';
  await dialog.getByLabel('Paste thread text').fill(csv);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  const pane = threadPane(page);
  const mallory = pane.getByLabel('Comment by <b>Mallory</b>');
  await expect(mallory).toContainText('<img src=x onerror=alert(1)> hello <script>alert(2)</script>');
  await expect(pane.locator('img')).toHaveCount(0);
  await expect(pane.locator('b')).toHaveCount(0);
  expect(hits).toEqual([]);
});

test('threshold changes re-flag the queue live', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('checkbox', { name: 'Flagged only' }).check();
  await expect(queueRow(page, 'J. Ellery')).toBeVisible();
  await page.getByRole('button', { name: /Thresholds/ }).click();
  const threat = page.getByRole('spinbutton', { name: 'THREAT threshold value' });
  await threat.fill('0.99');
  await threat.press('Tab');
  await expect(queueRow(page, 'J. Ellery')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(queueRow(page, 'J. Ellery')).toBeVisible();
});

async function openDemoTab(browser: Browser, moderator: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const threadId = await gotoThread(page, DEMO_TITLE);
  await setModerator(page, moderator);
  return { context, page, threadId };
}

test('two moderators deciding at once lose nothing and duplicate nothing', async ({ browser }) => {
  const a = await openDemoTab(browser, 'Ada');
  const b = await openDemoTab(browser, 'Ben');
  // Each rejects a different comment and both decide the same comment, at the same moment.
  await queueRow(a.page, 'Rolf Decker').click();
  await queueRow(b.page, 'Vic Harlan').click();
  await Promise.all([a.page.keyboard.press('r'), b.page.keyboard.press('r')]);
  await queueRow(a.page, 'J. Ellery').click();
  await queueRow(b.page, 'J. Ellery').click();
  await Promise.all([a.page.keyboard.press('e'), b.page.keyboard.press('r')]);
  for (const { page } of [a, b]) await expect(page.getByText('All decisions saved')).toBeVisible();

  const events = (await (await a.page.request.get(`/api/threads/${a.threadId}/decisions`)).json()) as Array<{ id: string; commentId: string; moderator: string; action: string; seq: number }>;
  const mine = events.filter((e) => e.moderator === 'Ada' || e.moderator === 'Ben');
  expect(mine).toHaveLength(4);
  expect(new Set(mine.map((e) => e.id)).size).toBe(4);
  expect(mine.map((e) => `${e.moderator}:${e.action}`).sort()).toEqual(['Ada:escalate', 'Ada:reject', 'Ben:reject', 'Ben:reject']);

  // After a reload both tabs show the same current decisions, derived from the one log.
  for (const { page } of [a, b]) {
    await page.reload();
    await expect(queueRow(page, 'Rolf Decker')).toContainText('Rejected');
    await expect(queueRow(page, 'Vic Harlan')).toContainText('Rejected');
  }
  const ellery = mine.find((e) => e.action === 'escalate')!.commentId;
  const last = mine.filter((e) => e.commentId === ellery).sort((x, y) => x.seq - y.seq).at(-1)!;
  const expected = last.action === 'escalate' ? 'Escalated' : 'Rejected';
  await expect(queueRow(a.page, 'J. Ellery')).toContainText(expected);
  await expect(queueRow(b.page, 'J. Ellery')).toContainText(expected);
  await a.context.close();
  await b.context.close();
});

test('a decision made while the server is unreachable survives a reload and is saved once it is back', async ({ page }) => {
  const threadId = await gotoThread(page, DEMO_TITLE);
  await setModerator(page, 'Offline Olga');
  await page.route('**/api/threads/*/decisions', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()));
  await queueRow(page, 'Tom Brannigan').click();
  await page.keyboard.press('a');
  await expect(queueRow(page, 'Tom Brannigan')).toContainText('Approved');
  await expect(page.getByText(/1 decision waiting to be saved/)).toBeVisible();

  // Reload while still offline: the decision is still shown, from the browser's outbox.
  await page.reload();
  await expect(queueRow(page, 'Tom Brannigan')).toContainText('Approved');
  await page.unroute('**/api/threads/*/decisions');
  await expect(page.getByText('All decisions saved')).toBeVisible({ timeout: 15_000 });
  const events = (await (await page.request.get(`/api/threads/${threadId}/decisions`)).json()) as Array<{ moderator: string; action: string }>;
  expect(events.filter((e) => e.moderator === 'Offline Olga')).toEqual([expect.objectContaining({ action: 'approve' })]);
});
