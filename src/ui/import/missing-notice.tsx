/**
 * Above an open thread whose latest import lacked some of its comments (kept and marked, ADR 0009): how many, from
 * which file, and the action to remove them — also after a reload, when the import notice is gone.
 */
import { useEffect, useMemo, useReducer } from 'react';
import { COMMENT_BITS } from '../../core/thread-index.ts';
import { removeMissing } from '../api/client.ts';
import { useStoreRevision } from '../state/comment-store.ts';
import type { OpenThread } from '../state/use-threads.ts';
import './import-notice.css';
import { missingThreadLine, removalKey, removalReducer, removedLine, removeLabel } from './reimport-summary.ts';

interface Props {
  thread: OpenThread;
  /** The missing comments were removed: the console reloads the thread. */
  onRemoved: (threadId: string) => void;
}

/** How many comments carry the MISSING bit, and the display index of the first (-1 when none). */
function missingOf(bits: ArrayLike<number>): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < bits.length; i++) {
    if ((bits[i] ?? 0) & COMMENT_BITS.MISSING) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, first };
}

export function MissingNotice({ thread, onRemoved }: Props) {
  const [removals, dispatch] = useReducer(removalReducer, {});
  const { index, store } = thread;
  const view = index.thread;
  const missing = useMemo(() => missingOf(index.bits), [index]);
  // The file name is in the first missing comment's mark: read its window.
  useStoreRevision(store);
  useEffect(() => {
    if (missing.first >= 0) store.want([missing.first]);
  }, [store, missing.first]);
  const { revision } = view;
  if (revision === undefined) return null;
  const key = removalKey({ id: view.id, revision });
  const removal = removals[key];
  if (missing.count === 0 && removal?.kind !== 'removed') return null;
  const firstMissing = missing.first >= 0 ? store.get(missing.first) : undefined;
  if (removal?.kind !== 'removed' && firstMissing === undefined) return null;

  const remove = async () => {
    dispatch({ type: 'start', key });
    const answer = await removeMissing(view.id, revision);
    if (!answer.ok) {
      dispatch({ type: 'failed', key, error: answer.failure.error });
      return;
    }
    dispatch({ type: 'done', key, removed: answer.value.removed });
    onRemoved(view.id);
  };

  return (
    <div className="notice missing-notice" role="status" aria-label="Comments missing from the latest import">
      {removal?.kind === 'removed' ? (
        <span>{removedLine(removal.removed)}</span>
      ) : (
        <>
          <span>{missingThreadLine(missing.count, firstMissing?.missing?.fileName ?? null)}</span>
          <button type="button" className="reimport-remove" disabled={removal?.kind === 'removing'} onClick={() => void remove()}>
            {removeLabel(missing.count)}
          </button>
        </>
      )}
      {removal?.kind === 'failed' ? (
        <span className="reimport-error" role="alert">
          {' '}
          Could not remove the missing comments: {removal.error}
        </span>
      ) : null}
    </div>
  );
}
