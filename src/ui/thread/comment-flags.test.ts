import { describe, expect, it } from 'vitest';
import type { ViewComment } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS, decideFlags } from '../../core/flags.ts';
import type { TropeHit } from '../../core/scoring.ts';
import { flagBadges, highlightSpans, scoreBars } from './comment-flags.ts';

const hit: TropeHit = {
  id: 'vermin',
  name: 'Dehumanisation as vermin or disease',
  severity: 4,
  evidence: [{ start: 10, end: 15, text: 'vermin', role: 'what' }],
  explanation: 'a group is called "vermin"',
};

function view(over: Partial<ViewComment>): ViewComment {
  return {
    id: 'c', parentId: null, author: 'A', createdAt: null, createdAtText: null, text: 'They are vermin, all of them', html: null,
    kind: 'comment', status: 'published', depth: 0, treeParentId: null, orphan: false, descendantCount: 0,
    score: null, scoreError: null, tropes: [], ...over,
  };
}

describe('flagBadges', () => {
  it('flags a score exactly at its threshold, ignores a non-finite score, and takes the reason line from the policy', () => {
    const c = view({ score: { scores: { INSULT: 0.6, TOXICITY: 0.69, SEVERE_TOXICITY: Number.NaN }, evidence: { INSULT: [{ start: 9, end: 15, text: 'vermin' }] } } });
    const flag = decideFlags(c.score, c.tropes, DEFAULT_THRESHOLDS);
    const badges = flagBadges(c, flag, DEFAULT_THRESHOLDS);
    expect(badges.map((b) => b.label)).toEqual(['INSULT 0.60']);
    expect(badges[0]!.reason).toBe(flag.reasons.find((r) => r.startsWith('INSULT')));
    expect(badges[0]!.reason).toBe('INSULT 0.60 ≥ 0.60: "vermin"');
  });

  it('gives a trope badge with the policy line and the severity', () => {
    const c = view({ tropes: [hit] });
    const flag = decideFlags(c.score, c.tropes, DEFAULT_THRESHOLDS);
    const [badge] = flagBadges(c, flag, DEFAULT_THRESHOLDS);
    expect(badge!.label).toBe('Trope: Dehumanisation as vermin or disease · S4');
    expect(badge!.reason).toBe(`${flag.reasons[0]} Severity S4 (critical).`);
    expect(badge!.flagging).toBe(true);
  });

  it('explains a taxonomy trope with its definition and http(s) sources, and marks a thread-context badge', () => {
    const real: TropeHit = { ...hit, id: 'covert-control-of-leaders', name: 'Secret control of leaders', severity: 3 };
    const context: TropeHit = {
      ...real,
      severity: 2,
      evidence: [{ start: 0, end: 4, text: 'They', role: 'context' }],
      explanation: 'Endorses a flagged comment by Hy: "Secret control of leaders"',
      contextOf: { commentId: 'p1', tropeId: 'covert-control-of-leaders' },
    };
    const c = view({ tropes: [real, context] });
    const [badge, ctx] = flagBadges(c, decideFlags(c.score, c.tropes, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS);
    expect(badge!.definition).toMatch(/secretly steer/);
    expect(badge!.references!.length).toBeGreaterThan(0);
    for (const url of badge!.references!) expect(url).toMatch(/^https?:\/\//);
    expect(badge!.contextOf).toBeUndefined();
    expect(ctx!.label).toBe('Context: endorses Secret control of leaders · S2');
    expect(ctx!.reason).toContain('Endorses a flagged comment by Hy');
    expect(ctx!.contextOf).toEqual({ commentId: 'p1', tropeId: 'covert-control-of-leaders' });
    const unknown = flagBadges(view({ tropes: [hit] }), undefined, DEFAULT_THRESHOLDS)[0]!;
    expect(unknown.definition).toBeUndefined();
    expect(unknown.references).toEqual([]);
  });
});

describe('scoreBars', () => {
  it('lists supplied attributes in order, clamped, with over-threshold marked', () => {
    const c = view({ score: { scores: { THREAT: 0.51, TOXICITY: 1.4 }, evidence: {} } });
    expect(scoreBars(c, DEFAULT_THRESHOLDS)).toEqual([
      { attribute: 'TOXICITY', value: 1, threshold: 0.7, over: true },
      { attribute: 'THREAT', value: 0.51, threshold: 0.5, over: true },
    ]);
    expect(scoreBars(view({}), DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('highlightSpans', () => {
  it('re-places stale evidence offsets on the quoted words and drops quotes that are not in the text', () => {
    const stale = { ...hit, evidence: [{ start: 10, end: 16, text: 'vermin', role: 'what' as const }, { start: 0, end: 3, text: 'rats', role: 'what' as const }] };
    const spans = highlightSpans(view({ tropes: [stale] }), DEFAULT_THRESHOLDS);
    expect(spans).toEqual([{ start: 9, end: 15, kind: 'trope', label: 'Trope: Dehumanisation as vermin or disease (what)' }]);
  });

  it('highlights nothing for scores under threshold', () => {
    const c = view({ score: { scores: { INSULT: 0.3 }, evidence: { INSULT: [{ start: 9, end: 15, text: 'vermin' }] } } });
    expect(highlightSpans(c, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});
