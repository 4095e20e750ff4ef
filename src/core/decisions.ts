/**
 * Moderator decisions as an append-only event log; the current decision of a comment is derived, never stored.
 * Events carry a client-made id so that a retried or duplicated submission is recorded once (idempotent).
 */

export type DecisionAction = 'approve' | 'reject' | 'escalate' | 'reset';
export const DECISION_ACTIONS: readonly DecisionAction[] = ['approve', 'reject', 'escalate', 'reset'];

/** Current state of a comment, derived from its events. */
export type DecisionState = 'approved' | 'rejected' | 'escalated';

export interface DecisionEvent {
  /** Client-made unique id (UUID); the store ignores a second event with the same id. */
  id: string;
  threadId: string;
  commentId: string;
  action: DecisionAction;
  moderator: string;
  /** A reason code of the team's list (src/core/reasons.ts); older events may hold free text; '' when none. */
  reason: string;
  note: string;
  /**
   * The law or term a rejection rests on ("StGB § 130"); '' when none. The server always sends it; events made
   * elsewhere (fixtures, older tools) may leave it out.
   */
  legalGround?: string;
  /** ISO-8601 UTC time the server recorded it. */
  at: string;
  /** Server-assigned order in the log (1, 2, ...); events are applied in this order. */
  seq: number;
}

export interface CurrentDecision {
  state: DecisionState;
  /** The event that set the state. */
  event: DecisionEvent;
}

const STATE_OF: Record<Exclude<DecisionAction, 'reset'>, DecisionState> = {
  approve: 'approved',
  reject: 'rejected',
  escalate: 'escalated',
};

/** Action that re-establishes a state (used by undo). */
export const ACTION_FOR_STATE: Record<DecisionState, Exclude<DecisionAction, 'reset'>> = {
  approved: 'approve',
  rejected: 'reject',
  escalated: 'escalate',
};

/** Folds the log (any order; sorted by seq here) into the current decision per comment id. */
export function currentDecisions(events: readonly DecisionEvent[]): Map<string, CurrentDecision> {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const current = new Map<string, CurrentDecision>();
  for (const event of sorted) {
    if (event.action === 'reset') current.delete(event.commentId);
    else current.set(event.commentId, { state: STATE_OF[event.action], event });
  }
  return current;
}

/**
 * The decision a comment had before its latest event, i.e. what undo should restore.
 * Returns undefined when the comment has no events, null when it had no decision before.
 */
export function previousDecision(events: readonly DecisionEvent[], commentId: string): DecisionState | null | undefined {
  const mine = events.filter((e) => e.commentId === commentId).sort((a, b) => a.seq - b.seq);
  if (mine.length === 0) return undefined;
  let state: DecisionState | null = null;
  for (const event of mine.slice(0, -1)) state = event.action === 'reset' ? null : STATE_OF[event.action];
  return state;
}

/** Validates a decision submission from outside. Returns a message, or null when valid. */
export function validateDecisionInput(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'body must be an object';
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(v.id)) return 'id must be 8-64 letters, digits or dashes';
  if (typeof v.commentId !== 'string' || v.commentId.length === 0 || v.commentId.length > 200) return 'commentId must be a non-empty string';
  if (typeof v.action !== 'string' || !(DECISION_ACTIONS as readonly string[]).includes(v.action)) {
    return `action must be one of ${DECISION_ACTIONS.join(', ')}`;
  }
  if (v.moderator !== undefined && (typeof v.moderator !== 'string' || v.moderator.length > 100)) return 'moderator, when given, must be a name of at most 100 characters (it is ignored: the session names who decides)';
  for (const field of ['reason', 'note', 'legalGround'] as const) {
    if (v[field] !== undefined && (typeof v[field] !== 'string' || (v[field] as string).length > 2000)) return `${field} must be a string of at most 2000 characters`;
  }
  if (v.basedOn !== undefined && v.basedOn !== null && (typeof v.basedOn !== 'number' || !Number.isSafeInteger(v.basedOn) || v.basedOn < 0)) {
    return 'basedOn must be the seq of the newest decision seen on the comment (a whole number), or null when none was seen';
  }
  if (v.undo !== undefined && typeof v.undo !== 'boolean') return 'undo must be true or false';
  return null;
}
