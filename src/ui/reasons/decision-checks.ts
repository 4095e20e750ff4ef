/**
 * What the console checks before a decision goes to the outbox (issue 14, ADR 0024), so that the moderator gets a
 * clear message at once instead of a refusal later: the role may decide; a reason that needs a note has one; a legal
 * ground goes only with an illegal-content reason (it is dropped otherwise: the field is hidden then); an escalated
 * comment is resolved only by roles with `resolve-escalations` (others' requests on escalated comments are left out
 * and named). The server checks all of it again (src/core/decision-rules.ts). Pure.
 */
import type { ReasonDef } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import { can, type Role } from '../../core/roles.ts';
import type { DecisionRequest } from '../state/use-decisions.ts';

export type PreparedDecisions =
  | { ok: true; requests: DecisionRequest[]; skippedEscalated: number }
  | { ok: false; problem: string; where: string };

export function prepareDecisions(requests: readonly DecisionRequest[], reasons: readonly ReasonDef[], current: ReadonlyMap<string, CurrentDecision>, role: Role): PreparedDecisions {
  if (!can(role, 'decide')) return { ok: false, problem: `Your role (${role}) can read but not decide: deciding needs a moderator, editor or admin.`, where: 'role' };
  const prepared: DecisionRequest[] = [];
  let skippedEscalated = 0;
  for (const request of requests) {
    const reason = request.reason ? reasons.find((r) => r.code === request.reason) : undefined;
    if (request.reason && (!reason || reason.retired)) return { ok: false, problem: `The reason "${request.reason}" is not in the team's list any more: choose another.`, where: 'Reason' };
    if (reason?.needsNote && !request.note?.trim()) return { ok: false, problem: `The reason "${reason.label}" needs a note: say why in the Note field.`, where: 'Note' };
    const resolving = request.action !== 'escalate' && current.get(request.commentId)?.state === 'escalated';
    if (resolving && !request.undo && !can(role, 'resolve-escalations')) {
      skippedEscalated += 1;
      continue;
    }
    const { legalGround, ...rest } = request;
    prepared.push(reason?.ground === 'illegal' && legalGround?.trim() ? { ...rest, legalGround: legalGround.trim() } : rest);
  }
  if (prepared.length === 0 && skippedEscalated > 0) {
    return { ok: false, problem: `${skippedEscalated === 1 ? 'This comment is' : 'These comments are'} escalated to the editors: only editors and admins resolve escalations.`, where: 'role' };
  }
  return { ok: true, requests: prepared, skippedEscalated };
}
