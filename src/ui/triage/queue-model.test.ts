import { describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from '../../core/api.ts';
import type { CurrentDecision, DecisionState } from '../../core/decisions.ts';
import { decideFlags, DEFAULT_THRESHOLDS, maxScore, needsHumanOf } from '../../core/flags.ts';
import { ATTRIBUTES, type CommentScore, type TropeSeverity } from '../../core/scoring.ts';
import { indexOfView } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { decisionColumn, filteredIndexes, flaggedColumn, NO_FILTERS, positionsById, reviewCounts, sortedIndexes, type QueueFilters } from './queue-model.ts';

/** A small deterministic random source. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const STATES: DecisionState[] = ['approved', 'rejected', 'escalated'];

/** A random thread of full comments, with random decisions on some. */
function randomThread(n: number, seed: number): { view: ThreadView; decided: Map<string, CurrentDecision> } {
  const random = lcg(seed);
  const base = fixtureView();
  const template = base.comments[0]!;
  const comments: ViewComment[] = [];
  const decided = new Map<string, CurrentDecision>();
  for (let i = 0; i < n; i++) {
    let score: CommentScore | null = null;
    if (random() > 0.1) {
      const scores: CommentScore['scores'] = {};
      for (const a of ATTRIBUTES) if (random() > 0.2) scores[a] = Math.round(random() * 20) / 20;
      score = { scores, evidence: {} };
      if (random() > 0.9) Object.assign(score, { language: 'de', languageUnsupported: true });
    }
    const kind = Math.floor(random() * 3);
    const tropes = random() > 0.7 ? [{ id: `trope-${kind}`, name: `Trope ${'CAB'[kind]}`, severity: (1 + Math.floor(random() * 4)) as TropeSeverity, evidence: [], explanation: 'x' }] : [];
    const id = `c${i}`;
    comments.push({ ...template, id, author: `Author ${Math.floor(random() * 7)}`, text: `text ${i}`, depth: Math.floor(random() * 4), createdAt: random() > 0.2 ? new Date(1_700_000_000_000 + Math.floor(random() * 1e9)).toISOString() : null, score, scoreError: score === null ? 'failed' : null, tropes });
    if (random() > 0.6) {
      const state = STATES[Math.floor(random() * 3)]!;
      decided.set(id, { state, event: { id: `e${i}`, threadId: base.id, commentId: id, action: 'approve', moderator: 'M', reason: '', note: '', at: '', seq: i } });
    }
  }
  return { view: { ...base, comments }, decided };
}

describe('queue model over the thread index', () => {
  const { view, decided } = randomThread(400, 7);
  const index = indexOfView(view);
  const thresholds = { ...DEFAULT_THRESHOLDS, attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.4 } };
  const flagged = flaggedColumn(index, thresholds);
  const columns = { flagged, decisions: decisionColumn(index.count, decided, positionsById(index)) };
  const full = view.comments.map((c, i) => ({ c, i, flag: decideFlags(c.score, c.tropes, thresholds) }));

  it('filters as the full comments say, each filter and together with search matches', () => {
    const cases: Array<[Partial<QueueFilters>, (row: (typeof full)[number]) => boolean]> = [
      [{ flagged: true }, (r) => r.flag.flagged],
      [{ needsHuman: true }, (r) => needsHumanOf(r.c.score) !== null],
      [{ overThreshold: 'INSULT' }, (r) => (r.c.score?.scores.INSULT ?? -1) >= thresholds.attributes.INSULT],
      [{ trope: 'trope-1' }, (r) => r.c.tropes.some((t) => t.id === 'trope-1')],
      [{ decision: 'undecided' }, (r) => !decided.has(r.c.id)],
      [{ decision: 'rejected' }, (r) => decided.get(r.c.id)?.state === 'rejected'],
      [{ flagged: true, decision: 'approved', matches: [1, 5, 9, 50, 51, 52, 300, 399] }, (r) => r.flag.flagged && decided.get(r.c.id)?.state === 'approved' && [1, 5, 9, 50, 51, 52, 300, 399].includes(r.i)],
    ];
    for (const [filters, keep] of cases) {
      const got = Array.from(filteredIndexes(index, { ...NO_FILTERS, ...filters }, columns, thresholds));
      expect(got, JSON.stringify(filters)).toEqual(full.filter(keep).map((r) => r.i));
    }
  });

  it('sorts as the columns show, ties in display order, missing values first ascending and last descending', () => {
    const all = filteredIndexes(index, NO_FILTERS, columns, thresholds);
    const byKey = (key: (r: (typeof full)[number]) => number | string | null, desc: boolean) =>
      [...full]
        .sort((a, b) => {
          const x = key(a);
          const y = key(b);
          if (x === y) return a.i - b.i;
          if (x === null) return desc ? 1 : -1;
          if (y === null) return desc ? -1 : 1;
          return (x < y ? -1 : 1) * (desc ? -1 : 1);
        })
        .map((r) => r.i);
    const checks: Array<[string, (r: (typeof full)[number]) => number | string | null]> = [
      ['highest', (r) => maxScore(r.c.score)],
      ['THREAT', (r) => r.c.score?.scores.THREAT ?? null],
      ['author', (r) => r.c.author.toLowerCase()],
      ['depth', (r) => r.c.depth],
      ['createdAt', (r) => (r.c.createdAt === null ? null : Date.parse(r.c.createdAt))],
      ['flagged', (r) => (r.flag.flagged ? 1 : 0)],
      ['decision', (r) => decided.get(r.c.id)?.state ?? 'undecided'],
      ['tropes', (r) => r.c.tropes.map((t) => t.name).join(', ').toLowerCase()],
    ];
    for (const [id, key] of checks) {
      for (const desc of [false, true]) expect(Array.from(sortedIndexes(index, all, [{ id, desc }], columns)), `${id} ${desc}`).toEqual(byKey(key, desc));
    }
    expect(sortedIndexes(index, all, [], columns)).toBe(all);
  });

  it('counts flagged, needs-a-human and disagreeing comments of the whole thread', () => {
    expect(reviewCounts(index, flagged)).toEqual({ flagged: full.filter((r) => r.flag.flagged).length, needsHuman: full.filter((r) => r.flag.needsHuman).length, disagrees: 0 });
  });
});
