/**
 * Says, outside the thresholds panel, when this browser's thresholds differ from the defaults (which ones, from what),
 * with a one-click reset; renders nothing when they are the defaults.
 */
import type { Thresholds } from '../../core/flags.ts';
import { thresholdChanges } from '../../core/threshold-changes.ts';

interface Props {
  thresholds: Thresholds;
  defaults: Thresholds;
  onReset: () => void;
}

export function ThresholdsNotice({ thresholds, defaults, onReset }: Props) {
  const changes = thresholdChanges(thresholds, defaults);
  if (changes.length === 0) return null;
  return (
    <span className="thresholds-changed">
      <span>
        <strong>Thresholds changed</strong> (this browser): {changes.map((c) => c.text).join(', ')}
      </span>
      <button type="button" className="link-button" onClick={onReset}>
        Reset thresholds
      </button>
    </span>
  );
}
