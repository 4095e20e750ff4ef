/**
 * The JSON API routes of src/core/api.ts: health, formats, threads, decisions and reports (imports: import-progress-routes.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, RescoreResponse } from '../core/api.ts';
import { listFormats } from '../importers/registry.ts';
import { DECISION_BODY_LIMIT, registerDecisionRoutes } from './decision-routes.ts';
import { registerImportRoutes } from './import-progress-routes.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerLiveRoute } from './live-route.ts';
import { registerMissingRoutes } from './missing-routes.ts';
import { registerQueueRoutes } from './queue/queue-routes.ts';
import { registerReportRoute, reportSourcesFromStore } from './report-route.ts';
import { actorOf } from './access.ts';
import { registerAuthorRoutes } from './authors/history-route.ts';
import { readReasons } from '../app/reasons/reasons-store.ts';
import { registerStatementsRoute } from './statements-route.ts';
import { registerAuditRoutes } from './audit/audit-route.ts';
import { readTeamThresholds, registerThresholdsRoutes } from './settings/team-thresholds.ts';
import { isScorable, type Engines } from '../app/score-texts.ts';
import { ScorerConfigError } from '../app/remote/registry.ts';
import { rescoreThread } from '../app/remote/rescore.ts';
import type { ScorerSwitch } from '../app/remote/scorer-switch.ts';
import { scoringStatus } from '../app/remote/status.ts';
import { registerReasonRoutes } from './reasons/reasons-routes.ts';
import { scorerBody, threadParams } from './schemas.ts';
import type { JobQueue } from '../app/jobs/job-queue.ts';
import type { Store } from '../app/store/store.ts';
import { registerThreadReadRoutes, threadReads } from './thread-routes.ts';
import { ThreadViewCache } from '../app/view-cache.ts';

export { IMPORT_BODY_LIMIT } from './import-progress-routes.ts';
export { REPORT_BODY_LIMIT, slugOf } from './report-route.ts';
export { DECISION_BODY_LIMIT };

/** Content types a route accepts; the server answers 415 for others (checked in app.ts). */
declare module 'fastify' {
  interface FastifyContextConfig {
    contentTypes?: readonly string[];
  }
}

type IdParams = { id: string };

function fail(reply: FastifyReply, status: number, error: string, where?: string): FastifyReply {
  const body: ApiError = where === undefined ? { error } : { error, where };
  return reply.code(status).send(body);
}

/**
 * The JSON API. NOTE: `engines.scorer` is replaced when the console switches scorer (PUT /api/scoring/scorer), so
 * handlers read it per request, never once at registration.
 */
export function registerApiRoutes(app: FastifyInstance, store: Store, engines: Engines, scorers: ScorerSwitch | null = null, jobs: JobQueue | null = null): void {
  const notFound = (reply: FastifyReply, id: string) => fail(reply, 404, `no thread with id "${id}"`, 'params.id');
  const views = new ThreadViewCache();
  const reads = threadReads();
  const forget = (id: string) => {
    views.forget(id);
    reads.indexes.forget(id);
    reads.searches.forget(id);
  };

  registerHealthRoutes(app, store, engines);

  app.get('/api/scoring', { config: { access: 'read' } }, async () => scoringStatus(engines.scorer, scorers));

  app.put<{ Body: { name: string } }>(
    '/api/scoring/scorer',
    { bodyLimit: DECISION_BODY_LIMIT, config: { access: 'administer', contentTypes: ['application/json'] }, schema: { body: scorerBody } },
    async (request, reply) => {
      if (!scorers) return fail(reply, 400, 'this server offers no scorer switch', 'body.name');
      const from = engines.scorer;
      try {
        engines.scorer = scorers.select(request.body.name).scorer;
      } catch (error) {
        if (error instanceof ScorerConfigError) return fail(reply, 400, error.message, 'body.name');
        throw error;
      }
      const actor = actorOf(request);
      await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'scorer.switch', what: `${from.name} ${from.version} -> ${engines.scorer.name} ${engines.scorer.version}` });
      return scoringStatus(engines.scorer, scorers);
    },
  );

  app.get('/api/formats', { config: { access: 'read' } }, async () => listFormats().map(({ id, label }) => ({ id, label })));

  app.get('/api/threads', { config: { access: 'read' } }, async () => store.listThreads());

  // A thread whose comments changed is announced to open consoles, which reload its index (ADR 0025).
  const changed = async (id: string) => {
    forget(id);
    await app.live.publish({ type: 'thread', threadId: id });
  };
  registerImportRoutes(app, store, engines, {
    jobs,
    onStored: async (threadIds) => {
      for (const id of threadIds) await changed(id);
    },
  });
  registerMissingRoutes(app, store, { onChanged: changed });
  registerThreadReadRoutes(app, store, engines, reads);
  registerQueueRoutes(app, store);
  registerLiveRoute(app, { stillValid: (actor) => app.auth.stillValid(actor) });

  app.get<{ Params: IdParams }>('/api/threads/:id', { config: { access: 'read' }, schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    const json = await views.json(store, id, engines);
    if (json === null) return notFound(reply, id);
    return reply.type('application/json; charset=utf-8').send(json);
  });

  registerDecisionRoutes(app, store);
  registerReasonRoutes(app, store);

  app.post<{ Params: IdParams }>('/api/threads/:id/rescore', { config: { access: 'import' }, schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.getThread(id))) return notFound(reply, id);
    const retried = await rescoreThread(store, id, engines);
    forget(id);
    const view = await views.view(store, id, engines);
    const unscored = view ? view.comments.filter((c) => c.scoreError !== null && isScorable(c.text)).length : 0;
    const body: RescoreResponse = { retried, unscored };
    const actor = actorOf(request);
    await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'rescore', threadId: id, what: `scored ${retried} ${retried === 1 ? 'text' : 'texts'} again with ${engines.scorer.name} ${engines.scorer.version}; ${unscored} still unscored` });
    return body;
  });

  registerReportRoute(app, reportSourcesFromStore(store, engines), async () => (await readTeamThresholds(store)).thresholds);
  // Commenter history (ADR 0026), flagged under the team's thresholds.
  registerAuthorRoutes(app, store, engines, async () => (await readTeamThresholds(store)).thresholds);
  registerStatementsRoute(app, store, engines, { reasons: () => readReasons(store), thresholds: async () => (await readTeamThresholds(store)).thresholds });
  registerAuditRoutes(app);
  registerThresholdsRoutes(app, store);
}
