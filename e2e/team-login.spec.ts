/**
 * Logging in end to end (issue 14, ADR 0022): a server of its own with accounts made by the users CLI. A wrong
 * password is refused in an alert; the right one opens the console with the user's name and role in the top bar; the
 * one-time password's prompt leads to a password of one's own; logging out brings the login page back and ends the
 * session on the server; a viewer sees no decision buttons and no Import, and the server refuses their decision.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { SEED_FILE, SEED_TITLE, queue, startOwnServer, threadPane, type OwnServer } from './helpers.ts';
import { accountButton, addUser, logIn, logOut, users } from './team-helpers.ts';

let own: OwnServer;
const passwords: Record<string, string> = {};

test.beforeAll(async () => {
  own = await startOwnServer('team-login', {
    prepare: async (dataDir) => {
      passwords.ada = await addUser(dataDir, 'ada', 'admin');
      passwords.mo = await addUser(dataDir, 'mo', 'moderator');
      passwords.vic = await addUser(dataDir, 'vic', 'viewer');
    },
  });
});

test.afterAll(async () => {
  await own?.stop();
});

const loginForm = (page: Page) => page.getByRole('form', { name: 'Log in to Threadscope' });

/** Serious and critical axe violations (the rules of accessibility.spec.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('a wrong password is refused in an alert, the right one opens the console, logging out ends the session', async ({ page }) => {
  await page.goto(own.baseUrl);
  const form = loginForm(page);
  await form.getByLabel('Username').fill('ada');
  await form.getByLabel('Password', { exact: true }).fill('not the password');
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(form.getByRole('alert')).toHaveText('Wrong user name or password.');
  // A name that does not exist gets the very same answer.
  await form.getByLabel('Username').fill('nobody');
  await form.getByLabel('Password', { exact: true }).fill('not the password');
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(form.getByRole('alert')).toHaveText('Wrong user name or password.');
  expect(await seriousViolations(page)).toEqual([]);

  await logIn(page, own.baseUrl, 'ada', passwords.ada!);
  await expect(accountButton(page, 'ada')).toHaveAccessibleName('Account: ada (admin)');
  await expect(page.getByRole('button', { name: 'Import…' })).toBeVisible();
  expect((await page.request.get(`${own.baseUrl}/api/session`)).status()).toBe(200);
  // The account menu, opened from the keyboard, and the Accounts dialog: no serious axe violation.
  await accountButton(page, 'ada').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Change password…' })).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const accounts = page.getByRole('dialog', { name: 'Accounts' });
  await expect(accounts.getByRole('rowheader', { name: 'ada (you)' })).toBeVisible();
  await expect(accounts.getByRole('rowheader')).toHaveText(['ada (you)', 'mo', 'vic']);
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await logOut(page, 'ada');
  await expect(loginForm(page).getByRole('status')).toHaveText('You have logged out.');
  expect((await page.request.get(`${own.baseUrl}/api/session`)).status()).toBe(401);
  // A reload stays on the login page: the cookie is gone and the session revoked.
  await page.reload();
  await expect(loginForm(page)).toBeVisible();
});

test('the one-time password prompts for a password of one\'s own, without blocking the console', async ({ page }) => {
  await logIn(page, own.baseUrl, 'mo', passwords.mo!);
  const prompt = page.getByRole('button', { name: 'Choose your password' });
  await expect(prompt).toBeVisible();
  // Not a block: the console answers meanwhile.
  await expect(page.getByRole('button', { name: 'Import…' })).toBeEnabled();

  await prompt.click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  await expect(dialog).toContainText('one-time password');
  await dialog.getByLabel('Current password').fill(passwords.mo!);
  await dialog.getByLabel('New password', { exact: true }).fill('short');
  await dialog.getByLabel('Repeat the new password').fill('short');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The new password needs at least 12 characters.');
  await dialog.getByLabel('New password', { exact: true }).fill('moderating since 2026');
  await dialog.getByLabel('Repeat the new password').fill('moderating since 2026');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await expect(dialog).toBeHidden();
  await expect(prompt).toBeHidden();

  await logOut(page, 'mo');
  await logIn(page, own.baseUrl, 'mo', 'moderating since 2026');
  await expect(page.getByRole('button', { name: 'Choose your password' })).toBeHidden();
});

test('a viewer reads a thread but sees no decision buttons and no Import, and the server refuses their decision', async ({ page }) => {
  // An administrator imports the seed through the API (a session of its own).
  const admin = await playwrightRequest.newContext({ baseURL: own.baseUrl });
  expect((await admin.post('/api/session', { data: { username: 'ada', password: passwords.ada } })).status()).toBe(200);
  const imported = await admin.post('/api/imports', { data: { content: fs.readFileSync(SEED_FILE, 'utf8'), fileName: 'seed.txt' } });
  expect(imported.status()).toBe(201);
  const threadId = ((await imported.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
  const other = await admin.post('/api/imports', { data: { content: 'id,text\nc1,A second thread to switch to.\n', fileName: 'second.csv' } });
  expect(other.status()).toBe(201);
  const otherId = ((await other.json()) as { threads: Array<{ id: string }> }).threads[0]!.id;
  await admin.dispose();

  await logIn(page, own.baseUrl, 'vic', passwords.vic!, `/#thread=${encodeURIComponent(threadId)}`);
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  await queue(page).getByRole('row', { name: /:/ }).first().click();
  await expect(page.getByRole('button', { name: 'Import…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Approve|Reject|Escalate)/ })).toHaveCount(0);

  const index = (await (await page.request.get(`${own.baseUrl}/api/threads/${encodeURIComponent(threadId)}`)).json()) as { comments: Array<{ id: string }> };
  const refused = await page.request.post(`${own.baseUrl}/api/threads/${encodeURIComponent(threadId)}/decisions`, {
    data: { id: 'e2e-viewer-decision-1', commentId: index.comments[0]!.id, action: 'reject', moderator: 'ada' },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatch(/your role \(viewer\) cannot do this/);

  // The session ends on the server (a password reset ends every session of the account): the next call of the
  // console (opening another thread) brings the login page back, saying why.
  await users(own.dataDir, 'reset-password', 'vic');
  await page.getByRole('combobox', { name: 'Thread' }).selectOption(otherId);
  await expect(loginForm(page).getByRole('status')).toContainText('Your session has ended');

  // The same screen for an administrator has them (the check above can fail).
  await logIn(page, own.baseUrl, 'ada', passwords.ada!, `/#thread=${encodeURIComponent(threadId)}`);
  await queue(page).getByRole('row', { name: /:/ }).first().click();
  await expect(page.getByRole('button', { name: /^Approve/ }).first()).toBeVisible();
});
