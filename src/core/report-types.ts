/**
 * The flag report: a self-contained record that the exporters serialize (JSON, CSV, HTML).
 * The JSON form is documented in docs/report-format.md and docs/report.schema.json; keep them in step.
 */
import type { DecisionAction, DecisionState } from './decisions.ts';
import type { NeedsHuman, Thresholds } from './flags.ts';
import type { CommentKind, CommentStatus } from './model.ts';
import type { Attribute, ScorerInfo, Span, TropeEvidence, TropeSeverity } from './scoring.ts';

export interface ReportTrope {
  /** Stable trope id from the taxonomy. */
  id: string;
  /** Human name of the trope. */
  name: string;
  /** 1 low .. 4 critical; the hit flags the comment when >= `thresholds.tropeMinSeverity`. */
  severity: TropeSeverity;
  /** Spans of `text` (UTF-16 offsets, end exclusive) with the slot each fills. */
  evidence: TropeEvidence[];
  /** One sentence built from the evidence. */
  explanation: string;
  /** Sources on the trope (http/https URLs from the taxonomy) a moderator can read; empty for an unknown id. */
  references: string[];
  /** On a thread-context hit: the flagged comment this reply endorses and that comment's trope. */
  contextOf?: { commentId: string; tropeId: string };
}

/** The current decision on a comment, folded from the append-only log (a `reset` clears it). */
export interface ReportDecision {
  state: DecisionState;
  /** The action of the event that set the state. */
  action: Exclude<DecisionAction, 'reset'>;
  moderator: string;
  reason: string;
  note: string;
  /** ISO-8601 UTC time the decision was recorded. */
  at: string;
  /** Id of the decision event, for audit. */
  eventId: string;
}

export interface ReportComment {
  id: string;
  /**
   * Parent in the reply tree as shown (the tree parent): null at top level, also for repaired orphans and
   * cycle breaks. May name a comment left out of a filtered report.
   */
  parentId: string | null;
  /** The parent id exactly as the source gave it (differs from `parentId` for orphans and cycle breaks). */
  sourceParentId: string | null;
  /** 0 for top level. */
  depth: number;
  kind: CommentKind;
  status: CommentStatus;
  author: string;
  createdAt: string | null;
  createdAtText: string | null;
  text: string;
  /** Null when not scored; then `scoreError` says why (or the text was empty). */
  scores: Partial<Record<Attribute, number>> | null;
  /** Highest attribute score, or null when unscored. */
  maxScore: number | null;
  scoreError: string | null;
  /** Spans that pushed each attribute up. */
  scoreEvidence: Partial<Record<Attribute, Span[]>>;
  /** One line per attribute saying why it scored, when the scorer gives one (the embedded scorer does); absent otherwise. */
  scoreExplanations?: Partial<Record<Attribute, string>>;
  /** ISO 639-1 code of the language the scorer detected; absent when it did not detect one (the text looked English). */
  language?: string;
  /** True when the scorer was not trained on `language`: its scores for this comment are not reliable. */
  languageUnsupported?: boolean;
  /** Attributes the scorer could not score in this comment's language (absent from `scores`, not zero); absent when none. */
  unsupportedAttributes?: Attribute[];
  /** The service category each score came from when a service's categories were mapped (OpenAI moderation); absent otherwise. */
  scoreSources?: Partial<Record<Attribute, string>>;
  tropes: ReportTrope[];
  /** Recomputed from `scores` and `tropes` with the report's `thresholds`. */
  flagged: boolean;
  /** One human-readable line per reason the comment is flagged (empty when not flagged). */
  reasons: string[];
  /**
   * Set when the comment needs a human because the scorer cannot judge it (its language is not supported; such a
   * comment is never flagged); null otherwise.
   */
  needsHuman: NeedsHuman | null;
  /** Current moderator decision, or null when undecided (never decided, or reset). */
  decision: ReportDecision | null;
  /** True when the source named a parent that is not in the thread. */
  orphan: boolean;
  /**
   * Present when the latest import of the thread lacked this comment (kept with its last known content, ADR 0009):
   * since = ISO time of the first import that lacked it; fileName = the latest import's file (null for pasted text).
   */
  missing?: { since: string; fileName: string | null };
  /**
   * Present when callers of comments:suggestscore suggested scores for this comment's text (docs/adr/0017-score-feedback.md):
   * per attribute, the moderators' suggested score beside ours and whether they disagree (a gap of 0.5 or more).
   */
  feedback?: ReportFeedback[];
}

/** Moderators' suggested score for one attribute, beside Threadscope's own (src/core/feedback.ts). */
export interface ReportFeedback {
  attribute: Attribute;
  /** Mean of the suggestions counted, 0..1. */
  suggested: number;
  /** Suggestions counted. */
  count: number;
  /** ISO-8601 UTC time of the latest. */
  latestAt: string;
  /** Our score of the attribute; null when we have none for this comment. */
  ours: number | null;
  /** |suggested − ours| ≥ 0.5, with `ours` known. */
  disagrees: boolean;
}

export interface ReportThread {
  id: string;
  title: string;
  /** Source URL as imported (untrusted text; renderers link it only when it is http or https). */
  url: string | null;
  /** Importer id that produced the thread. */
  sourceFormat: string;
  /** When the thread was imported (ISO-8601 UTC). */
  importedAt: string;
  /** Number of comments in the thread, whether or not the report includes them all. */
  totalComments: number;
  /** Tree repairs (orphans, cycles, duplicates) and import warnings. */
  problems: Array<{ where: string; message: string }>;
  /** The included comments in display order (depth-first pre-order). */
  comments: ReportComment[];
}

/** Counts over the comments included in the report. */
export interface ReportSummary {
  threads: number;
  comments: number;
  flagged: number;
  /** Comments with a current decision. */
  decided: number;
  approved: number;
  rejected: number;
  escalated: number;
  /** Comments without scores (empty text or a scorer error). */
  unscored: number;
  /** Comments that need a human: in a language the scorer does not support (not counted as flagged). */
  needsHuman: number;
}

export interface FlagReport {
  /** Report format version. */
  reportVersion: 1;
  /** When the report was made (ISO-8601 UTC). */
  generatedAt: string;
  /** What made it, e.g. "threadscope 0.1.0 (cli)". */
  generator: string;
  /** Scorer of the first thread (a note in `scope` says when threads disagree). */
  scorer: ScorerInfo & { description: string };
  /** Trope detector of the first thread. */
  detector: ScorerInfo;
  /** The thresholds `flagged` and `reasons` were computed with. */
  thresholds: Thresholds;
  /** What the report covers: "whole thread" or the filter that was applied. */
  scope: string;
  summary: ReportSummary;
  threads: ReportThread[];
}

/** A report's thread without its comments. */
export type ReportThreadHead = Omit<ReportThread, 'comments'>;

/** Everything of a report but its threads: what is known before any comment is read. */
export type ReportHead = Omit<FlagReport, 'threads'>;

/**
 * A flag report whose comments are read as they are written, thread by thread (docs/adr/0021-streaming-reports.md):
 * the same content as a FlagReport, so that a thread of 100,000 comments is never held as one report or one string.
 * The summary in `head` is counted before any comment is read.
 */
export interface StreamedReport {
  head: ReportHead;
  threads: StreamedThread[];
}

/** One thread of a StreamedReport. */
export interface StreamedThread {
  head: ReportThreadHead;
  /**
   * The thread's included comments in display order. Each call reads them again from the start (the HTML report
   * reads them twice: its lists of flagged comments come before the thread), so a source reads them in chunks:
   * synchronously when they are held in memory, asynchronously (an AsyncIterable) when they are read from a store.
   */
  comments(): Iterable<ReportComment> | AsyncIterable<ReportComment>;
}
