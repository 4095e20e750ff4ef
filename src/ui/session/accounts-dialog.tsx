/**
 * "Accounts" (administrators, issue 14): the team's accounts with their role, state and last login; add one with a
 * role (its one-time password is shown once, to hand over), change a role, disable or enable, reset a password (a
 * new one-time password, shown once). Every change goes through GET/POST /api/users and PATCH /api/users/:name, and
 * the server refuses what would leave no enabled administrator. The users command line does the same.
 */
import { useCallback, useEffect, useReducer, useState, type FormEvent } from 'react';
import type { UserSummary } from '../../core/api.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import { Dialog } from '../components/dialog.tsx';
import { createUser, listUsers, updateUser, type SessionResult } from './session-api.ts';

export interface AccountsState {
  users: UserSummary[] | null;
  error: string | null;
  /** A one-time password to hand over, with whose it is; shown until the next change. */
  handOver: { username: string; password: string } | null;
  busy: boolean;
}

export type AccountsAction =
  | { type: 'busy' }
  | { type: 'loaded'; users: UserSummary[] }
  | { type: 'changed'; user: UserSummary; password?: string }
  | { type: 'failed'; error: string };

export function accountsReducer(state: AccountsState, action: AccountsAction): AccountsState {
  switch (action.type) {
    case 'busy':
      return { ...state, busy: true, error: null };
    case 'loaded':
      return { ...state, busy: false, users: action.users };
    case 'changed': {
      const users = state.users ?? [];
      const known = users.some((u) => u.id === action.user.id);
      const next = known ? users.map((u) => (u.id === action.user.id ? action.user : u)) : [...users, action.user].sort((a, b) => a.username.localeCompare(b.username));
      return { users: next, busy: false, error: null, handOver: action.password === undefined ? null : { username: action.user.username, password: action.password } };
    }
    case 'failed':
      return { ...state, busy: false, error: action.error };
  }
}

const when = (iso: string | null): string => (iso === null ? 'never' : new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }));

export function AccountsDialog({ self, onClose }: { self: string; onClose: () => void }) {
  const [state, dispatch] = useReducer(accountsReducer, { users: null, error: null, handOver: null, busy: true });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('moderator');

  const load = useCallback(async () => {
    dispatch({ type: 'busy' });
    const result = await listUsers();
    dispatch(result.ok ? { type: 'loaded', users: result.value } : { type: 'failed', error: result.failure.error });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const apply = async (pending: Promise<SessionResult<{ user: UserSummary; password?: string }>>) => {
    dispatch({ type: 'busy' });
    const result = await pending;
    dispatch(result.ok ? { type: 'changed', user: result.value.user, password: result.value.password } : { type: 'failed', error: result.failure.error });
    return result.ok;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      dispatch({ type: 'failed', error: 'enter a user name' });
      return;
    }
    if (await apply(createUser({ username: name.trim(), role }))) setName('');
  };

  return (
    <Dialog title="Accounts" onClose={onClose} className="accounts-dialog">
      {state.handOver ? (
        <div className="one-time-password" role="status">
          One-time password of <strong>{state.handOver.username}</strong> (shown once; they choose their own at the first login):{' '}
          <code aria-label={`One-time password of ${state.handOver.username}`}>{state.handOver.password}</code>
        </div>
      ) : null}
      {state.error ? (
        <p className="import-error" role="alert">
          {state.error.charAt(0).toUpperCase() + state.error.slice(1)}.
        </p>
      ) : null}
      {state.users === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="keys accounts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Last login</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {state.users.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.username}{user.username.toLowerCase() === self.toLowerCase() ? ' (you)' : ''}</th>
                <td>
                  <select aria-label={`Role of ${user.username}`} value={user.role} disabled={state.busy} onChange={(event) => void apply(updateUser(user.username, { role: event.target.value as Role }))}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{user.disabledAt === null ? 'enabled' : 'disabled'}</td>
                <td>{when(user.lastLoginAt)}</td>
                <td className="row-actions">
                  <button type="button" disabled={state.busy} onClick={() => void apply(updateUser(user.username, { disabled: user.disabledAt === null }))}>
                    {user.disabledAt === null ? `Disable ${user.username}` : `Enable ${user.username}`}
                  </button>
                  <button type="button" disabled={state.busy} onClick={() => void apply(updateUser(user.username, { resetPassword: true }))}>
                    {`Reset password of ${user.username}`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="add-account" aria-label="Add an account" onSubmit={(event) => void add(event)} noValidate>
        <label className="field">
          <span>New user name</span>
          <input value={name} maxLength={64} autoCapitalize="none" spellCheck={false} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={state.busy}>
          Add account
        </button>
      </form>
      <p className="hint">
        The same from the command line: <code>npm run --silent users -- add &lt;name&gt; --role &lt;role&gt;</code>, <code>list</code>, <code>set-role</code>, <code>disable</code>, <code>enable</code>, <code>reset-password</code>.
      </p>
    </Dialog>
  );
}
