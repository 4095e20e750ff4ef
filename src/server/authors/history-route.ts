/**
 * GET /api/authors/history?author=NAME (`read`): the commenter's history across all threads (history.ts), flagged
 * under the team's thresholds (read per request, so a change applies at once). 400 when `author` is missing, empty,
 * repeated or longer than AUTHOR_NAME_MAX; an author with no comments answers an empty history (not 404: a name
 * the console shows always exists, and a name that does not tells nothing either way).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiError } from '../../core/api.ts';
import type { Thresholds } from '../../core/flags.ts';
import type { Engines } from '../../app/score-texts.ts';
import type { Store } from '../../app/store/store.ts';
import { AUTHOR_NAME_MAX, authorHistory, authorNameProblem } from '../../app/authors/history.ts';
import { threadsWithoutReadModel } from '../../app/store/thread-queries.ts';

export const authorQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['author'],
  properties: { author: { type: 'string', minLength: 1, maxLength: AUTHOR_NAME_MAX } },
} as const;

/** The thresholds flags are computed under (the team's, GET /api/settings/thresholds). */
export type ThresholdsSource = () => Thresholds | Promise<Thresholds>;

export function registerAuthorRoutes(app: FastifyInstance, store: Store, engines: Engines, thresholds: ThresholdsSource): void {
  app.get<{ Querystring: { author: string } }>(
    '/api/authors/history',
    { config: { access: 'read' }, schema: { querystring: authorQuery } },
    async (request, reply) => {
      const { author } = request.query;
      const problem = authorNameProblem(author);
      if (problem) {
        const body: ApiError = { error: problem, where: 'querystring.author' };
        return reply.code(400).send(body);
      }
      // Threads stored by an older schema get their read model first (as when they are opened), in bounded steps.
      for (const id of await threadsWithoutReadModel(store.sql)) await store.ensureReadModel(id);
      return authorHistory(store, author, engines, { thresholds: await thresholds() });
    },
  );
}
