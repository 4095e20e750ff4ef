import { describe, expect, it } from 'vitest';
import type { TeamThresholds } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../core/flags.ts';
import { INITIAL_TEAM_THRESHOLDS, teamThresholdsReducer, thresholdsInForce } from './team-thresholds-model.ts';

const raised: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.8 }, tropeMinSeverity: 2 };
const team = (thresholds = raised): TeamThresholds => ({ thresholds, updatedAt: '2026-12-07T05:00:00.000Z', updatedBy: 'root' });

describe('the team thresholds state', () => {
  it('is the defaults until loaded, then the team\'s; a draft wins until saved or discarded', () => {
    expect(thresholdsInForce(INITIAL_TEAM_THRESHOLDS, DEFAULT_THRESHOLDS)).toBe(DEFAULT_THRESHOLDS);
    const loaded = teamThresholdsReducer(INITIAL_TEAM_THRESHOLDS, { type: 'loaded', team: team() });
    expect(thresholdsInForce(loaded, DEFAULT_THRESHOLDS)).toEqual(raised);
    const edited = teamThresholdsReducer(loaded, { type: 'edit', next: DEFAULT_THRESHOLDS });
    expect(edited.draft).toEqual(DEFAULT_THRESHOLDS);
    expect(edited.draft).not.toBe(DEFAULT_THRESHOLDS);
    expect(thresholdsInForce(edited, DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
    expect(teamThresholdsReducer(edited, { type: 'discard' }).draft).toBeNull();
    // Editing back to the team's values is no draft.
    expect(teamThresholdsReducer(edited, { type: 'edit', next: raised }).draft).toBeNull();
  });

  it('keeps the draft when a save fails, drops it when saved or when the team arrives at the same values', () => {
    const edited = teamThresholdsReducer(teamThresholdsReducer(INITIAL_TEAM_THRESHOLDS, { type: 'loaded', team: team(DEFAULT_THRESHOLDS) }), { type: 'edit', next: raised });
    const saving = teamThresholdsReducer(edited, { type: 'saving' });
    expect(saving.saving).toBe(true);
    const failed = teamThresholdsReducer(saving, { type: 'save-failed', error: 'your role (editor) cannot do this' });
    expect(failed).toMatchObject({ saving: false, error: 'your role (editor) cannot do this', draft: raised });
    expect(teamThresholdsReducer(failed, { type: 'saved', team: team() })).toMatchObject({ draft: null, saving: false, error: null, team: team() });
    expect(teamThresholdsReducer(edited, { type: 'loaded', team: team() }).draft).toBeNull();
    expect(teamThresholdsReducer(edited, { type: 'loaded', team: team({ ...raised, tropeMinSeverity: 3 }) }).draft).toEqual(raised);
  });
});
