/**
 * The audit trail as CSV (GET /api/audit?format=csv): the project's CSV rules (src/exporters/csv.ts): a UTF-8 BOM,
 * RFC 4180 quoting, CRLF line ends and every text cell neutralized against spreadsheet formula injection (a user
 * name, a file name or a reason may start with "=").
 */
import type { AuditEntry } from '../../core/api.ts';
import { CSV_BOM, neutralizeFormula, quoteField } from '../../exporters/csv.ts';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'actor_role', 'action', 'thread_id', 'comment_id', 'what', 'why'] as const;

const cell = (value: string | null): string => quoteField(neutralizeFormula(value ?? ''));

/** The entries as one CSV text: the header row, then one row per entry in the order given. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [AUDIT_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    rows.push([String(e.seq), cell(e.at), cell(e.actor), cell(e.actorRole), cell(e.action), cell(e.threadId), cell(e.commentId), cell(e.what), cell(e.why)].join(','));
  }
  return `${CSV_BOM}${rows.join('\r\n')}\r\n`;
}
