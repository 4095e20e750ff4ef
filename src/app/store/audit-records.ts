/**
 * The SQL of the audit trail (issue 14, ADR 0023; issue 15): the append-only `audit_log` table over `Sql`, on either
 * engine. Both engines refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of an entry with a trigger (schema 6), so
 * this module can only add and read. The texts' limits and the filters' checks stay in src/app/audit/.
 *
 * Contract:
 * - `insert` writes one row and returns it as stored (seq from the table's key, via RETURNING).
 * - `read` filters by actor (without case: `lower(actor) = lower(?)`, indexed on PostgreSQL), action (exact or a
 *   prefix), thread, comment, time range (from inclusive, to exclusive, ISO text) and `before` (seq), newest first,
 *   at most `limit` rows.
 */
import type { Sql, SqlValue } from './sql.ts';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  actor_role: string | null;
  action: string;
  thread_id: string | null;
  comment_id: string | null;
  what: string;
  why: string;
}

export interface AuditRowInput {
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  threadId: string | null;
  commentId: string | null;
  what: string;
  why: string;
}

/** What `read` filters by (the audit log's checked filter, audit-query.ts); every field optional but `limit`. */
export interface AuditRowFilter {
  /** Exact user name, compared without case. */
  actor?: string;
  /** One action, or every action starting with `prefix` (e.g. "decision."). */
  action?: { exact: string } | { prefix: string };
  threadId?: string;
  commentId?: string;
  /** ISO-8601 UTC as the log writes it (toISOString): from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Only entries with a smaller seq (the page after the one that ended there). */
  before?: number;
  limit: number;
}

const COLUMNS = 'seq, at, actor, actor_role, action, thread_id, comment_id, what, why';

/** Each filter field as a condition and its parameters (the rule list `read` joins with AND). */
const CONDITIONS: ReadonlyArray<(filter: AuditRowFilter) => [string, SqlValue[]] | null> = [
  (f) => (f.actor === undefined ? null : ['lower(actor) = lower(?)', [f.actor]]),
  (f) => (f.action === undefined ? null : 'exact' in f.action ? ['action = ?', [f.action.exact]] : ['substr(action, 1, ?) = ?', [f.action.prefix.length, f.action.prefix]]),
  (f) => (f.threadId === undefined ? null : ['thread_id = ?', [f.threadId]]),
  (f) => (f.commentId === undefined ? null : ['comment_id = ?', [f.commentId]]),
  (f) => (f.from === undefined ? null : ['at >= ?', [f.from]]),
  (f) => (f.to === undefined ? null : ['at < ?', [f.to]]),
  (f) => (f.before === undefined ? null : ['seq < ?', [f.before]]),
];

export class AuditRecords {
  constructor(readonly sql: Sql) {}

  /** Appends one row; returns it as stored. */
  async insert(row: AuditRowInput): Promise<AuditRow> {
    const stored = await this.sql.get<AuditRow>(
      `INSERT INTO audit_log (at, actor, actor_role, action, thread_id, comment_id, what, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [row.at, row.actor, row.actorRole, row.action, row.threadId, row.commentId, row.what, row.why],
    );
    return stored!;
  }

  /** Rows matching `filter`, newest first. */
  read(filter: AuditRowFilter): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    for (const condition of CONDITIONS) {
      const part = condition(filter);
      if (part === null) continue;
      where.push(part[0]);
      params.push(...part[1]);
    }
    const sql = `SELECT ${COLUMNS} FROM audit_log${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.sql.all<AuditRow>(sql, [...params, filter.limit]);
  }
}
