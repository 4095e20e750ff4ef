/**
 * After an import: what came in (threads, comment count, format), what a re-import changed (added, changed,
 * unchanged, missing — kept) with an action to remove the missing comments, and the importer's warnings with their place.
 */
import { useReducer } from 'react';
import type { ImportedThread, ImportResponse } from '../../core/api.ts';
import { removeMissing } from '../api/client.ts';
import './import-notice.css';
import { moreLine, quotedTitle, reimportedThreads, reimportLine, REIMPORT_LINES_SHOWN, removalKey, removalReducer, removedLine, removeLabel, type Removal } from './reimport-summary.ts';

interface Props {
  result: { response: ImportResponse; source: string };
  onDismiss: () => void;
  /** The missing comments of a thread were removed: the console reloads it. */
  onRemoved?: (threadId: string) => void;
}

interface ReimportProps {
  thread: ImportedThread;
  removal: Removal | undefined;
  onRemove: (thread: ImportedThread) => void;
}

function ReimportItem({ thread, removal, onRemove }: ReimportProps) {
  const missing = thread.changes.missing.count;
  return (
    <li className="reimport-item">
      <span>{reimportLine(thread)}</span>
      {missing > 0 && removal?.kind !== 'removed' ? (
        <button type="button" className="reimport-remove" disabled={removal?.kind === 'removing'} onClick={() => onRemove(thread)}>
          {removeLabel(missing)}
        </button>
      ) : null}
      {removal?.kind === 'removed' ? <span className="reimport-done"> {removedLine(removal.removed)}</span> : null}
      {removal?.kind === 'failed' ? (
        <span className="reimport-error" role="alert">
          {' '}
          Could not remove the missing comments of {quotedTitle(thread)}: {removal.error}
        </span>
      ) : null}
    </li>
  );
}

export function ImportNotice({ result, onDismiss, onRemoved }: Props) {
  const { response, source } = result;
  const [removals, dispatch] = useReducer(removalReducer, {});
  const comments = response.threads.reduce((sum, t) => sum + t.commentCount, 0);
  const titles = response.threads.map(quotedTitle).join(', ');
  const problems = response.problems;
  const reimported = reimportedThreads(response.threads);
  const shown = reimported.slice(0, REIMPORT_LINES_SHOWN);
  const rest = reimported.slice(REIMPORT_LINES_SHOWN);

  const remove = async (thread: ImportedThread) => {
    const key = removalKey(thread);
    dispatch({ type: 'start', key });
    const answer = await removeMissing(thread.id, thread.revision);
    if (!answer.ok) {
      dispatch({ type: 'failed', key, error: answer.failure.error });
      return;
    }
    dispatch({ type: 'done', key, removed: answer.value.removed });
    onRemoved?.(thread.id);
  };

  return (
    <div className="notice" role="status">
      <div className="notice-head">
        <span>
          Imported {titles} from {source} as {response.format}: {comments} {comments === 1 ? 'entry' : 'entries'}
          {problems.length > 0 ? `, ${problems.length} ${problems.length === 1 ? 'warning' : 'warnings'}` : ', no warnings'}.
        </span>
        <button type="button" className="icon-button" aria-label="Dismiss import result" onClick={onDismiss}>
          ×
        </button>
      </div>
      {shown.length > 0 ? (
        <ul className="reimport-list" aria-label="What the re-import changed">
          {shown.map((thread) => (
            <ReimportItem key={thread.id} thread={thread} removal={removals[removalKey(thread)]} onRemove={(t) => void remove(t)} />
          ))}
          {rest.length > 0 ? <li className="reimport-item">{moreLine(rest)}</li> : null}
        </ul>
      ) : null}
      {problems.length > 0 ? (
        <details>
          <summary>Show the {problems.length === 1 ? 'warning' : 'warnings'}</summary>
          <ul className="problems">
            {problems.map((p, i) => (
              <li key={`${p.where}-${i}`} className={p.severity === 'error' ? 'problem problem-error' : 'problem'}>
                <span className="problem-where">{p.where}</span> {p.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
