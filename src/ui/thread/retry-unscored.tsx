/** "Retry unscored (N)": asks the server to score again the comments whose scoring failed, then reloads the view. */
import { useState } from 'react';
import type { ThreadView } from '../../core/api.ts';
import { rescoreThread } from '../api/client.ts';

export interface RetryUnscoredProps {
  view: ThreadView;
  /** Called when the server has answered (reload the view to show the new scores). */
  onDone: () => void;
}

/** Comments with text whose scoring failed or has not happened. */
export function unscoredCount(view: ThreadView): number {
  return view.comments.filter((c) => c.scoreError !== null && c.text.trim() !== '').length;
}

export function RetryUnscored({ view, onDone }: RetryUnscoredProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const count = unscoredCount(view);
  if (count === 0) return null;
  const retry = async () => {
    setBusy(true);
    setProblem(null);
    const result = await rescoreThread(view.id);
    setBusy(false);
    if (!result.ok) setProblem(result.failure.error);
    else onDone();
  };
  return (
    <span className="tp-fact tp-retry">
      <button type="button" className="tp-retry-button" disabled={busy} onClick={() => void retry()}
        title={`Score again the ${count} comments shown as "unscored" with ${view.scorer.name}`}>
        {busy ? `Retrying ${count}…` : `Retry unscored (${count})`}
      </button>
      {problem !== null && <span role="alert" className="tp-retry-problem"> {problem}</span>}
    </span>
  );
}
