import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionResponse } from '../../core/api.ts';
import { capabilitiesOf, type Role } from '../../core/roles.ts';
import { AccountMenu } from './account-menu.tsx';
import { accountsReducer } from './accounts-dialog.tsx';
import { newPasswordProblem } from './change-password-dialog.tsx';
import { loginError } from './login-page.tsx';
import { SINGLE_USER_SESSION, useSession } from './session-context.tsx';
import { SessionGate } from './session-gate.tsx';
import { gateReducer, LOGGED_OUT_NOTICE, SESSION_ENDED_NOTICE, ACCOUNTS_MADE_NOTICE } from './session-gate-state.ts';
import { reportUnauthorized } from './unauthorized.ts';

const session = (username: string, role: Role, mustChangePassword = false): SessionResponse => ({
  user: { id: 1, username, role },
  mode: 'account',
  capabilities: capabilitiesOf(role),
  expiresAt: '2026-12-07T10:00:00.000Z',
  mustChangePassword,
});

type Answer = { status: number; body?: unknown } | 'down';

/** A fetch that answers each `METHOD /path` from a queue of answers (the last one repeats). */
function serve(routes: Record<string, Answer[]>) {
  const calls: Array<{ route: string; body: unknown }> = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${url}`;
    calls.push({ route, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const queue = routes[route];
    if (!queue) throw new Error(`unexpected ${route}`);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (answer === 'down') throw new TypeError('Failed to fetch');
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

function Console() {
  const { user } = useSession();
  return (
    <main>
      <p>Console of {user.username}</p>
      <AccountMenu />
    </main>
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('gateReducer', () => {
  const inside = { phase: 'in', session: session('ada', 'moderator') } as const;
  it('goes to the login page with a notice when a session ends, and says accounts now exist after single-user mode', () => {
    expect(gateReducer(inside, { type: 'ended' })).toEqual({ phase: 'login', notice: SESSION_ENDED_NOTICE });
    expect(gateReducer({ phase: 'in', session: SINGLE_USER_SESSION }, { type: 'ended' })).toEqual({ phase: 'login', notice: ACCOUNTS_MADE_NOTICE });
    expect(gateReducer({ phase: 'login', notice: null }, { type: 'ended' })).toEqual({ phase: 'login', notice: null });
    expect(gateReducer(inside, { type: 'logged-out' })).toEqual({ phase: 'login', notice: LOGGED_OUT_NOTICE });
    expect(gateReducer({ phase: 'login', notice: LOGGED_OUT_NOTICE }, { type: 'no-session' })).toEqual({ phase: 'login', notice: LOGGED_OUT_NOTICE });
  });
});

describe('messages', () => {
  it('says what went wrong with a login and a new password', () => {
    expect(loginError({ status: 401, error: 'wrong user name or password', where: 'session' })).toBe('Wrong user name or password.');
    expect(loginError({ status: 429, error: 'too many failed logins for this account: try again in 15 minutes', where: 'session' })).toBe('Too many failed logins for this account: try again in 15 minutes.');
    expect(loginError({ status: null, error: 'x', where: null })).toBe('Could not reach the Threadscope server. Is it running?');
    expect(newPasswordProblem('short', 'short')).toBe('The new password needs at least 12 characters.');
    expect(newPasswordProblem('long enough pass', 'long enough pasS')).toBe('The two new passwords differ.');
    expect(newPasswordProblem('long enough pass', 'long enough pass')).toBeNull();
  });

  it('keeps a one-time password on screen only until the next change', () => {
    const user = { id: 2, username: 'mo', role: 'moderator' as const, createdAt: '', disabledAt: null, lastLoginAt: null };
    const shown = accountsReducer({ users: [], error: null, handOver: null, busy: true }, { type: 'changed', user, password: 'one-time-password-x' });
    expect(shown.handOver).toEqual({ username: 'mo', password: 'one-time-password-x' });
    expect(shown.users).toEqual([user]);
    expect(accountsReducer(shown, { type: 'changed', user: { ...user, role: 'editor' } })).toMatchObject({ handOver: null, users: [{ role: 'editor' }] });
  });
});

describe('SessionGate', () => {
  it('shows the login page without a session, logs in, and shows the console with the user in the account menu', async () => {
    const calls = serve({
      'GET /api/session': [{ status: 401, body: { error: 'log in first' } }],
      'POST /api/session': [{ status: 401, body: { error: 'wrong user name or password' } }, { status: 200, body: session('ada', 'editor') }],
    });
    render(<SessionGate><Console /></SessionGate>);
    const form = await screen.findByRole('form', { name: 'Log in to Threadscope' });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter your user name.');

    fireEvent.change(screen.getByLabelText('Username'), { target: { value: ' ada ' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong one' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Wrong user name or password.'));
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right one!!!' } });
    fireEvent.submit(form);
    expect(await screen.findByText('Console of ada')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Account: ada (editor)' })).toBeTruthy();
    expect(calls.filter((c) => c.route === 'POST /api/session').map((c) => c.body)).toEqual([
      { username: 'ada', password: 'wrong one' },
      { username: 'ada', password: 'right one!!!' },
    ]);
  });

  it('brings the login page back with a notice when a later call is answered 401', async () => {
    serve({ 'GET /api/session': [{ status: 200, body: session('mo', 'moderator') }] });
    render(<SessionGate><Console /></SessionGate>);
    expect(await screen.findByText('Console of mo')).toBeTruthy();
    act(() => reportUnauthorized());
    expect(screen.queryByText('Console of mo')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(SESSION_ENDED_NOTICE);
  });

  it('says when the server cannot be reached, and tries again', async () => {
    serve({ 'GET /api/session': ['down', { status: 200, body: SINGLE_USER_SESSION }] });
    render(<SessionGate><Console /></SessionGate>);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not reach the Threadscope server/);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Console of local')).toBeTruthy();
    // Single-user mode: no account menu, nothing to log out of.
    expect(screen.getByText('local (single-user)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Account:/ })).toBeNull();
  });

  it('logs out from the account menu (keyboard), and prompts for a password of one\'s own without blocking', async () => {
    const calls = serve({ 'GET /api/session': [{ status: 200, body: session('mo', 'moderator', true) }], 'DELETE /api/session': [{ status: 204 }] });
    render(<SessionGate><Console /></SessionGate>);
    expect(await screen.findByText('Console of mo')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Choose your password' })).toBeTruthy();
    const account = screen.getByRole('button', { name: 'Account: mo (moderator)' });
    fireEvent.keyDown(account, { key: 'ArrowDown' });
    const items = screen.getAllByRole('menuitem').map((item) => item.textContent);
    expect(items).toEqual(['Change password…', 'Log out']);
    expect(document.activeElement?.textContent).toBe('Change password…');
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe('Log out');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Log out' }));
    expect(await screen.findByRole('form', { name: 'Log in to Threadscope' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(LOGGED_OUT_NOTICE);
    expect(calls.map((c) => c.route)).toContain('DELETE /api/session');
  });
});
