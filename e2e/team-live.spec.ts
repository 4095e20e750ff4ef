/**
 * A team of three in three browsers (issue 14, ADR 0025), on a server of its own with two moderators and an editor,
 * each logged in through the login page in a browser context of their own: moderator 1 claims a comment and
 * moderator 2 sees "Claimed by mod1" arrive live; moderator 1 rejects it and moderator 2 and the editor see the
 * decision without a reload; moderator 2 escalates another, the editor finds it under the Escalated status filter and
 * resolves it, and moderator 2 sees that too. No page is reloaded after logging in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { importFile, queueRow, threadPane, startOwnServer, type OwnServer } from './helpers.ts';
import { addUser, logIn } from './team-helpers.ts';

const TITLE = 'Ferry timetable debate';
const COMMENTS = [
  { thread_id: 'ferry', thread_title: TITLE, id: 'f1', parent_id: null, author: 'Ann Example', created_at: '2026-11-01T09:00:00Z', text: 'People like them should be thrown off the ferry.' },
  { thread_id: 'ferry', thread_title: TITLE, id: 'f2', parent_id: null, author: 'Bob Reader', created_at: '2026-11-01T09:05:00Z', text: 'The council hides the real timetable from us, ask who profits.' },
  { thread_id: 'ferry', thread_title: TITLE, id: 'f3', parent_id: null, author: 'Cleo Writer', created_at: '2026-11-01T09:10:00Z', text: 'The early ferry was on time all week.' },
];

/** Within this a decision by one browser shows in the others (the issue asks for a second; slack for a loaded CI). */
const LIVE_MS = 2_500;

async function openAs(browser: Browser, baseUrl: string, name: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, baseUrl, name, password);
  return page;
}

test('a team of three: a claim, a rejection and an escalation arrive live in the other browsers', async ({ browser }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-team-live-'));
  const file = path.join(dir, 'ferry.json');
  fs.writeFileSync(file, JSON.stringify(COMMENTS));
  const passwords: Record<string, string> = {};
  let own: OwnServer | null = null;
  const pages: Page[] = [];
  try {
    own = await startOwnServer('team-live', {
      prepare: async (dataDir) => {
        passwords.mod1 = await addUser(dataDir, 'mod1', 'moderator');
        passwords.mod2 = await addUser(dataDir, 'mod2', 'moderator');
        passwords.eda = await addUser(dataDir, 'eda', 'editor');
      },
    });
    const mod1 = await openAs(browser, own.baseUrl, 'mod1', passwords.mod1!);
    pages.push(mod1);
    await importFile(mod1, file, TITLE);
    const mod2 = await openAs(browser, own.baseUrl, 'mod2', passwords.mod2!);
    const editor = await openAs(browser, own.baseUrl, 'eda', passwords.eda!);
    pages.push(mod2, editor);
    for (const page of [mod1, mod2, editor]) {
      await expect(threadPane(page).getByRole('heading', { name: TITLE })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });
    }

    // Moderator 1 claims Ann's comment (the c key); moderator 2 sees who holds it, live.
    await queueRow(mod1, 'Ann Example').click();
    await mod1.keyboard.press('c');
    await expect(queueRow(mod1, 'Ann Example')).toContainText('Claimed by you');
    await expect(queueRow(mod2, 'Ann Example')).toContainText('Claimed by mod1', { timeout: LIVE_MS });
    await expect(queueRow(editor, 'Ann Example')).toContainText('Claimed by mod1', { timeout: LIVE_MS });
    // Moderator 2's "next unclaimed" (n) skips it.
    await queueRow(mod2, 'Cleo Writer').click();
    await mod2.keyboard.press('n');
    await expect(queueRow(mod2, 'Bob Reader')).toHaveAttribute('aria-selected', 'true');
    await mod2.keyboard.press('n');
    await expect(queueRow(mod2, 'Cleo Writer')).toHaveAttribute('aria-selected', 'true');

    // Moderator 1 rejects it: the other two see the decision without a reload.
    await queueRow(mod1, 'Ann Example').click();
    await mod1.getByRole('group', { name: 'Decide' }).getByRole('button', { name: 'Reject' }).click();
    await expect(queueRow(mod1, 'Ann Example')).toContainText('Rejected');
    await expect(queueRow(mod2, 'Ann Example')).toContainText('Rejected', { timeout: LIVE_MS });
    await expect(queueRow(editor, 'Ann Example')).toContainText('Rejected', { timeout: LIVE_MS });
    // The decision ended the claim.
    await expect(queueRow(mod2, 'Ann Example')).not.toContainText('Claimed', { timeout: LIVE_MS });

    // Moderator 2 escalates Bob's comment; the editor finds it under the Escalated status and resolves it.
    await queueRow(mod2, 'Bob Reader').click();
    await mod2.getByRole('group', { name: 'Decide' }).getByRole('button', { name: 'Escalate' }).click();
    await expect(queueRow(mod2, 'Bob Reader')).toContainText('Escalated');
    await editor.getByRole('search', { name: 'Filter the queue' }).getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Escalated' });
    await expect(queueRow(editor, 'Bob Reader')).toBeVisible({ timeout: LIVE_MS });
    await expect(queueRow(editor, 'Ann Example')).toHaveCount(0);
    await queueRow(editor, 'Bob Reader').click();
    await editor.getByRole('group', { name: 'Decide' }).getByRole('button', { name: 'Approve' }).click();
    await expect(queueRow(editor, 'Bob Reader')).toHaveCount(0);
    await expect(queueRow(mod2, 'Bob Reader')).toContainText('Approved', { timeout: LIVE_MS });
    await expect(queueRow(mod1, 'Bob Reader')).toContainText('Approved', { timeout: LIVE_MS });
  } finally {
    for (const page of pages) await page.context().close();
    await own?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
