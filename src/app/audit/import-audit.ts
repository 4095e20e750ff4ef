/**
 * The audit entries of an import (docs/adr/0023-audit-trail.md): one `import` entry per stored thread, naming the
 * format, the counts (new, changed, missing), the source (the file's name or "pasted text") and, for a thread stored
 * before, its new revision. One wording for every path that imports: the console server's import route on SQLite and
 * the `import-file` job on PostgreSQL (src/app/jobs/import-job.ts), which appends them inside the import's own
 * transaction (`new AuditLog({ sql: tx })`).
 */
import type { ImportResponse } from '../../core/api.ts';
import type { Role } from '../../core/roles.ts';
import type { AuditInput, AuditLog } from './audit-log.ts';

/** Who imported: the account's name and role (null role: an entry written without one). */
export interface ImportActor {
  username: string;
  role: Role | null;
}

/** The source as the entries name it: the file's name, or "pasted text" without one. */
export function importSource(fileName: string | null | undefined): string {
  return fileName?.trim() ? fileName : 'pasted text';
}

/** One entry per thread of the response, in its order. */
export function importAuditEntries(actor: ImportActor, response: ImportResponse, source: string): AuditInput[] {
  return response.threads.map((thread) => {
    const { added, changed, missing } = thread.changes;
    const counts = `${added.count} new, ${changed.count} changed, ${missing.count} missing`;
    return {
      actor: actor.username,
      actorRole: actor.role,
      action: 'import',
      threadId: thread.id,
      what: `imported ${thread.commentCount} ${thread.commentCount === 1 ? 'comment' : 'comments'} (${counts}) from ${source} as ${response.format}${thread.existed ? `, revision ${thread.revision}` : ''}`,
    };
  });
}

/** Appends the import's entries to `log`, one after another. */
export async function auditImport(log: AuditLog, actor: ImportActor, response: ImportResponse, source: string): Promise<void> {
  for (const entry of importAuditEntries(actor, response, source)) await log.append(entry);
}
