/**
 * The JSON API routes of src/core/api.ts: health, formats, threads, decisions and reports (imports: import-progress-routes.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, DecisionInput, ReportRequest, RescoreResponse } from '../core/api.ts';
import { validateDecisionInput } from '../core/decisions.ts';
import { DEFAULT_THRESHOLDS, validateThresholds } from '../core/flags.ts';
import { buildFlagReport } from '../core/report.ts';
import { renderReport } from '../exporters/index.ts';
import { isKnownTimeZone } from '../exporters/report-time.ts';
import { listFormats } from '../importers/registry.ts';
import { registerImportRoutes } from './import-progress-routes.ts';
import { registerMissingRoutes } from './missing-routes.ts';
import { isScorable, type Engines } from './score-texts.ts';
import { ScorerConfigError } from './remote/registry.ts';
import { rescoreThread } from './remote/rescore.ts';
import type { ScorerSwitch } from './remote/scorer-switch.ts';
import { scoringStatus } from './remote/status.ts';
import { decisionBody, reportBody, scorerBody, threadParams } from './schemas.ts';
import type { Store } from './store.ts';
import { ThreadViewCache } from './view-cache.ts';
import { generatorName } from './version.ts';

export { IMPORT_BODY_LIMIT } from './import-progress-routes.ts';
/** Largest decision body. */
export const DECISION_BODY_LIMIT = 64 * 1024;
/** Largest report request (a filter may list many comment ids). */
export const REPORT_BODY_LIMIT = 16 * 1024 * 1024;

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

/** A file-name-safe slug of a thread title. */
export function slugOf(title: string): string {
  const full = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // At most 50 characters, cut at a word boundary when there is one.
  const cut = full.length <= 50 ? full : full.slice(0, 51).replace(/-[^-]*$/, '') || full.slice(0, 50);
  return cut === '' ? 'thread' : cut;
}

/**
 * The JSON API. NOTE: `engines.scorer` is replaced when the console switches scorer (PUT /api/scoring/scorer), so
 * handlers read it per request, never once at registration.
 */
export function registerApiRoutes(app: FastifyInstance, store: Store, engines: Engines, scorers: ScorerSwitch | null = null): void {
  const { detector } = engines;
  const notFound = (reply: FastifyReply, id: string) => fail(reply, 404, `no thread with id "${id}"`, 'params.id');
  const views = new ThreadViewCache();

  app.get('/api/health', async () => ({ ok: true, scorer: { name: engines.scorer.name, version: engines.scorer.version }, detector: { name: detector.name, version: detector.version } }));

  app.get('/api/scoring', async () => scoringStatus(engines.scorer, scorers));

  app.put<{ Body: { name: string } }>(
    '/api/scoring/scorer',
    { bodyLimit: DECISION_BODY_LIMIT, config: { contentTypes: ['application/json'] }, schema: { body: scorerBody } },
    async (request, reply) => {
      if (!scorers) return fail(reply, 400, 'this server offers no scorer switch', 'body.name');
      try {
        engines.scorer = scorers.select(request.body.name).scorer;
      } catch (error) {
        if (error instanceof ScorerConfigError) return fail(reply, 400, error.message, 'body.name');
        throw error;
      }
      return scoringStatus(engines.scorer, scorers);
    },
  );

  app.get('/api/formats', async () => listFormats().map(({ id, label }) => ({ id, label })));

  app.get('/api/threads', async () => store.listThreads());

  registerImportRoutes(app, store, engines, { onStored: (threadIds) => threadIds.forEach((id) => views.forget(id)) });
  registerMissingRoutes(app, store, { onChanged: (id) => views.forget(id) });

  app.get<{ Params: IdParams }>('/api/threads/:id', { schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    const json = await views.json(store, id, engines);
    if (json === null) return notFound(reply, id);
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get<{ Params: IdParams }>('/api/threads/:id/decisions', { schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!store.getThread(id)) return notFound(reply, id);
    return store.decisions(id);
  });

  app.post<{ Params: IdParams; Body: DecisionInput }>(
    '/api/threads/:id/decisions',
    { bodyLimit: DECISION_BODY_LIMIT, config: { contentTypes: ['application/json'] }, schema: { params: threadParams, body: decisionBody } },
    async (request, reply) => {
      const { id } = request.params;
      const message = validateDecisionInput(request.body);
      if (message) return fail(reply, 400, message, 'body');
      if (!store.getThread(id)) return notFound(reply, id);
      const input = request.body;
      if (!store.commentExists(id, input.commentId)) return fail(reply, 400, `comment "${input.commentId}" is not in thread "${id}"`, 'body.commentId');
      const result = store.appendDecision(id, input, new Date().toISOString());
      if (result.kind === 'conflict') return fail(reply, 409, `decision id "${input.id}" was already used for a different decision; make a new id`, 'body.id');
      return reply.code(result.kind === 'recorded' ? 201 : 200).send({ event: result.event, duplicate: result.kind === 'duplicate' });
    },
  );

  app.post<{ Params: IdParams }>('/api/threads/:id/rescore', { schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!store.getThread(id)) return notFound(reply, id);
    const retried = await rescoreThread(store, id, engines);
    views.forget(id);
    const view = await views.view(store, id, engines);
    const unscored = view ? view.comments.filter((c) => c.scoreError !== null && isScorable(c.text)).length : 0;
    const body: RescoreResponse = { retried, unscored };
    return body;
  });

  app.post<{ Params: IdParams; Body: ReportRequest }>(
    '/api/threads/:id/report',
    { bodyLimit: REPORT_BODY_LIMIT, config: { contentTypes: ['application/json'] }, schema: { params: threadParams, body: reportBody } },
    async (request, reply) => {
      const { id } = request.params;
      const { format, thresholds, commentIds, scopeNote, timeZone } = request.body;
      if (thresholds !== undefined) {
        const message = validateThresholds(thresholds);
        if (message) return fail(reply, 400, message, 'body.thresholds');
      }
      if (timeZone !== undefined && !isKnownTimeZone(timeZone)) return fail(reply, 400, `unknown time zone "${timeZone}"; give an IANA name such as "Europe/Berlin" or "UTC"`, 'body.timeZone');
      const view = await views.view(store, id, engines);
      if (!view) return notFound(reply, id);
      if (commentIds) {
        const known = new Set(view.comments.map((c) => c.id));
        const bad = commentIds.findIndex((c) => !known.has(c));
        if (bad >= 0) return fail(reply, 400, `comment "${commentIds[bad]}" is not in thread "${id}"`, `body.commentIds[${bad}]`);
      }
      const generatedAt = new Date().toISOString();
      const scope = scopeNote?.trim() || (commentIds ? `${commentIds.length} selected comments` : 'whole thread');
      const report = buildFlagReport({ views: [view], thresholds: thresholds ?? DEFAULT_THRESHOLDS, commentIds, scope, generatedAt, generator: generatorName('server') });
      const rendered = renderReport(report, format, { timeZone });
      const fileName = `threadscope-${slugOf(view.title)}-${generatedAt.slice(0, 10)}.${rendered.extension}`;
      return reply.header('content-type', rendered.mimeType).header('content-disposition', `attachment; filename="${fileName}"`).send(rendered.text);
    },
  );
}
