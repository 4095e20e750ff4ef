/**
 * Decision controls under the queue: optional reason and note for the next decision, Approve / Reject /
 * Escalate / Undo for the current row, and bulk actions for the checked rows. A button's key shows as a hint drawn
 * by CSS (`KeyHint`), outside the accessible name; assistive technology gets the key from `aria-keyshortcuts`.
 */
import type { DecisionAction } from '../../core/decisions.ts';

/** Common reasons offered for a decision (free text is the note). */
export const COMMON_REASONS = [
  'Insult or harassment',
  'Threat or incitement',
  'Hate or identity attack',
  'Conspiracy trope',
  'Profanity',
  'Spam or off-topic',
  'Civil: no action needed',
  'Needs an editor',
] as const;

export type DecideAction = Exclude<DecisionAction, 'reset'>;

/** The visible key of a button: an empty element whose CSS draws the key, so the button's name stays its label. */
export function KeyHint({ keyName }: { keyName: string }) {
  return <kbd className="key-hint" data-key={keyName} aria-hidden="true" />;
}

interface Props {
  reason: string;
  note: string;
  onReason: (value: string) => void;
  onNote: (value: string) => void;
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
  const { reason, note, currentAuthor, checkedCount, hiddenCheckedCount } = props;
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
            disabled={currentAuthor === null}
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
      </div>
      <div className="decision-row">
        <label className="field">
          <span>Reason</span>
          <select value={reason} onChange={(event) => props.onReason(event.target.value)}>
            <option value="">(none)</option>
            {COMMON_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="field grow">
          <span>Note</span>
          <input type="text" value={note} maxLength={2000} placeholder="Optional note for the next decision" onChange={(event) => props.onNote(event.target.value)} />
        </label>
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
