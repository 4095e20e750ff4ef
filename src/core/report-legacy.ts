/**
 * Builds the flag report from thread views: flags recomputed with the given thresholds, decisions folded from the log.
 */
import type { ThreadView, ViewComment } from './api.ts';
import { ACTION_FOR_STATE, currentDecisions, type CurrentDecision } from './decisions.ts';
import { compareFeedback } from './feedback.ts';
import { decideFlags, maxScore, type Thresholds } from './flags.ts';
import type { FlagReport, ReportComment, ReportDecision, ReportFeedback, ReportSummary, ReportThread, ReportTrope } from './report-types.ts';
import { ATTRIBUTES, type Attribute, type ScorerInfo, type Span } from './scoring.ts';
import { findTropeInfo } from './tropes-info.ts';

export interface BuildReportInput {
  /** Threads to report on, in the order they appear in the report. */
  views: readonly ThreadView[];
  /** Thresholds to flag with (the UI's live values, a request's, or the defaults). */
  thresholds: Thresholds;
  /** Only these comments (what the current filter shows); all comments when absent. */
  commentIds?: readonly string[];
  /** Words describing what the report covers ("whole thread", "flagged only; search 'war'"). */
  scope: string;
  /** ISO-8601 UTC time the report is made (passed in so the builder stays pure). */
  generatedAt: string;
  /** What made the report, e.g. "threadscope 0.1.0 (cli)". */
  generator: string;
}

/** Scorer recorded when the report holds no thread to take it from. */
const NO_SCORER: ScorerInfo & { description: string } = { name: 'none', version: 'none', description: 'No thread in the report.' };

/** Builds a self-contained flag report. Pure and total: never throws on well-typed input. */
export function buildFlagReport(input: BuildReportInput): FlagReport {
  const wanted = input.commentIds ? new Set(input.commentIds) : null;
  const threads = input.views.map((view) => reportThread(view, input.thresholds, wanted));
  const first = input.views[0];
  return {
    reportVersion: 1,
    generatedAt: input.generatedAt,
    generator: input.generator,
    scorer: first ? { name: first.scorer.name, version: first.scorer.version, description: first.scorer.description } : { ...NO_SCORER },
    detector: first ? { name: first.detector.name, version: first.detector.version } : { name: NO_SCORER.name, version: NO_SCORER.version },
    thresholds: copyThresholds(input.thresholds),
    scope: scopeWithNotes(input.scope, input.views),
    summary: summarize(threads),
    threads,
  };
}

function reportThread(view: ThreadView, thresholds: Thresholds, wanted: Set<string> | null): ReportThread {
  const decisions = currentDecisions(view.decisions.filter((event) => event.threadId === view.id));
  const comments: ReportComment[] = [];
  for (const comment of view.comments) {
    if (wanted && !wanted.has(comment.id)) continue;
    comments.push(reportComment(comment, thresholds, decisions.get(comment.id)));
  }
  return {
    id: view.id,
    title: view.title,
    url: view.url,
    sourceFormat: view.sourceFormat,
    importedAt: view.importedAt,
    totalComments: view.comments.length,
    problems: view.problems.map((p) => ({ where: p.where, message: p.message })),
    comments,
  };
}

function reportComment(comment: ViewComment, thresholds: Thresholds, current: CurrentDecision | undefined): ReportComment {
  const { flagged, reasons, needsHuman } = decideFlags(comment.score, comment.tropes, thresholds);
  const tropes: ReportTrope[] = comment.tropes.map((hit) => ({
    id: hit.id,
    name: hit.name,
    severity: hit.severity,
    evidence: hit.evidence.map((e) => ({ start: e.start, end: e.end, text: e.text, role: e.role })),
    explanation: hit.explanation,
    references: [...(findTropeInfo(hit.id)?.references ?? [])],
    ...(hit.contextOf ? { contextOf: { commentId: hit.contextOf.commentId, tropeId: hit.contextOf.tropeId } } : {}),
  }));
  return {
    id: comment.id,
    parentId: comment.treeParentId,
    sourceParentId: comment.parentId,
    depth: comment.depth,
    kind: comment.kind,
    status: comment.status,
    author: comment.author,
    createdAt: comment.createdAt,
    createdAtText: comment.createdAtText,
    text: comment.text,
    scores: comment.score ? pickAttributes(comment.score.scores, (v) => v) : null,
    maxScore: maxScore(comment.score),
    scoreError: comment.scoreError,
    scoreEvidence: comment.score ? pickAttributes(comment.score.evidence, copySpans) : {},
    ...(comment.score?.explanations && Object.keys(comment.score.explanations).length > 0 ? { scoreExplanations: pickAttributes(comment.score.explanations, (v) => v) } : {}),
    ...(comment.score?.language ? { language: comment.score.language } : {}),
    ...(comment.score?.languageUnsupported ? { languageUnsupported: true } : {}),
    ...(comment.score?.unsupported?.length ? { unsupportedAttributes: [...comment.score.unsupported] } : {}),
    ...(comment.score?.sources && Object.keys(comment.score.sources).length > 0 ? { scoreSources: pickAttributes(comment.score.sources, (v) => v) } : {}),
    tropes,
    flagged,
    reasons,
    needsHuman: needsHuman ? { ...needsHuman } : null,
    decision: current ? reportDecision(current) : null,
    orphan: comment.orphan,
    ...(comment.missing ? { missing: { since: comment.missing.since, fileName: comment.missing.fileName } } : {}),
    ...(comment.feedback?.length ? { feedback: reportFeedback(comment) } : {}),
  };
}

/** The moderators' suggested scores beside ours, as the console shows them. */
function reportFeedback(comment: ViewComment): ReportFeedback[] {
  return compareFeedback(comment).map(({ attribute, suggested, count, latestAt, ours, disagrees }) => ({ attribute, suggested, count, latestAt, ours, disagrees }));
}

function reportDecision(current: CurrentDecision): ReportDecision {
  const { event } = current;
  return {
    state: current.state,
    action: ACTION_FOR_STATE[current.state],
    moderator: event.moderator,
    reason: event.reason,
    note: event.note,
    at: event.at,
    eventId: event.id,
  };
}

/** Copies the known attributes in ATTRIBUTES order, so every report lists them the same way. */
function pickAttributes<T, U>(source: Partial<Record<Attribute, T>>, copy: (value: T) => U): Partial<Record<Attribute, U>> {
  const out: Partial<Record<Attribute, U>> = {};
  for (const attribute of ATTRIBUTES) {
    const value = source[attribute];
    if (value !== undefined) out[attribute] = copy(value);
  }
  return out;
}

function copySpans(spans: Span[]): Span[] {
  return spans.map((s) => ({ start: s.start, end: s.end, text: s.text }));
}

function copyThresholds(t: Thresholds): Thresholds {
  return { attributes: { ...t.attributes }, tropeMinSeverity: t.tropeMinSeverity };
}

/** Appends a note to the scope when the threads were scored or screened by different engines. */
function scopeWithNotes(scope: string, views: readonly ThreadView[]): string {
  const notes: string[] = [];
  const scorers = distinct(views.map((v) => `${v.scorer.name} ${v.scorer.version}`));
  if (scorers.length > 1) notes.push(`threads were scored by different scorers (${scorers.join(', ')}); the header names the first`);
  const detectors = distinct(views.map((v) => `${v.detector.name} ${v.detector.version}`));
  if (detectors.length > 1) notes.push(`threads were screened by different trope detectors (${detectors.join(', ')}); the header names the first`);
  return notes.length === 0 ? scope : `${scope}; note: ${notes.join('; ')}`;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

function summarize(threads: ReportThread[]): ReportSummary {
  const summary: ReportSummary = { threads: threads.length, comments: 0, flagged: 0, decided: 0, approved: 0, rejected: 0, escalated: 0, unscored: 0, needsHuman: 0 };
  for (const thread of threads) {
    for (const c of thread.comments) {
      summary.comments += 1;
      if (c.flagged) summary.flagged += 1;
      if (c.scores === null) summary.unscored += 1;
      if (c.needsHuman) summary.needsHuman += 1;
      if (c.decision) {
        summary.decided += 1;
        summary[c.decision.state] += 1;
      }
    }
  }
  return summary;
}
