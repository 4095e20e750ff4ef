/**
 * GET /api/audit (read-audit: editors and administrators; docs/adr/0023-audit-trail.md): the audit trail, newest
 * first, filtered by the query (audit-query.ts; a bad parameter is a 400 naming it). JSON: an array of AuditEntry.
 * `format=csv`: the same filters as a CSV download (audit-csv.ts), up to AUDIT_EXPORT_MAX entries by default; the
 * export itself is audited (`export`, with the filter and the count), reading the JSON is not (reads are not audited).
 */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access.ts';
import { auditCsv } from '../../app/audit/audit-csv.ts';
import { auditFilterOf, auditQuerySchema, describeAuditFilter, isAuditQueryProblem, type RawAuditQuery } from '../../app/audit/audit-query.ts';

export function registerAuditRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: RawAuditQuery }>('/api/audit', { config: { access: 'read-audit' }, schema: { querystring: auditQuerySchema } }, async (request, reply) => {
    const parsed = auditFilterOf(request.query);
    if (isAuditQueryProblem(parsed)) return reply.code(400).send(parsed.problem);
    const entries = await app.audit.read(parsed.filter);
    if (parsed.format === 'json') return entries;
    const csv = auditCsv(entries);
    const actor = actorOf(request);
    const exportedAt = new Date().toISOString();
    await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'export', what: `audit log as CSV: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} (${describeAuditFilter(parsed.filter)})` });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="threadscope-audit-${exportedAt.slice(0, 10)}.csv"`)
      .send(csv);
  });
}
