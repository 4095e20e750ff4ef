/**
 * The team's thresholds in the console (issue 14, docs/adr/0023-audit-trail.md), pure: what the server says (`team`),
 * an administrator's unsaved edit (`draft`, which re-flags this console only until it is saved or discarded), and
 * a save under way. The thresholds in force are the draft, else the team's, else (not loaded yet, or the server
 * could not be read) the built-in defaults.
 */
import type { TeamThresholds } from '../../core/api.ts';
import type { Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';

export interface TeamThresholdsState {
  team: TeamThresholds | null;
  draft: Thresholds | null;
  saving: boolean;
  /** The last failed save's message; cleared by the next edit or save. */
  error: string | null;
}

export type TeamThresholdsAction =
  | { type: 'loaded'; team: TeamThresholds }
  | { type: 'edit'; next: Thresholds }
  | { type: 'discard' }
  | { type: 'saving' }
  | { type: 'saved'; team: TeamThresholds }
  | { type: 'save-failed'; error: string };

export const INITIAL_TEAM_THRESHOLDS: TeamThresholdsState = { team: null, draft: null, saving: false, error: null };

export const sameThresholds = (a: Thresholds, b: Thresholds): boolean =>
  a.tropeMinSeverity === b.tropeMinSeverity && ATTRIBUTES.every((attr) => a.attributes[attr] === b.attributes[attr]);

const copy = (t: Thresholds): Thresholds => ({ attributes: { ...t.attributes }, tropeMinSeverity: t.tropeMinSeverity });

/** The thresholds in force. */
export function thresholdsInForce(state: TeamThresholdsState, defaults: Thresholds): Thresholds {
  return state.draft ?? state.team?.thresholds ?? defaults;
}

export function teamThresholdsReducer(state: TeamThresholdsState, action: TeamThresholdsAction): TeamThresholdsState {
  switch (action.type) {
    case 'loaded': {
      // Another administrator's change arrives: a draft equal to it is no longer a draft.
      const draft = state.draft && sameThresholds(state.draft, action.team.thresholds) ? null : state.draft;
      return { ...state, team: action.team, draft };
    }
    case 'edit': {
      const base = state.team?.thresholds;
      return { ...state, draft: base && sameThresholds(action.next, base) ? null : copy(action.next), error: null };
    }
    case 'discard':
      return { ...state, draft: null, error: null };
    case 'saving':
      return { ...state, saving: true, error: null };
    case 'saved':
      return { ...state, team: action.team, draft: null, saving: false, error: null };
    case 'save-failed':
      return { ...state, saving: false, error: action.error };
  }
}
