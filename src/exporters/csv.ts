/**
 * The CSV flag report: one row per comment, RFC 4180 quoting, a UTF-8 BOM, and text cells neutralized against
 * spreadsheet formula injection (docs/report-format.md).
 */
import { needsHumanText } from '../core/flags.ts';
import type { FlagReport, ReportComment, ReportHead, ReportThreadHead, StreamedReport } from '../core/report-types.ts';
import { streamOfReport } from '../core/report.ts';
import { ATTRIBUTES } from '../core/scoring.ts';
import { eachOf, joinPieces, type Rendering } from './pieces.ts';

/** Byte order mark: makes Excel read the file as UTF-8; most CSV readers skip it (Python: encoding="utf-8-sig"). */
export const CSV_BOM = '\uFEFF';

/** A cell is either text (neutralized and quoted as needed) or a number we wrote ourselves (never prefixed). */
type Cell = { text: string } | { number: number | null };

/** Column names in order; the metadata columns at the end repeat the report header on every row. */
export const CSV_COLUMNS: readonly string[] = [
  'thread_id', 'thread_title', 'comment_id', 'parent_id', 'source_parent_id', 'orphan', 'depth', 'kind', 'status',
  'author', 'created_at', 'created_at_text', 'text',
  ...ATTRIBUTES,
  'max_score', 'score_error', 'language', 'tropes', 'evidence', 'flagged', 'reasons', 'needs_human',
  'decision', 'moderator', 'decision_reason', 'note', 'decided_at', 'missing_since',
  'report_generated_at', 'generator', 'scorer', 'scorer_version', 'detector', 'detector_version', 'thresholds', 'scope',
];

/** First characters a spreadsheet may run as a formula (OWASP CSV injection), ASCII and full-width. */
const FORMULA_START = /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * A formula start right after a character some spreadsheets split cells at besides the comma (`;`, the European
 * default; tab; `|`), after any whitespace: the piece after it would be a cell of its own there.
 */
const FORMULA_AFTER_SPLIT = /([;\t|]\s*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/gu;

/** Characters that make a field quoted: RFC 4180's comma, quote, CR and LF, and the other splitters `;`, tab, `|`. */
const NEEDS_QUOTES = /[",;\t|\r\n]/;

/** Renders the report as CSV text (BOM, header row, CRLF line ends, one row per comment): the pieces collected. */
export function toReportCsv(report: FlagReport): string {
  return joinPieces(reportCsvPieces(streamOfReport(report)));
}

/** The CSV report piece by piece: the BOM and header row, then one row (with its CRLF) per comment as the source yields it. */
export function* reportCsvPieces(report: StreamedReport): Rendering {
  const meta = metadataCells(report.head).map(renderCell).join(',');
  yield `${CSV_BOM}${CSV_COLUMNS.map((name) => csvText(name)).join(',')}\r\n`;
  for (const thread of report.threads) {
    yield* eachOf(thread.comments(), (comment) => [`${commentCells(thread.head, comment).map(renderCell).join(',')},${meta}\r\n`]);
  }
}

/**
 * Neutralizes a text cell that a spreadsheet would evaluate, by an apostrophe before its formula start (OWASP): at
 * the start of the cell, and after each `;`, tab or `|`, where a spreadsheet splitting there would start a cell.
 */
export function neutralizeFormula(value: string): string {
  const inner = value.replace(FORMULA_AFTER_SPLIT, "$1'");
  return FORMULA_START.test(value) ? `'${inner}` : inner;
}

/** Quotes a field (RFC 4180 doubling of `"`) when it holds a comma, a double quote, CR, LF, `;`, tab or `|`. */
export function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvText(value: string): string {
  return quoteField(neutralizeFormula(value));
}

function renderCell(cell: Cell): string {
  if ('text' in cell) return csvText(cell.text);
  return cell.number === null || !Number.isFinite(cell.number) ? '' : formatNumber(cell.number);
}

/** Scores with at most 4 decimals, without trailing zeros ("0.82", "1", "0.0312"). */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

const text = (value: string | null): Cell => ({ text: value ?? '' });
const num = (value: number | null | undefined): Cell => ({ number: value ?? null });

function commentCells(thread: ReportThreadHead, c: ReportComment): Cell[] {
  const d = c.decision;
  return [
    text(thread.id), text(thread.title), text(c.id), text(c.parentId), text(c.sourceParentId), text(String(c.orphan)), num(c.depth),
    text(c.kind), text(c.status), text(c.author), text(c.createdAt), text(c.createdAtText), text(c.text),
    ...ATTRIBUTES.map((a) => num(c.scores ? c.scores[a] : null)),
    num(c.maxScore), text(c.scoreError),
    text(c.language ? `${c.language}${c.languageUnsupported ? ' (unsupported)' : ''}` : ''),
    text(c.tropes.map((t) => `${t.id} (S${t.severity})`).join('; ')),
    text(evidenceText(c)),
    text(String(c.flagged)),
    text(c.reasons.join(' | ')),
    text(c.needsHuman ? needsHumanText(c.needsHuman) : ''),
    text(d ? d.state : ''), text(d ? d.moderator : ''), text(d ? d.reason : ''), text(d ? d.note : ''), text(d ? d.at : ''),
    text(c.missing ? c.missing.since : ''),
  ];
}

/** `INSULT: "real losers"; covert-control-of-leaders: who "chabad"` — every span, attributes first. */
function evidenceText(c: ReportComment): string {
  const parts: string[] = [];
  for (const attribute of ATTRIBUTES) {
    for (const span of c.scoreEvidence[attribute] ?? []) parts.push(`${attribute}: "${span.text}"`);
  }
  for (const trope of c.tropes) {
    for (const span of trope.evidence) parts.push(`${trope.id}: ${span.role} "${span.text}"`);
  }
  return parts.join('; ');
}

function metadataCells(report: ReportHead): Cell[] {
  const t = report.thresholds;
  const thresholds = [...ATTRIBUTES.map((a) => `${a}=${t.attributes[a]}`), `tropeMinSeverity=${t.tropeMinSeverity}`].join('; ');
  return [
    text(report.generatedAt), text(report.generator), text(report.scorer.name), text(report.scorer.version),
    text(report.detector.name), text(report.detector.version), text(thresholds), text(report.scope),
  ];
}
