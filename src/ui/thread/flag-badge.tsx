/** A focusable flag badge whose reason shows in a tooltip on hover or focus (Escape hides it). */
import { useId, useState } from 'react';
import type { FlagBadge } from './comment-flags.ts';

export function FlagBadgeButton({ badge }: { badge: FlagBadge }) {
  const tooltipId = useId();
  const [open, setOpen] = useState(false);
  const tone = badge.kind === 'trope' ? 'tp-badge-trope' : 'tp-badge-attr';
  return (
    <span className="tp-badge-wrap" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        className={`tp-badge ${tone}${badge.flagging ? '' : ' tp-badge-muted'}`}
        aria-describedby={tooltipId}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            setOpen(false);
            event.stopPropagation();
          }
        }}
      >
        {badge.label}
      </button>
      <span role="tooltip" id={tooltipId} className="tp-tooltip" hidden={!open}>
        {badge.reason}
      </span>
    </span>
  );
}
