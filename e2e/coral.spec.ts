/**
 * Coral's external moderation phase in the console: a server of its own (fresh data dir), a signing secret made with
 * `npm run integration -- coral-secret`, requests built and signed as Coral builds and signs them; the open live
 * thread shows a comment that arrives while it is open, without a reload.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { coralSignature } from '../src/app/coral/signature.ts';
import { queueRow, startOwnServer, threadPane, type OwnServer } from './helpers.ts';

const STORY = { id: 'story-e2e-1', url: 'https://news.example/posts/ferry-cuts/' };

let own: OwnServer;
let secret = '';

/** Sends one comment as Coral's external phase does; returns the HTTP status and body text. */
async function coralPost(body: string, authorId: string): Promise<{ status: number; text: string }> {
  const request = {
    action: 'NEW',
    comment: { body, parentID: null },
    author: { id: authorId, role: 'COMMENTER' },
    story: STORY,
    site: { id: 'site-1' },
    tenantID: 'tenant-1',
    tenantDomain: 'news.example',
  };
  const payload = JSON.stringify(request, null, 2);
  const res = await fetch(`${own.baseUrl}/integrations/coral/phase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-coral-signature': coralSignature([secret], payload), 'user-agent': 'Coral Moderation/9.0.0' },
    body: payload,
  });
  return { status: res.status, text: await res.text() };
}

test.beforeAll(async () => {
  own = await startOwnServer('coral', {
    prepare: (dir) => {
      const made = execFileSync('npm', ['run', '--silent', 'integration', '--', 'coral-secret', '--data-dir', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      secret = made.trim().split('\n').at(-1)!;
    },
  });
});

test.afterAll(async () => {
  await own.stop();
});

test('a signed Coral call lands in the open live thread without a reload; a hostile one is flagged', async ({ page }) => {
  const first = await coralPost('Thanks for covering the ferry timetable changes.', 'reader-1');
  expect(first.status).toBe(204);
  await page.goto(own.baseUrl);
  await expect(threadPane(page).getByRole('heading', { name: STORY.url })).toBeVisible();
  await expect(queueRow(page, 'reader-1')).toBeVisible();

  const hostile = await coralPost('You are a pathetic idiot and a worthless piece of garbage. Shut up, moron.', 'reader-2');
  expect(hostile.status).toBe(200);
  expect(JSON.parse(hostile.text)).toEqual({ actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }], status: 'SYSTEM_WITHHELD' });
  // The console polls the open live thread: the new comment shows up, flagged, with no navigation.
  await expect(queueRow(page, 'reader-2')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('1 of 2 flagged')).toBeVisible();
  expect(own.output()).not.toContain('worthless');
  expect(own.output()).not.toContain(secret);
});
