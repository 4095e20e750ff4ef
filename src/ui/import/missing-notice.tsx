/**
 * Above an open thread whose latest import lacked some of its comments (kept and marked, ADR 0009): how many, from
 * which file, and the action to remove them — also after a reload, when the import notice is gone.
 */
import { useReducer } from 'react';
import type { ThreadView } from '../../core/api.ts';
import { removeMissing } from '../api/client.ts';
import './import-notice.css';
import { missingThreadLine, removalKey, removalReducer, removedLine, removeLabel } from './reimport-summary.ts';

interface Props {
  view: ThreadView;
  /** The missing comments were removed: the console reloads the thread. */
  onRemoved: (threadId: string) => void;
}

export function MissingNotice({ view, onRemoved }: Props) {
  const [removals, dispatch] = useReducer(removalReducer, {});
  const { revision } = view;
  if (revision === undefined) return null;
  const key = removalKey({ id: view.id, revision });
  const removal = removals[key];
  const missing = view.comments.filter((c) => c.missing);
  if (missing.length === 0 && removal?.kind !== 'removed') return null;

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
          <span>{missingThreadLine(missing.length, missing[0]?.missing?.fileName ?? null)}</span>
          <button type="button" className="reimport-remove" disabled={removal?.kind === 'removing'} onClick={() => void remove()}>
            {removeLabel(missing.length)}
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
