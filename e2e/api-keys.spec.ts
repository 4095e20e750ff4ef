/**
 * API keys end to end: a key made with the real `apikey create` command, used against a running server's
 * comments:analyze until its rate answers 429, its usage shown in the console's "API keys" dialog, then revoked by
 * the command line while the server runs; the key is in no page, API answer or server output.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startOwnServer, type OwnServer } from './helpers.ts';


function apikey(...args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'apikey', '--', ...args, '--data-dir', own.dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let own: OwnServer;

test.beforeAll(async () => {
  own = await startOwnServer('keys');
});

test.afterAll(async () => {
  await own.stop();
});

test('a key from apikey create scores under its rate, shows its usage in the console and stops working when revoked', async ({ page }) => {
  const key = apikey('create', 'coral-e2e', '--qps', '3').trim().split('\n').at(-1)!;
  expect(key).toMatch(/^tsk_[A-Za-z0-9_-]{32,}$/);

  const analyze = (withKey: string) => page.request.post(`${own.baseUrl}/v1alpha1/comments:analyze?key=${encodeURIComponent(withKey)}`, {
    data: { comment: { text: 'You are an idiot.' }, requestedAttributes: { TOXICITY: {} }, languages: ['en'] },
  });
  // The first request loads the scorer; then a burst of 10 at once, over the key's rate of 3 a second.
  expect((await analyze(key)).status()).toBe(200);
  const answers = await Promise.all(Array.from({ length: 10 }, () => analyze(key)));
  const statuses = [200, ...answers.map((a) => a.status())];
  expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  const refused = answers.find((a) => a.status() === 429)!;
  expect(refused).toBeDefined();
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
  expect((await refused.json()).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  const admitted = statuses.filter((s) => s === 200).length;

  await page.goto(own.baseUrl);
  await page.getByRole('button', { name: 'API keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'API keys' });
  const row = dialog.getByRole('row', { name: /coral-e2e/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(0)).toHaveText('3/s');
  await expect(row.getByRole('cell').nth(1)).toHaveText(String(admitted));
  await expect(row.getByRole('cell').nth(2)).not.toHaveText('never');
  await expect(dialog).not.toContainText(key);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  expect(apikey('list')).not.toContain(key.slice(4));
  apikey('revoke', 'coral-e2e');
  await expect.poll(async () => (await analyze(key)).status(), { timeout: 5_000 }).toBe(400);
  expect((await (await analyze(key)).json()).error.details[0].reason).toBe('API_KEY_INVALID');
  expect(own.output()).not.toContain(key.slice(4));
});
