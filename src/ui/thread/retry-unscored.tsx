/** "Retry unscored (N)": asks the server to score again the comments whose scoring failed, then reloads the thread. */
import { useState } from 'react';
import { rescoreThread } from '../api/client.ts';

export interface RetryUnscoredProps {
  threadId: string;
  scorerName: string;
  /** Comments with text whose scoring failed (ThreadHeader's unscoredCount). */
  count: number;
  /** Called when the server has answered (reload the thread to show the new scores). */
  onDone: () => void;
}

export function RetryUnscored({ threadId, scorerName, count, onDone }: RetryUnscoredProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (count === 0) return null;
  const retry = async () => {
    setBusy(true);
    setProblem(null);
    const result = await rescoreThread(threadId);
    setBusy(false);
    if (!result.ok) setProblem(result.failure.error);
    else onDone();
  };
  return (
    <span className="tp-fact tp-retry">
      <button type="button" className="tp-retry-button" disabled={busy} onClick={() => void retry()}
        title={`Score again the ${count} comments shown as "unscored" with ${scorerName}`}>
        {busy ? `Retrying ${count}…` : `Retry unscored (${count})`}
      </button>
      {problem !== null && <span role="alert" className="tp-retry-problem"> {problem}</span>}
    </span>
  );
}
