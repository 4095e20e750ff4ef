/**
 * axe-core on the console in Chromium: no serious or critical violation with the demo thread loaded, with the help
 * dialog open, with the import dialog open, with the API keys dialog open, and in the one-pane layout below 1024 px (WCAG 2.1 A/AA and best practices,
 * plus the label-in-name check that is off by default).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_TITLE, gotoThread, queue } from './helpers.ts';

/** Serious and critical violations, each with the rule and the first elements it names. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Shows the demo thread with an approved, a rejected and an escalated comment (added to the thread index in flight, so
 * the server's data stays as the other tests expect) and team thresholds that differ from the defaults.
 */
async function withDecisionsAndThresholds(page: Page): Promise<void> {
  const attributes = { TOXICITY: 0.7, SEVERE_TOXICITY: 0.5, IDENTITY_ATTACK: 0.5, INSULT: 0.9, PROFANITY: 0.7, THREAT: 0.5 };
  // The team's thresholds, answered in flight too (ADR 0023: a server setting; the shared server's stays the default).
  await page.route(/\/api\/settings\/thresholds$/, (route) =>
    route.request().method() === 'GET' ? route.fulfill({ json: { thresholds: { attributes, tropeMinSeverity: 2 }, updatedAt: '2026-12-06T22:00:00.000Z', updatedBy: 'Axe' } }) : route.fallback(),
  );
  await page.route(/\/api\/threads\/[^/]+\/index$/, async (route) => {
    const response = await route.fetch();
    const index = (await response.json()) as { thread: { id: string }; ids: string[]; decisions: unknown[] };
    const actions = ['approve', 'reject', 'escalate'];
    index.decisions = index.ids.slice(1, 4).map((commentId, i) => ({
      id: `axe-${i}-00000000`,
      threadId: index.thread.id,
      commentId,
      action: actions[i],
      moderator: 'Axe',
      reason: '',
      note: '',
      at: '2026-12-06T22:00:00.000Z',
      seq: i + 1,
    }));
    await route.fulfill({ response, json: index });
  });
}

test('the console with the demo thread loaded, decisions shown, thresholds changed and a row selected', async ({ page }) => {
  await withDecisionsAndThresholds(page);
  await gotoThread(page, DEMO_TITLE);
  for (const state of ['Approved', 'Rejected', 'Escalated']) await expect(queue(page).getByText(state, { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Thresholds changed')).toBeVisible();
  await queue(page).getByRole('row', { name: /:/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Threadscope');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the help dialog', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the import dialog', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import a thread' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the API keys dialog', async ({ page }) => {
  const keys = [
    { label: 'coral', qps: 10, createdAt: '2026-12-01T10:00:00.000Z', requests: 1234, lastUsedAt: '2026-12-06T22:00:00.000Z' },
    { label: 'wp-plugin', qps: 2.5, createdAt: '2026-12-02T10:00:00.000Z', requests: 0, lastUsedAt: null },
  ];
  await page.route('**/api/api-keys', (route) => route.fulfill({ json: { keys } }));
  await gotoThread(page, DEMO_TITLE);
  await page.getByRole('button', { name: 'API keys' }).click();
  await expect(page.getByRole('dialog', { name: 'API keys' }).getByRole('row', { name: /wp-plugin/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the one-pane layout below 1024 px, queue and thread', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.setViewportSize({ width: 800, height: 800 });
  await expect(page.getByRole('group', { name: 'Show pane' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('group', { name: 'Show pane' }).getByRole('button', { name: 'Thread', exact: true }).click();
  expect(await seriousViolations(page)).toEqual([]);
});
