/**
 * The seed scored through a fake Perspective server in the UI: a second Threadscope server started with
 * --scorer perspective against the fake (with injected 503s and a 429), the seed imported through the dialog.
 */
import { expect, test } from '@playwright/test';
import { maxRequestsPerSecond } from '../src/app/remote/testing/fake-http.ts';
import { FAKE_PERSPECTIVE_KEY, PERSPECTIVE_FAILURES, startFakePerspective, type FakePerspective } from '../src/app/remote/testing/fake-perspective.ts';
import { SEED_FILE, SEED_TITLE, queue, startOwnServer, threadPane, type OwnServer } from './helpers.ts';

let fake: FakePerspective;

let own: OwnServer;

test.beforeAll(async () => {
  fake = await startFakePerspective();
  own = await startOwnServer('perspective', {
    args: ['--scorer', 'perspective'],
    env: { ...process.env, PERSPECTIVE_API_KEY: FAKE_PERSPECTIVE_KEY, PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_QPS: '4' },
  });
});

test.afterAll(async () => {
  await fake.close();
  await own.stop();
});

test('the seed is scored through Perspective in the UI, at most 4 requests a second, without the key anywhere', async ({ page }) => {
  fake.script.push(PERSPECTIVE_FAILURES.unavailable(), null, PERSPECTIVE_FAILURES.quota(1), PERSPECTIVE_FAILURES.unavailable());
  await page.goto(own.baseUrl);
  // Scoring at 4 requests a second with retries takes several seconds: the dialog stays open meanwhile.
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a thread' });
  await dialog.getByLabel('Choose file').setInputFiles(SEED_FILE);
  await expect(dialog).toBeHidden({ timeout: 45_000 });
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  await expect(page.getByText(`Scorer: perspective perspective-v1alpha1@${fake.url}`)).toBeVisible();
  await expect(threadPane(page).getByText(/scored by perspective/)).toBeVisible();
  await expect(threadPane(page).getByText(/unscored:/)).toHaveCount(0);
  await expect(queue(page).getByRole('row').first()).toBeVisible();

  const statuses = fake.analyzeRequests().map((r) => r.status);
  expect(statuses.filter((s) => s === 503)).toHaveLength(2);
  expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  expect(maxRequestsPerSecond(fake.requests)).toBeLessThanOrEqual(4);

  const threads = (await (await page.request.get(`${own.baseUrl}/api/threads`)).json()) as Array<{ id: string }>;
  const view = await (await page.request.get(`${own.baseUrl}/api/threads/${encodeURIComponent(threads[0]!.id)}`)).text();
  const health = await (await page.request.get(`${own.baseUrl}/api/health`)).text();
  for (const text of [await page.content(), view, health, own.output()]) expect(text).not.toContain(FAKE_PERSPECTIVE_KEY);
});

test('the scorer switch moves the open thread to the embedded scorer and back, scoring nothing twice', async ({ page }) => {
  await page.goto(own.baseUrl);
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  const scorer = page.getByRole('combobox', { name: 'Scorer' });
  await expect(scorer).toHaveValue('perspective');
  await expect(page.getByRole('option', { name: /OpenAI moderation \(not set up\)/ })).toBeDisabled();
  await scorer.selectOption('local');
  await expect(page.getByText(/^Scorer: embedded-model /)).toBeVisible();
  await expect(threadPane(page).getByText(/scored by embedded-model/)).toBeVisible();
  await page.getByRole('checkbox', { name: 'Flagged only' }).check();
  await expect(queue(page).getByRole('row', { name: /^Stuart Westercamp:/ })).toBeVisible();

  const sent = fake.analyzeRequests().length;
  await scorer.selectOption('perspective');
  await expect(page.getByText(`Scorer: perspective perspective-v1alpha1@${fake.url}`)).toBeVisible();
  expect(fake.analyzeRequests().length).toBe(sent);
});
