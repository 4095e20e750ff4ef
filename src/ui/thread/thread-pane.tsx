/**
 * The thread view: the whole thread nested as readers saw it, virtualized over the thread index (depth,
 * descendants and tree parents for collapse and guides), with each comment's body, flags, evidence and decision
 * from its window once the store has read it (a brief placeholder until then); collapsing subtrees, and revealing
 * the comment selected elsewhere (e.g. in the triage queue). Sized for 100,000 comments
 * (docs/adr/0020-browser-model-for-size.md).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ThreadIndex, ViewComment } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import { decideFlags, type Thresholds } from '../../core/flags.ts';
import { useStoreRevision } from '../state/comment-store.ts';
import type { OpenThread } from '../state/use-threads.ts';
import { authorLabelAt } from '../triage/queue-model.ts';
import { CommentRow, MAX_INDENT_LEVELS } from './comment-row.tsx';
import type { BrowserScorer } from '../browser-scoring/browser-scorer.ts';
import { ThreadHeader } from './thread-header.tsx';
import { CommentHistoryButton } from '../audit/comment-history.tsx';
import { activeGuideMask, ancestorIndices, positionOf, selectedGuideRanges, visibleIndices, type GuideRange } from './visible-rows.ts';
import './thread.css';

export interface ThreadPaneProps {
  thread: OpenThread;
  /** Comments flagged under the live thresholds (the tool bar's count). */
  flaggedCount: number;
  /** Current moderator decision per comment id. */
  decisions: Map<string, CurrentDecision>;
  thresholds: Thresholds;
  selectedId: string | null;
  onSelect(commentId: string): void;
  /** Called after unscored comments were sent for scoring again (the header's retry button). */
  onRescored?: () => void;
  /** The browser's scoring worker, for the header's "Check in browser" (absent: no check offered). */
  browserScorer?: BrowserScorer;
}

const EMPTY: ReadonlySet<string> = new Set();
/** Height of a row before it is measured: most comments are a line or three. */
const ESTIMATED_HEIGHT = 90;
/** Rows read ahead of the viewport, above and below. */
const PREFETCH_ROWS = 20;
/** Checks (a fifth of a second apart) that keep a newly selected comment in view while rows are measured: 10 s at most. */
const SCROLL_TRIES = 50;
/** Consecutive checks the selected comment must be in view, loaded, before the pane stops holding it there. */
const SETTLED_CHECKS = 3;
/** What the user does to scroll the pane themselves: the pane then stops holding the selection in view. */
const USER_SCROLL_EVENTS = ['wheel', 'pointerdown', 'touchstart', 'keydown'] as const;

/** True when `row` is at least partly inside the scroll area's visible box. */
function inView(row: Element, scroller: Element): boolean {
  const a = row.getBoundingClientRect();
  const b = scroller.getBoundingClientRect();
  return a.bottom > b.top && a.top < b.bottom;
}

function without(set: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) next.delete(id);
  return next;
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

interface ItemProps {
  index: ThreadIndex;
  at: number;
  comment: ViewComment | undefined;
  decision: CurrentDecision | undefined;
  thresholds: Thresholds;
  selected: boolean;
  collapsed: boolean;
  showFormatted: boolean;
  guides: readonly GuideRange[];
  onSelect(commentId: string): void;
  onToggleCollapsed(commentId: string): void;
  onToggleFormatted(commentId: string): void;
}

/** One row: the comment once its window is here, else a placeholder of its author at its depth. */
const ThreadItem = memo(function ThreadItem({ index, at, comment, guides, ...rest }: ItemProps) {
  const flag = useMemo(() => (comment ? decideFlags(comment.score, comment.tropes, rest.thresholds) : undefined), [comment, rest.thresholds]);
  const depth = index.depth[at] ?? 0;
  const guideMask = activeGuideMask(guides, at, depth, MAX_INDENT_LEVELS);
  if (!comment) {
    const levels = Math.min(depth, MAX_INDENT_LEVELS);
    return (
      <div className="tp-row" style={{ paddingLeft: `calc(${levels} * var(--tp-indent))` }}>
        <div className="tp-comment tp-loading" aria-busy="true">
          <span className="tp-author">{authorLabelAt(index, at)}</span> <span className="tp-muted">Loading…</span>
        </div>
      </div>
    );
  }
  return <CommentRow comment={comment} flag={flag} guideMask={guideMask} {...rest} />;
});

export function ThreadPane({ thread, flaggedCount, decisions, thresholds, selectedId, onSelect, onRescored, browserScorer }: ThreadPaneProps) {
  const { index, positions, store } = thread;
  const threadId = index.thread.id;
  useStoreRevision(store);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(EMPTY);
  const [formatted, setFormatted] = useState<ReadonlySet<string>>(EMPTY);
  const [shownThread, setShownThread] = useState(threadId);
  const [revealed, setRevealed] = useState<string | null>(null);
  const selectedIndex = selectedId === null ? undefined : positions.get(selectedId);
  const ancestors = useMemo(() => (selectedIndex === undefined ? [] : ancestorIndices(index, selectedIndex)), [index, selectedIndex]);

  // Adjust state while rendering (React's pattern for "state follows a prop"): a new thread starts expanded,
  // and a comment selected from outside gets its collapsed ancestors opened.
  let openCollapsed = collapsed;
  if (shownThread !== threadId) {
    setShownThread(threadId);
    openCollapsed = EMPTY;
    setFormatted(EMPTY);
  }
  if (revealed !== selectedId) {
    setRevealed(selectedId);
    const closed = ancestors.map((at) => index.ids[at] ?? '').filter((id) => openCollapsed.has(id));
    if (closed.length > 0) openCollapsed = without(openCollapsed, closed);
  }
  if (openCollapsed !== collapsed) setCollapsed(openCollapsed);

  // Collapsed comments are kept by id (a reloaded index may move them); the tree walk takes display indexes.
  const collapsedAt = useMemo(() => {
    const set = new Set<number>();
    for (const id of collapsed) {
      const at = positions.get(id);
      if (at !== undefined) set.add(at);
    }
    return set;
  }, [collapsed, positions]);
  const visible = useMemo(() => visibleIndices(index, collapsedAt), [index, collapsedAt]);
  const guideRanges = useMemo(() => selectedGuideRanges(index, ancestors), [index, ancestors]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows get plain values (item.start, ids), never the virtualizer's functions, so no memoized child goes stale.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_HEIGHT,
    getItemKey: (i) => visible[i] ?? -1 - i,
    overscan: 8,
  });

  // Scroll a newly selected comment into view, once per selection (not again when the user collapses something).
  // Rows are only estimated until measured, so a scroll may land beside it, and rows measured above it later push it
  // away: the pane holds it in view, checking a fifth of a second apart, until it has been in view with its text
  // loaded for SETTLED_CHECKS checks in a row, or the user scrolls, or SCROLL_TRIES checks have passed.
  const selectedPosition = positionOf(visible, selectedIndex);
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    const key = selectedId === null ? null : `${threadId}\u0000${selectedId}`;
    if (key === null || selectedPosition < 0) {
      if (key === null) scrolledFor.current = null;
      return undefined;
    }
    if (scrolledFor.current === key) return undefined;
    scrolledFor.current = key;
    virtualizer.scrollToIndex(selectedPosition, { align: 'auto' });
    const scroller = scrollRef.current;
    let tries = 0;
    let settled = 0;
    const stop = () => {
      window.clearInterval(timer);
      for (const name of USER_SCROLL_EVENTS) scroller?.removeEventListener(name, stop);
    };
    const timer = window.setInterval(() => {
      tries += 1;
      const row = scroller?.querySelector(`.tp-item[data-index="${selectedPosition}"]`);
      const shown = scroller !== null && row !== null && row !== undefined && inView(row, scroller) && row.querySelector('.tp-loading') === null;
      settled = shown ? settled + 1 : 0;
      if (settled >= SETTLED_CHECKS || tries >= SCROLL_TRIES) stop();
      else if (!shown) virtualizer.scrollToIndex(selectedPosition, { align: 'auto' });
    }, 200);
    for (const name of USER_SCROLL_EVENTS) scroller?.addEventListener(name, stop, { passive: true });
    return stop;
  }, [threadId, selectedId, selectedPosition, virtualizer]);
  const rendered = virtualizer.getVirtualItems();

  const onToggleCollapsed = useCallback((id: string) => setCollapsed((set) => toggled(set, id)), []);
  const onToggleFormatted = useCallback((id: string) => setFormatted((set) => toggled(set, id)), []);
  const collapseAll = () => {
    const ids = new Set<string>();
    for (let i = 0; i < index.count; i++) if ((index.descendants[i] ?? 0) > 0) ids.add(index.ids[i] ?? '');
    setCollapsed(ids);
  };
  const expandAll = () => setCollapsed(EMPTY);
  const hasReplies = useMemo(() => {
    for (let i = 0; i < index.count; i++) if ((index.descendants[i] ?? 0) > 0) return true;
    return false;
  }, [index]);

  const items = rendered;
  // Read the comments on screen and around it.
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    const wanted: number[] = [];
    for (let p = Math.max(0, first - PREFETCH_ROWS); p <= Math.min(visible.length - 1, last + PREFETCH_ROWS); p++) wanted.push(visible[p]!);
    store.want(wanted);
  }, [store, visible, first, last]);

  return (
    <div className="tp-pane">
      <ThreadHeader thread={thread} flaggedCount={flaggedCount} onRescored={onRescored} browserScorer={browserScorer} />
      <div className="tp-toolbar">
        <span className="tp-toolbar-count">{visible.length === index.count ? `${index.count} shown` : `${visible.length} of ${index.count} shown`}</span>
        <CommentHistoryButton className="tp-button" threadId={threadId} commentId={selectedIndex !== undefined ? selectedId : null} />
        {hasReplies && (
          <>
            <button type="button" className="tp-button" onClick={collapseAll}>
              Collapse all
            </button>
            <button type="button" className="tp-button" onClick={expandAll} disabled={collapsed.size === 0}>
              Expand all
            </button>
          </>
        )}
      </div>
      <div className="tp-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Thread">
        {index.count === 0 ? (
          <p className="tp-empty tp-no-comments">This thread has no comments.</p>
        ) : (
          <div className="tp-list" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {items.map((item) => {
              const at = visible[item.index]!;
              const id = index.ids[at] ?? '';
              return (
                <div key={item.key} className="tp-item" data-index={item.index} ref={virtualizer.measureElement} style={{ top: `${item.start}px` }}>
                  <ThreadItem
                    index={index}
                    at={at}
                    comment={store.get(at)}
                    decision={decisions.get(id)}
                    thresholds={thresholds}
                    selected={id === selectedId}
                    collapsed={collapsed.has(id)}
                    showFormatted={formatted.has(id)}
                    guides={guideRanges}
                    onSelect={onSelect}
                    onToggleCollapsed={onToggleCollapsed}
                    onToggleFormatted={onToggleFormatted}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
