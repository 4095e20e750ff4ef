/**
 * Decisions of a team (issue 14, ADR 0024), on a server of its own with a moderator and an editor account: the
 * moderator rejects a comment with a reason and a legal ground and sees it recorded under their own name (the
 * console and the log), escalates another one and cannot resolve it (the buttons are off, and the server answers 403
 * naming "resolve-escalations"); the editor, in a second browser, resolves the escalation and adds a reason, which the
 * moderator's console offers at once; a decision on a stale view is refused with 409 and the comment's current event.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { DecisionEvent } from '../src/core/decisions.ts';
import { importFile, queueRow, startOwnServer, threadPane, type OwnServer } from './helpers.ts';
import { addUser, logIn } from './team-helpers.ts';

const TITLE = 'Harbour debate';
const COMMENTS = [
  { thread_id: 'harbour', thread_title: TITLE, id: 'h1', parent_id: null, author: 'Ann Example', created_at: '2026-11-01T09:00:00Z', text: 'People like them should be driven out of this town.' },
  { thread_id: 'harbour', thread_title: TITLE, id: 'h2', parent_id: null, author: 'Bob Reader', created_at: '2026-11-01T09:05:00Z', text: 'The new harbour wall looks solid to me.' },
  { thread_id: 'harbour', thread_title: TITLE, id: 'h3', parent_id: null, author: 'Cleo Writer', created_at: '2026-11-01T09:10:00Z', text: 'I am not sure what the council decided here.' },
];

/** The thread's decision log, read through the console's own session (same origin). */
async function decisionLog(page: Page): Promise<DecisionEvent[]> {
  return page.evaluate(async () => (await (await fetch('/api/threads/harbour/decisions')).json()) as DecisionEvent[]);
}

/** Posts a decision from inside the console page (same origin, the session's cookie); returns status and body. */
async function postDecision(page: Page, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async (payload) => {
    const res = await fetch('/api/threads/harbour/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }, body);
}

test('a moderator rejects with a reason and a legal ground; an editor resolves the escalation a moderator cannot', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-decisions-'));
  const file = path.join(dir, 'harbour.json');
  fs.writeFileSync(file, JSON.stringify(COMMENTS));
  const passwords: Record<string, string> = {};
  let own: OwnServer | null = null;
  const editorContext = await browser.newContext();
  try {
    own = await startOwnServer('decisions', {
      prepare: async (dataDir) => {
        passwords.mira = await addUser(dataDir, 'mira', 'moderator');
        passwords.eda = await addUser(dataDir, 'eda', 'editor');
      },
    });
    await logIn(page, own.baseUrl, 'mira', passwords.mira!);
    await importFile(page, file, TITLE);
    const decide = page.getByRole('group', { name: 'Decide' });
    // A moderator does not manage reasons.
    await expect(decide.getByRole('button', { name: 'Reasons…' })).toHaveCount(0);

    // Reject Ann's comment as illegal content, with the law it breaks.
    await queueRow(page, 'Ann Example').click();
    await expect(decide.getByRole('textbox', { name: 'Legal ground' })).toHaveCount(0);
    await decide.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Illegal content' });
    await decide.getByRole('textbox', { name: 'Legal ground' }).fill('StGB § 130');
    await decide.getByRole('textbox', { name: 'Note' }).fill('incitement against a group');
    await decide.getByRole('button', { name: 'Reject' }).click();
    await expect(queueRow(page, 'Ann Example')).toContainText('Rejected');
    await expect(threadPane(page).getByRole('article', { name: 'Comment by Ann Example' })).toContainText('Rejected · mira');
    await expect.poll(async () => (await decisionLog(page)).length).toBe(1);
    const [rejected] = await decisionLog(page);
    expect(rejected).toMatchObject({ commentId: 'h1', action: 'reject', moderator: 'mira', reason: 'illegal', legalGround: 'StGB § 130', note: 'incitement against a group' });

    // "Other" needs a note: the console says so before anything is sent.
    await queueRow(page, 'Cleo Writer').click();
    await decide.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Other' });
    await decide.getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByText('The reason "Other" needs a note: say why in the Note field.')).toBeVisible();
    await expect(queueRow(page, 'Cleo Writer')).not.toContainText('Rejected');
    await decide.getByRole('combobox', { name: 'Reason' }).selectOption({ label: '(none)' });

    // Escalate Bob's comment; the moderator then cannot approve or reject it.
    await queueRow(page, 'Bob Reader').click();
    await decide.getByRole('button', { name: 'Escalate' }).click();
    await expect(queueRow(page, 'Bob Reader')).toContainText('Escalated');
    await expect.poll(async () => (await decisionLog(page)).length).toBe(2);
    await queueRow(page, 'Bob Reader').click();
    await expect(decide.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await expect(decide.getByRole('button', { name: 'Reject' })).toBeDisabled();
    const escalation = (await decisionLog(page)).find((e) => e.commentId === 'h2')!;
    const refused = await postDecision(page, { id: 'mira-approve-0001', commentId: 'h2', action: 'approve', basedOn: escalation.seq });
    expect(refused.status).toBe(403);
    expect(String(refused.body.error)).toContain('"resolve-escalations"');

    // The editor, in a second browser, approves it.
    const editor = await editorContext.newPage();
    await logIn(editor, own.baseUrl, 'eda', passwords.eda!);
    await expect(threadPane(editor).getByRole('heading', { name: TITLE })).toBeVisible();
    await queueRow(editor, 'Bob Reader').click();
    const editorDecide = editor.getByRole('group', { name: 'Decide' });
    await expect(editorDecide.getByRole('button', { name: 'Reasons…' })).toBeVisible();
    await editorDecide.getByRole('button', { name: 'Approve' }).click();
    await expect(queueRow(editor, 'Bob Reader')).toContainText('Approved');
    await expect.poll(async () => (await decisionLog(editor)).filter((e) => e.commentId === 'h2').map((e) => [e.action, e.moderator])).toEqual([
      ['escalate', 'mira'],
      ['approve', 'eda'],
    ]);

    // The editor adds a reason in the Reasons dialog; the moderator's console offers it at once (a live event).
    await editorDecide.getByRole('button', { name: 'Reasons…' }).click();
    const reasonsDialog = editor.getByRole('dialog', { name: 'Reasons' });
    await reasonsDialog.getByRole('textbox', { name: 'New reason' }).fill('Doxxing');
    await reasonsDialog.getByRole('button', { name: 'Add reason' }).click();
    await reasonsDialog.getByRole('checkbox', { name: 'Doxxing: illegal content (asks a legal ground)' }).check();
    await reasonsDialog.getByRole('button', { name: 'Save reasons' }).click();
    await expect(reasonsDialog).toBeHidden();
    await expect(decide.getByRole('combobox', { name: 'Reason' }).locator('option', { hasText: 'Doxxing' })).toHaveCount(1, { timeout: 5_000 });

    // The moderator's view is stale now: a decision based on the escalation is refused with the editor's event.
    const stale = await postDecision(page, { id: 'mira-escalate-0002', commentId: 'h2', action: 'escalate', basedOn: escalation.seq });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ commentId: 'h2', action: 'approve', moderator: 'eda' });
  } finally {
    await editorContext.close();
    await own?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
