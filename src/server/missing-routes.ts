/**
 * POST /api/threads/:id/missing/remove: deletes the comments the latest import of a thread lacked (kept and marked
 * missing by the merge, ADR 0009), for the import revision the console offered it for. Decisions stay in the log.
 * A removal that deleted comments is audited (`missing.remove`, docs/adr/0023-audit-trail.md).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiError, RemoveMissingRequest, RemoveMissingResponse } from '../core/api.ts';
import { actorOf } from './access.ts';
import { threadParams } from './schemas.ts';
import type { Store } from '../app/store/store.ts';

/** Largest body (`{ "revision": n }`). */
const REMOVE_MISSING_BODY_LIMIT = 1024;

export const removeMissingBody = {
  type: 'object',
  additionalProperties: false,
  required: ['revision'],
  properties: { revision: { type: 'integer', minimum: 1 } },
} as const;

export interface MissingRouteOptions {
  /** Called with the id of a thread whose comments were removed (the view cache forgets it). */
  onChanged(threadId: string): void | Promise<void>;
}

export function registerMissingRoutes(app: FastifyInstance, store: Store, options: MissingRouteOptions): void {
  app.post<{ Params: { id: string }; Body: RemoveMissingRequest }>(
    '/api/threads/:id/missing/remove',
    { bodyLimit: REMOVE_MISSING_BODY_LIMIT, config: { access: 'import', contentTypes: ['application/json'] }, schema: { params: threadParams, body: removeMissingBody } },
    async (request, reply) => {
      const { id } = request.params;
      const { revision } = request.body;
      const result = await store.removeMissing(id, revision);
      if (result.kind === 'unknown') {
        const body: ApiError = { error: `no thread with id "${id}"`, where: 'params.id' };
        return reply.code(404).send(body);
      }
      if (result.kind === 'stale') {
        const body: ApiError = {
          error: `thread "${id}" was imported again after revision ${revision} (it is at revision ${result.revision}); nothing was removed. Reload the thread and check what is missing now.`,
          where: 'body.revision',
        };
        return reply.code(409).send(body);
      }
      if (result.removed > 0) {
        const actor = actorOf(request);
        await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'missing.remove', threadId: id, what: `removed ${result.removed} ${result.removed === 1 ? 'comment' : 'comments'} missing from revision ${result.revision}` });
        await options.onChanged(id);
      }
      const body: RemoveMissingResponse = { removed: result.removed, revision: result.revision };
      return body;
    },
  );
}
