/**
 * After an import: what came in (threads, comment count, format) and the importer's warnings with their place.
 */
import type { ImportResponse } from '../../core/api.ts';

interface Props {
  result: { response: ImportResponse; source: string };
  onDismiss: () => void;
}

export function ImportNotice({ result, onDismiss }: Props) {
  const { response, source } = result;
  const comments = response.threads.reduce((sum, t) => sum + t.commentCount, 0);
  const titles = response.threads.map((t) => `“${t.title || 'Untitled'}”`).join(', ');
  const problems = response.problems;
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
