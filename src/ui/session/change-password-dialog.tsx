/**
 * "Change password" (issue 14): the current password, a new one twice. The rules are the server's (at least 12
 * characters, at most 256, not the user name); the dialog checks the repeat and the length first and shows the
 * server's refusal in an alert. Every other session of the user ends (PUT /api/session/password).
 */
import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { changePassword } from './session-api.ts';

/** Shortest new password (the server's PASSWORD_MIN, src/app/auth/passwords.ts). */
export const PASSWORD_MIN = 12;

interface Props {
  /** True when the user still has a one-time password: the dialog says why it asks. */
  oneTime: boolean;
  onClose: () => void;
  onChanged: () => void;
}

/** What is wrong with the new password before it is sent, or null. */
export function newPasswordProblem(next: string, repeat: string): string | null {
  if ([...next].length < PASSWORD_MIN) return `The new password needs at least ${PASSWORD_MIN} characters.`;
  if (next !== repeat) return 'The two new passwords differ.';
  return null;
}

export function ChangePasswordDialog({ oneTime, onClose, onChanged }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const problem = current === '' ? 'Enter your current password.' : newPasswordProblem(next, repeat);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await changePassword({ currentPassword: current, newPassword: next });
    setBusy(false);
    if (result.ok) {
      onChanged();
      return;
    }
    setError(result.failure.status === null ? 'Could not reach the Threadscope server.' : `${result.failure.error.charAt(0).toUpperCase()}${result.failure.error.slice(1)}.`);
  };

  return (
    <Dialog title="Change password" onClose={onClose} className="password-dialog">
      <form aria-label="Change password" onSubmit={(event) => void submit(event)} noValidate>
        {oneTime ? <p>You logged in with a one-time password. Choose a password of your own: at least {PASSWORD_MIN} characters, not your user name.</p> : <p className="hint">At least {PASSWORD_MIN} characters, not your user name. Your other sessions end.</p>}
        <label className="field stacked">
          <span>Current password</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} data-autofocus />
        </label>
        <label className="field stacked">
          <span>New password</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
        </label>
        <label className="field stacked">
          <span>Repeat the new password</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        </label>
        {error ? (
          <p className="import-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
