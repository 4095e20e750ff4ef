import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CurrentDecision, DecisionEvent } from '../../core/decisions.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { DecisionsState } from '../state/use-decisions.ts';
import { openThreadOf, threadRoute } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { flaggedColumn } from './queue-model.ts';
import { nextUndecided, TriageQueue } from './triage-queue.tsx';

const view = fixtureView();
const thread = openThreadOf(view);
/** The search answers after a short pause in typing; a loaded machine may take a while. */
const SEARCH_WAIT = { timeout: 5000 };

function approvedEvent(commentId: string): DecisionEvent {
  return { id: `e-${commentId}`, threadId: view.id, commentId, action: 'approve', moderator: 'Mia', reason: '', note: '', at: '2026-01-02T11:00:00.000Z', seq: 1 };
}

function decisionsWith(current: Map<string, CurrentDecision> = new Map()): DecisionsState {
  return { events: [], current, pendingIds: new Set(), waiting: 0, lastSendError: null, canUndo: false, decide: vi.fn(() => []), undo: vi.fn(() => []), refetch: vi.fn(), receive: vi.fn() };
}

function Harness({ decisions = decisionsWith(), onDecide = () => true, advance = false }: { decisions?: DecisionsState; onDecide?: () => boolean; advance?: boolean }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  return (
    <TriageQueue
      thread={thread}
      flagged={flaggedColumn(thread.index, DEFAULT_THRESHOLDS)}
      decisions={decisions}
      thresholds={DEFAULT_THRESHOLDS}
      selectedId={selectedId}
      onSelect={setSelectedId}
      onDecide={onDecide}
      onUndo={() => undefined}
      onHelp={() => undefined}
      onScopeChange={() => undefined}
      shortcutsEnabled
      advance={advance}
    />
  );
}

/** Authors of the rendered body rows, top to bottom. */
function shownAuthors(): string[] {
  const grid = screen.getByRole('grid', { name: 'Triage queue' });
  return within(grid)
    .getAllByRole('row')
    .filter((row) => row.dataset.rowId !== undefined)
    .map((row) => (row.getAttribute('aria-label') ?? '').split(':')[0]!);
}

describe('TriageQueue', () => {
  beforeEach(() => {
    localStorage.clear();
    // The search goes to the server's search route.
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => threadRoute(view, url) ?? new Response('{"error":"no route"}', { status: 404 })),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lists every comment in thread order, each row named by author and excerpt', () => {
    render(<Harness />);
    expect(shownAuthors()).toEqual(['Alice Civil', 'Bob Rude', 'Erin Grim', 'Carol Plot', 'Dan Quiet', 'Some Blog']);
    expect(screen.getByRole('row', { name: /^Bob Rude: You are real losers/ })).toBeTruthy();
    expect(screen.getByRole('row', { name: 'Dan Quiet: (empty comment)' })).toBeTruthy();
    expect(screen.getByText('6 comments')).toBeTruthy();
  });

  it('sorts by a header button and says so with aria-sort; scores sort high first, unscored last', () => {
    render(<Harness />);
    const header = screen.getByRole('columnheader', { name: /Highest score/ });
    expect(header.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(header).getByRole('button'));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    const order = shownAuthors();
    expect(order.slice(0, 2)).toEqual(['Bob Rude', 'Erin Grim']);
    expect(order.at(-1)).toBe('Dan Quiet');

    fireEvent.click(screen.getByRole('button', { name: 'Author' }));
    expect(screen.getByRole('columnheader', { name: /Author/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(header.getAttribute('aria-sort')).toBe('none');
    expect(shownAuthors()).toEqual(['Alice Civil', 'Bob Rude', 'Carol Plot', 'Dan Quiet', 'Erin Grim', 'Some Blog']);
  });

  it('filters to flagged comments, an attribute over its threshold, and a trope', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Flagged only' }));
    expect(shownAuthors()).toEqual(['Bob Rude', 'Erin Grim', 'Carol Plot']);
    expect(screen.getByText('3 of 6 comments')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Flagged only' }));

    fireEvent.change(screen.getByRole('combobox', { name: 'Over threshold' }), { target: { value: 'THREAT' } });
    expect(shownAuthors()).toEqual(['Erin Grim']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Over threshold' }), { target: { value: '' } });

    fireEvent.change(screen.getByRole('combobox', { name: 'Trope' }), { target: { value: 'covert-control-of-leaders' } });
    expect(shownAuthors()).toEqual(['Carol Plot']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shownAuthors()).toHaveLength(6);
  });

  it('searches comment text and authors through the server, intersected with the other filters', async () => {
    render(<Harness />);
    const search = screen.getByRole('searchbox', { name: 'Search comments' });
    fireEvent.change(search, { target: { value: 'BANKERS' } });
    await waitFor(() => expect(shownAuthors()).toEqual(['Carol Plot']), SEARCH_WAIT);
    fireEvent.change(search, { target: { value: 'erin' } });
    await waitFor(() => expect(shownAuthors()).toEqual(['Erin Grim']), SEARCH_WAIT);
    fireEvent.change(search, { target: { value: 'e' } });
    await waitFor(() => expect(shownAuthors()).toHaveLength(6), SEARCH_WAIT);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Flagged only' }));
    expect(shownAuthors()).toEqual(['Bob Rude', 'Erin Grim', 'Carol Plot']);
    fireEvent.change(search, { target: { value: 'no such words' } });
    await waitFor(() => expect(shownAuthors()).toEqual([]), SEARCH_WAIT);
    expect(screen.getByText('No comments match the filters.')).toBeTruthy();
    const urls = vi.mocked(fetch).mock.calls.map(([url]) => String(url));
    expect(urls.filter((url) => url.includes('/search?'))).toHaveLength(4);
    expect(urls.at(-1)).toBe(`/api/threads/t1/search?version=${encodeURIComponent(thread.index.version)}&q=no+such+words`);
  });

  it('filters by decision', () => {
    const current = new Map<string, CurrentDecision>([['c1', { state: 'approved', event: approvedEvent('c1') }]]);
    render(<Harness decisions={decisionsWith(current)} />);
    const select = screen.getByRole('combobox', { name: 'Decision' });
    fireEvent.change(select, { target: { value: 'approved' } });
    expect(shownAuthors()).toEqual(['Alice Civil']);
    fireEvent.change(select, { target: { value: 'undecided' } });
    expect(shownAuthors()).toEqual(['Bob Rude', 'Erin Grim', 'Carol Plot', 'Dan Quiet', 'Some Blog']);
  });

  it('shows and hides attribute columns from the column menu', () => {
    render(<Harness />);
    expect(screen.queryByRole('columnheader', { name: /INSULT/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Columns' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'INSULT' }));
    expect(screen.getByRole('columnheader', { name: /INSULT/ })).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('threadscope.columns.v1') ?? '{}')).toMatchObject({ INSULT: true });
  });

  it('moves with j/k, checks with x, and decides on the checked rows with Shift+R', () => {
    const onDecide = vi.fn(() => true);
    render(<Harness onDecide={onDecide} />);
    act(() => {
      fireEvent.keyDown(document.body, { key: 'j' });
    });
    expect(screen.getByRole('row', { name: /^Alice Civil/ }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'x' });
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'x' });
    fireEvent.keyDown(document.body, { key: 'k' });
    expect(screen.getByRole('row', { name: /^Bob Rude/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('2 checked')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'R', shiftKey: true });
    expect(onDecide).toHaveBeenCalledWith([
      { commentId: 'c2', action: 'reject' },
      { commentId: 'c3', action: 'reject' },
    ]);
    expect(screen.queryByText('2 checked')).toBeNull();
  });

  it('ignores shortcut keys typed into the search box', () => {
    const onDecide = vi.fn(() => true);
    render(<Harness onDecide={onDecide} />);
    fireEvent.keyDown(document.body, { key: 'j' });
    const search = screen.getByRole('searchbox', { name: 'Search comments' });
    fireEvent.keyDown(search, { key: 'a' });
    expect(onDecide).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: 'a' });
    expect(onDecide).toHaveBeenCalledWith([{ commentId: 'c1', action: 'approve' }]);
  });

  it('Escape in the search box clears the search and keeps focus; a second Escape returns focus to the queue', async () => {
    render(<Harness />);
    const search = screen.getByRole('searchbox', { name: 'Search comments' });
    search.focus();
    fireEvent.change(search, { target: { value: 'erin' } });
    await waitFor(() => expect(shownAuthors()).toEqual(['Erin Grim']), SEARCH_WAIT);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
    expect(shownAuthors()).toHaveLength(6);
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByRole('row', { name: /^Alice Civil/ }));
  });

  it('Enter in the search box returns focus to the queue and keeps the filter', async () => {
    render(<Harness />);
    const search = screen.getByRole('searchbox', { name: 'Search comments' });
    search.focus();
    fireEvent.change(search, { target: { value: 'erin' } });
    await waitFor(() => expect(shownAuthors()).toEqual(['Erin Grim']), SEARCH_WAIT);
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByRole('row', { name: /^Erin Grim/ }));
    expect(shownAuthors()).toEqual(['Erin Grim']);
  });

  it('in the note, Shift+R and letters type and decide nothing; Escape keeps the note and returns focus to the current row', () => {
    const onDecide = vi.fn(() => true);
    render(<Harness onDecide={onDecide} />);
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'x' });
    const note = screen.getByRole('textbox', { name: 'Note' });
    note.focus();
    fireEvent.change(note, { target: { value: 'Repeat' } });
    for (const key of ['R', 'A', 'E']) fireEvent.keyDown(note, { key, shiftKey: true });
    for (const key of ['a', 'r', 'e', 'j', 'u', 'x']) fireEvent.keyDown(note, { key });
    expect(onDecide).not.toHaveBeenCalled();
    expect(screen.getByText('1 checked')).toBeTruthy();
    fireEvent.keyDown(note, { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByRole('row', { name: /^Alice Civil/ }));
    expect((note as HTMLInputElement).value).toBe('Repeat');
    fireEvent.keyDown(document.activeElement!, { key: 'a' });
    expect(onDecide).toHaveBeenCalledWith([{ commentId: 'c1', action: 'approve', note: 'Repeat' }]);
  });

  it('single-letter keys do nothing in a select or a contenteditable element either', () => {
    const onDecide = vi.fn(() => true);
    render(
      <>
        <Harness onDecide={onDecide} />
        <div contentEditable suppressContentEditableWarning data-testid="editable">
          text
        </div>
      </>,
    );
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Reason' }), { key: 'a' });
    const editable = screen.getByTestId('editable');
    // jsdom has no isContentEditable; the browser's answer is what the rule reads.
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    fireEvent.keyDown(editable, { key: 'a' });
    expect(onDecide).not.toHaveBeenCalled();
  });

  it('after a decision, selects the next undecided comment when the setting is on', () => {
    const current = new Map<string, CurrentDecision>([['c2', { state: 'approved', event: approvedEvent('c2') }]]);
    render(<Harness decisions={decisionsWith(current)} advance />);
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'r' });
    // Alice decided; Bob already was: the next undecided is Erin.
    expect(screen.getByRole('row', { name: /^Erin Grim/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('stays on the decided comment when the setting is off', () => {
    render(<Harness advance={false} />);
    fireEvent.keyDown(document.body, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'r' });
    expect(screen.getByRole('row', { name: /^Alice Civil/ }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('nextUndecided', () => {
  const order = ['a', 'b', 'c', 'd'];
  it('looks forward from the current row, wraps to the top, and skips the comment just decided', () => {
    expect(nextUndecided(order, 1, (id) => id !== 'c', 'b')).toBe('d');
    expect(nextUndecided(order, 3, () => true, 'd')).toBe('a');
    expect(nextUndecided(order, -1, () => true, 'x')).toBe('a');
    expect(nextUndecided(order, 0, (id) => id === 'a', 'a')).toBeNull();
    expect(nextUndecided([], 0, () => true, 'a')).toBeNull();
  });
});
