/**
 * The decision log's routes (issue 14, docs/adr/0002 and 0024):
 *   GET  /api/threads/:id/decisions  (read)   -> DecisionEvent[] in seq order
 *   POST /api/threads/:id/decisions  (decide) body DecisionInput -> { event, duplicate } (201 recorded, 200 a retry)
 *
 * A decision records the session's user (name and id), never a name from the body. Order of answers: 400 for a
 * malformed body, 404 for an unknown thread; then, in the store's write transaction, a retry of a recorded decision id
 * answers 200 duplicate (even when its `basedOn` is stale by now) and an id reused for another decision 409; then the
 * rules of src/core/decision-rules.ts (400 comment, reason, note, legal ground; 403 escalations need
 * `resolve-escalations`; 409 DecisionConflict when someone else decided since `basedOn` or holds a live claim).
 * Nothing is recorded on any refusal. After recording: the decider's claim on the comment ends, one audit entry
 * (`decision.<action>`, or `decision.undo`; why = reason label, legal ground, note) and one live `decision` event.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, DecisionConflict, DecisionInput } from '../core/api.ts';
import { checkDecision, decisionWhy } from '../core/decision-rules.ts';
import { validateDecisionInput } from '../core/decisions.ts';
import { actorOf } from './access.ts';
import { liveClaim, queueSnapshot, releaseClaim } from '../app/queue/claims.ts';
import { readReasons } from '../app/reasons/reasons-store.ts';
import { decisionBody, threadParams } from './schemas.ts';
import type { Store } from '../app/store/store.ts';

/** Largest decision body. */
export const DECISION_BODY_LIMIT = 64 * 1024;

type IdParams = { id: string };

const PAST: Record<string, string> = { approve: 'approved', reject: 'rejected', escalate: 'escalated', reset: 'cleared' };

function fail(reply: FastifyReply, status: number, error: string, where: string): FastifyReply {
  const body: ApiError = { error, where };
  return reply.code(status).send(body);
}

export function registerDecisionRoutes(app: FastifyInstance, store: Store, now: () => Date = () => new Date()): void {
  const notFound = (reply: FastifyReply, id: string) => fail(reply, 404, `no thread with id "${id}"`, 'params.id');

  app.get<{ Params: IdParams }>('/api/threads/:id/decisions', { config: { access: 'read' }, schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.getThread(id))) return notFound(reply, id);
    return store.decisions(id);
  });

  app.post<{ Params: IdParams; Body: DecisionInput }>(
    '/api/threads/:id/decisions',
    { bodyLimit: DECISION_BODY_LIMIT, config: { access: 'decide', contentTypes: ['application/json'] }, schema: { params: threadParams, body: decisionBody } },
    async (request, reply) => {
      const { id } = request.params;
      const message = validateDecisionInput(request.body);
      if (message) return fail(reply, 400, message, 'body');
      if (!(await store.getThread(id))) return notFound(reply, id);
      const actor = actorOf(request);
      // Who decided is the session's user, never a name in the body (issue 14, ADR 0022).
      const input: DecisionInput & { moderator: string } = { ...request.body, moderator: actor.username };
      const reasons = await readReasons(store);
      const at = now();
      // The claim is read inside the decision's transaction, under the thread's lock that claims are written under too:
      // a claim made on another server at the same moment is either seen here or made after the decision.
      const result = await store.appendDecision(id, input, at.toISOString(), {
        userId: actor.userId,
        check: async (commentEvents, within) =>
          checkDecision({
            threadId: id,
            input,
            actor,
            commentInThread: await within.commentExists(id, input.commentId),
            reasons,
            commentEvents,
            claim: await liveClaim(within, id, input.commentId, at),
          }),
      });
      if (result.kind === 'conflict') return fail(reply, 409, `decision id "${input.id}" was already used for a different decision; make a new id`, 'body.id');
      if (result.kind === 'refused') {
        const { status, error, where, current, claim } = result.refusal;
        if (status !== 409) return fail(reply, status, error, where);
        const body: DecisionConflict = { error, where, current: current ?? null, ...(claim ? { claim } : {}) };
        return reply.code(409).send(body);
      }
      if (result.kind === 'recorded') {
        const { event } = result;
        // The decision ends the decider's claim: open consoles hear of it like any release (ADR 0025).
        const released = await releaseClaim(store, id, event.commentId, actor.username);
        await app.audit.append({
          actor: actor.username,
          actorRole: actor.role,
          action: input.undo === true ? 'decision.undo' : `decision.${event.action}`,
          threadId: id,
          commentId: event.commentId,
          what: input.undo === true ? `undo (${PAST[event.action] ?? event.action})` : (PAST[event.action] ?? event.action),
          why: decisionWhy(input, reasons),
        });
        await app.live.publish({ type: 'decision', threadId: id, event });
        if (released) await app.live.publish({ type: 'queue', threadId: id, snapshot: await queueSnapshot(store, id) });
      }
      return reply.code(result.kind === 'recorded' ? 201 : 200).send({ event: result.event, duplicate: result.kind === 'duplicate' });
    },
  );
}
