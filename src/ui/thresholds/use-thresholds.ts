/**
 * The thresholds in force: the moderator's own (kept in localStorage) or the server's documented defaults.
 */
import { useCallback, useMemo, useState } from 'react';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';
import { cloneThresholds, readThresholds, writeThresholds } from '../state/local-settings.ts';

const equal = (a: Thresholds, b: Thresholds): boolean =>
  a.tropeMinSeverity === b.tropeMinSeverity && ATTRIBUTES.every((attr) => a.attributes[attr] === b.attributes[attr]);

export function useThresholds(serverDefaults: Thresholds | undefined): {
  thresholds: Thresholds;
  defaults: Thresholds;
  setThresholds: (next: Thresholds) => void;
} {
  const defaults = useMemo(
    () => (serverDefaults && validateThresholds(serverDefaults) === null ? cloneThresholds(serverDefaults) : cloneThresholds(DEFAULT_THRESHOLDS)),
    [serverDefaults],
  );
  const [custom, setCustom] = useState<Thresholds | null>(readThresholds);
  const setThresholds = useCallback(
    (next: Thresholds) => {
      const own = equal(next, defaults) ? null : cloneThresholds(next);
      setCustom(own);
      writeThresholds(own);
    },
    [defaults],
  );
  return { thresholds: custom ?? defaults, defaults, setThresholds };
}
