/**
 * The "Keyboard shortcuts" dialog, opened with "?" or the help button.
 */
import { Dialog } from './dialog.tsx';
import { SHORTCUTS } from '../triage/use-triage-keys.ts';

interface Props {
  onClose: () => void;
  /** What the scorer says it is, shown so that nobody mistakes a baseline for a trained model. */
  scorerDescription: string | null;
}

export function HelpDialog({ onClose, scorerDescription }: Props) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="help-dialog">
      <p className="hint">Keys work when the focus is not in a text field. Decisions need your name in the Moderator field.</p>
      <table className="keys">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {scorerDescription ? <p className="hint">Scores: {scorerDescription}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="primary" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
