/**
 * What the thread view shows of one comment's scores and tropes under the live thresholds: flag badges with
 * their reasons, the score strip, and the evidence spans to highlight. Pure; the components only render it.
 */
import type { ViewComment } from '../../core/api.ts';
import { tropesApply, type FlagDecision, type Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute, type TropeHit } from '../../core/scoring.ts';
import { findTropeInfo } from '../../core/tropes-info.ts';
import { alignSpan, type HighlightSpan } from './highlight.ts';

/** One badge on a comment. */
export interface FlagBadge {
  key: string;
  kind: 'attribute' | 'trope';
  /** Visible text, e.g. "INSULT 0.82" or "Trope: Secret control of leaders · S3". */
  label: string;
  /** Tooltip text: the policy's reason line, and for a trope its explanation and severity. */
  reason: string;
  /** False for a trope below the minimum severity (shown muted, does not flag). */
  flagging: boolean;
  /** Trope badges: what the trope claims, from the taxonomy (absent for an id outside it). */
  definition?: string;
  /** Trope badges: the trope's sources, http/https URLs only. */
  references?: string[];
  /** Thread-context badges: the flagged comment the reply endorses. */
  contextOf?: { commentId: string; tropeId: string };
}

/** Only plain http(s) URLs are ever linked. */
const LINKABLE = /^https?:\/\/[^\s"'<>\\]+$/i;

/** The taxonomy's sources for a trope, keeping only linkable URLs. */
export function tropeReferences(id: string): string[] {
  return (findTropeInfo(id)?.references ?? []).filter((url) => LINKABLE.test(url));
}

/** One bar of the score strip. */
export interface ScoreBar {
  attribute: Attribute;
  value: number;
  threshold: number;
  over: boolean;
}

const SEVERITY_WORDS = ['', 'low', 'medium', 'high', 'critical'] as const;

/** "S3 (high)". */
export function severityText(severity: number): string {
  return `S${severity} (${SEVERITY_WORDS[severity] ?? 'unknown'})`;
}

function reasonFor(flag: FlagDecision | undefined, prefix: string): string | undefined {
  return flag?.reasons.find((line) => line.startsWith(prefix));
}

function tropeReason(hit: TropeHit, flag: FlagDecision | undefined, minSeverity: number, language: string | null): string {
  const flagging = language === null && hit.severity >= minSeverity;
  const line = flagging ? reasonFor(flag, `Trope ${hit.name} (S${hit.severity})`) ?? reasonFor(flag, `Trope: ${hit.name}`) : undefined;
  const base = line ?? `${hit.name}: ${hit.explanation}`;
  if (language !== null) return `${base} Severity ${severityText(hit.severity)}; does not flag: the trope rules are English and this comment is in "${language}".`;
  const severity = flagging
    ? `Severity ${severityText(hit.severity)}.`
    : `Severity ${severityText(hit.severity)}, below the minimum ${severityText(minSeverity)}: does not flag.`;
  return `${base} ${severity}`;
}

/** The comment's language when the trope rules do not apply to it (not English), else null. */
function otherLanguage(comment: ViewComment): string | null {
  return tropesApply(comment.score) ? null : (comment.score?.language ?? 'unknown');
}

/**
 * Attribute badges (scores at or over their threshold) then trope badges, in display order. A comment that needs a
 * human has no attribute badge; its trope hits show muted when its language is not English (they do not flag).
 */
export function flagBadges(comment: ViewComment, flag: FlagDecision | undefined, thresholds: Thresholds): FlagBadge[] {
  const badges: FlagBadge[] = [];
  const score = comment.score;
  const language = otherLanguage(comment);
  if (score && !flag?.needsHuman) {
    for (const attribute of ATTRIBUTES) {
      const value = score.scores[attribute];
      const limit = thresholds.attributes[attribute];
      if (value === undefined || !Number.isFinite(value) || value < limit) continue;
      const reason = reasonFor(flag, `${attribute} `) ?? `${attribute} ${value.toFixed(2)} ≥ ${limit.toFixed(2)}`;
      badges.push({ key: attribute, kind: 'attribute', label: `${attribute} ${value.toFixed(2)}`, reason, flagging: true });
    }
  }
  comment.tropes.forEach((hit, i) => {
    const flagging = language === null && hit.severity >= thresholds.tropeMinSeverity;
    const info = findTropeInfo(hit.contextOf?.tropeId ?? hit.id);
    const badge: FlagBadge = {
      key: `trope-${i}-${hit.id}`,
      kind: 'trope',
      label: hit.contextOf ? `Context: endorses ${hit.name} · S${hit.severity}` : `Trope: ${hit.name} · S${hit.severity}`,
      reason: tropeReason(hit, flag, thresholds.tropeMinSeverity, language),
      flagging,
      references: tropeReferences(info?.id ?? hit.id),
    };
    if (info) badge.definition = info.definition;
    if (hit.contextOf) badge.contextOf = { ...hit.contextOf };
    badges.push(badge);
  });
  return badges;
}

/** One bar per attribute the scorer supplied, in attribute order. */
export function scoreBars(comment: ViewComment, thresholds: Thresholds): ScoreBar[] {
  const bars: ScoreBar[] = [];
  const scores = comment.score?.scores;
  if (!scores) return bars;
  for (const attribute of ATTRIBUTES) {
    const value = scores[attribute];
    if (value === undefined || !Number.isFinite(value)) continue;
    const threshold = thresholds.attributes[attribute];
    bars.push({ attribute, value: Math.min(1, Math.max(0, value)), threshold, over: value >= threshold });
  }
  return bars;
}

/**
 * Evidence to highlight: spans of attributes at or over threshold (toxicity tint) and of flagging tropes
 * (trope tint). Spans whose offsets disagree with their quoted text are re-placed or dropped (see alignSpan).
 */
export function highlightSpans(comment: ViewComment, thresholds: Thresholds): HighlightSpan[] {
  const spans: HighlightSpan[] = [];
  const text = comment.text;
  const score = comment.score;
  if (score) {
    for (const attribute of ATTRIBUTES) {
      const value = score.scores[attribute];
      if (value === undefined || value < thresholds.attributes[attribute]) continue;
      for (const span of score.evidence[attribute] ?? []) {
        const at = alignSpan(text, span);
        if (at) spans.push({ ...at, kind: 'toxicity', label: attribute });
      }
    }
  }
  const readable = tropesApply(comment.score);
  for (const hit of comment.tropes) {
    if (!readable || hit.severity < thresholds.tropeMinSeverity) continue;
    for (const span of hit.evidence) {
      const at = alignSpan(text, span);
      if (at) spans.push({ ...at, kind: 'trope', label: `Trope: ${hit.name} (${span.role})` });
    }
  }
  return spans;
}
