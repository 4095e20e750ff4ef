/**
 * One comment of the thread view: indent guides, collapse toggle, meta line and markers, flag badges, moderators'
 * suggested scores beside ours, score strip, decision chip, highlighted body and the reasons of its flags.
 */
import { memo, useMemo, type KeyboardEvent, type MouseEvent } from 'react';
import type { ViewComment } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import { needsHumanText, type FlagDecision, type Thresholds } from '../../core/flags.ts';
import { reasonLabel } from '../../core/reasons.ts';
import { useReasons } from '../reasons/reasons-context.tsx';
import { CommentBody } from './comment-body.tsx';
import { flagBadges, highlightSpans, scoreBars, type ScoreBar } from './comment-flags.ts';
import { FlagBadgeButton } from './flag-badge.tsx';
import { FeedbackLine } from './feedback-line.tsx';
import './comment.css';

/** Indentation stops growing after this many levels (a 1,000-deep chain must stay readable). */
export const MAX_INDENT_LEVELS = 12;

/** Name shown for a comment's author. */
export function authorName(comment: ViewComment): string {
  return comment.author.trim() || 'unknown author';
}

/** "1 reply" / "3 replies". */
export function repliesText(count: number): string {
  return `${count} ${count === 1 ? 'reply' : 'replies'}`;
}

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function CommentTime({ comment }: { comment: ViewComment }) {
  const original = comment.createdAtText;
  const parsed = comment.createdAt === null ? NaN : Date.parse(comment.createdAt);
  if (Number.isNaN(parsed)) return original ? <span className="tp-time">{original}</span> : null;
  return (
    <time className="tp-time" dateTime={comment.createdAt ?? undefined} title={original ?? comment.createdAt ?? undefined}>
      {TIME_FORMAT.format(parsed)}
    </time>
  );
}

/** The marker of a comment the latest import lacked (kept with its last known content; ADR 0009). */
function MissingTag({ missing }: { missing: NonNullable<ViewComment['missing']> }) {
  const since = Number.isNaN(Date.parse(missing.since)) ? missing.since : TIME_FORMAT.format(Date.parse(missing.since));
  const latest = missing.fileName === null ? 'the latest import (pasted text)' : `the latest import of ${missing.fileName}`;
  return (
    <span className="tp-tag tp-tag-warn" title={`Not in ${latest}, nor in any import since ${since}. Kept with its last known content until it is removed or the full file is imported again.`}>
      missing from {latest}, since {since}
    </span>
  );
}

const DECISION_WORDS: Record<CurrentDecision['state'], string> = { approved: 'Approved', rejected: 'Rejected', escalated: 'Escalated' };

function DecisionChip({ decision }: { decision: CurrentDecision }) {
  const { event } = decision;
  const { reasons } = useReasons();
  const details = [event.reason && `Reason: ${reasonLabel(reasons, event.reason)}`, event.legalGround && `Legal ground: ${event.legalGround}`, event.note && `Note: ${event.note}`, `At ${event.at}`].filter(Boolean).join('\n');
  return (
    <span className={`tp-decision tp-decision-${decision.state}`} title={details}>
      {DECISION_WORDS[decision.state]} · {event.moderator}
    </span>
  );
}

function ScoreStrip({ bars }: { bars: ScoreBar[] }) {
  if (bars.length === 0) return null;
  const top = bars.reduce((best, bar) => (bar.value > best.value ? bar : best));
  const summary = bars.map((bar) => `${bar.attribute} ${bar.value.toFixed(2)} (threshold ${bar.threshold.toFixed(2)})`).join(', ');
  return (
    <span className="tp-strip" role="img" aria-label={`Scores: ${summary}`} title={summary}>
      <span className="tp-strip-bars" aria-hidden="true">
        {bars.map((bar) => {
          const near = !bar.over && bar.value >= bar.threshold * 0.8;
          return (
            <span key={bar.attribute} className="tp-strip-slot">
              <span className={`tp-strip-bar${bar.over ? ' tp-strip-over' : near ? ' tp-strip-near' : ''}`} style={{ height: `${Math.max(1, Math.round(bar.value * 100))}%` }} />
            </span>
          );
        })}
      </span>
      <span className="tp-strip-max" aria-hidden="true">
        max {top.value.toFixed(2)}
      </span>
    </span>
  );
}

export interface CommentRowProps {
  comment: ViewComment;
  flag: FlagDecision | undefined;
  decision: CurrentDecision | undefined;
  thresholds: Thresholds;
  selected: boolean;
  collapsed: boolean;
  showFormatted: boolean;
  /** Bit k set: the guide at level k belongs to an ancestor of the selected comment. */
  guideMask: number;
  onSelect(commentId: string): void;
  onToggleCollapsed(commentId: string): void;
  onToggleFormatted(commentId: string): void;
}

function CommentRowImpl(props: CommentRowProps) {
  const { comment, flag, decision, thresholds, selected, collapsed, showFormatted, guideMask } = props;
  const { onSelect, onToggleCollapsed, onToggleFormatted } = props;
  const badges = useMemo(() => flagBadges(comment, flag, thresholds), [comment, flag, thresholds]);
  const bars = useMemo(() => scoreBars(comment, thresholds), [comment, thresholds]);
  const spans = useMemo(() => highlightSpans(comment, thresholds), [comment, thresholds]);
  const author = authorName(comment);
  const levels = Math.min(comment.depth, MAX_INDENT_LEVELS);
  const flagged = flag?.flagged === true;
  const replies = comment.descendantCount;
  const kindTag = comment.kind === 'pingback' ? 'Pingback' : comment.kind === 'trackback' ? 'Trackback' : null;

  const classes = ['tp-comment'];
  if (flagged) classes.push('tp-flagged');
  if (selected) classes.push('tp-selected');
  if (kindTag) classes.push('tp-linkback');
  if (decision) classes.push(`tp-is-${decision.state}`);

  const select = (event: MouseEvent) => {
    if ((event.target as Element).closest('a, button')) return;
    onSelect(comment.id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onSelect(comment.id);
    }
  };

  return (
    <div className="tp-row" style={{ paddingLeft: `calc(${levels} * var(--tp-indent))` }}>
      {Array.from({ length: levels }, (_, level) => (
        <span
          key={level}
          aria-hidden="true"
          className={`tp-guide${guideMask & (1 << level) ? ' tp-guide-active' : ''}`}
          style={{ left: `calc(${level} * var(--tp-indent) + var(--tp-guide-offset))` }}
        />
      ))}
      <article
        className={classes.join(' ')}
        aria-label={`Comment by ${author}`}
        aria-current={selected ? 'true' : undefined}
        data-comment-id={comment.id}
        data-depth={comment.depth}
        tabIndex={0}
        onClick={select}
        onKeyDown={onKeyDown}
      >
        <div className="tp-meta">
          {replies > 0 ? (
            <button
              type="button"
              className="tp-toggle"
              aria-expanded={!collapsed}
              aria-label={collapsed ? `Expand ${replies} hidden ${replies === 1 ? 'reply' : 'replies'} to ${author}` : `Collapse replies to ${author}`}
              onClick={() => onToggleCollapsed(comment.id)}
            >
              <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
            </button>
          ) : (
            <span className="tp-toggle-spacer" aria-hidden="true" />
          )}
          <span className="tp-author">{author}</span>
          <CommentTime comment={comment} />
          <span className="tp-visually-hidden">level {comment.depth + 1}</span>
          {comment.depth > MAX_INDENT_LEVELS && <span className="tp-tag" title="Indentation is capped; this is the nesting level">level {comment.depth + 1}</span>}
          {kindTag && <span className="tp-tag tp-tag-linkback">{kindTag}</span>}
          {comment.status === 'pending' && <span className="tp-tag">pending at source</span>}
          {comment.status === 'spam' && <span className="tp-tag">spam at source</span>}
          {(comment.status === 'deleted' || comment.status === 'removed') && <span className="tp-tag">{comment.status}</span>}
          {comment.orphan && (
            <span className="tp-tag tp-tag-warn" title={comment.parentId ? `Parent id "${comment.parentId}" is not in the thread` : undefined}>
              reply to a missing comment
            </span>
          )}
          {comment.missing && <MissingTag missing={comment.missing} />}
          {comment.scoreError !== null && <span className="tp-tag tp-tag-warn">unscored: {comment.scoreError}</span>}
          {flag?.needsHuman && <span className="tp-tag tp-tag-warn">{needsHumanText(flag.needsHuman)}</span>}
          {decision && <DecisionChip decision={decision} />}
          <span className="tp-meta-end">
            {comment.html !== null && (
              <button type="button" className="tp-link-button" aria-pressed={showFormatted} onClick={() => onToggleFormatted(comment.id)}>
                {showFormatted ? 'Show plain text' : 'Show formatted'}
              </button>
            )}
            <ScoreStrip bars={bars} />
          </span>
        </div>
        {badges.length > 0 && (
          <div className="tp-badges">
            {badges.map((badge) => (
              <FlagBadgeButton key={badge.key} badge={badge} onGoToContext={onSelect} />
            ))}
          </div>
        )}
        <FeedbackLine comment={comment} />
        <CommentBody comment={comment} spans={spans} showFormatted={showFormatted} />
        {flagged && flag && flag.reasons.length > 0 && (
          <ul className="tp-reasons" aria-label="Why it is flagged">
            {flag.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        )}
        {collapsed && replies > 0 && <p className="tp-hidden-note">{repliesText(replies)} hidden</p>}
      </article>
    </div>
  );
}

/** Memoized: with 100,000 comments only the rows whose props change re-render. */
export const CommentRow = memo(CommentRowImpl);
