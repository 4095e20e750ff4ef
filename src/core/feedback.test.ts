/**
 * The "model and moderators disagree" rule: |suggested − ours| ≥ 0.5 on some attribute, with our score known.
 */
import { describe, expect, it } from 'vitest';
import type { CommentFeedback } from './api.ts';
import { compareFeedback, DISAGREEMENT_GAP, feedbackDisagrees, feedbackText } from './feedback.ts';
import type { CommentScore } from './scoring.ts';

const AT = '2026-12-06T10:00:00.000Z';
const score = (scores: CommentScore['scores']): CommentScore => ({ scores, evidence: {} });
const fb = (attribute: CommentFeedback['attribute'], suggested: number): CommentFeedback => ({ attribute, suggested, count: 1, latestAt: AT });

describe('feedback beside our score', () => {
  it('disagrees from a gap of 0.5 up, floats included (0.7 − 0.2)', () => {
    expect(DISAGREEMENT_GAP).toBe(0.5);
    expect(feedbackDisagrees({ score: score({ TOXICITY: 0.12 }), feedback: [fb('TOXICITY', 0.9)] })).toBe(true);
    expect(feedbackDisagrees({ score: score({ TOXICITY: 0.2 }), feedback: [fb('TOXICITY', 0.7)] })).toBe(true);
    expect(feedbackDisagrees({ score: score({ TOXICITY: 0.21 }), feedback: [fb('TOXICITY', 0.7)] })).toBe(false);
    expect(feedbackDisagrees({ score: score({ TOXICITY: 0.95 }), feedback: [fb('TOXICITY', 0)] })).toBe(true);
  });

  it('compares each attribute with ours for it; none without feedback, nor without our score', () => {
    const comparisons = compareFeedback({ score: score({ TOXICITY: 0.12, INSULT: 0.8 }), feedback: [fb('TOXICITY', 0.3), fb('INSULT', 0), fb('THREAT', 1)] });
    expect(comparisons.map((c) => [c.attribute, c.ours, c.disagrees])).toEqual([['TOXICITY', 0.12, false], ['INSULT', 0.8, true], ['THREAT', null, false]]);
    expect(feedbackDisagrees({ score: score({ TOXICITY: 0.1 }) })).toBe(false);
    expect(feedbackDisagrees({ score: null, feedback: [fb('TOXICITY', 1)] })).toBe(false);
  });

  it('words it as the console shows it', () => {
    const [withOurs, withoutOurs] = compareFeedback({ score: score({ TOXICITY: 0.12 }), feedback: [fb('TOXICITY', 0.9), fb('THREAT', 1)] });
    expect(feedbackText(withOurs!)).toBe('TOXICITY 0.90 (ours 0.12)');
    expect(feedbackText(withoutOurs!)).toBe('THREAT 1.00 (ours —)');
  });
});
