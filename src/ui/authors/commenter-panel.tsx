/**
 * The commenter panel (issue 14, ADR 0026): beside the selected comment, its author's comments across all threads
 * (GET /api/authors/history), loaded when the panel is open, kept per author while the thread is open
 * (history-cache.ts) and loaded again when a decision on one of the author's comments in this thread is confirmed
 * (the open thread's decision log, which live events from other moderators feed too). It shows the counts, the
 * newest comments with their thread, time, flags, decision and who made it, a link that opens each in its thread,
 * and "Select all of this author's comments", which checks them in the queue for a bulk decision.
 *
 * Opened and closed with its button or the `w` key ("who wrote this"); a region labelled "Commenter history".
 */
import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { AuthorComment, AuthorHistory } from '../../core/api.ts';
import { getAuthorHistory } from '../api/client.ts';
import { isTextField } from '../triage/use-triage-keys.ts';
import { decisionSignature, EMPTY_CACHE, historyReducer, needsLoad } from './history-cache.ts';
import './commenter-panel.css';

const DECIDED: Record<NonNullable<AuthorComment['decision']>, string> = { approved: 'Approved', rejected: 'Rejected', escalated: 'Escalated' };

interface Props {
  /** The selected comment's author, exactly as imported; null when no comment is selected. */
  author: string | null;
  /** Ids of the author's comments in the open thread (from the index), for "Select all". */
  authorIds: readonly string[];
  /** The open thread's decision state of a comment, null when pending or undecided (a change loads the history again). */
  confirmedState: (commentId: string) => string | undefined;
  open: boolean;
  onToggle: () => void;
  /** False while a dialog is open. */
  shortcutsEnabled: boolean;
  /** When the user may decide: "Select all" is offered. */
  canSelect: boolean;
  onSelectAll: (commentIds: readonly string[]) => void;
  /** Opens a listed comment: selects it in the open thread, or opens its thread first. */
  onOpenComment: (threadId: string, commentId: string) => void;
}

function formatTime(iso: string | null): string {
  if (iso === null) return 'time unknown';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : iso;
}

function Counts({ history }: { history: AuthorHistory }) {
  const c = history.counts;
  const items: Array<[string, number]> = [['Comments', c.comments], ['Approved', c.approved], ['Rejected', c.rejected], ['Escalated', c.escalated], ['Flagged', c.flagged]];
  return (
    <dl className="ch-counts" aria-label="Counts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Item({ item, onOpen }: { item: AuthorComment; onOpen: () => void }) {
  return (
    <li className="ch-item">
      <div className="ch-meta">
        <span className="ch-thread">{item.threadTitle}</span> · <time dateTime={item.postedAt ?? undefined}>{formatTime(item.postedAt)}</time>
        {item.decision ? (
          <span className={`ch-decision ch-${item.decision}`}>
            {' '}
            · {DECIDED[item.decision]}
            {item.decidedBy ? ` by ${item.decidedBy}` : ''}
          </span>
        ) : (
          <span className="ch-decision"> · Undecided</span>
        )}
      </div>
      <p className="ch-text">{item.text === '' ? <em>(empty)</em> : item.text}</p>
      {item.flagged ? (
        <ul className="ch-flags" aria-label="Flags">
          {item.flagReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      <a
        href={`#comment=${encodeURIComponent(item.commentId)}`}
        onClick={(event) => {
          event.preventDefault();
          onOpen();
        }}
      >
        Open in thread
      </a>
    </li>
  );
}

export function CommenterPanel(props: Props) {
  const { author, open, authorIds, confirmedState } = props;
  const [cache, dispatch] = useReducer(historyReducer, EMPTY_CACHE);
  const entry = author === null ? undefined : cache.get(author);

  // Load on demand: when the panel is open on an author not cached (or made stale by a decision).
  useEffect(() => {
    if (!open || author === null || !needsLoad(entry)) return;
    dispatch({ type: 'load', author });
    void getAuthorHistory(author).then((result) => {
      if (result.ok) dispatch({ type: 'loaded', author, history: result.value });
      else dispatch({ type: 'failed', author, error: result.failure.error });
    });
  }, [open, author, entry]);

  // A decision confirmed on one of the author's comments here makes the cached history stale.
  const signature = useMemo(() => decisionSignature(authorIds, confirmedState), [authorIds, confirmedState]);
  const seen = useRef<{ author: string | null; signature: string }>({ author, signature });
  useEffect(() => {
    if (seen.current.author === author && seen.current.signature !== signature && author !== null) dispatch({ type: 'invalidate', author });
    seen.current = { author, signature };
  }, [author, signature]);

  // `w` opens and closes the panel (not while typing, not with a dialog open).
  const toggle = useRef(props.onToggle);
  useEffect(() => {
    toggle.current = props.onToggle;
  });
  useEffect(() => {
    if (!props.shortcutsEnabled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'w' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      event.preventDefault();
      toggle.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props.shortcutsEnabled]);

  const history = entry?.history ?? null;
  return (
    <div className="ch">
      <button type="button" aria-expanded={open} aria-controls="commenter-history" onClick={props.onToggle} disabled={author === null && !open}>
        {open ? '▾' : '▸'} Commenter history{author !== null ? `: ${author || 'Anonymous'}` : ''} <kbd>w</kbd>
      </button>
      {open ? (
        <section id="commenter-history" className="ch-panel" aria-label="Commenter history">
          {author === null ? (
            <p className="ch-muted">Select a comment to see its author&apos;s history.</p>
          ) : (
            <>
              <h2 className="ch-title">Comments by {author || 'Anonymous'}</h2>
              <p className="ch-muted" role="status">
                {entry?.status === 'loading' ? 'Loading…' : entry?.status === 'failed' ? '' : history && history.truncated ? `Showing the newest ${history.comments.length} of ${history.counts.comments}.` : ''}
              </p>
              {entry?.status === 'failed' ? (
                <p className="ch-error" role="alert">
                  Could not load the history: {entry.error}{' '}
                  <button type="button" onClick={() => dispatch({ type: 'forget', author })}>
                    Retry
                  </button>
                </p>
              ) : null}
              {history ? (
                <>
                  <Counts history={history} />
                  {props.canSelect ? (
                    <button type="button" disabled={authorIds.length === 0} onClick={() => props.onSelectAll(authorIds)}>
                      Select all of this author&apos;s comments ({authorIds.length} in this thread)
                    </button>
                  ) : null}
                  <ul className="ch-list" aria-label={`Comments by ${author || 'Anonymous'}`}>
                    {history.comments.map((item) => (
                      <Item key={`${item.threadId}\u0000${item.commentId}`} item={item} onOpen={() => props.onOpenComment(item.threadId, item.commentId)} />
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
