/**
 * Statements of reasons as files (docs/adr/0026-commenter-history-and-statements-of-reasons.md), piece by piece:
 * - JSON: `{ "generated_at", "generator", "thread_id", "statements": [ ... ] }`, the shape of the DSA Transparency
 *   Database's multiple-statements submission (its `statements` array) with Threadscope's `details` in each;
 * - CSV: one row per statement, the database's fields first, then the details; RFC 4180 quoting, a UTF-8 BOM and
 *   every text cell neutralized against spreadsheet formula injection (the flag report's writer, csv.ts).
 */
import { ATTRIBUTES } from '../core/scoring.ts';
import type { StatementOfReasons } from '../core/statements.ts';
import { CSV_BOM, neutralizeFormula, quoteField } from './csv.ts';

export type StatementFileFormat = 'json' | 'csv';

export interface StatementsHead {
  generatedAt: string;
  generator: string;
  threadId: string;
}

export interface StatementFile {
  pieces: Iterable<string>;
  mimeType: string;
  extension: string;
}

/** CSV columns: the Transparency Database's field names, then the details'. */
export const STATEMENT_CSV_COLUMNS: readonly string[] = [
  'puid', 'decision_visibility', 'decision_ground', 'illegal_content_legal_ground', 'illegal_content_explanation',
  'incompatible_content_ground', 'incompatible_content_explanation', 'content_type', 'category', 'content_date',
  'application_date', 'content_language', 'decision_facts', 'source_type', 'automated_detection', 'automated_decision',
  'thread_id', 'thread_title', 'thread_url', 'comment_id', 'author', 'posted_at', 'text', 'flags', 'scores',
  'automated_means', 'decided_by', 'decided_by_role', 'decided_at', 'reason_code', 'reason_label', 'legal_ground', 'note',
  'redress', 'warnings', 'generated_at', 'generator',
];

const cell = (value: string | null | undefined): string => quoteField(neutralizeFormula(value ?? ''));

function row(s: StatementOfReasons, head: StatementsHead): string {
  const d = s.details;
  const scores = ATTRIBUTES.filter((a) => d.scores[a] !== undefined).map((a) => `${a}=${d.scores[a]}`).join('; ');
  return [
    s.puid, s.decision_visibility.join(','), s.decision_ground, s.illegal_content_legal_ground, s.illegal_content_explanation,
    s.incompatible_content_ground, s.incompatible_content_explanation, s.content_type.join(','), s.category, s.content_date,
    s.application_date, s.content_language, s.decision_facts, s.source_type, s.automated_detection, s.automated_decision,
    d.threadId, d.threadTitle, d.threadUrl, d.commentId, d.author, d.postedAt, d.text, d.flags.join(' | '), scores,
    d.automatedMeans, d.decidedBy, d.decidedByRole, d.decidedAt, d.reasonCode, d.reasonLabel, d.legalGround, d.note,
    d.redress, d.warnings.join(' | '), head.generatedAt, head.generator,
  ].map(cell).join(',');
}

export function* statementsCsvPieces(statements: Iterable<StatementOfReasons>, head: StatementsHead): Generator<string, void, undefined> {
  yield `${CSV_BOM}${STATEMENT_CSV_COLUMNS.map(cell).join(',')}\r\n`;
  for (const statement of statements) yield `${row(statement, head)}\r\n`;
}

export function* statementsJsonPieces(statements: Iterable<StatementOfReasons>, head: StatementsHead): Generator<string, void, undefined> {
  yield `{\n  "generated_at": ${JSON.stringify(head.generatedAt)},\n  "generator": ${JSON.stringify(head.generator)},\n  "thread_id": ${JSON.stringify(head.threadId)},\n  "statements": [`;
  let first = true;
  for (const statement of statements) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify(statement)}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

/** The file of a format: its pieces, MIME type and extension. */
export function statementsFile(statements: Iterable<StatementOfReasons>, head: StatementsHead, format: StatementFileFormat): StatementFile {
  if (format === 'csv') return { pieces: statementsCsvPieces(statements, head), mimeType: 'text/csv; charset=utf-8', extension: 'csv' };
  return { pieces: statementsJsonPieces(statements, head), mimeType: 'application/json; charset=utf-8', extension: 'json' };
}
