import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueSnapshot } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { DecisionsState } from '../state/use-decisions.ts';
import { openThreadOf, threadRoute } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { flaggedColumn } from './queue-model.ts';
import { TriageQueue } from './triage-queue.tsx';

const view = fixtureView();
const thread = openThreadOf(view);
const ids = view.comments.map((c) => c.id);
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

function decisions(): DecisionsState {
  return { events: [], current: new Map(), pendingIds: new Set(), waiting: 0, lastSendError: null, canUndo: false, decide: vi.fn(() => []), undo: vi.fn(() => []), refetch: vi.fn(), receive: vi.fn() };
}

function Harness({ onAnnounce }: { onAnnounce: (m: string) => void }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  return (
    <TriageQueue
      thread={thread}
      flagged={flaggedColumn(thread.index, DEFAULT_THRESHOLDS)}
      decisions={decisions()}
      thresholds={DEFAULT_THRESHOLDS}
      selectedId={selectedId}
      onSelect={setSelectedId}
      onDecide={() => true}
      onUndo={() => undefined}
      onHelp={() => undefined}
      onScopeChange={() => undefined}
      onAnnounce={onAnnounce}
      shortcutsEnabled
      advance={false}
    />
  );
}

const row = (name: RegExp) => within(screen.getByRole('grid', { name: 'Triage queue' })).getByRole('row', { name });

describe('TriageQueue: the team queue (claims and snoozes)', () => {
  let snapshot: QueueSnapshot;
  let posted: Array<{ url: string; method: string; body: unknown }>;
  beforeEach(() => {
    localStorage.clear();
    posted = [];
    // The single-user administrator ("local") is the session here; bob holds Bob Rude's comment, Erin's is snoozed.
    snapshot = {
      threadId: view.id,
      claims: [{ commentId: ids[1]!, by: 'bob', at: later(-1000), expiresAt: later(600_000) }],
      snoozes: [{ commentId: ids[2]!, by: 'bob', until: later(3_600_000) }],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        const method = init?.method ?? 'GET';
        if (url.endsWith('/queue') && method === 'GET') return new Response(JSON.stringify(snapshot), { status: 200 });
        if (url.endsWith('/claims') && method === 'POST') {
          const body = JSON.parse(String(init?.body)) as { commentIds: string[] };
          posted.push({ url, method, body });
          const refused = snapshot.claims.filter((c) => body.commentIds.includes(c.commentId));
          const mine = body.commentIds.filter((id) => !refused.some((c) => c.commentId === id)).map((commentId) => ({ commentId, by: 'local', at: later(0), expiresAt: later(600_000) }));
          snapshot = { ...snapshot, claims: [...snapshot.claims, ...mine] };
          return new Response(JSON.stringify({ ...snapshot, refused }), { status: 200 });
        }
        return threadRoute(view, url) ?? new Response('{"error":"no route"}', { status: 404 });
      }),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows who holds a comment, hides snoozed ones unless asked, and n skips what others hold', async () => {
    render(<Harness onAnnounce={() => undefined} />);
    await waitFor(() => expect(row(/^Bob Rude/).textContent).toContain('Claimed by bob'));
    expect(row(/^Bob Rude/).className).toContain('is-held');
    expect(screen.queryByRole('row', { name: /^Erin Grim/ })).toBeNull();
    expect(screen.getByText('5 of 6 comments')).toBeTruthy();

    fireEvent.click(row(/^Alice Civil/));
    fireEvent.keyDown(window, { key: 'n' });
    expect(row(/^Carol Plot/).getAttribute('aria-selected')).toBe('true');

    const filters = screen.getByRole('search', { name: 'Filter the queue' });
    fireEvent.change(within(filters).getByRole('combobox', { name: 'Status' }), { target: { value: 'snoozed' } });
    expect(row(/^Erin Grim/).textContent).toContain('Snoozed until');
    expect(screen.getByText('1 of 6 comments')).toBeTruthy();
    fireEvent.change(within(filters).getByRole('combobox', { name: 'Status' }), { target: { value: 'claimed' } });
    expect(screen.getByText('1 of 6 comments')).toBeTruthy();
  });

  it('claims with c: the current comment becomes mine; a comment another holds is refused and named', async () => {
    const said: string[] = [];
    render(<Harness onAnnounce={(m) => said.push(m)} />);
    await waitFor(() => expect(row(/^Bob Rude/).textContent).toContain('Claimed by bob'));
    fireEvent.click(row(/^Alice Civil/));
    fireEvent.keyDown(window, { key: 'c' });
    await waitFor(() => expect(row(/^Alice Civil/).textContent).toContain('Claimed by you'));
    expect(said.at(-1)).toBe('Claimed 1 comment.');
    fireEvent.click(row(/^Bob Rude/));
    fireEvent.click(within(screen.getByRole('group', { name: 'Claim and snooze' })).getByRole('button', { name: 'Claim' }));
    await waitFor(() => expect(said.at(-1)).toBe('Claimed 0 comments; 1 comment already claimed by bob, left to them.'));
    expect(row(/^Bob Rude/).textContent).toContain('Claimed by bob');
    expect(posted.map((p) => p.body)).toEqual([{ commentIds: [ids[0]] }, { commentIds: [ids[1]] }]);
  });
});
