/**
 * The commenter panel and statements of reasons (issue 14, ADR 0026), on a server of its own with a moderator
 * account: two threads where one author writes in both; the moderator opens the author's history beside a comment,
 * sees their comments of both threads, checks all of the author's comments of the open thread, rejects them in bulk
 * with a reason, sees the history say so, downloads the statements of reasons (DSA) and finds one per rejected comment,
 * naming the ground, the moderator and their role; then opens the author's comment of the other thread from the list.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { StatementOfReasons } from '../src/core/statements.ts';
import { importFile, queue, queueRow, startOwnServer, threadPane, type OwnServer } from './helpers.ts';
import { addUser, logIn } from './team-helpers.ts';

const FIRST = 'Tunnel debate in the council';
const SECOND = 'Budget debate in the council';

const comment = (thread: [string, string], id: string, author: string, createdAt: string, text: string, parent: string | null = null) =>
  ({ thread_id: thread[0], thread_title: thread[1], id, parent_id: parent, author, created_at: createdAt, text });

const COMMENTS = [
  comment(['tunnel', FIRST], 't1', 'Ann Example', '2026-11-01T09:00:00Z', 'Buy cheap watches at my shop, best prices in town, click the link now.'),
  comment(['tunnel', FIRST], 't2', 'Bob Reader', '2026-11-01T09:05:00Z', 'The tunnel will help commuters on the east bank.'),
  comment(['tunnel', FIRST], 't3', 'Ann Example', '2026-11-01T09:10:00Z', 'Cheap watches again, visit my shop for discounts today.', 't2'),
  comment(['budget', SECOND], 'b1', 'Ann Example', '2026-11-02T10:00:00Z', 'The budget vote was long but fair to every district.'),
  comment(['budget', SECOND], 'b2', 'Cleo Writer', '2026-11-02T10:05:00Z', 'I agree, the debate was thorough.'),
];

test('commenter history across two threads, select all, bulk reject with a reason, statements of reasons', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-history-'));
  const file = path.join(dir, 'two-threads.json');
  fs.writeFileSync(file, JSON.stringify(COMMENTS));
  let password = '';
  let own: OwnServer | null = null;
  try {
    own = await startOwnServer('history', { prepare: async (dataDir) => { password = await addUser(dataDir, 'mira', 'moderator'); } });
    await logIn(page, own.baseUrl, 'mira', password);
    await importFile(page, file, FIRST);

    // The panel of Ann's comment: her comments of both threads, newest first, with counts.
    await queueRow(page, 'Ann Example', 'Buy cheap watches').click();
    await threadPane(page).getByRole('button', { name: /Commenter history: Ann Example/ }).click();
    const panel = page.getByRole('region', { name: 'Commenter history' });
    const list = panel.getByRole('list', { name: 'Comments by Ann Example' });
    await expect(list.locator(':scope > li')).toHaveCount(3);
    await expect(list.locator(':scope > li').first()).toContainText(SECOND);
    await expect(list).toContainText(FIRST);
    await expect(panel.getByLabel('Counts')).toContainText('Comments3');

    // Select all of her comments of this thread and reject them in bulk with a reason.
    await panel.getByRole('button', { name: "Select all of this author's comments (2 in this thread)" }).click();
    const decide = page.getByRole('group', { name: 'Decide' });
    await decide.getByLabel('Reason').selectOption({ label: 'Spam' });
    await decide.getByRole('button', { name: 'Reject 2 checked' }).click();
    await expect(queueRow(page, 'Ann Example', 'Buy cheap watches')).toContainText(/Rejected/i);
    // The history loads again once the decisions are confirmed.
    await expect(list.locator(':scope > li').filter({ hasText: 'Rejected by mira' })).toHaveCount(2, { timeout: 15_000 });
    await expect(panel.getByLabel('Counts')).toContainText('Rejected2');

    // The statements of reasons of the rejected comments (the whole queue is the scope: no filter).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Statements of reasons (DSA), JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^statements-of-reasons-tunnel-debate-in-the-council-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = path.join(dir, 'statements.json');
    await download.saveAs(saved);
    const body = JSON.parse(fs.readFileSync(saved, 'utf8')) as { thread_id: string; statements: StatementOfReasons[] };
    expect(body.thread_id).toBe('tunnel');
    expect(body.statements.map((s) => s.details.commentId).sort()).toEqual(['t1', 't3']);
    for (const s of body.statements) {
      expect(s.decision_visibility).toEqual(['DECISION_VISIBILITY_CONTENT_REMOVED']);
      expect(s.decision_ground).toBe('DECISION_GROUND_INCOMPATIBLE_CONTENT');
      expect(s.incompatible_content_ground).toBe('Spam');
      expect(s.automated_decision).toBe('AUTOMATED_DECISION_NOT_AUTOMATED');
      expect(['Yes', 'No']).toContain(s.automated_detection);
      expect(s.details).toMatchObject({ author: 'Ann Example', decidedBy: 'mira', decidedByRole: 'moderator', reasonCode: 'spam' });
      expect(s.details.redress).toMatch(/out-of-court/);
    }

    // Her comment of the other thread opens there, selected.
    await list.locator(':scope > li').filter({ hasText: SECOND }).getByRole('link', { name: 'Open in thread' }).click();
    await expect(threadPane(page).getByRole('heading', { name: SECOND })).toBeVisible();
    await expect(queue(page).getByRole('row', { selected: true })).toHaveAccessibleName(/^Ann Example: The budget vote/);
  } finally {
    await own?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
