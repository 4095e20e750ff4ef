/**
 * What the console may do with its session (the gate provides them; the account menu uses them): log out, and read
 * the session again after it changed (a new password clears the one-time-password prompt). Without a provider
 * (component tests, single-user mode's default) both do nothing.
 */
import { createContext, useContext } from 'react';

export interface SessionActions {
  logOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const NOTHING: SessionActions = { logOut: async () => undefined, refresh: async () => undefined };

export const SessionActionsContext = createContext<SessionActions>(NOTHING);

export function useSessionActions(): SessionActions {
  return useContext(SessionActionsContext);
}
