import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_PAGE_SIZE, type AuditEntry, type SessionResponse, type ThreadSummary } from '../../core/api.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import { capabilitiesOf, type Role } from '../../core/roles.ts';
import { SessionContext } from '../session/session-context.tsx';
import { AuditLogButton } from './audit-dialog.tsx';
import { CommentHistoryButton } from './comment-history.tsx';

const entry = (seq: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  seq, at: new Date(Date.UTC(2026, 11, 7, 4, 0, seq)).toISOString(), actor: 'mo', actorRole: 'moderator', action: 'decision.reject', threadId: 't1', commentId: `c${seq}`, what: `rejected c${seq}`, why: 'spam', ...extra,
});
const threads: ThreadSummary[] = [{ id: 't1', title: 'Ferry tolls', url: null, sourceFormat: 'wxr', commentCount: 3, importedAt: '2026-12-07T00:00:00.000Z' } as ThreadSummary];

/** Answers GET /api/audit from `log` (newest first, before/limit/actor honoured) and the decisions of t1. */
function serve(log: AuditEntry[], decisions: DecisionEvent[] = []) {
  const fetch = vi.fn(async (url: string) => {
    const parsed = new URL(url, 'http://console');
    if (parsed.pathname === '/api/threads/t1/decisions') return Response.json(decisions);
    const q = parsed.searchParams;
    const before = Number(q.get('before') ?? Infinity);
    const rows = log
      .filter((e) => e.seq < before && (!q.has('actor') || e.actor.toLowerCase() === q.get('actor')!.toLowerCase()) && (!q.has('commentId') || e.commentId === q.get('commentId')))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, Number(q.get('limit') ?? 200));
    return Response.json(rows);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function asRole(role: Role, node: React.ReactNode) {
  const session: SessionResponse = { user: { id: 1, username: `a-${role}`, role }, mode: 'account', capabilities: capabilitiesOf(role), expiresAt: null, mustChangePassword: false };
  return render(<SessionContext.Provider value={session}>{node}</SessionContext.Provider>);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the audit view', () => {
  it('is offered to editors and administrators only', () => {
    serve([]);
    asRole('moderator', <AuditLogButton threads={threads} />);
    expect(screen.queryByRole('button', { name: 'Audit log' })).toBeNull();
    cleanup();
    asRole('editor', <AuditLogButton threads={threads} />);
    expect(screen.getByRole('button', { name: 'Audit log' })).toBeTruthy();
  });

  it('lists entries newest first, filters by person, pages with Load older, and exports the same filter as CSV', async () => {
    const log = Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => entry(i + 1, i === 0 ? { actor: 'Ada', actorRole: 'editor', action: 'thresholds.change', threadId: null, commentId: null, what: 'INSULT 0.60 -> 0.70' } : {}));
    const fetch = serve(log);
    asRole('admin', <AuditLogButton threads={threads} />);
    fireEvent.click(screen.getByRole('button', { name: 'Audit log' }));
    const dialog = screen.getByRole('dialog', { name: 'Audit log' });
    const table = await within(dialog).findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['When', 'Who', 'Action', 'Thread', 'Comment', 'What', 'Why']);
    expect(within(table).getAllByRole('row')).toHaveLength(AUDIT_PAGE_SIZE + 1);
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain(`rejected c${AUDIT_PAGE_SIZE + 5}`);
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('Ferry tolls');
    expect(fetch).toHaveBeenLastCalledWith(`/api/audit?limit=${AUDIT_PAGE_SIZE}`, expect.objectContaining({ method: 'GET' }));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(AUDIT_PAGE_SIZE + 5 + 1));
    expect(fetch).toHaveBeenLastCalledWith(`/api/audit?before=6&limit=${AUDIT_PAGE_SIZE}`, expect.anything());
    expect(within(dialog).queryByRole('button', { name: 'Load older' })).toBeNull();

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Person' }), { target: { value: ' ada ' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Action' }), { target: { value: 'thresholds.change' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(within(dialog).getAllByRole('row')).toHaveLength(2));
    expect(fetch).toHaveBeenLastCalledWith(`/api/audit?actor=ada&action=thresholds.change&limit=${AUDIT_PAGE_SIZE}`, expect.anything());
    expect(within(dialog).getAllByRole('row')[1]!.textContent).toContain('Ada (editor)');
    expect(within(dialog).getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/audit?actor=ada&action=thresholds.change&format=csv');
  });

  it('sends the time range as UTC and refuses a range that ends before it starts', async () => {
    const fetch = serve([entry(1)]);
    asRole('editor', <AuditLogButton threads={threads} />);
    fireEvent.click(screen.getByRole('button', { name: 'Audit log' }));
    const dialog = screen.getByRole('dialog', { name: 'Audit log' });
    await within(dialog).findByRole('table');
    fireEvent.change(within(dialog).getByLabelText('From'), { target: { value: '2026-12-07T06:00' } });
    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-12-07T05:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply filters' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('"To" must be later than "From".');
    const calls = fetch.mock.calls.length;
    fireEvent.change(within(dialog).getByLabelText('To'), { target: { value: '2026-12-07T07:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(fetch.mock.calls.length).toBe(calls + 1));
    const from = new Date('2026-12-07T06:00').toISOString();
    const to = new Date('2026-12-07T07:00').toISOString();
    expect(fetch).toHaveBeenLastCalledWith(`/api/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=${AUDIT_PAGE_SIZE}`, expect.anything());
  });
});

describe('a comment\'s history', () => {
  it('shows every audit entry of the comment to an editor, in one request', async () => {
    const fetch = serve([entry(1, { commentId: 'c2', action: 'claim', what: 'claimed', why: '' }), entry(2, { commentId: 'c2', actor: 'ed', actorRole: 'editor', action: 'decision.undo', what: 'undid the rejection' }), entry(3)]);
    asRole('editor', <CommentHistoryButton threadId="t1" commentId="c2" />);
    fireEvent.click(screen.getByRole('button', { name: 'History of the selected comment' }));
    const dialog = screen.getByRole('dialog', { name: 'History of comment c2' });
    const rows = (await within(dialog).findAllByRole('row')).slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1).map((c) => c.textContent))).toEqual([
      ['ed (editor)', 'decision.undo: undid the rejection', 'spam'],
      ['mo (moderator)', 'claim: claimed', ''],
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('/api/audit?threadId=t1&commentId=c2&limit=1000', expect.anything());
  });

  it('shows a moderator the comment\'s decisions from the decision log', async () => {
    const decision = (seq: number, commentId: string, action: DecisionEvent['action'], reason = ''): DecisionEvent => ({ id: `d${seq}`, threadId: 't1', commentId, action, moderator: 'mo', reason, note: '', at: '2026-12-07T04:00:00.000Z', seq });
    const fetch = serve([], [decision(1, 'c2', 'reject', 'spam'), decision(2, 'c3', 'approve'), decision(3, 'c2', 'approve')]);
    asRole('moderator', <CommentHistoryButton threadId="t1" commentId="c2" />);
    fireEvent.click(screen.getByRole('button', { name: 'History of the selected comment' }));
    const dialog = screen.getByRole('dialog', { name: 'History of comment c2' });
    const rows = (await within(dialog).findAllByRole('row')).slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1).map((c) => c.textContent))).toEqual([
      ['mo', 'decision: approved', ''],
      ['mo', 'decision: rejected', 'spam'],
    ]);
    expect(fetch).toHaveBeenCalledWith('/api/threads/t1/decisions', expect.anything());
  });
});
