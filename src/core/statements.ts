/**
 * Statements of reasons for rejected comments (EU Digital Services Act, Art. 17; issue 14,
 * docs/adr/0026-commenter-history-and-statements-of-reasons.md). Pure: the server gathers the comment as the console
 * showed it, its rejecting decision and the team's reasons; this builds one statement per comment.
 *
 * A statement has the fields of the DSA Transparency Database's statement of reasons (same names and allowed values:
 * `decision_visibility`, `decision_ground`, `illegal_content_legal_ground`, ..., `automated_detection`,
 * `automated_decision`, `puid`), so a platform can submit it after removing personal data, plus `details`: what the
 * recipient of the statement is told beyond them (the comment, its author and text, the flags and scores the console
 * showed, which model flagged it, who decided, the reason and note, redress). The database forbids personal data in
 * submissions; the author and text are only in `details`.
 *
 * Rules, each a small named function below:
 * - the decision: the comment was removed from view (`DECISION_VISIBILITY_CONTENT_REMOVED`), text content;
 * - the ground from the reason's `ground`: "illegal" -> illegal content with the legal ground and an explanation;
 *   "incompatible" (and a reason not in the team's list) -> incompatible with the terms, with the reason's label and
 *   the note; no reason at all -> incompatible, with a warning that the statement lacks its ground;
 * - automated detection "Yes" when the scorer's attributes or the trope detector flagged the comment under the
 *   thresholds (naming the model and version), else "No"; the decision is never automated (a person decided: their role);
 * - the source is the platform's own initiative (`SOURCE_VOLUNTARY`): Threadscope knows of no notices;
 * - redress: the configured text (DEFAULT_REDRESS when none).
 */
import type { DecisionEvent } from './decisions.ts';
import { decideFlags, type Thresholds } from './flags.ts';
import type { Role } from './roles.ts';
import { ATTRIBUTES, type Attribute, type CommentScore, type ScorerInfo, type TropeHit } from './scoring.ts';

/** A reason as the team defines it (the fields of ReasonDef the statement reads). */
export interface StatementReason {
  code: string;
  label: string;
  ground: 'illegal' | 'incompatible';
}

/** The comment as the console showed it (a ViewComment has these fields). */
export interface StatementComment {
  id: string;
  author: string;
  createdAt: string | null;
  text: string;
  score: CommentScore | null;
  tropes: readonly TropeHit[];
}

export interface StatementInput {
  thread: { id: string; title: string; url: string | null };
  comment: StatementComment;
  /** The event that rejected the comment (its current decision). */
  decision: DecisionEvent;
  /** The decider's role, when known (their account's role now; "admin" in single-user mode). */
  deciderRole: Role | null;
}

export interface StatementSettings {
  /** The team's reasons (retired ones included: old decisions name them). */
  reasons: readonly StatementReason[];
  scorer: ScorerInfo;
  detector: ScorerInfo;
  /** The thresholds the flags are computed under (the team's). */
  thresholds: Thresholds;
  /** How the recipient can contest the decision; DEFAULT_REDRESS when absent or blank. */
  redress?: string;
}

/** What the recipient can do about the decision (DSA Art. 17(3)(f), 20, 21); a team may configure its own. */
export const DEFAULT_REDRESS =
  'You can contest this decision: through our internal complaint-handling system, by replying to this notice within six months ' +
  '(DSA Art. 20); before a certified out-of-court dispute settlement body (Art. 21); or before a court of your Member State.';

/** Longest redress text taken (characters). */
export const REDRESS_MAX = 2000;

/** Transparency Database limits (characters). */
export const TDB_LIMITS = { facts: 5000, ground: 500, explanation: 2000, puid: 500 } as const;

export type DecisionGround = 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';

/** One statement of reasons: the Transparency Database's fields, then Threadscope's details for the recipient. */
export interface StatementOfReasons {
  puid: string;
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'];
  decision_ground: DecisionGround;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  content_type: ['CONTENT_TYPE_TEXT'];
  category: string;
  /** YYYY-MM-DD of posting; null when the source did not say (the database requires it: see details.warnings). */
  content_date: string | null;
  /** YYYY-MM-DD of the decision. */
  application_date: string;
  /** Uppercase ISO 639-1 code, when the scorer detected the language. */
  content_language?: string;
  decision_facts: string;
  source_type: 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED';
  details: StatementDetails;
}

export interface StatementDetails {
  threadId: string;
  threadTitle: string;
  threadUrl: string | null;
  commentId: string;
  author: string;
  postedAt: string | null;
  text: string;
  /** The flags the console showed under the thresholds (empty when not flagged). */
  flags: string[];
  /** The scorer's scores (attribute -> 0..1); empty when unscored. */
  scores: Partial<Record<Attribute, number>>;
  /** Which automated means flagged it ("model toxicity-lexicon 3 (INSULT 0.90 ≥ 0.60)"), or why none did. */
  automatedMeans: string;
  decidedBy: string;
  decidedByRole: Role | null;
  decidedAt: string;
  reasonCode: string;
  reasonLabel: string;
  legalGround: string;
  note: string;
  redress: string;
  /** What a submission to the Transparency Database would lack (no reason, no posting date). */
  warnings: string[];
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The Transparency Database's category for a reason, from its code's words (the default list of src/core/reasons.ts). */
export function categoryOf(reason: StatementReason | null): string {
  const code = reason?.code ?? '';
  if (/harass|bully/.test(code)) return 'STATEMENT_CATEGORY_CYBER_VIOLENCE';
  if (/misinfo|disinfo/.test(code)) return 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS';
  if (/spam|irrelevant|off-topic/.test(code)) return 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE';
  if (/hate|offensive|abusive|insult|illegal/.test(code) || reason?.ground === 'illegal') return 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH';
  return 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC';
}

/** The reason a decision names: the team's definition, one made from an unknown code (incompatible), or null. */
export function reasonOf(code: string, reasons: readonly StatementReason[]): StatementReason | null {
  if (code.trim() === '') return null;
  return reasons.find((r) => r.code === code) ?? { code, label: code, ground: 'incompatible' };
}

/** The Transparency Database's PUID: letters, digits, "-" and "_" only, unique per decision event. */
export function puidOf(threadId: string, commentId: string, seq: number): string {
  // Ids of at most 200 characters each (src/core/ids.ts) keep the whole within the database's 500 characters.
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 200);
  return `threadscope-${safe(threadId)}-${safe(commentId)}-${seq}`;
}

/** YYYY-MM-DD (UTC) of an ISO time, or null when unreadable. */
export function dayOf(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}

/** The ground fields: illegal content with its legal ground, or incompatible with the terms. */
function groundFields(reason: StatementReason | null, decision: DecisionEvent): Pick<StatementOfReasons, 'decision_ground' | 'illegal_content_legal_ground' | 'illegal_content_explanation' | 'incompatible_content_ground' | 'incompatible_content_explanation'> {
  const note = decision.note.trim();
  const legal = (decision.legalGround ?? '').trim();
  if (reason?.ground === 'illegal') {
    return {
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: cut(legal || `${reason.label} (no legal provision was recorded)`, TDB_LIMITS.ground),
      illegal_content_explanation: cut(note || `The comment was judged to be illegal content: ${reason.label}.`, TDB_LIMITS.explanation),
    };
  }
  if (reason === null) {
    return {
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: cut(legal || 'Terms of the site (no reason was recorded with the decision)', TDB_LIMITS.ground),
      incompatible_content_explanation: cut(note || 'The moderator removed the comment without recording a reason.', TDB_LIMITS.explanation),
    };
  }
  return {
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    incompatible_content_ground: cut(legal ? `${reason.label} (${legal})` : reason.label, TDB_LIMITS.ground),
    incompatible_content_explanation: cut(note || `The comment was judged incompatible with the site's terms: ${reason.label}.`, TDB_LIMITS.explanation),
  };
}

/** Which automated means flagged the comment, or why none did; `used` when any did. */
function automatedMeans(reasons: readonly string[], settings: StatementSettings): { used: boolean; means: string } {
  const byScorer = reasons.filter((r) => !r.startsWith('Trope '));
  const byDetector = reasons.filter((r) => r.startsWith('Trope '));
  const parts: string[] = [];
  if (byScorer.length > 0) parts.push(`scorer ${settings.scorer.name} ${settings.scorer.version} (${byScorer.map((r) => r.split(':')[0]).join('; ')})`);
  if (byDetector.length > 0) parts.push(`trope detector ${settings.detector.name} ${settings.detector.version} (${byDetector.map((r) => r.split(':')[0]!.replace(/^Trope /, '')).join('; ')})`);
  if (parts.length === 0) return { used: false, means: `not flagged by the scorer ${settings.scorer.name} ${settings.scorer.version} or the trope detector ${settings.detector.name} ${settings.detector.version}: found by a person` };
  return { used: true, means: `flagged for review by ${parts.join(' and ')}` };
}

function scoresOf(score: CommentScore | null): Partial<Record<Attribute, number>> {
  const out: Partial<Record<Attribute, number>> = {};
  for (const attribute of ATTRIBUTES) {
    const value = score?.scores[attribute];
    if (value !== undefined && Number.isFinite(value)) out[attribute] = value;
  }
  return out;
}

const LANGUAGE = /^[a-z]{2}$/;

/** The statement of reasons for one rejected comment. */
export function buildStatement(input: StatementInput, settings: StatementSettings): StatementOfReasons {
  const { thread, comment, decision } = input;
  const flags = decideFlags(comment.score, comment.tropes, settings.thresholds);
  const reason = reasonOf(decision.reason, settings.reasons);
  const automated = automatedMeans(flags.reasons, settings);
  const role = input.deciderRole;
  const redress = settings.redress?.trim() ? cut(settings.redress.trim(), REDRESS_MAX) : DEFAULT_REDRESS;
  const scores = scoresOf(comment.score);
  const posted = comment.createdAt ?? 'an unknown time';
  const scoreText = Object.entries(scores).map(([a, v]) => `${a} ${v.toFixed(2)}`).join(', ');
  const facts = [
    `Comment ${comment.id} by ${comment.author.trim() || 'an unnamed commenter'}, posted ${posted} in the thread "${thread.title}"${thread.url ? ` (${thread.url})` : ''}.`,
    flags.flagged ? `Flagged: ${flags.reasons.join(' | ')}.` : 'Not flagged by automated means.',
    scoreText ? `Scores: ${scoreText}.` : 'No scores.',
    `Removed by ${decision.moderator}${role ? ` (${role})` : ''} on ${decision.at}${reason ? ` for "${reason.label}"` : ' without a recorded reason'}${decision.note.trim() ? `: ${decision.note.trim()}` : ''}.`,
  ].join(' ');
  const warnings: string[] = [];
  if (reason === null) warnings.push('no reason was recorded with the decision: the ground is incomplete');
  if (reason?.ground === 'illegal' && !(decision.legalGround ?? '').trim()) warnings.push('no legal provision was recorded for this illegal-content decision');
  const contentDate = dayOf(comment.createdAt);
  if (contentDate === null) warnings.push('the posting date is unknown (the Transparency Database requires content_date)');
  const language = comment.score?.language;
  return {
    puid: puidOf(thread.id, comment.id, decision.seq),
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    ...groundFields(reason, decision),
    content_type: ['CONTENT_TYPE_TEXT'],
    category: categoryOf(reason),
    content_date: contentDate,
    application_date: dayOf(decision.at) ?? decision.at.slice(0, 10),
    ...(language && LANGUAGE.test(language) ? { content_language: language.toUpperCase() } : {}),
    decision_facts: cut(facts, TDB_LIMITS.facts),
    source_type: 'SOURCE_VOLUNTARY',
    automated_detection: automated.used ? 'Yes' : 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    details: {
      threadId: thread.id,
      threadTitle: thread.title,
      threadUrl: thread.url,
      commentId: comment.id,
      author: comment.author,
      postedAt: comment.createdAt,
      text: comment.text,
      flags: flags.reasons,
      scores,
      automatedMeans: automated.means,
      decidedBy: decision.moderator,
      decidedByRole: role,
      decidedAt: decision.at,
      reasonCode: reason?.code ?? '',
      reasonLabel: reason?.label ?? '',
      legalGround: decision.legalGround ?? '',
      note: decision.note,
      redress,
      warnings,
    },
  };
}
