/**
 * "Reasons" (editors, issue 14, docs/adr/0024-reasons-and-decision-rules.md): the team's list of reasons in order,
 * each with its label, whether it is illegal content (the console then asks a legal ground), whether it needs a note,
 * and Retire/Restore; Move up/down reorders; a new reason is added with a label (and a code, made from the label when
 * left empty). Save sends the whole list (PUT /api/reasons); the server's refusal is shown as it came. Reasons are
 * never deleted: decisions name them.
 */
import { useReducer, useState, type FormEvent } from 'react';
import type { ReasonDef } from '../../core/api.ts';
import { validateReasons } from '../../core/reasons.ts';
import { saveReasons } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { initialEditorState, reasonsEditorReducer } from './reasons-editor.ts';
import './reasons.css';

interface Props {
  reasons: readonly ReasonDef[];
  onSaved: (reasons: ReasonDef[]) => void;
  onClose: () => void;
}

export function ReasonsDialog({ reasons, onSaved, onClose }: Props) {
  const [state, dispatch] = useReducer(reasonsEditorReducer, reasons, initialEditorState);
  const [newLabel, setNewLabel] = useState('');
  const [newCode, setNewCode] = useState('');

  const add = (event: FormEvent) => {
    event.preventDefault();
    const before = state.list.length;
    const next = reasonsEditorReducer(state, { type: 'add', code: newCode, label: newLabel });
    dispatch({ type: 'add', code: newCode, label: newLabel });
    if (next.list.length > before) {
      setNewLabel('');
      setNewCode('');
    }
  };

  const save = async () => {
    const checked = validateReasons(state.list);
    if (!checked.ok) {
      dispatch({ type: 'failed', error: checked.problems[0]!.message });
      return;
    }
    dispatch({ type: 'busy' });
    const result = await saveReasons(checked.reasons);
    if (!result.ok) {
      dispatch({ type: 'failed', error: `Not saved: ${result.failure.error}` });
      return;
    }
    onSaved(result.value);
    onClose();
  };

  return (
    <Dialog title="Reasons" onClose={onClose} className="reasons-dialog">
      <p className="muted">The reasons moderators choose from, in this order. Retired reasons are not offered but stay on the decisions that name them.</p>
      <table className="reasons-table">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Code</th>
            <th scope="col">Illegal content</th>
            <th scope="col">Needs a note</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {state.list.map((r, i) => (
            <tr key={r.code} className={r.retired ? 'retired' : undefined}>
              <td>
                <input type="text" aria-label={`Label of ${r.code}`} value={r.label} maxLength={80} onChange={(event) => dispatch({ type: 'rename', code: r.code, label: event.target.value })} />
              </td>
              <td>
                <code>{r.code}</code>
                {r.retired ? <span className="muted"> (retired)</span> : null}
              </td>
              <td>
                <input type="checkbox" aria-label={`${r.label || r.code}: illegal content (asks a legal ground)`} checked={r.ground === 'illegal'} onChange={(event) => dispatch({ type: 'ground', code: r.code, illegal: event.target.checked })} />
              </td>
              <td>
                <input type="checkbox" aria-label={`${r.label || r.code}: needs a note`} checked={r.needsNote} onChange={(event) => dispatch({ type: 'needs-note', code: r.code, needsNote: event.target.checked })} />
              </td>
              <td className="reason-actions">
                <button type="button" onClick={() => dispatch({ type: 'retire', code: r.code, retired: !r.retired })}>
                  {r.retired ? `Restore ${r.label || r.code}` : `Retire ${r.label || r.code}`}
                </button>
                <button type="button" aria-label={`Move ${r.label || r.code} up`} disabled={i === 0} onClick={() => dispatch({ type: 'move', code: r.code, by: -1 })}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${r.label || r.code} down`} disabled={i === state.list.length - 1} onClick={() => dispatch({ type: 'move', code: r.code, by: 1 })}>
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="reasons-add" onSubmit={add} aria-label="Add a reason">
        <label className="field">
          <span>New reason</span>
          <input type="text" value={newLabel} maxLength={80} onChange={(event) => setNewLabel(event.target.value)} />
        </label>
        <label className="field">
          <span>Code (optional)</span>
          <input type="text" value={newCode} maxLength={40} placeholder="made from the label" onChange={(event) => setNewCode(event.target.value)} />
        </label>
        <button type="submit">Add reason</button>
      </form>
      {state.error ? (
        <p role="alert" className="import-error">
          {state.error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={state.busy} onClick={() => void save()}>
          Save reasons
        </button>
      </div>
    </Dialog>
  );
}
