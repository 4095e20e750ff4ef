/**
 * The audit trail (issue 14, docs/adr/0023-audit-trail.md): who did what, when and why, in the store's append-only
 * `audit_log` table (schema 6; triggers refuse UPDATE and DELETE, so not even a bug here can rewrite history).
 * Every act that changes what the team sees appends one entry: decisions and undos, claims, imports, exports,
 * threshold, scorer, reason, key and account changes, logins. Entries are written transaction-free (one INSERT
 * each, through src/app/store/audit-records.ts, on either engine): an entry that names an act is written right after
 * the act succeeded, and `append` resolves once it is stored, so callers await it before they answer.
 *
 * Reading (`read`) filters by actor (exact, without case), action (one, or a prefix such as "decision."), thread,
 * comment and time range, newest first, a page at a time (`before` = the last seq seen). The filters arrive already
 * checked (audit-query.ts turns a query string into an AuditFilter or a clear 400).
 */
import type { AuditAction, AuditEntry } from '../../core/api.ts';
import type { Role } from '../../core/roles.ts';
import { AuditRecords, type AuditRow, type AuditRowFilter } from '../store/audit-records.ts';
import type { Store } from '../store/store.ts';

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

/** A checked filter of the log: the store's row filter (one home for the shape). */
export type AuditFilter = AuditRowFilter;

export class AuditLog {
  private readonly records: AuditRecords;

  /** `store`: the Store, or any holder of its `sql` (a bare migrated database in tests). */
  constructor(store: Pick<Store, 'sql'>, private readonly now: () => Date = () => new Date()) {
    this.records = new AuditRecords(store.sql);
  }

  /** Entries matching `filter`, newest first, at most `filter.limit`. */
  async read(filter: AuditFilter): Promise<AuditEntry[]> {
    return (await this.records.read(filter)).map(auditEntryFromRow);
  }

  /** Appends one entry; resolves to it as stored once it is written. */
  async append(input: AuditInput): Promise<AuditEntry> {
    const row = await this.records.insert({
      at: this.now().toISOString(),
      actor: cut(input.actor),
      actorRole: input.actorRole,
      action: input.action,
      threadId: input.threadId ?? null,
      commentId: input.commentId ?? null,
      what: cut(input.what),
      why: cut(input.why ?? ''),
    });
    return auditEntryFromRow(row);
  }
}
