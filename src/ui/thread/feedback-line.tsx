/**
 * "Moderators elsewhere: TOXICITY 0.90 (ours 0.12)": the scores that callers of comments:suggestscore suggested for
 * this comment's text, each beside Threadscope's own, shown under the flag badges. An attribute where they are at
 * least 0.5 apart is marked, in words as well as colour ("disagree"). Rules: src/core/feedback.ts.
 */
import type { ViewComment } from '../../core/api.ts';
import { compareFeedback, feedbackText, type FeedbackComparison } from '../../core/feedback.ts';

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The tooltip of one entry: how many suggestions it stands for, and when the latest came. */
export function feedbackDetail(c: FeedbackComparison): string {
  const latest = Number.isNaN(Date.parse(c.latestAt)) ? c.latestAt : TIME_FORMAT.format(Date.parse(c.latestAt));
  const what = c.count === 1 ? '1 suggestion' : `mean of ${c.count} suggestions`;
  return `${c.attribute}: ${what} from moderators using comments:suggestscore, the latest ${latest}`;
}

export function FeedbackLine({ comment }: { comment: Pick<ViewComment, 'score' | 'feedback'> }) {
  const comparisons = compareFeedback(comment);
  if (comparisons.length === 0) return null;
  const disagree = comparisons.some((c) => c.disagrees);
  return (
    <p className={`tp-feedback${disagree ? ' tp-feedback-disagree' : ''}`}>
      <span className="tp-feedback-label">Moderators elsewhere:</span>{' '}
      {comparisons.map((c, i) => (
        <span key={c.attribute}>
          {i > 0 && ' · '}
          <span className={c.disagrees ? 'tp-feedback-entry tp-feedback-far' : 'tp-feedback-entry'} title={feedbackDetail(c)}>
            {feedbackText(c)}
          </span>
        </span>
      ))}
      {disagree && <span className="tp-tag tp-tag-warn tp-feedback-tag">disagree</span>}
    </p>
  );
}
