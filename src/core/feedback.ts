/**
 * Moderators' feedback beside the model's score (issue 12, docs/adr/0017-score-feedback.md): each suggestion a caller
 * sent with comments:suggestscore for a comment's text, compared with Threadscope's own score of the same attribute.
 *
 * The rule "model and moderators disagree": for some attribute, |suggested − ours| ≥ DISAGREEMENT_GAP (0.5), with
 * our score known. A comment we could not score (no score, or the attribute withheld for its language) never
 * disagrees: there is nothing to compare. Pure: no I/O.
 */
import type { CommentFeedback, ViewComment } from './api.ts';

/** The gap between the moderators' suggested score and ours from which they disagree. */
export const DISAGREEMENT_GAP = 0.5;

/** Float slack, so that 0.7 − 0.2 (0.49999999999999994) counts as the 0.5 it is. */
const SLACK = 1e-9;

/** One attribute's feedback beside our score of it. */
export interface FeedbackComparison extends CommentFeedback {
  /** Threadscope's score of the attribute, or null when it has none for this comment. */
  ours: number | null;
  disagrees: boolean;
}

/** The comment's feedback, each with our score and whether they disagree, in the order the view gives them. */
export function compareFeedback(comment: Pick<ViewComment, 'score' | 'feedback'>): FeedbackComparison[] {
  return (comment.feedback ?? []).map((entry) => {
    const ours = comment.score?.scores[entry.attribute] ?? null;
    return { ...entry, ours, disagrees: ours !== null && gapDisagrees(entry.suggested, ours) };
  });
}

/** True when the two scores are at least DISAGREEMENT_GAP apart. */
export function gapDisagrees(suggested: number, ours: number): boolean {
  return Math.abs(suggested - ours) >= DISAGREEMENT_GAP - SLACK;
}

/** True when moderators and the model disagree on some attribute of the comment. */
export function feedbackDisagrees(comment: Pick<ViewComment, 'score' | 'feedback'>): boolean {
  return compareFeedback(comment).some((c) => c.disagrees);
}

/** "TOXICITY 0.90 (ours 0.12)"; "(ours —)" when we have no score for the attribute. */
export function feedbackText(comparison: FeedbackComparison): string {
  const ours = comparison.ours === null ? '—' : comparison.ours.toFixed(2);
  return `${comparison.attribute} ${comparison.suggested.toFixed(2)} (ours ${ours})`;
}
