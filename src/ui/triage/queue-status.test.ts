import { describe, expect, it } from 'vitest';
import type { QueueSnapshot, ThreadView, ViewComment } from '../../core/api.ts';
import type { CurrentDecision, DecisionState } from '../../core/decisions.ts';
import { DEFAULT_THRESHOLDS, maxScore } from '../../core/flags.ts';
import { priorityOf } from '../../core/priority.ts';
import type { TropeSeverity } from '../../core/scoring.ts';
import { indexOfView } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import {
  decisionColumn,
  filteredIndexes,
  flaggedColumn,
  heldByOther,
  NO_FILTERS,
  positionsById,
  priorityAt,
  queueStateOf,
  queueStatus,
  snoozedMask,
  sortedIndexes,
  statusColumn,
  STATUS_CODES,
  type QueueColumns,
} from './queue-model.ts';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

function thread(n: number): ThreadView {
  const base = fixtureView();
  const template = base.comments[0]!;
  const comments: ViewComment[] = Array.from({ length: n }, (_, i) => ({
    ...template,
    id: `c${i}`,
    text: `text ${i}`,
    depth: 0,
    score: i % 5 === 4 ? null : { scores: { TOXICITY: (i % 10) / 10 }, evidence: {} },
    scoreError: i % 5 === 4 ? 'failed' : null,
    tropes: i % 3 === 0 ? [{ id: 't', name: 'T', severity: ((i % 4) + 1) as TropeSeverity, evidence: [], explanation: 'x' }] : [],
  }));
  return { ...base, comments };
}

const decision = (commentId: string, state: DecisionState): CurrentDecision => ({
  state,
  event: { id: `e-${commentId}`, threadId: 't', commentId, action: 'approve', moderator: 'm', reason: '', note: '', at: '', seq: 1 },
});

describe('queue states', () => {
  const view = thread(12);
  const index = indexOfView(view);
  const positions = positionsById(index);
  const decided = new Map<string, CurrentDecision>([
    ['c0', decision('c0', 'approved')],
    ['c1', decision('c1', 'rejected')],
    ['c2', decision('c2', 'escalated')],
    ['c3', decision('c3', 'escalated')],
    ['c4', decision('c4', 'approved')],
  ]);
  const snapshot: QueueSnapshot = {
    threadId: 't',
    claims: [
      { commentId: 'c3', by: 'Eddie', at: at(-1000), expiresAt: at(60_000) },
      { commentId: 'c5', by: 'bob', at: at(-1000), expiresAt: at(60_000) },
      { commentId: 'c6', by: 'ada', at: at(-1000), expiresAt: at(30_000) },
      { commentId: 'c7', by: 'bob', at: at(-700_000), expiresAt: at(-1) },
    ],
    snoozes: [
      { commentId: 'c4', by: 'ada', until: at(3_600_000) },
      { commentId: 'c8', by: 'ada', until: at(3_600_000) },
      { commentId: 'c9', by: 'ada', until: at(-5) },
    ],
  };
  const state = queueStateOf(snapshot, NOW);

  it('keeps only live claims and snoozes, and knows when the next one ends', () => {
    expect([...state.claims.keys()]).toEqual(['c3', 'c5', 'c6']);
    expect([...state.snoozes.keys()]).toEqual(['c4', 'c8']);
    expect(state.nextChange).toBe(NOW + 30_000);
    expect(queueStateOf({ threadId: 't', claims: [], snoozes: [] }, NOW).nextChange).toBe(Number.POSITIVE_INFINITY);
  });

  it('derives each status by one rule: resolved, then snoozed, then escalated, then claimed', () => {
    expect(queueStatus('approved', true, true)).toBe('resolved');
    expect(queueStatus('escalated', true, true)).toBe('snoozed');
    expect(queueStatus('escalated', true, false)).toBe('escalated');
    expect(queueStatus('undecided', true, false)).toBe('claimed');
    expect(queueStatus('undecided', false, false)).toBe('unreviewed');
    const codes = statusColumn(decisionColumn(index.count, decided, positions), state, positions);
    const names = Object.fromEntries(Object.entries(STATUS_CODES).map(([k, v]) => [v, k]));
    expect(Array.from(codes, (c) => names[c])).toEqual([
      'resolved', 'resolved', 'escalated', 'escalated', 'resolved', 'claimed', 'claimed', 'unreviewed', 'snoozed', 'unreviewed', 'unreviewed', 'unreviewed',
    ]);
  });

  it('hides snoozed comments by default, shows one status on asking, everything with "all"', () => {
    const decisions = decisionColumn(index.count, decided, positions);
    const columns: QueueColumns = { flagged: flaggedColumn(index, DEFAULT_THRESHOLDS), decisions, status: statusColumn(decisions, state, positions), snoozed: snoozedMask(index.count, state, decided, positions) };
    const ids = (filters: typeof NO_FILTERS) => Array.from(filteredIndexes(index, filters, columns, DEFAULT_THRESHOLDS), (i) => index.ids[i]);
    expect(ids(NO_FILTERS)).not.toContain('c8');
    expect(ids(NO_FILTERS)).toContain('c4'); // resolved while snoozed: a decision ends what a snooze hides
    expect(ids(NO_FILTERS)).toHaveLength(11);
    expect(ids({ ...NO_FILTERS, status: 'snoozed' })).toEqual(['c8']);
    expect(ids({ ...NO_FILTERS, status: 'claimed' })).toEqual(['c5', 'c6']);
    expect(ids({ ...NO_FILTERS, status: 'escalated' })).toEqual(['c2', 'c3']);
    expect(ids({ ...NO_FILTERS, status: 'all' })).toHaveLength(12);
    expect(snoozedMask(index.count, queueStateOf(null, NOW), decided, positions)).toBeNull();
  });

  it('tells claims of others from my own, names without case', () => {
    expect(heldByOther(state, 'c5', 'ada')).toBe(true);
    expect(heldByOther(state, 'c6', 'ADA')).toBe(false);
    expect(heldByOther(state, 'c7', 'ada')).toBe(false);
  });

  it('sorts by status and by priority (highest first), from the same function as core', () => {
    const decisions = decisionColumn(index.count, decided, positions);
    const columns: QueueColumns = { flagged: flaggedColumn(index, DEFAULT_THRESHOLDS), decisions, status: statusColumn(decisions, state, positions) };
    const all = filteredIndexes(index, { ...NO_FILTERS, status: 'all' }, columns, DEFAULT_THRESHOLDS);
    const byStatus = sortedIndexes(index, all, [{ id: 'status', desc: false }], columns);
    expect(Array.from(byStatus, (i) => columns.status![i])).toEqual([...columns.status!].sort());
    const byPriority = Array.from(sortedIndexes(index, all, [{ id: 'priority', desc: true }], columns));
    const expected = view.comments
      .map((c, i) => ({ i, p: priorityOf({ highest: c.score ? maxScore(c.score) : null, scoreFailed: c.scoreError !== null, tropes: c.tropes.map((t) => t.severity), reports: null }) }))
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .map((x) => x.i);
    expect(byPriority).toEqual(expected);
    expect(priorityAt(index, 4)).toBeCloseTo(0.5 * 0.5); // unscored: the middle
  });
});
