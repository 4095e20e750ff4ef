/**
 * The thresholds in force in this console (issue 14, docs/adr/0023-audit-trail.md): the team's, read from the server
 * (GET /api/settings/thresholds) on start and again on the live event `thresholds`, or an administrator's
 * unsaved draft until it is saved for the team (PUT, with a reason, audited) or discarded. Thresholds once kept per
 * browser (localStorage "threadscope.thresholds.v1") are ignored. State: team-thresholds-model.ts.
 */
import { useCallback, useEffect, useMemo, useReducer } from 'react';
import type { TeamThresholds } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../../core/flags.ts';
import { getTeamThresholds, saveTeamThresholds, type ApiFailure } from '../api/client.ts';
import { useLiveEvents } from '../live/use-live.tsx';
import { cloneThresholds } from '../state/local-settings.ts';
import { INITIAL_TEAM_THRESHOLDS, teamThresholdsReducer, thresholdsInForce } from './team-thresholds-model.ts';

/** What the panel and the notice need of the team's thresholds. */
export interface TeamThresholdsControl {
  team: TeamThresholds | null;
  /** An administrator's unsaved edit, or null. */
  draft: Thresholds | null;
  saving: boolean;
  error: string | null;
  /** Saves the draft for the team; true when saved. */
  save: (why: string) => Promise<boolean>;
  discard: () => void;
  /** Reads the team's thresholds again (after the live event `thresholds`). */
  reload: () => void;
}

export function useThresholds(
  serverDefaults: Thresholds | undefined,
  onError?: (failure: ApiFailure) => void,
): {
  thresholds: Thresholds;
  /** The built-in defaults (what "changed" is measured from). */
  defaults: Thresholds;
  /** An edit: a draft until saved (administrators; the server refuses others). */
  setThresholds: (next: Thresholds) => void;
  team: TeamThresholdsControl;
} {
  const defaults = useMemo(
    () => (serverDefaults && validateThresholds(serverDefaults) === null ? cloneThresholds(serverDefaults) : cloneThresholds(DEFAULT_THRESHOLDS)),
    [serverDefaults],
  );
  const [state, dispatch] = useReducer(teamThresholdsReducer, INITIAL_TEAM_THRESHOLDS);

  const reload = useCallback(() => {
    void getTeamThresholds().then((result) => {
      if (result.ok) dispatch({ type: 'loaded', team: result.value });
      else onError?.(result.failure);
    });
  }, [onError]);
  useEffect(() => reload(), [reload]);
  // Another administrator saved them: every open console reads them again (an unsaved draft stays a draft).
  useLiveEvents((event) => {
    if (event.type === 'thresholds') reload();
  });

  const setThresholds = useCallback((next: Thresholds) => dispatch({ type: 'edit', next }), []);
  const { draft } = state;
  const save = useCallback(
    async (why: string): Promise<boolean> => {
      if (draft === null) return false;
      dispatch({ type: 'saving' });
      const result = await saveTeamThresholds({ thresholds: draft, why });
      if (result.ok) dispatch({ type: 'saved', team: result.value });
      else dispatch({ type: 'save-failed', error: result.failure.error });
      return result.ok;
    },
    [draft],
  );
  const discard = useCallback(() => dispatch({ type: 'discard' }), []);
  const team = useMemo<TeamThresholdsControl>(
    () => ({ team: state.team, draft, saving: state.saving, error: state.error, save, discard, reload }),
    [state.team, draft, state.saving, state.error, save, discard, reload],
  );
  return { thresholds: thresholdsInForce(state, defaults), defaults, setThresholds, team };
}
