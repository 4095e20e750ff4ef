/**
 * The queue's priority (issue 14, docs/adr/0025-queue-states-and-live-updates.md): which comments a moderator should
 * see first, as a number from 0 (least urgent) to 1. Pure. A weighted sum of three named parts, each from 0 to 1:
 *
 * - score (PRIORITY_WEIGHTS.score = 0.5): the highest attribute score; a comment whose scoring failed counts as
 *   UNSCORED_SCORE (0.5: unknown, so neither buried nor on top); an empty comment as 0.
 * - tropes (0.3): the strongest trope hit's severity over 4, plus 0.125 for each further hit, at most 1.
 * - reports (0.2): readers' reports, log-scaled so that REPORTS_SATURATE (10) reports count fully; null when the
 *   source carries no reports (the imported formats do not: the part is then 0 for every comment, and the order is
 *   score and tropes alone).
 */
import type { TropeSeverity } from './scoring.ts';

export const PRIORITY_WEIGHTS = { score: 0.5, tropes: 0.3, reports: 0.2 } as const;
export const UNSCORED_SCORE = 0.5;
export const REPORTS_SATURATE = 10;
/** Severity of the strongest possible trope hit. */
const MAX_SEVERITY = 4;
/** What each hit beyond the strongest adds to the tropes part. */
const EXTRA_HIT = 0.125;

export interface PriorityInput {
  /** Highest attribute score (0..1), null when unscored. */
  highest: number | null;
  /** True when the comment should have been scored but was not (ViewComment.scoreError). */
  scoreFailed: boolean;
  /** Severities of its trope hits. */
  tropes: readonly TropeSeverity[];
  /** Readers' reports, null when the source has none. */
  reports: number | null;
}

const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** The score part: the highest score, UNSCORED_SCORE for a failed scoring, 0 for nothing to score. */
export function scorePart(highest: number | null, scoreFailed: boolean): number {
  if (highest !== null) return clamp01(highest);
  return scoreFailed ? UNSCORED_SCORE : 0;
}

/** The tropes part: the strongest severity over 4, each further hit adding EXTRA_HIT. */
export function tropesPart(severities: readonly TropeSeverity[]): number {
  if (severities.length === 0) return 0;
  let strongest = 0;
  for (const s of severities) if (s > strongest) strongest = s;
  return clamp01(strongest / MAX_SEVERITY + EXTRA_HIT * (severities.length - 1));
}

/** The reports part: log2(1 + reports) / log2(1 + REPORTS_SATURATE), at most 1; 0 without reports. */
export function reportsPart(reports: number | null): number {
  if (reports === null || !(reports > 0)) return 0;
  return clamp01(Math.log2(1 + reports) / Math.log2(1 + REPORTS_SATURATE));
}

/** The comment's priority, 0..1 (higher first). */
export function priorityOf(input: PriorityInput): number {
  return (
    PRIORITY_WEIGHTS.score * scorePart(input.highest, input.scoreFailed) +
    PRIORITY_WEIGHTS.tropes * tropesPart(input.tropes) +
    PRIORITY_WEIGHTS.reports * reportsPart(input.reports)
  );
}
