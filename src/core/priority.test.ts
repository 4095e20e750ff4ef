import { describe, expect, it } from 'vitest';
import { PRIORITY_WEIGHTS, priorityOf, reportsPart, scorePart, tropesPart, UNSCORED_SCORE } from './priority.ts';

const base = { highest: null, scoreFailed: false, tropes: [], reports: null } as const;

describe('priority', () => {
  it('weighs score, tropes and reports with weights that sum to 1', () => {
    expect(PRIORITY_WEIGHTS.score + PRIORITY_WEIGHTS.tropes + PRIORITY_WEIGHTS.reports).toBeCloseTo(1);
    expect(priorityOf(base)).toBe(0);
    expect(priorityOf({ highest: 1, scoreFailed: false, tropes: [4], reports: 10 })).toBeCloseTo(1);
    expect(priorityOf({ ...base, highest: 0.8 })).toBeCloseTo(0.4);
    expect(priorityOf({ ...base, highest: 0.2, tropes: [4] })).toBeCloseTo(0.1 + 0.3);
  });

  it('puts a strong trope hit above a middling score, and a high score above a weak hit', () => {
    expect(priorityOf({ ...base, highest: 0.1, tropes: [4] })).toBeGreaterThan(priorityOf({ ...base, highest: 0.6 }));
    expect(priorityOf({ ...base, highest: 0.9 })).toBeGreaterThan(priorityOf({ ...base, highest: 0.1, tropes: [1] }));
  });

  it('counts a failed scoring as unknown (middle), an empty comment as nothing', () => {
    expect(scorePart(null, true)).toBe(UNSCORED_SCORE);
    expect(scorePart(null, false)).toBe(0);
    expect(scorePart(1.7, false)).toBe(1);
    expect(scorePart(Number.NaN, false)).toBe(0);
  });

  it('scores tropes by the strongest hit, each further hit adding a little, at most 1', () => {
    expect(tropesPart([])).toBe(0);
    expect(tropesPart([2])).toBe(0.5);
    expect(tropesPart([1, 2])).toBe(0.625);
    expect(tropesPart([4, 4, 4])).toBe(1);
  });

  it('log-scales reports, full at 10, none without them', () => {
    expect(reportsPart(null)).toBe(0);
    expect(reportsPart(0)).toBe(0);
    expect(reportsPart(-3)).toBe(0);
    expect(reportsPart(10)).toBeCloseTo(1);
    expect(reportsPart(1000)).toBe(1);
    expect(reportsPart(1)).toBeGreaterThan(0.25);
    expect(reportsPart(1)).toBeLessThan(reportsPart(3));
  });
});
