/**
 * The console's user (issue 14): who is logged in and what their role may do. The session gate puts the answer of
 * GET /api/session here; controls ask `useCan(capability)` and are left out when it says no (the server refuses
 * them anyway, ADR 0022). Without a provider (component tests) the console acts as single-user mode's administrator.
 */
import { createContext, useContext } from 'react';
import { SINGLE_USER_NAME, type SessionResponse } from '../../core/api.ts';
import { can, capabilitiesOf, type Capability } from '../../core/roles.ts';

export const SINGLE_USER_SESSION: SessionResponse = {
  user: { id: null, username: SINGLE_USER_NAME, role: 'admin' },
  mode: 'single-user',
  capabilities: capabilitiesOf('admin'),
  expiresAt: null,
  mustChangePassword: false,
};

export const SessionContext = createContext<SessionResponse>(SINGLE_USER_SESSION);

export function useSession(): SessionResponse {
  return useContext(SessionContext);
}

/** True when the logged-in user's role has `capability`. */
export function useCan(capability: Capability): boolean {
  return can(useSession().user.role, capability);
}
