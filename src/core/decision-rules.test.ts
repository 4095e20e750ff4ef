import { describe, expect, it } from 'vitest';
import type { Claim, DecisionInput } from './api.ts';
import { checkDecision, decisionChecks, DECISION_RULES, decisionWhy, type DecisionFacts } from './decision-rules.ts';
import type { DecisionEvent } from './decisions.ts';
import { DEFAULT_REASONS } from './reasons.ts';
import type { Role } from './roles.ts';

const reasons = [...DEFAULT_REASONS, { code: 'old-rule', label: 'Old rule', ground: 'incompatible' as const, needsNote: false, retired: true }];
const ev = (seq: number, action: DecisionEvent['action'], moderator: string): DecisionEvent => ({
  id: `e${seq}`, threadId: 't1', commentId: 'c1', action, moderator, reason: '', note: '', legalGround: '', at: `2026-12-07T05:00:0${seq}.000Z`, seq,
});
const claimBy = (by: string): Claim => ({ commentId: 'c1', by, at: '2026-12-07T05:00:00.000Z', expiresAt: '2026-12-07T05:10:00.000Z' });

function facts(input: Partial<DecisionInput>, more: Partial<Omit<DecisionFacts, 'input'>> & { role?: Role; user?: string } = {}): DecisionFacts {
  const { role = 'moderator', user = 'mia', ...rest } = more;
  return {
    threadId: 't1',
    input: { id: 'd-00000001', commentId: 'c1', action: 'reject', ...input },
    actor: { username: user, role },
    commentInThread: true,
    reasons,
    commentEvents: [],
    claim: null,
    ...rest,
  };
}

const escalated = [ev(1, 'escalate', 'bo')];

/** [case, facts, expected rule (null: recorded), status] */
const CASES: Array<[string, DecisionFacts, string | null, number?]> = [
  ['a plain rejection', facts({}), null],
  ['a rejection with a known reason', facts({ reason: 'spam' }), null],
  ['a comment not in the thread', facts({}, { commentInThread: false }), 'comment in thread', 400],
  ['an unknown reason', facts({ reason: 'insult' }), 'known reason', 400],
  ['a retired reason', facts({ reason: 'old-rule' }), 'known reason', 400],
  ['"other" without a note', facts({ reason: 'other', note: '  ' }), 'note when the reason needs one', 400],
  ['"other" with a note', facts({ reason: 'other', note: 'doxxing' }), null],
  ['illegal content with a legal ground', facts({ reason: 'illegal', legalGround: 'StGB § 130' }), null],
  ['a legal ground with a reason of the site terms', facts({ reason: 'spam', legalGround: 'StGB § 130' }), 'legal ground only with an illegal-content reason', 400],
  ['a legal ground without a reason', facts({ legalGround: 'StGB § 130' }), 'legal ground only with an illegal-content reason', 400],
  ['a too long legal ground', facts({ reason: 'illegal', legalGround: 'x'.repeat(501) }), 'legal ground only with an illegal-content reason', 400],
  ['a moderator approving an escalated comment', facts({ action: 'approve' }, { commentEvents: escalated }), 'escalations are resolved by editors', 403],
  ['a moderator rejecting an escalated comment', facts({ action: 'reject' }, { commentEvents: escalated }), 'escalations are resolved by editors', 403],
  ['a moderator resetting an escalated comment', facts({ action: 'reset' }, { commentEvents: escalated }), 'escalations are resolved by editors', 403],
  ['a moderator escalating again', facts({ action: 'escalate' }, { commentEvents: escalated }), null],
  ['an editor approving an escalated comment', facts({ action: 'approve' }, { commentEvents: escalated, role: 'editor' }), null],
  ['an admin rejecting an escalated comment', facts({ action: 'reject' }, { commentEvents: escalated, role: 'admin' }), null],
  ['a moderator undoing their own escalation', facts({ action: 'reset', undo: true }, { commentEvents: [ev(1, 'escalate', 'Mia')] }), null],
  ["a moderator undoing another's escalation", facts({ action: 'reset', undo: true }, { commentEvents: escalated }), 'escalations are resolved by editors', 403],
  ['basedOn the newest event', facts({ basedOn: 2 }, { commentEvents: [ev(1, 'approve', 'bo'), ev(2, 'reject', 'bo')] }), null],
  ['basedOn null on a comment without events', facts({ basedOn: null }), null],
  ['basedOn null when someone else decided', facts({ basedOn: null }, { commentEvents: [ev(1, 'approve', 'bo')] }), 'no silent overwrite', 409],
  ['basedOn an older event', facts({ basedOn: 1 }, { commentEvents: [ev(1, 'approve', 'bo'), ev(2, 'reject', 'bo')] }), 'no silent overwrite', 409],
  ["basedOn older, but only the decider's own events since", facts({ basedOn: 1 }, { commentEvents: [ev(1, 'approve', 'bo'), ev(2, 'reject', 'mia')] }), null],
  ['no basedOn (tools)', facts({}, { commentEvents: [ev(1, 'approve', 'bo')] }), null],
  ['a live claim by another', facts({}, { claim: claimBy('bo') }), 'not claimed by another', 409],
  ['a live claim of the decider', facts({}, { claim: claimBy('MIA') }), null],
];

describe('decision rules', () => {
  it.each(CASES)('%s', (_name, given, rule, status) => {
    const refusal = checkDecision(given);
    expect(refusal?.rule ?? null).toBe(rule);
    if (refusal) {
      expect(refusal.status).toBe(status);
      expect(refusal.error.length).toBeGreaterThan(10);
      expect(refusal.where).toMatch(/^(body\.\w+|role|claim)$/);
    }
  });

  it('gives every rule its own outcome, in list order, and answers 400 before 403 before 409', () => {
    const bad = facts({ action: 'approve', reason: 'insult', basedOn: null }, { commentEvents: escalated, claim: claimBy('bo') });
    const checks = decisionChecks(bad);
    expect(checks.map((c) => c.rule)).toEqual(DECISION_RULES.map((r) => r.name));
    expect(checks.filter((c) => c.refusal).map((c) => c.refusal!.status)).toEqual([400, 403, 409, 409]);
    expect(checkDecision(bad)?.status).toBe(400);
  });

  it('names who decided in a conflict and returns the newest event, or the claim', () => {
    const conflict = checkDecision(facts({ basedOn: 1 }, { commentEvents: [ev(1, 'approve', 'bo'), ev(2, 'reject', 'bo')] }));
    expect(conflict?.error).toContain('bo rejected it at 2026-12-07T05:00:02.000Z');
    expect(conflict?.current?.id).toBe('e2');
    const claimed = checkDecision(facts({}, { claim: claimBy('bo') }));
    expect(claimed?.claim?.by).toBe('bo');
    expect(claimed?.error).toContain('bo is working on this comment');
  });

  it("writes the audit trail's why from label, legal ground and note", () => {
    expect(decisionWhy({ reason: 'illegal', legalGround: ' StGB § 130 ', note: 'incitement' }, reasons)).toBe('Illegal content; legal ground: StGB § 130; note: incitement');
    expect(decisionWhy({}, reasons)).toBe('');
  });
});
