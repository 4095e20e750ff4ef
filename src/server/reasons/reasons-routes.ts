/**
 * The team's reasons (issue 14, docs/adr/0024-reasons-and-decision-rules.md):
 *   GET /api/reasons  (read)            -> ReasonDef[] in order, retired ones included (old decisions name them)
 *   PUT /api/reasons  (manage-reasons)  body ReasonsUpdate -> ReasonDef[]; 400 naming the first problem
 * A change is appended to the audit trail (`reasons.change`, what changed) and published as a live `reasons` event.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiError, ReasonsUpdate } from '../../core/api.ts';
import { actorOf } from '../access.ts';
import { reasonsBody } from '../schemas.ts';
import type { Store } from '../../app/store/store.ts';
import { describeReasonChange, readReasons, replaceReasons } from '../../app/reasons/reasons-store.ts';

/** Largest body of PUT /api/reasons. */
export const REASONS_BODY_LIMIT = 64 * 1024;

export function registerReasonRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/reasons', { config: { access: 'read' } }, async () => await readReasons(store));

  app.put<{ Body: ReasonsUpdate }>(
    '/api/reasons',
    { bodyLimit: REASONS_BODY_LIMIT, config: { access: 'manage-reasons', contentTypes: ['application/json'] }, schema: { body: reasonsBody } },
    async (request, reply) => {
      const result = await replaceReasons(store, request.body.reasons);
      if (!result.ok) {
        const [first] = result.problems;
        const body: ApiError = { error: first!.message, where: `body.${first!.where}` };
        return reply.code(400).send(body);
      }
      const actor = actorOf(request);
      await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'reasons.change', what: describeReasonChange(result.before, result.reasons) });
      await app.live.publish({ type: 'reasons' });
      return result.reasons;
    },
  );
}
