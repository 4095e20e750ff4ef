/**
 * The "Keyboard shortcuts" dialog, opened with "?" or the help button: the keys, how Escape and Enter return to the
 * queue, and the setting "after a decision, select the next undecided comment".
 */
import { Dialog } from './dialog.tsx';
import { SHORTCUTS } from '../triage/use-triage-keys.ts';
import { COMMENTER_SHORTCUTS } from '../authors/keys.ts';

interface Props {
  onClose: () => void;
  /** What the scorer says it is, shown so that nobody mistakes a baseline for a trained model. */
  scorerDescription: string | null;
  /** After a decision, the queue selects the next undecided comment. */
  advance: boolean;
  onAdvance: (on: boolean) => void;
}

export function HelpDialog({ onClose, scorerDescription, advance, onAdvance }: Props) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="help-dialog">
      <p className="hint">
        Single-letter keys work when the focus is not in a text field (they type there). Escape takes you back to the queue from any field.
        Decisions need your name in the Moderator field.
      </p>
      <table className="keys">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {[...SHORTCUTS, ...COMMENTER_SHORTCUTS].map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="check">
        <input type="checkbox" checked={advance} onChange={(event) => onAdvance(event.target.checked)} />
        After a decision, select the next undecided comment
      </label>
      {scorerDescription ? <p className="hint">Scores: {scorerDescription}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="primary" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
