/**
 * A focusable flag badge whose reason shows in a tooltip on hover or focus (Escape hides it); a trope badge's
 * tooltip also explains the trope and links its sources, and stays open while focus or the pointer is inside it.
 * A thread-context badge, when activated, selects the flagged comment the reply endorses. An open tooltip is moved
 * left, or above the badge, so that it stays inside the thread's scroll area and the window (`placeTooltip`).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { FlagBadge } from './comment-flags.ts';

/** Pointer grace period, so the pointer can cross the gap between the badge and its tooltip. */
const CLOSE_DELAY_MS = 150;
const LINK_STYLE = { color: '#9ecbff' } as const;

function hostOf(url: string): string {
  const rest = url.replace(/^https?:\/\//i, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Space kept between a tooltip and the edge it must not cross. */
const EDGE = 6;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Where a tooltip goes so that it stays inside `bounds`: shifted left by what passes the right edge (never past the
 * left edge), and flipped above the badge when it would pass the bottom and there is more room above.
 */
export function placeTooltip(tooltip: Box, badge: Box, bounds: Box): { shiftX: number; above: boolean } {
  const overRight = tooltip.right - (bounds.right - EDGE);
  const roomLeft = tooltip.left - (bounds.left + EDGE);
  const shiftX = overRight > 0 ? -Math.max(0, Math.min(overRight, roomLeft)) : 0;
  const above = tooltip.bottom > bounds.bottom - EDGE && badge.top - bounds.top > bounds.bottom - badge.bottom;
  return { shiftX, above };
}

/** The visible box the tooltip must stay in: its scroll area within the window. */
function boundsOf(element: HTMLElement): Box {
  const scroller = element.closest('.tp-scroll')?.getBoundingClientRect();
  const view = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  if (!scroller) return view;
  return { left: Math.max(view.left, scroller.left), top: Math.max(view.top, scroller.top), right: Math.min(view.right, scroller.right), bottom: Math.min(view.bottom, scroller.bottom) };
}

interface Props {
  badge: FlagBadge;
  /** For a thread-context badge: select the endorsed comment (the chain's parent) when the badge is activated. */
  onGoToContext?: (commentId: string) => void;
}

export function FlagBadgeButton({ badge, onGoToContext }: Props) {
  const tooltipId = useId();
  const [open, setOpen] = useState(false);
  const tooltipRef = useRef<HTMLSpanElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
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
  // Measured where the stylesheet puts it, then moved once per opening (before the browser paints it).
  useLayoutEffect(() => {
    const tooltip = tooltipRef.current;
    const button = buttonRef.current;
    if (!open || !tooltip || !button) return;
    tooltip.style.left = '';
    tooltip.style.top = '';
    tooltip.style.bottom = '';
    const { shiftX, above } = placeTooltip(tooltip.getBoundingClientRect(), button.getBoundingClientRect(), boundsOf(tooltip));
    if (shiftX !== 0) tooltip.style.left = `${shiftX}px`;
    if (above) {
      tooltip.style.top = 'auto';
      tooltip.style.bottom = 'calc(100% + 4px)';
    }
  }, [open]);
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
        ref={buttonRef}
        type="button"
        className={`tp-badge ${tone}${badge.flagging ? '' : ' tp-badge-muted'}`}
        aria-describedby={tooltipId}
        onClick={badge.contextOf && onGoToContext ? () => onGoToContext(badge.contextOf!.commentId) : undefined}
      >
        {badge.label}
      </button>
      <span role="tooltip" id={tooltipId} ref={tooltipRef} className="tp-tooltip" hidden={!open}>
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
