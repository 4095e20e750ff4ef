/**
 * The audit trail (issue 14, docs/adr/0023-audit-trail.md): who did what, when and why, in the store's append-only
 * `audit_log` table (schema 6; triggers refuse UPDATE and DELETE, so not even a bug here can rewrite history).
 * Every act that changes what the team sees appends one entry: decisions and undos, claims, imports, exports,
 * threshold, scorer, reason, key and account changes, logins. Entries are written in the same process and
 * transaction-free (one INSERT each): an entry that names an act is written right after the act succeeded.
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

export const AUDIT_SQL = 'SELECT seq, at, actor, actor_role, action, thread_id, comment_id, what, why FROM audit_log';

export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly bySeq: Database.Statement;

  constructor(readonly db: Database.Database, private readonly now: () => Date = () => new Date()) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, actor, actor_role, action, thread_id, comment_id, what, why)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.bySeq = db.prepare(`${AUDIT_SQL} WHERE seq = ?`);
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
