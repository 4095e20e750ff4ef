import { describe, expect, it } from 'vitest';
import { currentDecisions, type DecisionEvent } from '../../core/decisions.ts';
import { DEFAULT_REASONS } from '../../core/reasons.ts';
import type { Role } from '../../core/roles.ts';
import type { DecisionRequest } from '../state/use-decisions.ts';
import { prepareDecisions } from './decision-checks.ts';

const escalation: DecisionEvent = { id: 'e1', threadId: 't1', commentId: 'c1', action: 'escalate', moderator: 'bo', reason: '', note: '', at: '2026-12-07T05:00:00.000Z', seq: 1 };
const current = currentDecisions([escalation]);
const reasons = [...DEFAULT_REASONS, { code: 'gone', label: 'Gone', ground: 'incompatible' as const, needsNote: false, retired: true }];
const prepare = (requests: DecisionRequest[], role: Role = 'moderator') => prepareDecisions(requests, reasons, current, role);

describe('prepareDecisions', () => {
  it('refuses a viewer, naming the role', () => {
    expect(prepare([{ commentId: 'c2', action: 'approve' }], 'viewer')).toMatchObject({ ok: false, problem: expect.stringContaining('Your role (viewer) can read but not decide'), where: 'role' });
  });

  it('asks for a note when the reason needs one, and refuses a retired or unknown reason', () => {
    expect(prepare([{ commentId: 'c2', action: 'reject', reason: 'other' }])).toMatchObject({ ok: false, where: 'Note', problem: 'The reason "Other" needs a note: say why in the Note field.' });
    expect(prepare([{ commentId: 'c2', action: 'reject', reason: 'other', note: 'doxxing' }]).ok).toBe(true);
    expect(prepare([{ commentId: 'c2', action: 'reject', reason: 'gone' }])).toMatchObject({ ok: false, where: 'Reason' });
  });

  it('keeps a legal ground only with an illegal-content reason', () => {
    const kept = prepare([{ commentId: 'c2', action: 'reject', reason: 'illegal', legalGround: ' StGB § 130 ' }]);
    expect(kept).toEqual({ ok: true, skippedEscalated: 0, requests: [{ commentId: 'c2', action: 'reject', reason: 'illegal', legalGround: 'StGB § 130' }] });
    const dropped = prepare([{ commentId: 'c2', action: 'reject', reason: 'spam', legalGround: 'StGB § 130' }]);
    expect(dropped).toEqual({ ok: true, skippedEscalated: 0, requests: [{ commentId: 'c2', action: 'reject', reason: 'spam' }] });
  });

  it('leaves escalated comments to editors: a moderator is refused alone, or the escalated ones are left out of a bulk step', () => {
    expect(prepare([{ commentId: 'c1', action: 'approve' }])).toMatchObject({ ok: false, problem: expect.stringContaining('only editors and admins resolve escalations') });
    expect(prepare([{ commentId: 'c1', action: 'reject' }, { commentId: 'c2', action: 'reject' }])).toEqual({ ok: true, skippedEscalated: 1, requests: [{ commentId: 'c2', action: 'reject' }] });
    expect(prepare([{ commentId: 'c1', action: 'escalate' }]).ok).toBe(true);
    expect(prepare([{ commentId: 'c1', action: 'reset', undo: true }]).ok).toBe(true);
    expect(prepare([{ commentId: 'c1', action: 'approve' }], 'editor')).toEqual({ ok: true, skippedEscalated: 0, requests: [{ commentId: 'c1', action: 'approve' }] });
  });
});
