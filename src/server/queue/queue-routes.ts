/**
 * The team queue's routes (issue 14, docs/adr/0025-queue-states-and-live-updates.md):
 *   GET    /api/threads/:id/queue    (read)   -> QueueSnapshot: live claims and snoozes
 *   POST   /api/threads/:id/claims   (decide) body ClaimRequest -> ClaimResponse (another user's live claim: `refused`)
 *   DELETE /api/threads/:id/claims   (decide) body ClaimRequest -> QueueSnapshot (ends the caller's own claims only)
 *   POST   /api/threads/:id/snoozes  (decide) body SnoozeRequest -> QueueSnapshot (`until` null wakes the comments)
 * The user is the session's (request.actor), never a name in a body. Every change is appended to the audit trail (one
 * entry per comment changed, so a comment's history shows it) and published on app.live as a `queue` event with the
 * thread's new snapshot. Unknown threads answer 404, comments not in the thread 400 naming the first.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, ClaimRequest, ClaimResponse, QueueSnapshot, SnoozeRequest } from '../../core/api.ts';
import { MAX_COMMENT_ID_LENGTH } from '../../core/ids.ts';
import { actorOf } from '../access.ts';
import { threadParams } from '../schemas.ts';
import type { Store } from '../../app/store/store.ts';
import { claimComments, purgeExpired, QUEUE_BATCH_MAX, queueSnapshot, releaseClaims, snoozeComments, snoozeUntilProblem } from '../../app/queue/claims.ts';
import { commentsNotInThread } from '../../app/store/thread-queries.ts';

/** Largest body: QUEUE_BATCH_MAX comment ids of the longest length, and some. */
export const QUEUE_BODY_LIMIT = 256 * 1024;

const commentIds = {
  type: 'array',
  minItems: 1,
  maxItems: QUEUE_BATCH_MAX,
  items: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_ID_LENGTH },
} as const;

export const claimBody = {
  type: 'object',
  additionalProperties: false,
  required: ['commentIds'],
  properties: { commentIds },
} as const;

export const snoozeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['commentIds', 'until'],
  properties: { commentIds, until: { type: ['string', 'null'], maxLength: 64 } },
} as const;

type IdParams = { id: string };

function fail(reply: FastifyReply, status: number, error: string, where: string): FastifyReply {
  const body: ApiError = { error, where };
  return reply.code(status).send(body);
}

const formatTime = (iso: string): string => iso.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');

export function registerQueueRoutes(app: FastifyInstance, store: Store, now: () => Date = () => new Date()): void {
  /**
   * The problem with the thread or its comments (404 or 400), or null when all are there. (A problem, not the sent
   * reply: a FastifyReply is thenable, so an async function cannot hand one back.)
   */
  const problemOf = async (threadId: string, ids: readonly string[]): Promise<{ status: number; error: string; where: string } | null> => {
    if (!(await store.getThread(threadId))) return { status: 404, error: `no thread with id "${threadId}"`, where: 'params.id' };
    const absent = new Set(await commentsNotInThread(store.sql, threadId, ids));
    const missing = ids.findIndex((id) => absent.has(id));
    if (missing >= 0) return { status: 400, error: `comment "${ids[missing]!.slice(0, 200)}" is not in thread "${threadId}"`, where: `body.commentIds[${missing}]` };
    return null;
  };

  const publish = async (threadId: string, at: Date): Promise<QueueSnapshot> => {
    const snapshot = await queueSnapshot(store, threadId, at);
    await app.live.publish({ type: 'queue', threadId, snapshot });
    return snapshot;
  };

  app.get<{ Params: IdParams }>('/api/threads/:id/queue', { config: { access: 'read' }, schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.getThread(id))) return fail(reply, 404, `no thread with id "${id}"`, 'params.id');
    return queueSnapshot(store, id, now());
  });

  const bodyRoute = { bodyLimit: QUEUE_BODY_LIMIT, contentTypes: ['application/json'] } as const;

  app.post<{ Params: IdParams; Body: ClaimRequest }>(
    '/api/threads/:id/claims',
    { bodyLimit: bodyRoute.bodyLimit, config: { access: 'decide', contentTypes: bodyRoute.contentTypes }, schema: { params: threadParams, body: claimBody } },
    async (request, reply) => {
      const { id } = request.params;
      const problem = await problemOf(id, request.body.commentIds);
      if (problem) return fail(reply, problem.status, problem.error, problem.where);
      const actor = actorOf(request);
      const at = now();
      await purgeExpired(store, at);
      const { claimed, refused } = await claimComments(store, id, request.body.commentIds, actor.username, at);
      for (const claim of claimed) {
        await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'claim', threadId: id, commentId: claim.commentId, what: `claimed until ${formatTime(claim.expiresAt)}` });
      }
      const snapshot = claimed.length > 0 ? await publish(id, at) : await queueSnapshot(store, id, at);
      const body: ClaimResponse = { ...snapshot, refused };
      return body;
    },
  );

  app.delete<{ Params: IdParams; Body: ClaimRequest }>(
    '/api/threads/:id/claims',
    { bodyLimit: bodyRoute.bodyLimit, config: { access: 'decide', contentTypes: bodyRoute.contentTypes }, schema: { params: threadParams, body: claimBody } },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await store.getThread(id))) return fail(reply, 404, `no thread with id "${id}"`, 'params.id');
      const actor = actorOf(request);
      const at = now();
      const released = await releaseClaims(store, id, request.body.commentIds, actor.username);
      for (const commentId of released) {
        await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'release', threadId: id, commentId, what: 'released the claim' });
      }
      return released.length > 0 ? await publish(id, at) : await queueSnapshot(store, id, at);
    },
  );

  app.post<{ Params: IdParams; Body: SnoozeRequest }>(
    '/api/threads/:id/snoozes',
    { bodyLimit: bodyRoute.bodyLimit, config: { access: 'decide', contentTypes: bodyRoute.contentTypes }, schema: { params: threadParams, body: snoozeBody } },
    async (request, reply) => {
      const { id } = request.params;
      const { until } = request.body;
      const at = now();
      if (until !== null) {
        const wrong = snoozeUntilProblem(until, at);
        if (wrong) return fail(reply, 400, wrong, 'body.until');
      }
      const problem = await problemOf(id, request.body.commentIds);
      if (problem) return fail(reply, problem.status, problem.error, problem.where);
      const actor = actorOf(request);
      await purgeExpired(store, at);
      const made = await snoozeComments(store, id, request.body.commentIds, actor.username, until);
      const what = made.length > 0 ? `snoozed until ${formatTime(made[0]!.until)}` : 'woke (snooze ended)';
      for (const commentId of new Set(request.body.commentIds)) {
        await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'snooze', threadId: id, commentId, what });
      }
      return await publish(id, at);
    },
  );
}
