/**
 * The rules a decision must pass before it is recorded (issue 14, docs/adr/0024-reasons-and-decision-rules.md), as
 * a list of small named checks (like the importer registry). Pure: the decision route gathers the facts (is the
 * comment in the thread, the team's reasons, the comment's events, a live claim) inside the store's write
 * transaction, so that of two moderators deciding on the same `basedOn` exactly one passes.
 *
 * Each check answers null (passes) or a refusal with its HTTP status, message and place; `checkDecision` gives the
 * first refusal in list order: malformed facts of the body (400) before the role (403) before conflicts (409).
 * The idempotent retry (a decision id already recorded) is not a rule: the store answers it before any rule runs, so
 * a retry of a recorded decision is a duplicate even if its `basedOn` is stale by now.
 */
import type { Claim, DecisionInput, ReasonDef } from './api.ts';
import { currentDecisions, type DecisionEvent } from './decisions.ts';
import { reasonLabel } from './reasons.ts';
import { can, type Role } from './roles.ts';

/** Longest legal ground, in characters. */
export const LEGAL_GROUND_MAX = 500;

export interface DecisionFacts {
  threadId: string;
  input: DecisionInput;
  actor: { username: string; role: Role };
  /** The comment is in the thread's current version. */
  commentInThread: boolean;
  /** The team's reasons, retired ones included. */
  reasons: readonly ReasonDef[];
  /** The comment's recorded events, any order. */
  commentEvents: readonly DecisionEvent[];
  /** The live claim on the comment, whoever holds it; null when none. */
  claim: Claim | null;
}

export interface DecisionRefusal {
  status: 400 | 403 | 409;
  /** The rule that refused. */
  rule: string;
  error: string;
  where: string;
  /** For 409: the newest event on the comment now (null: none). */
  current?: DecisionEvent | null;
  /** For 409 by a claim: the other moderator's claim. */
  claim?: Claim;
}

export interface DecisionRule {
  name: string;
  check: (facts: DecisionFacts) => Omit<DecisionRefusal, 'rule'> | null;
}

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const bySeq = (a: DecisionEvent, b: DecisionEvent) => a.seq - b.seq;

/** The newest recorded event on the comment, or null. */
export function newestEvent(events: readonly DecisionEvent[]): DecisionEvent | null {
  return events.reduce<DecisionEvent | null>((newest, e) => (newest === null || e.seq > newest.seq ? e : newest), null);
}

const reasonOf = (facts: DecisionFacts): ReasonDef | undefined => (facts.input.reason ? facts.reasons.find((r) => r.code === facts.input.reason) : undefined);

const PAST: Record<string, string> = { approve: 'approved', reject: 'rejected', escalate: 'escalated', reset: 'cleared' };

/** "ada rejected it at 2026-12-07T05:00:00.000Z" */
export function describeEvent(event: DecisionEvent): string {
  return `${event.moderator} ${PAST[event.action] ?? event.action} it at ${event.at}`;
}

export const DECISION_RULES: readonly DecisionRule[] = [
  {
    name: 'comment in thread',
    check: ({ commentInThread, input, threadId }) => (commentInThread ? null : { status: 400, error: `comment "${input.commentId}" is not in thread "${threadId}"`, where: 'body.commentId' }),
  },
  {
    // For every action a reason is optional; when given it names one of the team's active reasons.
    name: 'known reason',
    check: (facts) => {
      const code = facts.input.reason;
      if (!code) return null;
      const reason = reasonOf(facts);
      if (!reason) return { status: 400, error: `reason "${code}" is not one of the team's reasons (GET /api/reasons lists them)`, where: 'body.reason' };
      if (reason.retired) return { status: 400, error: `reason "${code}" (${reason.label}) is retired: choose another`, where: 'body.reason' };
      return null;
    },
  },
  {
    name: 'note when the reason needs one',
    check: (facts) => {
      const reason = reasonOf(facts);
      if (!reason?.needsNote || (facts.input.note ?? '').trim().length > 0) return null;
      return { status: 400, error: `reason "${reason.label}" needs a note saying why`, where: 'body.note' };
    },
  },
  {
    name: 'legal ground only with an illegal-content reason',
    check: (facts) => {
      const ground = (facts.input.legalGround ?? '').trim();
      if (ground.length === 0) return null;
      if (ground.length > LEGAL_GROUND_MAX) return { status: 400, error: `legalGround must be at most ${LEGAL_GROUND_MAX} characters`, where: 'body.legalGround' };
      if (reasonOf(facts)?.ground === 'illegal') return null;
      return { status: 400, error: 'a legal ground goes with a reason whose ground is "illegal" (such as Illegal content)', where: 'body.legalGround' };
    },
  },
  {
    // An escalated comment is the editors' to resolve; a moderator may escalate it again or undo their own escalation.
    name: 'escalations are resolved by editors',
    check: (facts) => {
      const { input, actor, commentEvents } = facts;
      if (input.action === 'escalate' || can(actor.role, 'resolve-escalations')) return null;
      const current = currentDecisions(commentEvents).get(input.commentId);
      if (current?.state !== 'escalated') return null;
      const newest = newestEvent(commentEvents);
      if (input.undo === true && newest !== null && newest.action === 'escalate' && sameUser(newest.moderator, actor.username)) return null;
      return {
        status: 403,
        error: `this comment is escalated to the editors: resolving it needs "resolve-escalations", which editors and admins have (your role: ${actor.role})`,
        where: 'role',
      };
    },
  },
  {
    // No silent overwrite: an event by someone else since the one the moderator saw means they have not seen it.
    name: 'no silent overwrite',
    check: ({ input, actor, commentEvents }) => {
      if (input.basedOn === undefined) return null;
      const seen = input.basedOn ?? 0;
      const since = commentEvents.filter((e) => e.seq > seen && !sameUser(e.moderator, actor.username)).sort(bySeq);
      if (since.length === 0) return null;
      const current = newestEvent(commentEvents);
      return { status: 409, error: `another moderator decided this comment since you looked: ${describeEvent(since[since.length - 1]!)}`, where: 'body.basedOn', current };
    },
  },
  {
    name: 'not claimed by another',
    check: ({ actor, claim, commentEvents }) => {
      if (claim === null || sameUser(claim.by, actor.username)) return null;
      return { status: 409, error: `${claim.by} is working on this comment (claimed until ${claim.expiresAt})`, where: 'claim', current: newestEvent(commentEvents), claim };
    },
  },
];

/** Every rule's outcome, in list order (tests, diagnostics). */
export function decisionChecks(facts: DecisionFacts): Array<{ rule: string; refusal: DecisionRefusal | null }> {
  return DECISION_RULES.map(({ name, check }) => {
    const refusal = check(facts);
    return { rule: name, refusal: refusal ? { ...refusal, rule: name } : null };
  });
}

/** The first refusal, or null when the decision may be recorded. */
export function checkDecision(facts: DecisionFacts): DecisionRefusal | null {
  for (const { name, check } of DECISION_RULES) {
    const refusal = check(facts);
    if (refusal) return { ...refusal, rule: name };
  }
  return null;
}

/** The audit trail's `why` of a decision: reason label, legal ground and note, those given. */
export function decisionWhy(input: Pick<DecisionInput, 'reason' | 'legalGround' | 'note'>, reasons: readonly ReasonDef[]): string {
  const parts: string[] = [];
  if (input.reason) parts.push(reasonLabel(reasons, input.reason));
  if (input.legalGround?.trim()) parts.push(`legal ground: ${input.legalGround.trim()}`);
  if (input.note?.trim()) parts.push(`note: ${input.note.trim()}`);
  return parts.join('; ');
}
