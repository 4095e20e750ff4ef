/**
 * Says, outside the thresholds panel, when the thresholds in force differ from the built-in defaults (which ones,
 * from what): the team's setting, or an administrator's unsaved draft (with "Discard changes"); renders nothing when
 * they are the defaults.
 */
import type { Thresholds } from '../../core/flags.ts';
import { thresholdChanges } from '../../core/threshold-changes.ts';
import type { TeamThresholdsControl } from './use-thresholds.ts';

interface Props {
  thresholds: Thresholds;
  defaults: Thresholds;
  team: Pick<TeamThresholdsControl, 'draft' | 'discard'>;
}

export function ThresholdsNotice({ thresholds, defaults, team }: Props) {
  const changes = thresholdChanges(thresholds, defaults);
  const draft = team.draft !== null;
  if (changes.length === 0 && !draft) return null;
  return (
    <span className="thresholds-changed">
      <span>
        <strong>{changes.length === 0 ? 'Thresholds' : 'Thresholds changed'}</strong> ({draft ? 'not saved, this console only' : 'team setting'})
        {changes.length === 0 ? ': the defaults' : `: ${changes.map((c) => c.text).join(', ')}`}
      </span>
      {draft ? (
        <button type="button" className="link-button" onClick={team.discard}>
          Discard changes
        </button>
      ) : null}
    </span>
  );
}
