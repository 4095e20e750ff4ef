/**
 * The flag report: a self-contained record that the exporters serialize (JSON, CSV, HTML).
 * The JSON form is documented in docs/report-format.md and docs/report.schema.json; keep them in step.
 */
import type { DecisionAction, DecisionState } from './decisions.ts';
import type { Thresholds } from './flags.ts';
import type { CommentKind, CommentStatus } from './model.ts';
import type { Attribute, ScorerInfo, Span, TropeEvidence, TropeSeverity } from './scoring.ts';

export interface ReportTrope {
  id: string;
  name: string;
  severity: TropeSeverity;
  evidence: TropeEvidence[];
  explanation: string;
}

export interface ReportDecision {
  state: DecisionState;
  action: Exclude<DecisionAction, 'reset'>;
  moderator: string;
  reason: string;
  note: string;
  at: string;
}

export interface ReportComment {
  id: string;
  parentId: string | null;
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
  scoreError: string | null;
  /** Spans that pushed each attribute up. */
  scoreEvidence: Partial<Record<Attribute, Span[]>>;
  tropes: ReportTrope[];
  flagged: boolean;
  reasons: string[];
  decision: ReportDecision | null;
  /** True when the source named a parent that is not in the thread. */
  orphan: boolean;
}

export interface ReportThread {
  id: string;
  title: string;
  url: string | null;
  sourceFormat: string;
  comments: ReportComment[];
}

export interface FlagReport {
  /** Report format version. */
  reportVersion: 1;
  generatedAt: string;
  generator: string;
  scorer: ScorerInfo & { description: string };
  detector: ScorerInfo;
  thresholds: Thresholds;
  /** What the report covers: "whole thread" or the filter that was applied. */
  scope: string;
  summary: { comments: number; flagged: number; decided: number };
  threads: ReportThread[];
}
