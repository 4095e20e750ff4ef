/**
 * Moderators' feedback in the console (issue 12): the thread pane says "Moderators elsewhere: TOXICITY 0.90
 * (ours 0.12)" beside the badges and marks a disagreement in words; the queue offers "Model and moderators disagree"
 * (with its count) only when some comment has feedback, filters to those comments, and names the filter in a report.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommentFeedback, ViewComment } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { DecisionsState } from '../state/use-decisions.ts';
import { openThreadOf } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { article, comment, makeView, renderPane, stubRowHeights } from '../thread/test-fixtures.tsx';
import { flaggedColumn } from './queue-model.ts';
import { TriageQueue, type QueueScope } from './triage-queue.tsx';

const AT = '2026-12-06T22:15:00.000Z';
const fb = (attribute: CommentFeedback['attribute'], suggested: number, count = 1): CommentFeedback => ({ attribute, suggested, count, latestAt: AT });

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

describe('moderators elsewhere in the thread pane', () => {
  it('shows the suggested score beside ours, and says where they disagree', () => {
    const scored = makeView(
      [comment('1', null, 'Dana', 'The council is a joke.'), comment('2', null, 'Ezra', 'Lovely ferry ride.'), comment('3', null, 'Fay', 'Plain words.')],
      {
        '1': { score: { scores: { TOXICITY: 0.12, INSULT: 0.3 }, evidence: {} } },
        '2': { score: { scores: { TOXICITY: 0.05 }, evidence: {} } },
        '3': { score: { scores: { TOXICITY: 0.05 }, evidence: {} } },
      },
    );
    const feedback: Record<string, CommentFeedback[]> = { '1': [fb('TOXICITY', 0.9, 3)], '2': [fb('TOXICITY', 0.2)] };
    const view = { ...scored, comments: scored.comments.map((c) => (feedback[c.id] ? { ...c, feedback: feedback[c.id] } : c)) };
    renderPane({ view });
    const dana = article('Dana');
    expect(dana.textContent).toContain('Moderators elsewhere: TOXICITY 0.90 (ours 0.12)');
    expect(within(dana).getByText('disagree')).toBeTruthy();
    expect(within(dana).getByText('TOXICITY 0.90 (ours 0.12)').getAttribute('title')).toMatch(/^TOXICITY: mean of 3 suggestions from moderators/);
    expect(article('Ezra').textContent).toContain('Moderators elsewhere: TOXICITY 0.20 (ours 0.05)');
    expect(within(article('Ezra')).queryByText('disagree')).toBeNull();
    expect(article('Fay').textContent).not.toContain('Moderators elsewhere');
  });
});

describe('model and moderators disagree in the queue', () => {
  beforeEach(() => localStorage.clear());

  function decisions(): DecisionsState {
    return { events: [], current: new Map(), pendingIds: new Set(), waiting: 0, lastSendError: null, canUndo: false, decide: vi.fn(() => []), undo: vi.fn(() => []), refetch: vi.fn(), receive: vi.fn() };
  }

  function renderQueue(comments: ViewComment[], onScopeChange: (scope: QueueScope) => void = () => undefined) {
    const base = fixtureView();
    const view = { ...base, comments };
    const thread = openThreadOf(view);
    render(
      <TriageQueue thread={thread} flagged={flaggedColumn(thread.index, DEFAULT_THRESHOLDS)} decisions={decisions()} thresholds={DEFAULT_THRESHOLDS} selectedId={null} onSelect={() => undefined} onDecide={() => true}
        onUndo={() => undefined} onHelp={() => undefined} onScopeChange={onScopeChange} shortcutsEnabled advance={false} />,
    );
  }

  function shownAuthors(): string[] {
    const grid = screen.getByRole('grid', { name: 'Triage queue' });
    return within(grid).getAllByRole('row').filter((row) => row.dataset.rowId !== undefined).map((row) => (row.getAttribute('aria-label') ?? '').split(':')[0] as string);
  }

  const base = fixtureView().comments;
  const like = (id: string, author: string, toxicity: number, feedback?: CommentFeedback[]): ViewComment => ({
    ...(base[0] as ViewComment), id, author, text: `Comment ${id}.`, score: { scores: { TOXICITY: toxicity }, evidence: {} }, tropes: [], ...(feedback ? { feedback } : {}),
  });

  it('is not offered when no comment has feedback', () => {
    renderQueue([like('a', 'Ann', 0.1), like('b', 'Ben', 0.9)]);
    expect(screen.queryByRole('checkbox', { name: 'Model and moderators disagree' })).toBeNull();
  });

  it('counts and filters the comments where the gap is 0.5 or more, and names the filter for a report', () => {
    const scopes: QueueScope[] = [];
    renderQueue([
      like('a', 'Ann', 0.12, [fb('TOXICITY', 0.9)]),
      like('b', 'Ben', 0.9, [fb('TOXICITY', 0)]),
      like('c', 'Cid', 0.3, [fb('TOXICITY', 0.6)]),
      like('d', 'Dot', 0.8),
    ], (scope) => scopes.push(scope));
    const box = screen.getByRole('checkbox', { name: 'Model and moderators disagree' });
    expect(box.getAttribute('aria-describedby')).toBe('disagrees-count');
    expect(document.getElementById('disagrees-count')?.textContent).toBe('(2)');
    expect(shownAuthors()).toEqual(['Ann', 'Ben', 'Cid', 'Dot']);
    fireEvent.click(box);
    expect(shownAuthors()).toEqual(['Ann', 'Ben']);
    expect(scopes.at(-1)?.note).toBe('model and moderators disagree only');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Model and moderators disagree' }));
    expect(shownAuthors()).toEqual(['Ann', 'Ben', 'Cid', 'Dot']);
  });
});
