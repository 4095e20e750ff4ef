/**
 * Builds the flag report from thread views: flags recomputed with the given thresholds, decisions folded from the log.
 * The report is built as a stream (docs/adr/0021-streaming-reports.md): the summary first, counted from each thread's
 * index (columns, no text), then the comments one at a time as a renderer reads them. buildFlagReport is that stream
 * collected, for small reports and tests.
 */
import type { ThreadIndex, ThreadView, ViewComment } from './api.ts';
import { ACTION_FOR_STATE, currentDecisions, type CurrentDecision } from './decisions.ts';
import { compareFeedback } from './feedback.ts';
import { decideFlags, maxScore, type Thresholds } from './flags.ts';
import type {
  FlagReport, ReportComment, ReportDecision, ReportFeedback, ReportSummary, ReportThreadHead, ReportTrope, StreamedReport, StreamedThread,
} from './report-types.ts';
import { ATTRIBUTES, type Attribute, type ScorerInfo, type Span } from './scoring.ts';
import { COMMENT_BITS, flaggedAt, needsHumanAt, ThreadIndexBuilder } from './thread-index.ts';
import { findTropeInfo } from './tropes-info.ts';

/** What a report is made with, whatever its threads come from. */
export interface ReportOptions {
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

export interface BuildReportInput extends ReportOptions {
  /** Threads to report on, in the order they appear in the report. */
  views: readonly ThreadView[];
}

/** A thread to report on without holding it whole: its index, and its comments read when the report is written. */
export interface ReportThreadSource {
  /** The thread as columns (header, decision log, what flags each comment): the summary is counted from it. */
  index: ThreadIndex;
  /**
   * The thread's comments in display order (the order of `index.ids`), read again from the start on every call,
   * e.g. window by window from a store (an AsyncIterable: ADR 0021) or from a view held in memory (an Iterable). Only
   * the comment being written is needed at a time.
   */
  comments(): Iterable<ViewComment> | AsyncIterable<ViewComment>;
}

/** A source whose comments are held in memory (a ThreadView): read synchronously. */
export interface ViewReportSource extends ReportThreadSource {
  comments(): Iterable<ViewComment>;
}

export interface StreamReportInput extends ReportOptions {
  /** Threads to report on, in the order they appear in the report. */
  threads: readonly ReportThreadSource[];
}

/** Scorer recorded when the report holds no thread to take it from. */
const NO_SCORER: ScorerInfo & { description: string } = { name: 'none', version: 'none', description: 'No thread in the report.' };

/** Builds a self-contained flag report: the stream of streamFlagReport collected. Pure and total on well-typed input. */
export function buildFlagReport(input: BuildReportInput): FlagReport {
  const { views, ...options } = input;
  return collectReport(streamFlagReport({ ...options, threads: views.map(viewReportSource) }));
}

/**
 * The flag report as a stream: the header and summary now (one pass over each thread's index), each comment when a
 * renderer reads it. Pure: reads nothing but its sources, and never throws on well-typed input.
 */
export function streamFlagReport(input: StreamReportInput): StreamedReport {
  const wanted = input.commentIds ? new Set(input.commentIds) : null;
  const threads = input.threads.map((source) => ({ source, decisions: threadDecisions(source.index) }));
  const first = input.threads[0]?.index.thread;
  return {
    head: {
      reportVersion: 1,
      generatedAt: input.generatedAt,
      generator: input.generator,
      scorer: first ? { name: first.scorer.name, version: first.scorer.version, description: first.scorer.description } : { ...NO_SCORER },
      detector: first ? { name: first.detector.name, version: first.detector.version } : { name: NO_SCORER.name, version: NO_SCORER.version },
      thresholds: copyThresholds(input.thresholds),
      scope: scopeWithNotes(input.scope, input.threads.map((t) => t.index.thread)),
      summary: summarize(threads.map((t) => ({ index: t.source.index, decisions: t.decisions })), input.thresholds, wanted),
    },
    threads: threads.map(({ source, decisions }) => streamThread(source, decisions, input.thresholds, wanted)),
  };
}

/** A whole FlagReport as a stream (its comments already in memory), for the renderers' one-string form. */
export function streamOfReport(report: FlagReport): StreamedReport {
  const { threads, ...head } = report;
  return {
    head,
    threads: threads.map(({ comments, ...threadHead }) => ({ head: threadHead, comments: () => comments })),
  };
}

/** The stream read to the end as one FlagReport; its comments must be read synchronously (collectReportAsync reads any). */
export function collectReport(report: StreamedReport): FlagReport {
  return {
    ...report.head,
    threads: report.threads.map((thread) => {
      const comments = thread.comments();
      if (Symbol.asyncIterator in comments) throw new Error(`the comments of thread "${thread.head.id}" are read asynchronously: collect the report with collectReportAsync`);
      return { ...thread.head, comments: [...comments] };
    }),
  };
}

/** The stream read to the end as one FlagReport, its comments read synchronously or not. */
export async function collectReportAsync(report: StreamedReport): Promise<FlagReport> {
  const threads: FlagReport['threads'] = [];
  for (const thread of report.threads) {
    const comments: ReportComment[] = [];
    for await (const comment of thread.comments()) comments.push(comment);
    threads.push({ ...thread.head, comments });
  }
  return { ...report.head, threads };
}

/** A thread view held in memory as a report source: its index (for the summary) built from its comments. */
export function viewReportSource(view: ThreadView): ViewReportSource {
  const { comments, decisions, ...header } = view;
  const builder = new ThreadIndexBuilder();
  for (const comment of comments) builder.add(comment);
  return { index: builder.finish(header, '', decisions), comments: () => comments };
}

function threadDecisions(index: ThreadIndex): Map<string, CurrentDecision> {
  return currentDecisions(index.decisions.filter((event) => event.threadId === index.thread.id));
}

function streamThread(source: ReportThreadSource, decisions: Map<string, CurrentDecision>, thresholds: Thresholds, wanted: Set<string> | null): StreamedThread {
  const { thread } = source.index;
  const head: ReportThreadHead = {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    sourceFormat: thread.sourceFormat,
    importedAt: thread.importedAt,
    totalComments: source.index.count,
    problems: thread.problems.map((p) => ({ where: p.where, message: p.message })),
  };
  const included = (comment: ViewComment): boolean => !wanted || wanted.has(comment.id);
  const made = (comment: ViewComment): ReportComment => reportComment(comment, thresholds, decisions.get(comment.id));
  return {
    head,
    comments() {
      const comments = source.comments();
      return Symbol.asyncIterator in comments ? reportCommentsAsync(comments, included, made) : reportComments(comments, included, made);
    },
  };
}

/** The report's comments of a source read synchronously (a view in memory). */
function* reportComments(comments: Iterable<ViewComment>, included: (c: ViewComment) => boolean, made: (c: ViewComment) => ReportComment): Generator<ReportComment, void, undefined> {
  for (const comment of comments) if (included(comment)) yield made(comment);
}

/** The report's comments of a source read asynchronously (a store, window by window). */
async function* reportCommentsAsync(comments: AsyncIterable<ViewComment>, included: (c: ViewComment) => boolean, made: (c: ViewComment) => ReportComment): AsyncGenerator<ReportComment, void, undefined> {
  for await (const comment of comments) if (included(comment)) yield made(comment);
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
function scopeWithNotes(scope: string, views: ReadonlyArray<ThreadIndex['thread']>): string {
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

/** A comment without scores: empty text, or a scorer error (the index's bits, as `scores === null` in the report). */
const UNSCORED = COMMENT_BITS.EMPTY | COMMENT_BITS.SCORE_ERROR;

/** Counts over the included comments, from the threads' indexes (no comment is read). */
function summarize(threads: ReadonlyArray<{ index: ThreadIndex; decisions: Map<string, CurrentDecision> }>, thresholds: Thresholds, wanted: Set<string> | null): ReportSummary {
  const summary: ReportSummary = { threads: threads.length, comments: 0, flagged: 0, decided: 0, approved: 0, rejected: 0, escalated: 0, unscored: 0, needsHuman: 0 };
  for (const { index, decisions } of threads) {
    for (let i = 0; i < index.count; i += 1) {
      const id = index.ids[i] ?? '';
      if (wanted && !wanted.has(id)) continue;
      summary.comments += 1;
      if (flaggedAt(index, i, thresholds)) summary.flagged += 1;
      if (((index.bits[i] ?? 0) & UNSCORED) !== 0) summary.unscored += 1;
      if (needsHumanAt(index, i)) summary.needsHuman += 1;
      const decision = decisions.get(id);
      if (decision) {
        summary.decided += 1;
        summary[decision.state] += 1;
      }
    }
  }
  return summary;
}
