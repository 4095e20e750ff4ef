import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthorHistory } from '../../core/api.ts';
import { CommenterPanel } from './commenter-panel.tsx';
import { decisionSignature, EMPTY_CACHE, historyReducer, needsLoad } from './history-cache.ts';

const HISTORY: AuthorHistory = {
  author: 'Ann',
  counts: { comments: 3, approved: 1, rejected: 1, escalated: 0, flagged: 1 },
  truncated: false,
  comments: [
    { threadId: 't2', threadTitle: 'Other thread', commentId: 'x1', displayIndex: 4, postedAt: '2026-02-01T09:00:00Z', text: 'Elsewhere.', flagged: false, flagReasons: [], decision: 'approved', decidedBy: 'mo' },
    { threadId: 't1', threadTitle: 'This thread', commentId: 'a1', displayIndex: 0, postedAt: '2026-01-01T10:00:00Z', text: 'You are a loser.', flagged: true, flagReasons: ['INSULT 0.90 ≥ 0.60'], decision: 'rejected', decidedBy: 'ed' },
    { threadId: 't1', threadTitle: 'This thread', commentId: 'a2', displayIndex: 2, postedAt: null, text: 'Exactly.', flagged: false, flagReasons: [], decision: null, decidedBy: null },
  ],
};

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

interface HarnessProps {
  author: string | null;
  signature?: Record<string, string>;
  onSelectAll?: (ids: readonly string[]) => void;
  onOpenComment?: (threadId: string, commentId: string) => void;
}

function Harness({ author, signature = {}, onSelectAll = () => {}, onOpenComment = () => {} }: HarnessProps) {
  const [open, setOpen] = useState(false);
  return (
    <CommenterPanel
      author={author}
      authorIds={['a1', 'a2']}
      confirmedState={(id) => signature[id]}
      open={open}
      onToggle={() => setOpen((v) => !v)}
      shortcutsEnabled
      canSelect
      onSelectAll={onSelectAll}
      onOpenComment={onOpenComment}
    />
  );
}

describe('CommenterPanel', () => {
  it('loads on demand (button or w), shows counts, the list with flags and decisions, selects all and opens a listed comment', async () => {
    const fetch = vi.fn(async (_url: string) => json(HISTORY));
    vi.stubGlobal('fetch', fetch);
    const onSelectAll = vi.fn();
    const onOpenComment = vi.fn();
    render(<Harness author="Ann" onSelectAll={onSelectAll} onOpenComment={onOpenComment} />);
    expect(fetch).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.keyDown(window, { key: 'w' });
    });
    const region = await screen.findByRole('region', { name: 'Commenter history' });
    await within(region).findByText('You are a loser.');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe('/api/authors/history?author=Ann');
    const counts = within(region).getByLabelText('Counts');
    expect(counts.textContent).toContain('Rejected1');
    expect(counts.textContent).toContain('Flagged1');
    const list = within(region).getByRole('list', { name: 'Comments by Ann' });
    const items = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    expect(items).toHaveLength(3);
    expect(items[1]!.textContent).toContain('Rejected by ed');
    expect(within(items[1]!).getByRole('list', { name: 'Flags' }).textContent).toBe('INSULT 0.90 ≥ 0.60');
    expect(items[2]!.textContent).toContain('Undecided');
    fireEvent.click(within(region).getByRole('button', { name: "Select all of this author's comments (2 in this thread)" }));
    expect(onSelectAll).toHaveBeenCalledWith(['a1', 'a2']);
    fireEvent.click(within(items[0]!).getByRole('link', { name: 'Open in thread' }));
    expect(onOpenComment).toHaveBeenCalledWith('t2', 'x1');
    // Closed and opened again: the cached history, no second request.
    fireEvent.click(screen.getByRole('button', { name: /Commenter history: Ann/ }));
    expect(screen.queryByRole('region', { name: 'Commenter history' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Commenter history: Ann/ }));
    await screen.findByText('You are a loser.');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('loads again when a decision on one of the author\'s comments is confirmed, and shows a failure with a retry', async () => {
    let fail = false;
    const fetch = vi.fn(async () => (fail ? json({ error: 'the server is busy', where: 'x' }, 503) : json(HISTORY)));
    vi.stubGlobal('fetch', fetch);
    const { rerender } = render(<Harness author="Ann" />);
    fireEvent.click(screen.getByRole('button', { name: /Commenter history: Ann/ }));
    await screen.findByText('You are a loser.');
    fail = true;
    rerender(<Harness author="Ann" signature={{ a2: 'rejected/9' }} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the server is busy');
    expect(fetch).toHaveBeenCalledTimes(2);
    // The previous history stays shown meanwhile.
    expect(screen.getByText('You are a loser.')).toBeTruthy();
    fail = false;
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks to select a comment when none is selected', () => {
    vi.stubGlobal('fetch', vi.fn());
    render(<Harness author={null} />);
    expect((screen.getByRole('button', { name: /Commenter history/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('history cache', () => {
  it('loads, keeps, marks stale, forgets, and keeps the last history through a failure', () => {
    let cache = historyReducer(EMPTY_CACHE, { type: 'load', author: 'Ann' });
    expect(needsLoad(cache.get('Ann'))).toBe(false);
    cache = historyReducer(cache, { type: 'loaded', author: 'Ann', history: HISTORY });
    expect(needsLoad(cache.get('Ann'))).toBe(false);
    cache = historyReducer(cache, { type: 'invalidate', author: 'Ann' });
    expect(needsLoad(cache.get('Ann'))).toBe(true);
    cache = historyReducer(cache, { type: 'load', author: 'Ann' });
    cache = historyReducer(cache, { type: 'failed', author: 'Ann', error: 'x' });
    expect(cache.get('Ann')).toEqual({ status: 'failed', error: 'x', history: HISTORY });
    expect(historyReducer(cache, { type: 'invalidate', author: 'Ann' })).toBe(cache);
    expect(needsLoad(historyReducer(cache, { type: 'forget', author: 'Ann' }).get('Ann'))).toBe(true);
    expect(needsLoad(cache.get('Bob'))).toBe(true);
  });

  it('signs the confirmed decisions of the author\'s comments', () => {
    const states: Record<string, string> = { a: 'rejected/3' };
    expect(decisionSignature(['a', 'b'], (id) => states[id])).toBe(decisionSignature(['a', 'b'], (id) => states[id]));
    expect(decisionSignature(['a', 'b'], (id) => states[id])).not.toBe(decisionSignature(['a', 'b'], (id) => ({ ...states, b: 'approved/4' })[id]));
  });
});
