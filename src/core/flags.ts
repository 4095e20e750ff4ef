/**
 * The flag policy: per-attribute thresholds and trope severities turn scores into `flagged` plus
 * human-readable reasons. Pure, shared by the server, the CLI, the exporters and the UI (live re-flagging).
 */
import { ATTRIBUTES, type Attribute, type CommentScore, type TropeHit, type TropeSeverity } from './scoring.ts';

/** Thresholds of the flag policy. */
export interface Thresholds {
  /** A comment is flagged when an attribute score is >= its threshold (0..1). */
  attributes: Record<Attribute, number>;
  /** A trope hit flags the comment when its severity is >= this (1..4). */
  tropeMinSeverity: TropeSeverity;
}

/**
 * Why a comment needs a human reviewer rather than the scorer's judgement: its language is one the scorer does not
 * support (`language`: ISO 639-1 code, or "unknown"). A review state of its own, never "flagged".
 */
export interface NeedsHuman {
  reason: 'language-not-supported';
  language: string;
}

/** Outcome of the policy for one comment. */
export interface FlagDecision {
  flagged: boolean;
  /** Set when the scorer cannot judge the comment (its language is not supported); such a comment is not flagged. */
  needsHuman: NeedsHuman | null;
  /**
   * One line each, e.g. `INSULT 0.82 ≥ 0.70: "real losers" — Insults "You people": "real losers"` (the scorer's
   * explanation after the dash, when it gives one) or `Trope Secret control of leaders (S3): "chabad" is said to control "putin" ...`.
   */
  reasons: string[];
}

/** Documented defaults (docs/flag-policy.md explains each value and what it flags on the seed thread). */
export const DEFAULT_THRESHOLDS: Thresholds = {
  attributes: {
    TOXICITY: 0.7,
    SEVERE_TOXICITY: 0.5,
    IDENTITY_ATTACK: 0.5,
    INSULT: 0.6,
    PROFANITY: 0.7,
    THREAT: 0.5,
  },
  tropeMinSeverity: 2,
};

/** The review state of a comment the scorer marked as in a language it does not support; null otherwise. */
export function needsHumanOf(score: CommentScore | null): NeedsHuman | null {
  return score?.languageUnsupported === true ? { reason: 'language-not-supported', language: score.language ?? 'unknown' } : null;
}

/** The state in words, as the queue, the thread view and the CSV show it: "needs a human: language not supported (de)". */
export function needsHumanText(needsHuman: NeedsHuman): string {
  return `needs a human: language not supported (${needsHuman.language})`;
}

/**
 * True when the trope detector's English rules may read the comment: its language is English or was not detected
 * (the embedded scorer detects it only when its pre-check doubts the text is English).
 */
export function tropesApply(score: CommentScore | null): boolean {
  return score?.language === undefined || score.language === 'en';
}

/**
 * Applies the policy. `score` is null when the comment was not scored (empty text, or a scorer error). A comment in a
 * language the scorer does not support needs a human: its scores (if a scorer sent any) flag nothing, and neither do
 * trope hits on a comment in another language than English (the detector's rules are English).
 */
export function decideFlags(score: CommentScore | null, tropes: readonly TropeHit[], thresholds: Thresholds): FlagDecision {
  const reasons: string[] = [];
  const needsHuman = needsHumanOf(score);
  if (score && needsHuman === null) {
    for (const attribute of ATTRIBUTES) {
      const value = score.scores[attribute];
      const limit = thresholds.attributes[attribute];
      if (value === undefined || !Number.isFinite(value) || value < limit) continue;
      const spans = score.evidence[attribute] ?? [];
      const quoted = spans.slice(0, 3).map((s) => `"${s.text}"`).join(', ');
      const why = score.explanations?.[attribute];
      reasons.push(`${attribute} ${value.toFixed(2)} ≥ ${limit.toFixed(2)}${quoted ? `: ${quoted}` : ''}${why ? ` — ${why}` : ''}`);
    }
  }
  const readable = tropesApply(score);
  for (const hit of tropes) {
    if (!readable || hit.severity < thresholds.tropeMinSeverity) continue;
    const repeat = `${hit.name}: `;
    const explanation = hit.explanation.startsWith(repeat) ? hit.explanation.slice(repeat.length) : hit.explanation;
    reasons.push(`Trope ${hit.name} (S${hit.severity}): ${explanation}`);
  }
  return { flagged: reasons.length > 0, needsHuman, reasons };
}

/** Highest attribute score of a comment, or null when unscored. */
export function maxScore(score: CommentScore | null): number | null {
  if (!score) return null;
  let best: number | null = null;
  for (const attribute of ATTRIBUTES) {
    const value = score.scores[attribute];
    if (value !== undefined && Number.isFinite(value) && (best === null || value > best)) best = value;
  }
  return best;
}

/** Validates thresholds coming from outside (URL, request body, CLI). Returns a message, or null when valid. */
export function validateThresholds(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'thresholds must be an object';
  const v = value as { attributes?: unknown; tropeMinSeverity?: unknown };
  if (typeof v.attributes !== 'object' || v.attributes === null) return 'thresholds.attributes must be an object';
  for (const attribute of ATTRIBUTES) {
    const t = (v.attributes as Record<string, unknown>)[attribute];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1) {
      return `thresholds.attributes.${attribute} must be a number from 0 to 1`;
    }
  }
  if (v.tropeMinSeverity !== 1 && v.tropeMinSeverity !== 2 && v.tropeMinSeverity !== 3 && v.tropeMinSeverity !== 4) {
    return 'thresholds.tropeMinSeverity must be 1, 2, 3 or 4';
  }
  return null;
}
