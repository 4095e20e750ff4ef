/**
 * The query string of GET /api/audit (docs/adr/0023-audit-trail.md): its JSON schema (shapes and lengths; the server
 * never coerces query strings) and `auditFilterOf`, which checks what a schema cannot say clearly (a known action or
 * action prefix, ISO times, whole numbers in range) and turns it into the AuditFilter the log reads, or one
 * `{ error, where }` naming the parameter.
 */
import { AUDIT_ACTIONS, AUDIT_EXPORT_MAX, AUDIT_PAGE_MAX, AUDIT_PAGE_SIZE, type ApiError } from '../../core/api.ts';
import { MAX_THREAD_ID_LENGTH } from '../../core/ids.ts';
import type { AuditFilter } from './audit-log.ts';

/** The query as it arrives: strings only. */
export interface RawAuditQuery {
  actor?: string;
  action?: string;
  threadId?: string;
  commentId?: string;
  from?: string;
  to?: string;
  before?: string;
  limit?: string;
  format?: string;
}

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const auditQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: text(200),
    action: text(64),
    threadId: text(MAX_THREAD_ID_LENGTH),
    commentId: text(1000),
    from: text(40),
    to: text(40),
    before: text(20),
    limit: text(20),
    format: { type: 'string', enum: ['json', 'csv'] },
  },
} as const;

export interface ParsedAuditQuery {
  filter: AuditFilter;
  format: 'json' | 'csv';
}

type Problem = { problem: ApiError & { where: string } };

const problem = (where: string, error: string): Problem => ({ problem: { error, where } });

/** An action name, or a prefix ending in "." that at least one action starts with. */
function actionOf(raw: string): AuditFilter['action'] | Problem {
  if ((AUDIT_ACTIONS as readonly string[]).includes(raw)) return { exact: raw };
  if (raw.endsWith('.') && AUDIT_ACTIONS.some((a) => a.startsWith(raw))) return { prefix: raw };
  const prefixes = [...new Set(AUDIT_ACTIONS.filter((a) => a.includes('.')).map((a) => `${a.slice(0, a.indexOf('.'))}.`))];
  return problem('querystring.action', `unknown action "${raw}": give one of ${AUDIT_ACTIONS.join(', ')}, or a prefix such as ${prefixes.join(', ')}`);
}

/** ISO-8601 date ("2026-12-07") or date and time with a zone ("2026-12-07T05:00:00Z", "...+01:00"), as the log writes times. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function timeOf(name: 'from' | 'to', raw: string): string | Problem {
  const date = ISO_TIME.test(raw) ? new Date(raw) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    return problem(`querystring.${name}`, `${name} "${raw}" is not an ISO-8601 time: give a date (2026-12-07) or a date and time with its zone (2026-12-07T05:00:00Z)`);
  }
  return date.toISOString();
}

function wholeOf(name: 'before' | 'limit', raw: string, min: number, max: number): number | Problem {
  const value = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return problem(`querystring.${name}`, `${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

const isProblem = (value: unknown): value is Problem => typeof value === 'object' && value !== null && 'problem' in value;

/** The filter and format of a query the schema accepted, or the first problem. */
export function auditFilterOf(query: RawAuditQuery): ParsedAuditQuery | Problem {
  const format = query.format === 'csv' ? 'csv' : 'json';
  const filter: AuditFilter = { limit: format === 'csv' ? AUDIT_EXPORT_MAX : AUDIT_PAGE_SIZE };
  if (query.actor !== undefined) {
    if (query.actor.trim() === '') return problem('querystring.actor', 'actor is empty: give a user name, or leave the parameter out');
    filter.actor = query.actor.trim();
  }
  if (query.threadId !== undefined) filter.threadId = query.threadId;
  if (query.commentId !== undefined) filter.commentId = query.commentId;
  if (query.action !== undefined) {
    const action = actionOf(query.action.trim());
    if (isProblem(action)) return action;
    filter.action = action;
  }
  for (const name of ['from', 'to'] as const) {
    const raw = query[name];
    if (raw === undefined) continue;
    const time = timeOf(name, raw.trim());
    if (isProblem(time)) return time;
    filter[name] = time;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    return problem('querystring.to', `to (${filter.to}) must be later than from (${filter.from})`);
  }
  if (query.before !== undefined) {
    const before = wholeOf('before', query.before, 1, Number.MAX_SAFE_INTEGER);
    if (isProblem(before)) return before;
    filter.before = before;
  }
  if (query.limit !== undefined) {
    const limit = wholeOf('limit', query.limit, 1, format === 'csv' ? AUDIT_EXPORT_MAX : AUDIT_PAGE_MAX);
    if (isProblem(limit)) return limit;
    filter.limit = limit;
  }
  return { filter, format };
}

export { isProblem as isAuditQueryProblem };

/** The filter in words for an export's audit entry ("actor=ada, action=decision."); "everything" when none. */
export function describeAuditFilter(filter: AuditFilter): string {
  const parts: string[] = [];
  if (filter.actor !== undefined) parts.push(`actor=${filter.actor}`);
  if (filter.action !== undefined) parts.push(`action=${'exact' in filter.action ? filter.action.exact : filter.action.prefix}`);
  if (filter.threadId !== undefined) parts.push(`thread=${filter.threadId}`);
  if (filter.commentId !== undefined) parts.push(`comment=${filter.commentId}`);
  if (filter.from !== undefined) parts.push(`from=${filter.from}`);
  if (filter.to !== undefined) parts.push(`to=${filter.to}`);
  if (filter.before !== undefined) parts.push(`before=${filter.before}`);
  return parts.length === 0 ? 'everything' : parts.join(', ');
}
