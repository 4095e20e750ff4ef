/**
 * How thresholds differ from the defaults: one entry per attribute (and the trope severity) whose value is not the
 * default, and the words for it ("INSULT 0.70 (default 0.60)"). Pure; the console's indicator, its export scope
 * note and the HTML report all read it, so the three say the same.
 */
import { DEFAULT_THRESHOLDS, type Thresholds } from './flags.ts';
import { ATTRIBUTES } from './scoring.ts';

/** One threshold that is not its default. `name` is the attribute, or "Trope severity". */
export interface ThresholdChange {
  name: string;
  value: number;
  defaultValue: number;
  /** "INSULT 0.70 (default 0.60)", "Trope severity S3 (default S2)". */
  text: string;
}

export const TROPE_SEVERITY_NAME = 'Trope severity';

const score = (value: number): string => value.toFixed(2);

/** The thresholds that differ from `defaults`, attributes first in their fixed order, then the trope severity. */
export function thresholdChanges(thresholds: Thresholds, defaults: Thresholds = DEFAULT_THRESHOLDS): ThresholdChange[] {
  const changes: ThresholdChange[] = [];
  for (const attribute of ATTRIBUTES) {
    const value = thresholds.attributes[attribute];
    const defaultValue = defaults.attributes[attribute];
    if (value !== defaultValue) changes.push({ name: attribute, value, defaultValue, text: `${attribute} ${score(value)} (default ${score(defaultValue)})` });
  }
  if (thresholds.tropeMinSeverity !== defaults.tropeMinSeverity) {
    const value = thresholds.tropeMinSeverity;
    const defaultValue = defaults.tropeMinSeverity;
    changes.push({ name: TROPE_SEVERITY_NAME, value, defaultValue, text: `${TROPE_SEVERITY_NAME} S${value} (default S${defaultValue})` });
  }
  return changes;
}

/** "thresholds changed from the defaults: INSULT 0.70 (default 0.60); ..." or "" when none differs. */
export function describeThresholdChanges(changes: readonly ThresholdChange[]): string {
  return changes.length === 0 ? '' : `thresholds changed from the defaults: ${changes.map((c) => c.text).join(', ')}`;
}

/**
 * What changed from `before` to `after`, one text per threshold, in the same order: "INSULT 0.60 -> 0.70",
 * "Trope severity S2 -> S3" (the audit trail's `what` of a thresholds change). Empty when nothing changed.
 */
export function thresholdMoves(before: Thresholds, after: Thresholds): string[] {
  return thresholdChanges(after, before).map((c) =>
    c.name === TROPE_SEVERITY_NAME ? `${c.name} S${c.defaultValue} -> S${c.value}` : `${c.name} ${score(c.defaultValue)} -> ${score(c.value)}`,
  );
}
