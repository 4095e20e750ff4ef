/**
 * The login page (issue 14): a form "Log in to Threadscope" with labelled Username and Password fields and a Log in
 * button; what went wrong is said in an alert (a wrong name or password, too many attempts, the server out of reach).
 * The password leaves the page only in the POST /api/session body, over the same origin.
 */
import { useState, type FormEvent } from 'react';
import type { SessionResponse } from '../../core/api.ts';
import { logIn, type SessionFailure } from './session-api.ts';

interface Props {
  /** Why the page is shown again (the session ended, logged out), or null. */
  notice: string | null;
  onLoggedIn: (session: SessionResponse) => void;
  /** The server has no account (single-user mode): the gate checks the session again. */
  onNoAccounts: () => void;
}

/** What the login form says about a failed attempt. */
export function loginError(failure: SessionFailure): string {
  if (failure.status === 401) return 'Wrong user name or password.';
  if (failure.status === 429) return `${failure.error.charAt(0).toUpperCase()}${failure.error.slice(1)}.`;
  if (failure.status === null) return 'Could not reach the Threadscope server. Is it running?';
  return `The server could not log you in: ${failure.error}`;
}

export function LoginPage({ notice, onLoggedIn, onNoAccounts }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setError(username.trim() === '' ? 'Enter your user name.' : 'Enter your password.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await logIn({ username: username.trim(), password });
    setBusy(false);
    if (result.ok) {
      onLoggedIn(result.value);
      return;
    }
    if (result.failure.status === 409) {
      onNoAccounts();
      return;
    }
    setPassword('');
    setError(loginError(result.failure));
  };

  return (
    <main className="session-page">
      <form className="login-form" aria-label="Log in to Threadscope" onSubmit={(event) => void submit(event)} noValidate>
        <h1 className="brand">
          Threadscope
        </h1>
        {notice ? (
          <p className="login-notice" role="status">
            {notice}
          </p>
        ) : null}
        <label className="field stacked">
          <span>Username</span>
          <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} maxLength={64} value={username} onChange={(event) => setUsername(event.target.value)} autoFocus />
        </label>
        <label className="field stacked">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" maxLength={1024} value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error ? (
          <p className="import-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="hint">Ask your administrator for an account. They make one with <code>npm run --silent users -- add &lt;name&gt; --role &lt;role&gt;</code>.</p>
      </form>
    </main>
  );
}
