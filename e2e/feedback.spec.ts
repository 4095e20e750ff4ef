/**
 * Moderators' feedback end to end (issue 12): a server of its own with the seed imported through the dialog; a
 * caller with a key from the data directory sends Coral's comments:suggestscore body for two comments' texts; after a
 * reload the thread pane says "Moderators elsewhere: TOXICITY 1.00 (ours …)" beside the badges, and the queue's
 * "Model and moderators disagree" filter shows the one comment where the gap is 0.5 or more.
 */
import { expect, test } from '@playwright/test';
import type { ThreadView, ViewComment } from '../src/core/api.ts';
import { apiKeysFor } from '../src/app/perspective-compat/api-keys.ts';
import { Store } from '../src/app/store/store.ts';
import { SEED_FILE, SEED_TITLE, queue, queueAuthors, startOwnServer, threadPane, type OwnServer } from './helpers.ts';

let own: OwnServer;

test.beforeAll(async () => {
  own = await startOwnServer('feedback');
});

test.afterAll(async () => {
  await own.stop();
});

/** Coral's body for a moderator's decision on a comment (coralproject/talk, services/perspective). */
function coralBody(c: ViewComment, rejected: boolean): object {
  return {
    comment: { text: c.text },
    context: { entries: [{ text: JSON.stringify({ url: `https://news.example/story?commentID=${c.id}`, Coral_comment_id: c.id }) }] },
    attributeScores: { TOXICITY: { summaryScore: { value: rejected ? 1 : 0 } } },
    languages: ['en'],
    communityId: 'Coral:https://news.example/',
    clientToken: `comment:${c.id}`,
  };
}

test('feedback shows beside our score in the thread pane, and the queue filters where they disagree', async ({ page }) => {
  await page.goto(own.baseUrl);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a thread' });
  await dialog.getByLabel('Choose file').setInputFiles(SEED_FILE);
  await expect(dialog).toBeHidden({ timeout: 45_000 });
  await expect(threadPane(page).getByRole('heading', { name: SEED_TITLE })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Model and moderators disagree' })).toHaveCount(0);

  const store = await Store.open(own.dataDir);
  const key = (await apiKeysFor(store).create('coral-e2e')).key;
  await store.close();
  const threads = (await (await page.request.get(`${own.baseUrl}/api/threads`)).json()) as Array<{ id: string }>;
  const view = (await (await page.request.get(`${own.baseUrl}/api/threads/${encodeURIComponent(threads[0]!.id)}`)).json()) as ThreadView;
  const toxicity = (c: ViewComment) => c.score?.scores.TOXICITY;
  const authors = new Set<string>();
  const unique = view.comments.filter((c) => c.author.trim() !== '' && !authors.has(c.author) && authors.add(c.author) && view.comments.filter((o) => o.text === c.text).length === 1);
  const calm = unique.find((c) => (toxicity(c) ?? 1) < 0.2)!;
  const close = unique.find((c) => c !== calm && (toxicity(c) ?? 1) < 0.2)!;
  for (const [c, rejected] of [[calm, true], [close, false]] as const) {
    const answer = await page.request.post(`${own.baseUrl}/v1alpha1/comments:suggestscore?key=${encodeURIComponent(key)}`, { data: coralBody(c, rejected) });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ clientToken: `comment:${c.id}`, requestedLanguages: ['en'] });
  }

  await page.reload();
  const box = page.getByRole('checkbox', { name: 'Model and moderators disagree' });
  await expect(box).toBeVisible();
  await expect(page.locator('#disagrees-count')).toHaveText('(1)');
  await box.check();
  await expect.poll(() => queueAuthors(page)).toEqual([calm.author]);
  await queue(page).getByRole('row', { name: new RegExp(`^${calm.author.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) }).click();
  const line = threadPane(page).locator(`[data-comment-id="${calm.id}"] .tp-feedback`);
  await expect(line).toHaveText(`Moderators elsewhere: TOXICITY 1.00 (ours ${toxicity(calm)!.toFixed(2)})disagree`);
  for (const text of [own.output(), await page.content()]) expect(text).not.toContain(key);
});
