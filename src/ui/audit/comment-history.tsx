/**
 * A comment's full history (issue 14, docs/adr/0023-audit-trail.md): "History" in the thread pane's tool bar opens,
 * for the selected comment, every audit entry of that thread and comment (decisions, undos, claims, escalations, with
 * who, when and why) for roles that read the audit trail; for moderators and viewers the comment's decision events
 * (GET /api/threads/:id/decisions, readable by all). One request when opened, never one per row.
 */
import { useEffect, useState } from 'react';
import { AUDIT_PAGE_MAX } from '../../core/api.ts';
import { listAudit, listDecisions } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { useCan } from '../session/session-context.tsx';
import { when } from './audit-dialog.tsx';
import { auditSearch, historyRowsFromAudit, historyRowsFromDecisions, type HistoryRow } from './audit-model.ts';

type Loaded = { phase: 'loading' } | { phase: 'loaded'; rows: HistoryRow[] } | { phase: 'failed'; error: string };

function useCommentHistory(threadId: string, commentId: string, fromAudit: boolean): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  useEffect(() => {
    let stale = false;
    const load = fromAudit
      ? listAudit(auditSearch({ threadId, commentId, limit: AUDIT_PAGE_MAX })).then((r) => (r.ok ? { ok: true as const, rows: historyRowsFromAudit(r.value) } : r))
      : listDecisions(threadId).then((r) => (r.ok ? { ok: true as const, rows: historyRowsFromDecisions(r.value, commentId) } : r));
    void load.then((result) => {
      if (stale) return;
      setLoaded(result.ok ? { phase: 'loaded', rows: result.rows } : { phase: 'failed', error: result.failure.error });
    });
    return () => {
      stale = true;
    };
  }, [threadId, commentId, fromAudit]);
  return loaded;
}

export function CommentHistoryDialog({ threadId, commentId, onClose }: { threadId: string; commentId: string; onClose: () => void }) {
  const fromAudit = useCan('read-audit');
  const loaded = useCommentHistory(threadId, commentId, fromAudit);
  return (
    <Dialog title={`History of comment ${commentId}`} onClose={onClose} className="audit-dialog comment-history">
      <p className="hint">{fromAudit ? 'Every audit entry of this comment, newest first.' : 'The decisions on this comment, newest first.'}</p>
      {loaded.phase === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {loaded.phase === 'failed' ? (
        <p className="import-error" role="alert">
          Could not load the history: {loaded.error}
        </p>
      ) : null}
      {loaded.phase === 'loaded' && loaded.rows.length === 0 ? <p>Nothing has happened to this comment yet.</p> : null}
      {loaded.phase === 'loaded' && loaded.rows.length > 0 ? (
        <table className="keys audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {loaded.rows.map((row) => (
              <tr key={row.key}>
                <td>
                  <time dateTime={row.at}>{when(row.at)}</time>
                </td>
                <td>{row.who}</td>
                <td className="audit-text">{row.what}</td>
                <td className="audit-text">{row.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Dialog>
  );
}

/** "History" for the selected comment, and its dialog. */
/** Always shown (disabled without a selection), so that selecting a comment does not reflow the pane's tool bar. */
export function CommentHistoryButton({ threadId, commentId, className }: { threadId: string; commentId: string | null; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} disabled={commentId === null} onClick={() => setOpen(true)} aria-haspopup="dialog" aria-label="History of the selected comment">
        History
      </button>
      {open && commentId !== null ? <CommentHistoryDialog threadId={threadId} commentId={commentId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
