/**
 * A comment's body: plain text with evidence highlighted as <mark> text nodes (never HTML), or on request the
 * importer's HTML after a second DOMPurify pass; tombstones and empty bodies are said as such.
 */
import { Fragment, useMemo } from 'react';
import type { ViewComment } from '../../core/api.ts';
import { segmentText, type HighlightSpan, type Segment } from './highlight.ts';
import { sanitizeCommentHtml } from './formatted-html.ts';

function markClass(segment: Segment): string {
  const trope = segment.spans.some((span) => span.kind === 'trope');
  const toxicity = segment.spans.some((span) => span.kind === 'toxicity');
  return trope && toxicity ? 'tp-mark tp-mark-both' : trope ? 'tp-mark tp-mark-trope' : 'tp-mark tp-mark-tox';
}

function markTitle(segment: Segment): string {
  return [...new Set(segment.spans.map((span) => span.label))].join('; ');
}

/** Plain text with `spans` wrapped in <mark>; line breaks kept by CSS (pre-wrap). */
export function HighlightedText({ text, spans }: { text: string; spans: readonly HighlightSpan[] }) {
  const segments = useMemo(() => segmentText(text, spans), [text, spans]);
  return (
    <div className="tp-text">
      {segments.map((segment) =>
        segment.spans.length === 0 ? (
          <Fragment key={segment.start}>{segment.text}</Fragment>
        ) : (
          <mark key={segment.start} className={markClass(segment)} title={markTitle(segment)}>
            {segment.text}
          </mark>
        ),
      )}
    </div>
  );
}

function FormattedHtml({ html }: { html: string }) {
  const clean = useMemo(() => sanitizeCommentHtml(html), [html]);
  if (clean === null) return <p className="tp-empty">Formatted view is unavailable in this browser.</p>;
  // The importer already sanitized this HTML; DOMPurify runs again here with a stricter allow-list.
  return <div className="tp-html" dangerouslySetInnerHTML={{ __html: clean }} />;
}

export interface CommentBodyProps {
  comment: ViewComment;
  spans: readonly HighlightSpan[];
  showFormatted: boolean;
}

export function CommentBody({ comment, spans, showFormatted }: CommentBodyProps) {
  const empty = comment.text.trim().length === 0;
  const tombstone = comment.status === 'deleted' || comment.status === 'removed';
  return (
    <div className="tp-body">
      {tombstone && (
        <p className="tp-tombstone">{comment.status === 'deleted' ? 'This comment was deleted.' : 'This comment was removed.'}</p>
      )}
      {showFormatted && comment.html !== null ? (
        <FormattedHtml html={comment.html} />
      ) : empty ? (
        !tombstone && <p className="tp-empty">(empty comment)</p>
      ) : (
        <HighlightedText text={comment.text} spans={spans} />
      )}
    </div>
  );
}
