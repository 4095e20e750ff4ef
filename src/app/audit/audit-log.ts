/**
 * The audit trail (issue 14, docs/adr/0023-audit-trail.md): who did what, when and why, in the store's append-only
 * `audit_log` table (schema 6; triggers refuse UPDATE and DELETE, so not even a bug here can rewrite history).
 * Every act that changes what the team sees appends one entry: decisions and undos, claims, imports, exports,
 * threshold, scorer, reason, key and account changes, logins. Entries are written in the same process and
 * transaction-free (one INSERT each): an entry that names an act is written right after the act succeeded.
 *
 * Reading (`read`) filters by actor (exact, without case), action (one, or a prefix such as "decision."), thread,
 * comment and time range, newest first, a page at a time (`before` = the last seq seen). The filters arrive already
 * checked (audit-query.ts turns a query string into an AuditFilter or a clear 400).
 */
import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '../../core/api.ts';
import type { Role } from '../../core/roles.ts';

/** What a caller gives to append an entry (seq and time are the log's). */
export interface AuditInput {
  actor: string;
  actorRole: Role | null;
  action: AuditAction;
  threadId?: string | null;
  commentId?: string | null;
  what: string;
  why?: string;
}

/** Longest `what` and `why` kept; longer texts are cut with an ellipsis. */
export const AUDIT_TEXT_MAX = 2000;

interface AuditRow {
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

const cut = (text: string): string => (text.length > AUDIT_TEXT_MAX ? `${text.slice(0, AUDIT_TEXT_MAX - 1)}…` : text);

export function auditEntryFromRow(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actorRole: row.actor_role as Role | null,
    action: row.action as AuditAction,
    threadId: row.thread_id,
    commentId: row.comment_id,
    what: row.what,
    why: row.why,
  };
}

/** A checked filter of the log (every field optional but `limit`). */
export interface AuditFilter {
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

export const AUDIT_SQL = 'SELECT seq, at, actor, actor_role, action, thread_id, comment_id, what, why FROM audit_log';

export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly bySeq: Database.Statement;

  constructor(readonly db: Database.Database, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, actor, actor_role, action, thread_id, comment_id, what, why)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.bySeq = db.prepare(`${AUDIT_SQL} WHERE seq = ?`);
  }

  /** Entries matching `filter`, newest first, at most `filter.limit`. */
  read(filter: AuditFilter): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.actor !== undefined) {
      where.push('actor = ? COLLATE NOCASE');
      params.push(filter.actor);
    }
    if (filter.action !== undefined) {
      if ('exact' in filter.action) {
        where.push('action = ?');
        params.push(filter.action.exact);
      } else {
        where.push('substr(action, 1, ?) = ?');
        params.push(filter.action.prefix.length, filter.action.prefix);
      }
    }
    if (filter.threadId !== undefined) {
      where.push('thread_id = ?');
      params.push(filter.threadId);
    }
    if (filter.commentId !== undefined) {
      where.push('comment_id = ?');
      params.push(filter.commentId);
    }
    if (filter.from !== undefined) {
      where.push('at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('at < ?');
      params.push(filter.to);
    }
    if (filter.before !== undefined) {
      where.push('seq < ?');
      params.push(filter.before);
    }
    const sql = `${AUDIT_SQL}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit) as AuditRow[];
    return rows.map(auditEntryFromRow);
  }

  /** Appends one entry and returns it as stored. */
  append(input: AuditInput): AuditEntry {
    const info = this.insert.run(
      this.now().toISOString(),
      cut(input.actor),
      input.actorRole,
      input.action,
      input.threadId ?? null,
      input.commentId ?? null,
      cut(input.what),
      cut(input.why ?? ''),
    );
    return auditEntryFromRow(this.bySeq.get(info.lastInsertRowid) as AuditRow);
  }
}
