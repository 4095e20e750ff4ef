/**
 * Decision controls under the queue: the team's reason (labelled "Reason"; a "Legal ground" field when the reason's
 * ground is illegal content), a note for the next decision (required for reasons that need one), Approve / Reject /
 * Escalate / Undo for the current row, and bulk actions for the checked rows. A button's key shows as a hint drawn by
 * CSS (`KeyHint`), outside the accessible name; assistive technology gets the key from `aria-keyshortcuts`.
 * Roles without `decide` see no decision controls (the keys do nothing either: App refuses with a message); on an
 * escalated comment Approve and Reject are only for roles with `resolve-escalations`. Editors get "Reasons…".
 */
import type { DecisionAction, DecisionState } from '../../core/decisions.ts';
import { activeReasons } from '../../core/reasons.ts';
import { useReasons } from '../reasons/reasons-context.tsx';
import { useCan } from '../session/session-context.tsx';

export type DecideAction = Exclude<DecisionAction, 'reset'>;

/** The visible key of a button: an empty element whose CSS draws the key, so the button's name stays its label. */
export function KeyHint({ keyName }: { keyName: string }) {
  return <kbd className="key-hint" data-key={keyName} aria-hidden="true" />;
}

interface Props {
  reason: string;
  note: string;
  legalGround: string;
  onReason: (value: string) => void;
  onNote: (value: string) => void;
  onLegalGround: (value: string) => void;
  /** The current comment's state, or null when undecided (or none is selected). */
  currentState?: DecisionState | null;
  /** Author of the current row, or null when none is selected. */
  currentAuthor: string | null;
  /** The current comment is not in the filtered queue (it was picked in the thread view). */
  currentHidden: boolean;
  checkedCount: number;
  hiddenCheckedCount: number;
  canUndo: boolean;
  onDecide: (action: DecideAction) => void;
  onBulk: (action: DecideAction) => void;
  onUndo: () => void;
  onClearChecked: () => void;
}

const BUTTONS: Array<{ action: DecideAction; label: string; key: string }> = [
  { action: 'approve', label: 'Approve', key: 'a' },
  { action: 'reject', label: 'Reject', key: 'r' },
  { action: 'escalate', label: 'Escalate', key: 'e' },
];

export function DecisionBar(props: Props) {
  const { reason, note, legalGround, currentAuthor, checkedCount, hiddenCheckedCount } = props;
  const { reasons, openEditor } = useReasons();
  const canDecide = useCan('decide');
  const canResolve = useCan('resolve-escalations');
  const canManage = useCan('manage-reasons');
  const offered = activeReasons(reasons);
  const chosen = reasons.find((r) => r.code === reason);
  const escalatedForOthers = props.currentState === 'escalated' && !canResolve;
  const noteMissing = chosen?.needsNote === true && note.trim().length === 0;
  const editor =
    canManage && openEditor ? (
      <button type="button" className="link-button" onClick={openEditor}>
        Reasons…
      </button>
    ) : null;
  if (!canDecide) {
    return (
      <div className="decision-bar" role="group" aria-label="Decide">
        <div className="decision-row">
          <span className="muted">Your role can read comments and reports but not decide.</span>
        </div>
      </div>
    );
  }
  return (
    <div className="decision-bar" role="group" aria-label="Decide">
      <div className="decision-row">
        <span className="decide-target">{currentAuthor === null ? 'No comment selected' : `Comment by ${currentAuthor || 'Anonymous'}${props.currentHidden ? ' (hidden by the filters)' : ''}`}</span>
        {BUTTONS.map(({ action, label, key }) => (
          <button
            key={action}
            type="button"
            className={`decide decide-${action}`}
            aria-keyshortcuts={key}
            disabled={currentAuthor === null || (escalatedForOthers && action !== 'escalate')}
            onClick={() => props.onDecide(action)}
          >
            {label}
            <KeyHint keyName={key} />
          </button>
        ))}
        <button type="button" className="decide" aria-keyshortcuts="u" disabled={!props.canUndo} onClick={props.onUndo}>
          Undo
          <KeyHint keyName="u" />
        </button>
        {escalatedForOthers ? <span className="muted">Escalated: editors resolve it</span> : null}
      </div>
      <div className="decision-row">
        <label className="field">
          <span>Reason</span>
          <select value={reason} onChange={(event) => props.onReason(event.target.value)}>
            <option value="">(none)</option>
            {offered.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {chosen?.ground === 'illegal' ? (
          <label className="field">
            <span>Legal ground</span>
            <input type="text" value={legalGround} maxLength={500} placeholder="Law or term, e.g. StGB § 130" onChange={(event) => props.onLegalGround(event.target.value)} />
          </label>
        ) : null}
        <label className="field grow">
          <span>{chosen?.needsNote ? 'Note (required)' : 'Note'}</span>
          <input
            type="text"
            value={note}
            maxLength={2000}
            required={chosen?.needsNote === true}
            aria-invalid={noteMissing || undefined}
            placeholder={chosen?.needsNote ? `Say why: "${chosen.label}" needs a note` : 'Optional note for the next decision'}
            onChange={(event) => props.onNote(event.target.value)}
          />
        </label>
        {editor}
      </div>
      {checkedCount > 0 ? (
        <div className="decision-row bulk-row">
          <span>
            {checkedCount} checked
            {hiddenCheckedCount > 0 ? ` (${hiddenCheckedCount} more hidden by the filters, not included)` : ''}
          </span>
          {BUTTONS.map(({ action, label, key }) => (
            <button key={action} type="button" aria-keyshortcuts={`Shift+${key.toUpperCase()}`} onClick={() => props.onBulk(action)}>
              {label} {checkedCount} checked
            </button>
          ))}
          <button type="button" className="link-button" onClick={props.onClearChecked}>
            Clear checks
          </button>
        </div>
      ) : null}
    </div>
  );
}
