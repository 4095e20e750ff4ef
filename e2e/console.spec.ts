/**
 * The moderator's path of issue 2, in Chromium against the real server (built UI, API, SQLite in a fresh data dir):
 * demo thread on first start, seed imported through the UI, flags and reasons, keyboard triage, reload, exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_TITLE, SEED_FILE, SEED_TITLE, importFile, queue, queueAuthors, queueRow, threadPane } from './helpers.ts';

const FLAGGED_IN_SEED = ['Hyman Griebowitz', 'John C Carleton', 'Stuart Westercamp', 'James Willy'];
/** Flagged rows: the four comments plus James Willy's reply endorsing John C Carleton's trope comment (a thread-context flag). */
const FLAGGED_ROWS_IN_SEED = 5;
const CIVIL_IN_SEED = ['Vish', 'All_has_An _END_.', 'CHUCKMAN', 'thomas malthaus', 'Canosin', 'Benyamin Ben Israel'];

/** Fails the test on any console error or uncaught page error. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

async function showFlaggedOnly(page: Page, on: boolean): Promise<void> {
  await page.getByRole('checkbox', { name: 'Flagged only' }).setChecked(on);
}

test.describe.configure({ mode: 'serial' });

test('first start shows the demo thread, scored, nested, with flags', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const pane = threadPane(page);
  await expect(pane.getByRole('heading', { name: DEMO_TITLE })).toBeVisible();
  await expect(page.getByText(/Scorer: embedded-model/)).toBeVisible();
  // Nested as written: depth 4 reply exists and the pingback is marked.
  await expect(pane.getByLabel('Comment by Oskar Wendt')).toContainText('level 5');
  await expect(pane.getByText('(empty comment)')).toBeVisible();

  await showFlaggedOnly(page, true);
  const flagged = await queueAuthors(page);
  expect(flagged).toEqual(expect.arrayContaining(['Kevin Marsh', 'Rolf Decker', 'Vic Harlan', 'J. Ellery']));
  for (const civil of ['Mira Okafor', 'Dale Pruitt', 'Tom Brannigan', 'Ana Ruiz', 'Priya Raman', 'Greta Holm']) expect(flagged).not.toContain(civil);
  expect(errors).toEqual([]);
});

test('the seed imports through the UI, nested as on the page, with the four flagged comments, the endorsing reply and their reasons', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(threadPane(page).getByRole('heading', { name: DEMO_TITLE })).toBeVisible();
  await importFile(page, SEED_FILE, SEED_TITLE);

  // 15 entries in the queue: 14 comments and the pingback.
  await expect(queue(page).getByRole('row', { name: /:/ })).toHaveCount(15);
  const pane = threadPane(page);
  await expect(pane.getByLabel('Comment by Benyamin Ben Israel')).toContainText('level 5');

  await showFlaggedOnly(page, true);
  await expect(queue(page).getByRole('row', { name: /:/ })).toHaveCount(FLAGGED_ROWS_IN_SEED);
  const flagged = await queueAuthors(page);
  expect([...new Set(flagged)].sort()).toEqual([...FLAGGED_IN_SEED].sort());
  for (const civil of CIVIL_IN_SEED) expect(flagged).not.toContain(civil);

  // Each flagged comment shows why in its thread context, with the evidence highlighted in the text.
  const expectations: Array<[string, RegExp, string, string?]> = [
    ['Hyman Griebowitz', /Secret control of leaders/, 'chabad'],
    ['John C Carleton', /vermin or disease/, 'Rats'],
    ['Stuart Westercamp', /INSULT/, 'real losers'],
    ['James Willy', /THREAT/, 'civil war', 'yankys'],
    ['James Willy', /Endorses a flagged comment by John C Carleton/, 'fire back at them', 'fire back'],
  ];
  for (const [author, reason, evidence, excerpt] of expectations) {
    await queueRow(page, author, excerpt).first().click();
    const comment = pane.getByLabel(`Comment by ${author}`).and(pane.locator('[aria-current="true"]'));
    await expect(comment.getByRole('list', { name: 'Why it is flagged' })).toContainText(reason);
    await expect(comment.locator('mark', { hasText: evidence }).first()).toBeVisible();
  }
  await showFlaggedOnly(page, false);

  // A screenshot of the console with the seed loaded, kept with the test results (never a tracked file);
  // `npm run screenshot` updates docs/screenshot-seed.png when the console's look changes.
  await queueRow(page, 'John C Carleton').click();
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../test-results/screenshot-seed.png') });
  expect(errors).toEqual([]);
});

test('keyboard triage is kept across a reload and lands in the CSV and JSON exports', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await importFile(page, SEED_FILE, SEED_TITLE);
  // Decisions record the session's user: "local" in the single-user mode of this spec's server (ADR 0022).

  // Hyman Griebowitz is the third entry (after the pingback and Vish): j moves from the first row.
  await queue(page).getByRole('row', { name: /:/ }).first().click();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(queueRow(page, 'Hyman Griebowitz')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('r');
  await expect(queueRow(page, 'Hyman Griebowitz')).toContainText('Rejected');
  // The decision moved the cursor on to the next undecided comment, the entry after Hyman's.
  const rows = queue(page).getByRole('row', { name: /:/ });
  await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(3)).toBeFocused();

  // Approve Vish, then undo it: back to undecided.
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(queueRow(page, 'Vish')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('a');
  await expect(queueRow(page, 'Vish')).toContainText('Approved');
  await page.keyboard.press('u');
  await expect(queueRow(page, 'Vish')).not.toContainText('Approved');

  // Escalate Stuart Westercamp with a reason and a note.
  await queueRow(page, 'Stuart Westercamp').click();
  await page.getByRole('combobox', { name: 'Reason' }).selectOption('Harassment or bullying');
  await page.getByRole('textbox', { name: 'Note' }).fill('=HYPERLINK("http://evil") repeat offender');
  await queueRow(page, 'Stuart Westercamp').click();
  await page.keyboard.press('e');
  await expect(queueRow(page, 'Stuart Westercamp')).toContainText('Escalated');
  await expect(page.getByText('All decisions saved')).toBeVisible();

  await page.reload();
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  await expect(queueRow(page, 'Hyman Griebowitz')).toContainText('Rejected');
  await expect(queueRow(page, 'Stuart Westercamp')).toContainText('Escalated');
  await expect(queueRow(page, 'Vish')).not.toContainText('Approved');

  const exportGroup = page.getByRole('group', { name: 'Export a flag report' });
  await exportGroup.getByRole('radio', { name: 'Whole thread' }).check();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), exportGroup.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
  expect(csv).toContain('Hyman Griebowitz');
  expect(csv).toMatch(/Stuart Westercamp.*escalated/s);
  expect(csv).toMatch(/,"?rejected"?,"?local"?,/);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil"") repeat offender"`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), exportGroup.getByRole('button', { name: 'Export JSON' }).click()]);
  const report = JSON.parse(fs.readFileSync((await jsonDownload.path())!, 'utf8')) as {
    threads: Array<{ comments: Array<{ author: string; decision: { state: string; moderator: string; reason: string } | null; flagged: boolean }> }>;
  };
  const comments = report.threads[0]!.comments;
  expect(comments).toHaveLength(15);
  const byAuthor = (name: string) => comments.filter((c) => c.author === name);
  expect(byAuthor('Hyman Griebowitz')[0]!.decision).toMatchObject({ state: 'rejected', moderator: 'local' });
  expect(byAuthor('Stuart Westercamp')[0]!.decision).toMatchObject({ state: 'escalated', reason: 'harassment' });
  expect(byAuthor('Vish')[0]!.decision).toBeNull();
  expect(errors).toEqual([]);
});
