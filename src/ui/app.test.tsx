import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionInput, ReportRequest, SessionResponse, TeamThresholds, TeamThresholdsUpdate, ThreadSummary } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { DEFAULT_REASONS } from '../core/reasons.ts';
import { capabilitiesOf, type Role } from '../core/roles.ts';
import { App } from './app.tsx';
import { SessionContext } from './session/session-context.tsx';
import { DecisionOutbox } from './state/decisions-outbox.ts';
import { threadRoute } from './testing/open-thread.ts';
import { fixtureSummary, fixtureView } from './testing/view-fixture.ts';

const IMPORTED_SUMMARY: ThreadSummary = { ...fixtureSummary(), id: 't2', title: 'Imported thread', commentCount: 2, importedAt: '2026-02-01T00:00:00.000Z' };

/** An in-memory stand-in for the server's API, behind a mocked fetch. */
class FakeServer {
  events: DecisionEvent[] = [];
  posts: DecisionInput[] = [];
  extraThreads: ThreadSummary[] = [];
  imported = false;
  reports: ReportRequest[] = [];
  /** Number of coming decision POSTs that fail as if the network were down. */
  failPosts = 0;
  /** The team's thresholds (GET/PUT /api/settings/thresholds) and the updates sent. */
  team: TeamThresholds = { thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null };
  thresholdUpdates: TeamThresholdsUpdate[] = [];

  fetch = vi.fn(async (url: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (method === 'GET' && url === '/api/threads') return json([fixtureSummary(), ...this.extraThreads, ...(this.imported ? [IMPORTED_SUMMARY] : [])]);
    if (method === 'GET' && url === '/api/settings/thresholds') return json(this.team);
    if (method === 'PUT' && url === '/api/settings/thresholds') {
      const update = JSON.parse(String(init?.body)) as TeamThresholdsUpdate;
      this.thresholdUpdates.push(update);
      this.team = { thresholds: update.thresholds, updatedAt: '2026-12-07T05:00:00.000Z', updatedBy: 'local' };
      return json(this.team);
    }
    if (method === 'GET' && url === '/api/formats') return json([{ id: 'page-text', label: 'Copied page text' }]);
    if (method === 'GET' && url === '/api/reasons') return json(DEFAULT_REASONS);
    const t1 = threadRoute({ ...fixtureView(), decisions: this.events }, url, method);
    if (t1) return t1;
    if (method === 'GET' && url === '/api/threads/t1/decisions') return json(this.events);
    if (method === 'GET' && url === '/api/threads/t1/queue') return json({ threadId: 't1', claims: [], snoozes: [] });
    if (method === 'POST' && url === '/api/threads/t1/decisions') {
      if (this.failPosts > 0) {
        this.failPosts -= 1;
        throw new TypeError('Failed to fetch');
      }
      const input = JSON.parse(String(init?.body)) as DecisionInput;
      this.posts.push(input);
      const known = this.events.find((e) => e.id === input.id);
      if (known) return json({ event: known, duplicate: true });
      const event: DecisionEvent = { ...input, moderator: input.moderator ?? '', reason: input.reason ?? '', note: input.note ?? '', threadId: 't1', at: new Date().toISOString(), seq: this.events.length + 1 };
      this.events.push(event);
      return json({ event, duplicate: false }, 201);
    }
    if (method === 'POST' && url === '/api/imports') {
      const body = JSON.parse(String(init?.body)) as { content: string };
      if (!body.content.includes('Imported')) return json({ error: 'The format was not recognised', where: 'line 1' }, 400);
      this.imported = true;
      return json({ format: 'page-text', threads: [IMPORTED_SUMMARY], problems: [{ severity: 'warning', where: 'line 3', message: 'Page chrome dropped.' }] }, 201);
    }
    const t2 = threadRoute({ ...fixtureView(), id: 't2', title: 'Imported thread', comments: fixtureView().comments.slice(0, 2) }, url, method);
    if (t2) return t2;
    if (method === 'POST' && url === '/api/threads/t1/report') {
      this.reports.push(JSON.parse(String(init?.body)) as ReportRequest);
      return new Response('comment_id\nc2\n', { status: 200, headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="report.csv"' } });
    }
    return json({ error: `no route ${method} ${url}` }, 404);
  });
}

let server: FakeServer;

function renderApp() {
  return render(<App outbox={new DecisionOutbox(localStorage, 'threadscope.outbox.v1')} />);
}

/** The console of a logged-in user of `role`. */
function renderAs(role: Role) {
  const session: SessionResponse = { user: { id: 2, username: `a-${role}`, role }, mode: 'account', capabilities: capabilitiesOf(role), expiresAt: null, mustChangePassword: false };
  return render(
    <SessionContext.Provider value={session}>
      <App outbox={new DecisionOutbox(localStorage, 'threadscope.outbox.v1')} />
    </SessionContext.Provider>,
  );
}

const row = (name: RegExp) => screen.getByRole('row', { name });
const decisionOf = (name: RegExp) => within(row(name)).getAllByRole('gridcell').map((c) => c.textContent ?? '');
const press = (key: string, init: Partial<KeyboardEventInit> = {}) => act(() => void fireEvent.keyDown(document.body, { key, ...init }));

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    server = new FakeServer();
    vi.stubGlobal('fetch', server.fetch);
    history.replaceState(null, '', '/');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('opens the most recent thread and shows the scorer', async () => {
    renderApp();
    await screen.findByRole('row', { name: /^Bob Rude/ });
    expect(screen.getByText('Scorer: test-lexicon 1.0.0')).toBeTruthy();
    expect(screen.getByText('All decisions saved')).toBeTruthy();
    expect(location.hash).toBe('#thread=t1');
  });

  it('decides without asking for a name: the server records the session\'s user (issue 14)', async () => {
    renderApp();
    await screen.findByRole('row', { name: /^Alice Civil/ });
    expect(screen.queryByRole('textbox', { name: 'Moderator' })).toBeNull();
    press('j');
    press('a');
    await waitFor(() => expect(server.posts).toHaveLength(1));
    expect(server.posts[0]).not.toHaveProperty('moderator');
  });

  it('after a decision selects the next undecided comment; the help dialog turns that off, and the choice is kept', async () => {
    renderApp();
    await screen.findByRole('row', { name: /^Alice Civil/ });
    press('j');
    press('a');
    await waitFor(() => expect(server.posts).toHaveLength(1));
    expect(row(/^Bob Rude/).getAttribute('aria-selected')).toBe('true');

    press('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const setting = within(dialog).getByRole('checkbox', { name: 'After a decision, select the next undecided comment' });
    expect((setting as HTMLInputElement).checked).toBe(true);
    fireEvent.click(setting);
    expect(localStorage.getItem('threadscope.advance.v1')).toBe('false');
    fireEvent.keyDown(setting, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    press('r');
    await waitFor(() => expect(server.posts).toHaveLength(2));
    expect(row(/^Bob Rude/).getAttribute('aria-selected')).toBe('true');
  });

  it('j/k/a/u drive decisions through the API; undo appends the event that restores the previous state', async () => {
    localStorage.setItem('threadscope.advance.v1', 'false');
    renderApp();
    await screen.findByRole('row', { name: /^Alice Civil/ });

    press('j');
    press('j');
    expect(row(/^Bob Rude/).getAttribute('aria-selected')).toBe('true');
    press('r');
    await waitFor(() => expect(server.posts).toHaveLength(1));
    expect(server.posts[0]).toMatchObject({ commentId: 'c2', action: 'reject' });
    await waitFor(() => expect(decisionOf(/^Bob Rude/).join(' ')).toContain('Rejected'));

    press('k');
    press('a');
    await waitFor(() => expect(server.posts).toHaveLength(2));
    expect(server.posts[1]).toMatchObject({ commentId: 'c1', action: 'approve' });

    press('j');
    press('a');
    await waitFor(() => expect(server.posts).toHaveLength(3));
    expect(server.posts[2]).toMatchObject({ commentId: 'c2', action: 'approve' });
    await waitFor(() => expect(decisionOf(/^Bob Rude/).join(' ')).toContain('Approved'));

    // Undo restores "rejected" (the state before this tab's last decision), then the next undo clears Alice's.
    press('u');
    await waitFor(() => expect(server.posts).toHaveLength(4));
    expect(server.posts[3]).toMatchObject({ commentId: 'c2', action: 'reject' });
    press('u');
    await waitFor(() => expect(server.posts).toHaveLength(5));
    expect(server.posts[4]).toMatchObject({ commentId: 'c1', action: 'reset' });
    await waitFor(() => expect(decisionOf(/^Alice Civil/).join(' ')).toContain('Undecided'));
    expect(new Set(server.posts.map((p) => p.id)).size).toBe(5);
    await waitFor(() => expect(screen.getByText('All decisions saved')).toBeTruthy());
  });

  it('shows a decision at once, keeps it in the outbox while the server is unreachable, and saves it on retry', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderApp();
      await screen.findByRole('row', { name: /^Carol Plot/ });
      server.failPosts = 1;
      fireEvent.click(row(/^Carol Plot/));
      fireEvent.click(screen.getByRole('button', { name: 'Escalate' }));
      expect(decisionOf(/^Carol Plot/).join(' ')).toContain('Escalated');
      await waitFor(() => expect(screen.getByText('1 decision waiting to be saved')).toBeTruthy());
      const stored = JSON.parse(localStorage.getItem('threadscope.outbox.v1') ?? '[]') as Array<{ input: DecisionInput }>;
      expect(stored.map((e) => e.input.action)).toEqual(['escalate']);
      expect(server.events).toHaveLength(0);

      await act(async () => {
        await vi.advanceTimersByTimeAsync(4500);
      });
      await waitFor(() => expect(screen.getByText('All decisions saved')).toBeTruthy());
      expect(server.events.map((e) => [e.commentId, e.action])).toEqual([['c4', 'escalate']]);
      expect(localStorage.getItem('threadscope.outbox.v1')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends decisions left in the outbox by an earlier page load, and shows them as decided', async () => {
    const outbox = new DecisionOutbox(localStorage, 'threadscope.outbox.v1');
    outbox.add('t1', { id: '11111111-2222-4333-8444-555555555555', commentId: 'c3', action: 'reject', moderator: 'Mia' });
    renderApp();
    await waitFor(() => expect(server.events.map((e) => e.id)).toEqual(['11111111-2222-4333-8444-555555555555']));
    await waitFor(() => expect(decisionOf(/^Erin Grim/).join(' ')).toContain('Rejected'));
  });

  it('re-flags live while an administrator edits the thresholds, and saves them for the team with a reason', async () => {
    // A value an older console kept in this browser is ignored: the thresholds are the team's.
    localStorage.setItem('threadscope.thresholds.v1', JSON.stringify({ attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.01 }, tropeMinSeverity: 1 }));
    renderApp();
    await screen.findByRole('row', { name: /^Bob Rude/ });
    expect(screen.getByText('3 of 6 flagged')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Thresholds/ }));
    expect(await screen.findByText('The team uses the built-in defaults.')).toBeTruthy();
    fireEvent.change(screen.getByRole('slider', { name: 'INSULT threshold' }), { target: { value: '0.9' } });
    fireEvent.change(screen.getByRole('slider', { name: 'TOXICITY threshold' }), { target: { value: '0.9' } });
    await waitFor(() => expect(screen.getByText('2 of 6 flagged')).toBeTruthy());
    expect(within(row(/^Bob Rude/)).queryByText('Flagged')).toBeNull();
    expect(screen.getByText(/not saved, this console only/)).toBeTruthy();

    fireEvent.change(screen.getByRole('slider', { name: 'TOXICITY threshold' }), { target: { value: '0.01' } });
    await waitFor(() => expect(screen.getByText('5 of 6 flagged')).toBeTruthy());
    fireEvent.change(screen.getByRole('slider', { name: 'TOXICITY threshold' }), { target: { value: '0.9' } });
    await waitFor(() => expect(screen.getByText('2 of 6 flagged')).toBeTruthy());

    const save = screen.getByRole('button', { name: 'Save for the team' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason for the change' }), { target: { value: 'too many insults flagged' } });
    fireEvent.click(save);
    await waitFor(() => expect(server.thresholdUpdates).toEqual([{ thresholds: { ...DEFAULT_THRESHOLDS, attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.9, INSULT: 0.9 } }, why: 'too many insults flagged' }]));
    expect(await screen.findByText(/^Set for the team by local on /)).toBeTruthy();
    expect(screen.getByText(/team setting/).textContent).toContain('TOXICITY 0.90 (default 0.70), INSULT 0.90 (default 0.60)');
    expect(screen.getByText('2 of 6 flagged')).toBeTruthy();
    expect(localStorage.getItem('threadscope.thresholds.v1')).toContain('0.01');

    // Reset to defaults is a draft too, until saved; Discard goes back to the team's.
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    await waitFor(() => expect(screen.getByText('3 of 6 flagged')).toBeTruthy());
    fireEvent.click(screen.getAllByRole('button', { name: 'Discard changes' })[0]!);
    await waitFor(() => expect(screen.getByText('2 of 6 flagged')).toBeTruthy());
  });

  it('says outside the closed panel which team thresholds differ from the defaults, read-only for a moderator', async () => {
    server.team = { thresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.9 }, tropeMinSeverity: 3 }, updatedAt: '2026-12-07T04:00:00.000Z', updatedBy: 'root' };
    renderAs('moderator');
    await screen.findByRole('row', { name: /^Bob Rude/ });
    expect(screen.queryByRole('slider', { name: 'INSULT threshold' })).toBeNull();
    const notice = (await screen.findByText('Thresholds changed')).closest('.thresholds-changed') as HTMLElement;
    expect(notice.textContent).toContain('(team setting): INSULT 0.90 (default 0.60), Trope severity S3 (default S2)');
    expect(within(notice).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Thresholds/ }));
    expect((screen.getByRole('slider', { name: 'INSULT threshold' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/^Set for the team by root on /)).toBeTruthy();
    expect(screen.getByText("Only administrators change the team's thresholds.")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save for the team' })).toBeNull();
  });

  it('shows a failed request as a dismissible alert without losing the open thread', async () => {
    server.extraThreads = [{ ...fixtureSummary(), id: 'missing', title: 'Gone', importedAt: '2020-01-01T00:00:00.000Z' }];
    renderApp();
    await screen.findByRole('row', { name: /^Bob Rude/ });
    fireEvent.change(screen.getByRole('combobox', { name: 'Thread' }), { target: { value: 'missing' } });
    const alert = await screen.findByText(/no route GET \/api\/threads\/missing/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(row(/^Bob Rude/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByText(/no route/)).toBeNull();
  });

  it('opens the key list with ? and closes it with Escape', async () => {
    renderApp();
    await screen.findByRole('row', { name: /^Bob Rude/ });
    press('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Undo your last decision in this tab')).toBeTruthy();
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('imports pasted text, shows the warnings with their place, and switches to the new thread', async () => {
    renderApp();
    await screen.findByRole('row', { name: /^Bob Rude/ });
    fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a thread' });
    expect(within(dialog).getByRole('combobox', { name: 'Format' }).textContent).toContain('Detect automatically');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Paste thread text' }), { target: { value: 'nonsense' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const error = await within(dialog).findByRole('alert');
    expect(error.textContent).toContain('The format was not recognised');
    expect(error.textContent).toContain('line 1');

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Paste thread text' }), { target: { value: 'Imported thread text' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText(/Imported “Imported thread” from pasted text as page-text: 2 entries, 1 warning/)).toBeTruthy();
    fireEvent.click(screen.getByText('Show the warning'));
    expect(screen.getByText('line 3').parentElement?.textContent).toContain('Page chrome dropped.');
    await waitFor(() => expect(screen.getAllByRole('row').filter((r) => r.dataset.rowId !== undefined)).toHaveLength(2));
    expect((screen.getByRole('combobox', { name: 'Thread' }) as HTMLSelectElement).value).toBe('t2');
  });

  it('exports what the filter shows: visible ids, the filter in words and the thresholds in force', async () => {
    // jsdom has no object URLs and no downloads: stand in for both, and put back what was there.
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      renderApp();
      await screen.findByRole('row', { name: /^Bob Rude/ });
      fireEvent.click(screen.getByRole('checkbox', { name: 'Flagged only' }));
      fireEvent.change(screen.getByRole('searchbox', { name: 'Search comments' }), { target: { value: 'losers' } });
      // The search is the server's, after a short pause in typing (a loaded machine may take a while).
      await waitFor(() => expect(screen.getByRole('radio', { name: 'What the filter shows (1)' })).toBeTruthy(), { timeout: 5000 });
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      expect(server.reports[0]).toMatchObject({ format: 'csv', commentIds: ['c2'], scopeNote: 'flagged only; search "losers"', thresholds: { tropeMinSeverity: 2 } });
      expect(server.reports[0]!.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('report.csv');

      fireEvent.click(screen.getByRole('radio', { name: 'Whole thread' }));
      fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
      await waitFor(() => expect(server.reports).toHaveLength(2));
      expect(server.reports[1]).toEqual({ format: 'json', thresholds: expect.any(Object), scopeNote: 'whole thread', timeZone: expect.any(String) });

      // Thresholds that differ from the defaults are said in the scope.
      fireEvent.click(screen.getByRole('button', { name: /Thresholds/ }));
      fireEvent.change(screen.getByRole('slider', { name: 'THREAT threshold' }), { target: { value: '0.8' } });
      fireEvent.click(screen.getByRole('button', { name: 'Export HTML' }));
      await waitFor(() => expect(server.reports).toHaveLength(3));
      expect(server.reports[2]!.scopeNote).toBe('whole thread; thresholds changed from the defaults: THREAT 0.80 (default 0.50)');
    } finally {
      click.mockRestore();
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
    }
  });
});
