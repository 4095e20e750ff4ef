/**
 * The team's reasons in the console (issue 14, docs/adr/0024-reasons-and-decision-rules.md): App loads them once
 * (GET /api/reasons) and again when told (a live `reasons` event or a reconnection, the window regained focus; the
 * editor's save hands over the new list) and puts them here; the decision bar offers the active ones, labels show
 * retired ones too. Without a provider (component tests) the default list is used and there is no editor.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReasonDef } from '../../core/api.ts';
import { DEFAULT_REASONS } from '../../core/reasons.ts';
import { listReasons, type ApiFailure } from '../api/client.ts';
import { useLiveEvents } from '../live/use-live.tsx';

export interface ReasonsState {
  /** The team's list in order, retired ones included. */
  reasons: readonly ReasonDef[];
  /** Opens the reasons editor; null when there is none (no provider, or the role may not manage reasons). */
  openEditor: (() => void) | null;
}

export const ReasonsContext = createContext<ReasonsState>({ reasons: DEFAULT_REASONS, openEditor: null });

export function useReasons(): ReasonsState {
  return useContext(ReasonsContext);
}

/** Loads the team's reasons; `reload` reads them again, `replace` takes a list the server just answered. */
export function useTeamReasons(onError: (failure: Pick<ApiFailure, 'error' | 'where'>) => void): { reasons: readonly ReasonDef[]; reload: () => void; replace: (reasons: ReasonDef[]) => void } {
  const [reasons, setReasons] = useState<readonly ReasonDef[]>(DEFAULT_REASONS);
  const reload = useCallback(() => {
    void listReasons().then((result) => {
      if (result.ok) setReasons(result.value);
      else if (result.failure.status !== 401) onError({ error: `The team's reasons could not be loaded: ${result.failure.error}`, where: result.failure.where });
    });
  }, [onError]);
  useEffect(() => {
    reload();
    window.addEventListener('focus', reload);
    return () => window.removeEventListener('focus', reload);
  }, [reload]);
  // An editor changed the list (or the stream reconnected and may have missed it).
  useLiveEvents((event) => {
    if (event.type === 'reasons' || event.type === 'hello') reload();
  });
  return { reasons, reload, replace: setReasons };
}
