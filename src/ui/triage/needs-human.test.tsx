/**
 * "Needs a human: language not supported" in the queue (issue 11): a filter of its own with its count beside the
 * flagged count, a chip in the row, and muted trope badges on a comment in another language.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewComment } from '../../core/api.ts';
import { decideFlags, DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { CommentScore } from '../../core/scoring.ts';
import type { DecisionsState } from '../state/use-decisions.ts';
import { openThreadOf } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { flagBadges, highlightSpans } from '../thread/comment-flags.ts';
import { flaggedColumn } from './queue-model.ts';
import { TriageQueue } from './triage-queue.tsx';

const base = fixtureView();
const german: CommentScore = { scores: {}, evidence: {}, language: 'de', languageUnsupported: true, unsupported: ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'] };
const trope = base.comments.find((c) => c.tropes.length > 0)?.tropes[0];
const extra: ViewComment[] = [
  { ...(base.comments[0] as ViewComment), id: 'de1', author: 'Sabine K.', text: 'Die Kinder sind fast alle im Garten am Hang.', score: german },
  { ...(base.comments[0] as ViewComment), id: 'de2', author: 'Jens', text: 'Die Bankiers kontrollieren die Politiker.', score: german, tropes: trope ? [trope] : [] },
];
const view = { ...base, comments: [...base.comments, ...extra] };
const thread = openThreadOf(view);
const flags = new Map(view.comments.map((c) => [c.id, decideFlags(c.score, c.tropes, DEFAULT_THRESHOLDS)]));

function decisions(): DecisionsState {
  return { events: [], current: new Map(), pendingIds: new Set(), waiting: 0, lastSendError: null, canUndo: false, decide: vi.fn(() => []), undo: vi.fn(() => []), refetch: vi.fn(), receive: vi.fn() };
}

function renderQueue() {
  render(
    <TriageQueue
      thread={thread}
      flagged={flaggedColumn(thread.index, DEFAULT_THRESHOLDS)}
      decisions={decisions()}
      thresholds={DEFAULT_THRESHOLDS}
      selectedId={null}
      onSelect={() => undefined}
      onDecide={() => true}
      onUndo={() => undefined}
      onHelp={() => undefined}
      onScopeChange={() => undefined}
      shortcutsEnabled
      advance={false}
    />,
  );
}

function shownAuthors(): string[] {
  const grid = screen.getByRole('grid', { name: 'Triage queue' });
  return within(grid)
    .getAllByRole('row')
    .filter((row) => row.dataset.rowId !== undefined)
    .map((row) => (row.getAttribute('aria-label') ?? '').split(':')[0] as string);
}

describe('needs a human in the queue', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('counts flagged and needs-a-human comments beside their filters, and filters to the latter', () => {
    renderQueue();
    const flaggedCount = [...flags.values()].filter((f) => f.flagged).length;
    expect(flaggedCount).toBeGreaterThan(0);
    const needs = screen.getByRole('checkbox', { name: 'Needs a human' });
    expect(screen.getByRole('checkbox', { name: 'Flagged only' }).getAttribute('aria-describedby')).toBe('flagged-count');
    expect(document.getElementById('flagged-count')?.textContent).toBe(`(${flaggedCount})`);
    expect(document.getElementById('needs-human-count')?.textContent).toBe('(2)');
    fireEvent.click(needs);
    expect(shownAuthors()).toEqual(['Sabine K.', 'Jens']);
    // The counts are of the whole thread, not of what the filter shows.
    expect(document.getElementById('flagged-count')?.textContent).toBe(`(${flaggedCount})`);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Flagged only' }));
    expect(shownAuthors()).toEqual([]);
  });

  it('shows the state as a chip in the row', () => {
    renderQueue();
    const row = screen.getByRole('row', { name: /^Sabine K\.:/ });
    expect(within(row).getByText('needs a human: language not supported (de)')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /^Alice Civil:/ })).queryByText(/needs a human/)).toBeNull();
  });

  it('shows a trope hit on a comment in another language muted, saying why it does not flag, and highlights nothing', () => {
    const comment = extra[1] as ViewComment;
    const badges = flagBadges(comment, flags.get(comment.id), DEFAULT_THRESHOLDS);
    expect(badges).toHaveLength(1);
    expect(badges[0]).toMatchObject({ kind: 'trope', flagging: false });
    expect(badges[0]?.reason).toContain('the trope rules are English and this comment is in "de"');
    expect(highlightSpans(comment, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});
