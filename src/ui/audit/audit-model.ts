/**
 * The audit view's model (docs/adr/0023-audit-trail.md), pure: the filter form and the query string it makes for
 * GET /api/audit (times typed in the browser's zone sent as UTC), the action choices, the view's state as a reducer
 * (a new search replaces the rows, "Load older" appends the next page), and the rows of a comment's history, from
 * audit entries (editors and administrators) or from decision events (everyone).
 */
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, type AuditEntry, type AuditQuery } from '../../core/api.ts';
import type { DecisionEvent } from '../../core/decisions.ts';

/** The filter form as typed: empty strings mean "any". `from` and `to` are `datetime-local` values (local time). */
export interface AuditFilterForm {
  actor: string;
  action: string;
  threadId: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = { actor: '', action: '', threadId: '', from: '', to: '' };

/** The choices of the action filter: every kind of act, and the groups that share a prefix. */
export const AUDIT_ACTION_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any action' },
  { value: 'decision.', label: 'All decisions (decision.*)' },
  { value: 'account.', label: 'All account changes (account.*)' },
  ...AUDIT_ACTIONS.map((action) => ({ value: action, label: action })),
];

/** A `datetime-local` value ("2026-12-07T05:30") read in the browser's zone, as ISO UTC; null when empty or invalid. */
export function isoOfLocal(value: string): string | null {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Why the form cannot be sent (a time the browser cannot read, a range that ends before it starts), or null. */
export function auditFilterProblem(form: AuditFilterForm): string | null {
  if (form.from.trim() !== '' && isoOfLocal(form.from) === null) return 'The "From" time is not a valid date and time.';
  if (form.to.trim() !== '' && isoOfLocal(form.to) === null) return 'The "To" time is not a valid date and time.';
  const from = isoOfLocal(form.from);
  const to = isoOfLocal(form.to);
  if (from !== null && to !== null && from >= to) return '"To" must be later than "From".';
  return null;
}

/** The query of a form (and paging), without empty fields. */
export function auditQueryOf(form: AuditFilterForm, extra: Pick<AuditQuery, 'before' | 'limit' | 'format' | 'commentId'> = {}): AuditQuery {
  const query: AuditQuery = {};
  if (form.actor.trim() !== '') query.actor = form.actor.trim();
  if (form.action !== '') query.action = form.action;
  if (form.threadId !== '') query.threadId = form.threadId;
  const from = isoOfLocal(form.from);
  const to = isoOfLocal(form.to);
  if (from !== null) query.from = from;
  if (to !== null) query.to = to;
  return { ...query, ...extra };
}

/** "?actor=ada&action=decision." (or "" when nothing is set), in a fixed order. */
export function auditSearch(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'threadId', 'commentId', 'from', 'to', 'before', 'limit', 'format'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** What the audit view shows. `more`: the last page was full, so older entries may exist. */
export interface AuditViewState {
  applied: AuditFilterForm;
  entries: AuditEntry[];
  phase: 'loading' | 'loaded' | 'failed';
  error: string | null;
  more: boolean;
}

export type AuditViewAction =
  | { type: 'search'; filter: AuditFilterForm }
  | { type: 'older' }
  | { type: 'loaded'; entries: AuditEntry[]; append: boolean; limit: number }
  | { type: 'failed'; error: string };

export const initialAuditView = (filter: AuditFilterForm = EMPTY_AUDIT_FILTER): AuditViewState => ({ applied: filter, entries: [], phase: 'loading', error: null, more: false });

export function auditViewReducer(state: AuditViewState, action: AuditViewAction): AuditViewState {
  switch (action.type) {
    case 'search':
      return initialAuditView(action.filter);
    case 'older':
      return { ...state, phase: 'loading', error: null };
    case 'loaded': {
      // A page never repeats an entry already shown (seq is unique).
      const seen = new Set(action.append ? state.entries.map((e) => e.seq) : []);
      const fresh = action.entries.filter((e) => !seen.has(e.seq));
      return { ...state, entries: action.append ? [...state.entries, ...fresh] : fresh, phase: 'loaded', error: null, more: action.entries.length >= action.limit };
    }
    case 'failed':
      return { ...state, phase: 'failed', error: action.error };
  }
}

/** The query of the next page after `state`'s rows (or the first page). */
export function pageQuery(state: AuditViewState, older: boolean, limit = AUDIT_PAGE_SIZE): AuditQuery {
  const last = state.entries.at(-1);
  return auditQueryOf(state.applied, older && last ? { before: last.seq, limit } : { limit });
}

/** One line of a comment's history. */
export interface HistoryRow {
  key: string;
  at: string;
  who: string;
  what: string;
  why: string;
}

/** Newest first, from the audit trail (already filtered to the comment). */
export function historyRowsFromAudit(entries: readonly AuditEntry[]): HistoryRow[] {
  return entries.map((e) => ({ key: `a${e.seq}`, at: e.at, who: e.actorRole ? `${e.actor} (${e.actorRole})` : e.actor, what: e.what ? `${e.action}: ${e.what}` : e.action, why: e.why }));
}

const VERB: Record<DecisionEvent['action'], string> = { approve: 'approved', reject: 'rejected', escalate: 'escalated', reset: 'cleared' };

/** Newest first, from the thread's decision log: the events of one comment. */
export function historyRowsFromDecisions(events: readonly DecisionEvent[], commentId: string): HistoryRow[] {
  return events
    .filter((e) => e.commentId === commentId)
    .sort((a, b) => b.seq - a.seq)
    .map((e) => ({
      key: `d${e.seq}`,
      at: e.at,
      who: e.moderator,
      what: `decision: ${VERB[e.action] ?? e.action}`,
      why: [e.reason, e.legalGround, e.note].filter((part) => part !== undefined && part !== '').join(' · '),
    }));
}
