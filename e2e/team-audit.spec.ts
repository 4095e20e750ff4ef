/**
 * The audit trail end to end (issue 14, ADR 0023), on a server of its own with an administrator and a moderator:
 * the moderator approves a comment in the console and sees it in the comment's history; the administrator, in a
 * browser of their own, opens the audit view from the top bar, filters by the moderator, finds the decision with its
 * thread and comment, and exports the same filter as CSV (a download naming the moderator and the action). The
 * moderator has no "Audit log" button, and the server refuses them the route.
 */
import fs from 'node:fs';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { SEED_FILE, SEED_TITLE, queue, startOwnServer, threadPane, type OwnServer } from './helpers.ts';
import { addUser, logIn } from './team-helpers.ts';

let own: OwnServer;
const passwords: Record<string, string> = {};
let threadId = '';

test.beforeAll(async () => {
  own = await startOwnServer('team-audit', {
    prepare: async (dataDir) => {
      passwords.ada = await addUser(dataDir, 'ada', 'admin');
      passwords.mo = await addUser(dataDir, 'mo', 'moderator');
    },
  });
  // The administrator imports the seed through the API (a session of its own).
  const admin = await playwrightRequest.newContext({ baseURL: own.baseUrl });
  expect((await admin.post('/api/session', { data: { username: 'ada', password: passwords.ada } })).status()).toBe(200);
  const imported = await admin.post('/api/imports', { data: { content: fs.readFileSync(SEED_FILE, 'utf8'), fileName: 'seed.txt' } });
  expect(imported.status()).toBe(201);
  threadId = ((await imported.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
  await admin.dispose();
});

test.afterAll(async () => {
  await own?.stop();
});

test('a moderator decides; the administrator finds it in the audit view, filtered by the moderator, and exports it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The moderator approves the first comment of the queue.
  await logIn(page, own.baseUrl, 'mo', passwords.mo!, `/#thread=${encodeURIComponent(threadId)}`);
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Audit log' })).toHaveCount(0);
  expect((await page.request.get(`${own.baseUrl}/api/audit`)).status()).toBe(403);
  const first = queue(page).getByRole('row', { name: /:/ }).first();
  const label = (await first.getAttribute('aria-label'))!;
  await first.click();
  await page.getByRole('button', { name: /^Approve/ }).first().click();
  await expect(page.getByText('All decisions saved')).toBeVisible({ timeout: 15_000 });
  // The console moved on to the next comment: select the approved one again.
  await queue(page).getByRole('row', { name: label, exact: true }).click();

  // Its history, for a moderator: the decision events of the comment.
  await threadPane(page).getByRole('button', { name: 'History of the selected comment' }).click();
  const history = page.getByRole('dialog', { name: /^History of comment / });
  await expect(history.getByRole('row').filter({ hasText: 'decision: approved' })).toContainText('mo');
  const commentId = ((await history.getByRole('heading').textContent()) ?? '').replace('History of comment ', '');
  await history.getByRole('button', { name: 'Close' }).click();

  // The administrator, in another browser.
  const adminContext = await browser.newContext({ acceptDownloads: true });
  const admin = await adminContext.newPage();
  try {
    await logIn(admin, own.baseUrl, 'ada', passwords.ada!);
    await admin.getByRole('button', { name: 'Audit log' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Audit log' });
    await expect(dialog.getByRole('table')).toBeVisible();
    // Unfiltered, the administrator's own import and logins are there too.
    await expect(dialog.getByRole('row').filter({ hasText: 'import' }).first()).toBeVisible();

    await dialog.getByRole('textbox', { name: 'Person' }).fill('MO');
    await dialog.getByRole('button', { name: 'Apply filters' }).click();
    const decided = dialog.getByRole('row').filter({ hasText: 'decision.approve' });
    await expect(decided).toHaveCount(1);
    await expect(decided).toContainText('mo');
    await expect(decided).toContainText(SEED_TITLE);
    await expect(decided).toContainText(commentId);
    // Only the moderator's entries are listed (their login and the decision; no import by ada).
    await expect(dialog.getByRole('row').filter({ hasText: 'ada (admin)' })).toHaveCount(0);

    const download = admin.waitForEvent('download');
    await dialog.getByRole('link', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^threadscope-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await file.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,actor_role,action,thread_id,comment_id,what,why');
    expect(csv).toMatch(new RegExp(`,mo,moderator,decision\\.approve,[^,]*,${commentId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`));
    expect(csv).not.toContain(',ada,');

    // The export is itself in the trail.
    await dialog.getByRole('textbox', { name: 'Person' }).fill('ada');
    await dialog.getByRole('combobox', { name: 'Action' }).selectOption('export');
    await dialog.getByRole('button', { name: 'Apply filters' }).click();
    await expect(dialog.getByRole('row').filter({ hasText: 'audit log as CSV' })).toContainText('actor=MO');
  } finally {
    await adminContext.close();
  }
});
