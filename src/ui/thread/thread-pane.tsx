/**
 * The thread view: the whole thread nested as readers saw it, virtualized, with flags, evidence and decisions
 * on each comment; collapsing subtrees, and revealing the comment selected elsewhere (e.g. in the triage queue).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ThreadView, ViewComment } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import type { FlagDecision, Thresholds } from '../../core/flags.ts';
import { CommentRow, MAX_INDENT_LEVELS } from './comment-row.tsx';
import type { BrowserScorer } from '../browser-scoring/browser-scorer.ts';
import { ThreadHeader } from './thread-header.tsx';
import { activeGuideMask, ancestorIndices, indexById, selectedGuideRanges, visibleIndices } from './visible-rows.ts';
import './thread.css';

export interface ThreadPaneProps {
  view: ThreadView;
  /** Flag decision per comment id under the live thresholds. */
  flags: Map<string, FlagDecision>;
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

/** Rough row height before measuring, so that the scrollbar is close from the start. */
function estimateHeight(comment: ViewComment | undefined): number {
  if (!comment) return 60;
  const text = comment.text;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines < 60; at = text.indexOf('\n', at + 1)) lines++;
  lines += Math.floor(text.length / 110);
  return 40 + Math.min(lines, 60) * 19 + (comment.tropes.length > 0 ? 24 : 0);
}

/** Position of `value` in the ascending array `sorted`, or -1. */
function positionOf(sorted: readonly number[], value: number | undefined): number {
  if (value === undefined) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
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

export function ThreadPane({ view, flags, decisions, thresholds, selectedId, onSelect, onRescored, browserScorer }: ThreadPaneProps) {
  const comments = view.comments;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(EMPTY);
  const [formatted, setFormatted] = useState<ReadonlySet<string>>(EMPTY);
  const [shownThread, setShownThread] = useState(view.id);
  const [revealed, setRevealed] = useState<string | null>(null);
  const byId = useMemo(() => indexById(comments), [comments]);
  const selectedIndex = selectedId === null ? undefined : byId.get(selectedId);
  const ancestors = useMemo(() => (selectedIndex === undefined ? [] : ancestorIndices(comments, byId, selectedIndex)), [comments, byId, selectedIndex]);

  // Adjust state while rendering (React's pattern for "state follows a prop"): a new thread starts expanded,
  // and a comment selected from outside gets its collapsed ancestors opened.
  let openCollapsed = collapsed;
  if (shownThread !== view.id) {
    setShownThread(view.id);
    openCollapsed = EMPTY;
    setFormatted(EMPTY);
  }
  if (revealed !== selectedId) {
    setRevealed(selectedId);
    const closed = ancestors.map((at) => comments[at]!.id).filter((id) => openCollapsed.has(id));
    if (closed.length > 0) openCollapsed = without(openCollapsed, closed);
  }
  if (openCollapsed !== collapsed) setCollapsed(openCollapsed);

  const visible = useMemo(() => visibleIndices(comments, collapsed), [comments, collapsed]);
  const guideRanges = useMemo(() => selectedGuideRanges(comments, ancestors), [comments, ancestors]);
  const flaggedCount = useMemo(() => {
    let n = 0;
    for (const comment of comments) if (flags.get(comment.id)?.flagged) n++;
    return n;
  }, [comments, flags]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows get plain values (item.start, ids), never the virtualizer's functions, so no memoized child goes stale.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimateHeight(comments[visible[i]!]),
    getItemKey: (i) => comments[visible[i]!]?.id ?? i,
    overscan: 8,
  });

  // Scroll a newly selected comment into view, once per selection (not again when the user collapses something).
  const selectedPosition = positionOf(visible, selectedIndex);
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    const key = selectedId === null ? null : `${view.id}\u0000${selectedId}`;
    if (key === null || selectedPosition < 0) {
      if (key === null) scrolledFor.current = null;
      return;
    }
    if (scrolledFor.current === key) return;
    scrolledFor.current = key;
    virtualizer.scrollToIndex(selectedPosition, { align: 'auto' });
  }, [view.id, selectedId, selectedPosition, virtualizer]);

  const onToggleCollapsed = useCallback((id: string) => setCollapsed((set) => toggled(set, id)), []);
  const onToggleFormatted = useCallback((id: string) => setFormatted((set) => toggled(set, id)), []);
  const collapseAll = () => setCollapsed(new Set(comments.filter((c) => c.descendantCount > 0).map((c) => c.id)));
  const expandAll = () => setCollapsed(EMPTY);
  const hasReplies = useMemo(() => comments.some((c) => c.descendantCount > 0), [comments]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="tp-pane">
      <ThreadHeader view={view} flaggedCount={flaggedCount} onRescored={onRescored} browserScorer={browserScorer} />
      <div className="tp-toolbar">
        <span className="tp-toolbar-count">
          {visible.length === comments.length ? `${comments.length} shown` : `${visible.length} of ${comments.length} shown`}
        </span>
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
        {comments.length === 0 ? (
          <p className="tp-empty tp-no-comments">This thread has no comments.</p>
        ) : (
          <div className="tp-list" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {items.map((item) => {
              const index = visible[item.index]!;
              const comment = comments[index]!;
              return (
                <div key={item.key} className="tp-item" data-index={item.index} ref={virtualizer.measureElement} style={{ top: `${item.start}px` }}>
                  <CommentRow
                    comment={comment}
                    flag={flags.get(comment.id)}
                    decision={decisions.get(comment.id)}
                    thresholds={thresholds}
                    selected={comment.id === selectedId}
                    collapsed={collapsed.has(comment.id)}
                    showFormatted={formatted.has(comment.id)}
                    guideMask={activeGuideMask(guideRanges, index, comment.depth, MAX_INDENT_LEVELS)}
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
