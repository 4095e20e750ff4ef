/** Header of the thread view: title, source link and format, counts, the article and the import notes, each collapsible. */
import { useId, useState, type ReactNode } from 'react';
import { COMMENT_BITS } from '../../core/thread-index.ts';
import type { OpenThread } from '../state/use-threads.ts';
import { isHttpUrl } from './formatted-html.ts';
import { BrowserCheck } from '../browser-scoring/browser-check.tsx';
import type { BrowserScorer } from '../browser-scoring/browser-scorer.ts';
import { RetryUnscored } from './retry-unscored.tsx';

/** Import notes listed at most; a broken 100,000-comment file must not freeze the header. */
const MAX_NOTES_SHOWN = 500;

function Disclosure({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <section className={className}>
      <button type="button" className="tp-disclosure" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((v) => !v)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {label}
      </button>
      <div id={panelId} hidden={!open}>
        {open && children}
      </div>
    </section>
  );
}

export interface ThreadHeaderProps {
  thread: OpenThread;
  flaggedCount: number;
  /** Called after unscored comments were sent for scoring again (reload the view); no retry button without it. */
  onRescored?: () => void;
  /** The browser's scoring worker; with it the header offers "Check in browser". */
  browserScorer?: BrowserScorer;
}

/** Comments with text whose scoring failed or has not happened (the index's SCORE_ERROR bit). */
export function unscoredCount(bits: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) if ((bits[i] ?? 0) & COMMENT_BITS.SCORE_ERROR) n++;
  return n;
}

export function ThreadHeader({ thread, flaggedCount, onRescored, browserScorer }: ThreadHeaderProps) {
  const view = thread.index.thread;
  const count = thread.index.count;
  const notes = view.problems.length;
  return (
    <header className="tp-header">
      <h2 className="tp-title">{view.title.trim() || 'Untitled thread'}</h2>
      <div className="tp-facts">
        {view.url !== null && view.url !== '' && (
          <span className="tp-fact tp-source">
            {isHttpUrl(view.url) ? (
              <a href={view.url} target="_blank" rel="noopener noreferrer">
                {view.url}
              </a>
            ) : (
              <span title="Not an http(s) address, so not a link">{view.url}</span>
            )}
          </span>
        )}
        <span className="tp-fact">format {view.sourceFormat}</span>
        <span className="tp-fact">
          {count} {count === 1 ? 'comment' : 'comments'}
        </span>
        <span className={`tp-fact${flaggedCount > 0 ? ' tp-fact-flagged' : ''}`}>{flaggedCount} flagged</span>
        <span className="tp-fact" title={view.scorer.description}>
          scored by {view.scorer.name} {view.scorer.version}
        </span>
        {onRescored && <RetryUnscored threadId={view.id} scorerName={view.scorer.name} count={unscoredCount(thread.index.bits)} onDone={onRescored} />}
        {browserScorer && <BrowserCheck thread={thread} scorer={browserScorer} />}
      </div>
      {view.articleText.trim() !== '' && (
        <Disclosure label="Article" className="tp-article">
          <div className="tp-article-text">{view.articleText}</div>
        </Disclosure>
      )}
      {notes > 0 && (
        <Disclosure label={`${notes} import ${notes === 1 ? 'note' : 'notes'}`} className="tp-notes">
          <ul className="tp-notes-list">
            {view.problems.slice(0, MAX_NOTES_SHOWN).map((problem, i) => (
              <li key={i}>
                <span className="tp-notes-where">{problem.where}</span> {problem.message}
              </li>
            ))}
            {notes > MAX_NOTES_SHOWN && <li className="tp-muted">and {notes - MAX_NOTES_SHOWN} more</li>}
          </ul>
        </Disclosure>
      )}
    </header>
  );
}
