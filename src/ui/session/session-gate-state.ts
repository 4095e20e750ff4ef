/**
 * The session gate's state (issue 14): checking the session, the server out of reach, the login page, or logged in.
 * A pure reducer; the gate (session-gate.tsx) is its thin hook. A session that ends later (any API call answered 401)
 * goes back to the login page with a notice saying why, and that decisions waiting to be saved are kept.
 */
import type { SessionResponse } from '../../core/api.ts';

export type GateState =
  | { phase: 'checking' }
  | { phase: 'unreachable'; error: string }
  | { phase: 'login'; notice: string | null }
  | { phase: 'in'; session: SessionResponse };

export type GateAction =
  | { type: 'check' }
  | { type: 'session'; session: SessionResponse }
  | { type: 'no-session' }
  | { type: 'unreachable'; error: string }
  /** A later API call was answered 401. */
  | { type: 'ended' }
  | { type: 'logged-out' };

export const SESSION_ENDED_NOTICE = 'Your session has ended (it expired, or it was ended on the server). Log in again: decisions waiting to be saved are kept and sent once you are back.';
export const ACCOUNTS_MADE_NOTICE = 'This server has accounts now: log in with yours. Decisions waiting to be saved are kept and sent once you are in.';
export const LOGGED_OUT_NOTICE = 'You have logged out.';

export function gateReducer(state: GateState, action: GateAction): GateState {
  switch (action.type) {
    case 'check':
      return { phase: 'checking' };
    case 'session':
      return { phase: 'in', session: action.session };
    case 'no-session':
      return { phase: 'login', notice: state.phase === 'login' ? state.notice : null };
    case 'unreachable':
      return { phase: 'unreachable', error: action.error };
    case 'ended':
      if (state.phase !== 'in') return state;
      return { phase: 'login', notice: state.session.mode === 'single-user' ? ACCOUNTS_MADE_NOTICE : SESSION_ENDED_NOTICE };
    case 'logged-out':
      return { phase: 'login', notice: LOGGED_OUT_NOTICE };
  }
}
