/**
 * The console's decision log as pure functions (use-decisions.ts is the thin hook over them): confirmed events merge
 * by id (the log is append-only, so a union is always right), whether they come from the thread's index, this tab's
 * sends, a refetch or live events from other moderators (GET /api/events, `receive`); decisions waiting in the outbox
 * are laid on top with seq numbers that continue the server's.
 */
import type { DecisionEvent } from '../../core/decisions.ts';
import type { OutboxEntry } from './decisions-outbox.ts';

const bySeq = (a: DecisionEvent, b: DecisionEvent) => a.seq - b.seq;

/** `known` plus the events of `more` whose id it lacks, in seq order; `known` itself when nothing is new. */
export function mergeEvents(known: DecisionEvent[], more: readonly DecisionEvent[]): DecisionEvent[] {
  const ids = new Set(known.map((e) => e.id));
  const added: DecisionEvent[] = [];
  for (const event of more) {
    if (ids.has(event.id)) continue;
    ids.add(event.id);
    added.push(event);
  }
  return added.length === 0 ? known : [...known, ...added].sort(bySeq);
}

/** The events of `events` that belong to `threadId` (live events carry every thread's). */
export function eventsOfThread(events: readonly DecisionEvent[], threadId: string | null): DecisionEvent[] {
  return threadId === null ? [] : events.filter((e) => e.threadId === threadId);
}

/**
 * Confirmed events then this thread's outbox entries not yet confirmed (by id), as events named after `moderator`
 * (the session's user, whom the server will record) with seq numbers after the newest confirmed one.
 */
export function withPending(confirmed: readonly DecisionEvent[], entries: readonly OutboxEntry[], threadId: string | null, moderator: string): { events: DecisionEvent[]; pendingIds: ReadonlySet<string> } {
  const known = new Set(confirmed.map((e) => e.id));
  let seq = confirmed.reduce((max, e) => Math.max(max, e.seq), 0);
  const pending: DecisionEvent[] = [];
  for (const entry of entries) {
    if (entry.threadId !== threadId || known.has(entry.input.id)) continue;
    const { id, commentId, action, reason, note, legalGround } = entry.input;
    pending.push({ id, threadId: entry.threadId, commentId, action, moderator, reason: reason ?? '', note: note ?? '', legalGround: legalGround ?? '', at: entry.queuedAt, seq: (seq += 1) });
  }
  return { events: [...confirmed, ...pending], pendingIds: new Set(pending.map((e) => e.id)) };
}

/** The seq of the newest confirmed event on a comment, or null when it has none: a new decision's `basedOn`. */
export function newestSeqOn(confirmed: readonly DecisionEvent[], commentId: string): number | null {
  let newest: number | null = null;
  for (const event of confirmed) if (event.commentId === commentId && (newest === null || event.seq > newest)) newest = event.seq;
  return newest;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A decision event as the server sends it (checked field by field: it comes over the network). */
export function isDecisionEvent(value: unknown): value is DecisionEvent {
  return isObject(value) && typeof value.id === 'string' && typeof value.threadId === 'string' && typeof value.commentId === 'string'
    && typeof value.action === 'string' && typeof value.moderator === 'string' && typeof value.at === 'string' && typeof value.seq === 'number';
}

const PAST: Record<string, string> = { approve: 'approved', reject: 'rejected', escalate: 'escalated', reset: 'cleared' };
const VERB: Record<string, string> = { approve: 'approval', reject: 'rejection', escalate: 'escalation', reset: 'reset' };

/** The alert of a decision the server answered with a conflict: who decided what and when, and that nothing was saved. */
export function conflictMessage(input: { action: string; commentId: string }, message: string, current: DecisionEvent | null, timeZone?: string): string {
  const mine = `Your ${VERB[input.action] ?? input.action} of comment ${input.commentId} was not saved`;
  if (current === null) return `${mine}: ${message}`;
  const at = new Date(current.at);
  const when = Number.isNaN(at.getTime()) ? current.at : at.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  return `${mine}: ${current.moderator} ${PAST[current.action] ?? current.action} it at ${when}${current.reason ? ` (${current.reason})` : ''}. The comment now shows their decision; decide again if you still disagree.`;
}
