/**
 * A focusable flag badge whose reason shows in a tooltip on hover or focus (Escape hides it); a trope badge's
 * tooltip also explains the trope and links its sources, and stays open while focus or the pointer is inside it.
 * A thread-context badge, when activated, selects the flagged comment the reply endorses.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FlagBadge } from './comment-flags.ts';

/** Pointer grace period, so the pointer can cross the gap between the badge and its tooltip. */
const CLOSE_DELAY_MS = 150;
const LINK_STYLE = { color: '#9ecbff' } as const;

function hostOf(url: string): string {
  const rest = url.replace(/^https?:\/\//i, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

interface Props {
  badge: FlagBadge;
  /** For a thread-context badge: select the endorsed comment (the chain's parent) when the badge is activated. */
  onGoToContext?: (commentId: string) => void;
}

export function FlagBadgeButton({ badge, onGoToContext }: Props) {
  const tooltipId = useId();
  const [open, setOpen] = useState(false);
  const closing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancelClose = () => {
    if (closing.current !== null) clearTimeout(closing.current);
    closing.current = null;
  };
  const show = () => {
    cancelClose();
    setOpen(true);
  };
  const hideSoon = () => {
    cancelClose();
    closing.current = setTimeout(() => setOpen(false), CLOSE_DELAY_MS);
  };
  useEffect(() => cancelClose, []);
  const tone = badge.kind === 'trope' ? 'tp-badge-trope' : 'tp-badge-attr';
  const references = badge.references ?? [];
  return (
    <span
      className="tp-badge-wrap"
      onMouseEnter={show}
      onMouseLeave={hideSoon}
      onFocus={show}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
          cancelClose();
          setOpen(false);
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          cancelClose();
          setOpen(false);
          event.stopPropagation();
        }
      }}
    >
      <button
        type="button"
        className={`tp-badge ${tone}${badge.flagging ? '' : ' tp-badge-muted'}`}
        aria-describedby={tooltipId}
        onClick={badge.contextOf && onGoToContext ? () => onGoToContext(badge.contextOf!.commentId) : undefined}
      >
        {badge.label}
      </button>
      <span role="tooltip" id={tooltipId} className="tp-tooltip" hidden={!open}>
        <span className="tp-tooltip-reason">{badge.reason}</span>
        {badge.contextOf && onGoToContext ? <span style={{ display: 'block', marginTop: 4 }}>Activate the badge to go to that comment.</span> : null}
        {badge.definition !== undefined && (
          <span className="tp-tooltip-definition" style={{ display: 'block', marginTop: 4 }}>
            {badge.contextOf ? 'The endorsed trope: ' : 'What this trope claims: '}
            {badge.definition}
          </span>
        )}
        {references.length > 0 && (
          <span className="tp-tooltip-refs" style={{ display: 'block', marginTop: 4 }}>
            Sources:{' '}
            {references.map((url, i) => (
              <span key={url}>
                {i > 0 && ' · '}
                <a href={url} target="_blank" rel="noopener noreferrer nofollow" style={LINK_STYLE} title={url}>
                  {hostOf(url)}
                </a>
              </span>
            ))}
          </span>
        )}
      </span>
    </span>
  );
}
