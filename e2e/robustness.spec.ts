/**
 * Bad input, hostile content, live thresholds and two tabs at once, in Chromium against the real server.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_TITLE, gotoThread, queue, queueRow, threadPane } from './helpers.ts';

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

async function openDemoTab(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const threadId = await gotoThread(page, DEMO_TITLE);
  return { context, page, threadId };
}

type Event = { id: string; commentId: string; moderator: string; action: string; seq: number };

/** The thread's decision events after `seq` (the shared server's demo thread holds other specs' decisions too). */
async function eventsAfter(page: Page, threadId: string, seq: number): Promise<Event[]> {
  const events = (await (await page.request.get(`/api/threads/${threadId}/decisions`)).json()) as Event[];
  return events.filter((e) => e.seq > seq);
}

const lastSeq = async (page: Page, threadId: string): Promise<number> => Math.max(0, ...(await eventsAfter(page, threadId, 0)).map((e) => e.seq));

test('two moderators deciding at once lose nothing and duplicate nothing', async ({ browser }) => {
  // Two tabs of single-user mode: both decide as "local" (the server records the session's user, ADR 0022).
  const a = await openDemoTab(browser);
  const b = await openDemoTab(browser);
  const before = await lastSeq(a.page, a.threadId);
  // Each rejects a different comment and both decide the same comment, at the same moment.
  await queueRow(a.page, 'Rolf Decker').click();
  await queueRow(b.page, 'Vic Harlan').click();
  await Promise.all([a.page.keyboard.press('r'), b.page.keyboard.press('r')]);
  await queueRow(a.page, 'J. Ellery').click();
  await queueRow(b.page, 'J. Ellery').click();
  await Promise.all([a.page.keyboard.press('e'), b.page.keyboard.press('r')]);
  for (const { page } of [a, b]) await expect(page.getByText('All decisions saved')).toBeVisible();

  const mine = await eventsAfter(a.page, a.threadId, before);
  expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
  expect(mine.every((e) => e.moderator === 'local')).toBe(true);
  // The two different comments: one rejection each. The same comment at once: both are recorded, or the second is
  // refused as a conflict (it was not based on the first; ADR 0024) — never lost silently, never twice.
  const ids = new Set(mine.map((e) => e.commentId));
  expect(ids.size).toBe(3);
  const counts = [...ids].map((id) => mine.filter((e) => e.commentId === id).length).sort();
  expect(counts.slice(0, 2)).toEqual([1, 1]);
  expect([1, 2]).toContain(counts[2]);
  expect(mine.filter((e) => e.action === 'reject').length).toBeGreaterThanOrEqual(2);

  // After a reload both tabs show the same current decisions, derived from the one log.
  for (const { page } of [a, b]) {
    await page.reload();
    await expect(queueRow(page, 'Rolf Decker')).toContainText('Rejected');
    await expect(queueRow(page, 'Vic Harlan')).toContainText('Rejected');
  }
  // J. Ellery shows the last recorded decision on it, the same in both tabs.
  await expect(queueRow(a.page, 'J. Ellery')).toContainText(/Escalated|Rejected/);
  const expected = /Escalated/.test((await queueRow(a.page, 'J. Ellery').textContent()) ?? '') ? 'Escalated' : 'Rejected';
  await expect(queueRow(b.page, 'J. Ellery')).toContainText(expected);
  await a.context.close();
  await b.context.close();
});

test('a decision made while the server is unreachable survives a reload and is saved once it is back', async ({ page }) => {
  const threadId = await gotoThread(page, DEMO_TITLE);
  const before = await lastSeq(page, threadId);
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
  expect(await eventsAfter(page, threadId, before)).toEqual([expect.objectContaining({ action: 'approve', moderator: 'local' })]);
});
