/**
 * The session gate (issue 14, docs/adr/0022-accounts-sessions-roles.md): asks GET /api/session, then shows the
 * console inside SessionContext (the user and what their role may do), the login page (401), or "cannot reach the
 * server" with Try again. Any later 401 (reported by the API client through unauthorized.ts) brings the login page
 * back; the console is mounted again for whoever logs in, and its decisions outbox (localStorage) is sent then.
 */
import { Fragment, useCallback, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import type { SessionResponse } from '../../core/api.ts';
import { LoginPage } from './login-page.tsx';
import { SessionActionsContext, type SessionActions } from './session-actions.ts';
import { getSession, logOut } from './session-api.ts';
import { SessionContext } from './session-context.tsx';
import { gateReducer } from './session-gate-state.ts';
import { onUnauthorized } from './unauthorized.ts';

export function SessionGate({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(gateReducer, { phase: 'checking' });

  const check = useCallback(async (quiet = false) => {
    if (!quiet) dispatch({ type: 'check' });
    const result = await getSession();
    if (result.ok) dispatch({ type: 'session', session: result.value });
    else if (result.failure.status === 401) dispatch({ type: 'no-session' });
    else dispatch({ type: 'unreachable', error: result.failure.error });
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  useEffect(() => onUnauthorized(() => dispatch({ type: 'ended' })), []);

  const actions = useMemo<SessionActions>(() => ({
    logOut: async () => {
      await logOut();
      dispatch({ type: 'logged-out' });
    },
    refresh: () => check(true),
  }), [check]);

  if (state.phase === 'checking') {
    return (
      <main className="session-page">
        <p className="muted" role="status">Connecting to the Threadscope server…</p>
      </main>
    );
  }
  if (state.phase === 'unreachable') {
    return (
      <main className="session-page">
        <h1 className="brand">Threadscope</h1>
        <p className="import-error" role="alert">{state.error}</p>
        <button type="button" className="primary" onClick={() => void check()}>
          Try again
        </button>
      </main>
    );
  }
  if (state.phase === 'login') {
    return <LoginPage notice={state.notice} onLoggedIn={(session: SessionResponse) => dispatch({ type: 'session', session })} onNoAccounts={() => void check()} />;
  }
  return (
    <SessionContext.Provider value={state.session}>
      <SessionActionsContext.Provider value={actions}>
        {/* A new user gets a console of their own: nothing of the previous one's screen state carries over. */}
        <Fragment key={`${state.session.mode}:${state.session.user.username}`}>{children}</Fragment>
      </SessionActionsContext.Provider>
    </SessionContext.Provider>
  );
}
