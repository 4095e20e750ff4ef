/**
 * Builds the Fastify app: the JSON API, the built UI with an SPA fallback, security headers and an error handler
 * that answers with clear messages and never leaks stack traces or paths. Before anything else, every request
 * passes the browser boundary (request-boundary.ts, ADR 0010): a foreign Host gets 421, a state-changing request
 * from another site's page 403.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { MAX_THREAD_ID_LENGTH } from '../core/ids.ts';
import type { Scorer, TropeDetector } from '../core/scoring.ts';
import type { ScorerSwitch } from '../app/remote/scorer-switch.ts';
import { type Authenticator, installAccess } from './access.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import type { JobQueue } from '../app/jobs/job-queue.ts';
import type { LiveBus } from '../app/live/live-bus.ts';
import { openLiveBus } from '../app/live/open-live-bus.ts';
import { embeddedScorerOf, registerCoralRoutes } from './coral/phase-route.ts';
import { registerModelRoute } from './model-route.ts';
import { registerApiKeyRoutes } from './perspective-compat/api-keys-route.ts';
import { registerAnalyzeRoutes } from './perspective-compat/analyze-route.ts';
import { registerSuggestRoutes } from './perspective-compat/suggest-route.ts';
import { type CallerAuth, checkHost, checkOrigin, hostAllowList, type HostAllowList, type Refusal } from './request-boundary.ts';
import { safeLogger } from './log-settings.ts';
import { registerApiRoutes } from './routes.ts';
import { describeSchemaError, type SchemaError } from './schemas.ts';
import type { Store } from '../app/store/store.ts';

export interface AppOptions {
  store: Store;
  scorer: Scorer;
  detector: TropeDetector;
  /** Directory of the built UI (default `dist/ui` under the working directory). */
  uiDir?: string;
  /** The scorers the console may switch between; `scorer` must be its current one. Without it there is no switch. */
  scorers?: ScorerSwitch;
  /** Fastify logger setting (default off, for tests); main.ts passes a warn-level logger. */
  logger?: FastifyServerOptions['logger'];
  /** Host names answered besides the loopback ones (default: none; main.ts passes --host and --allowed-host). */
  hosts?: HostAllowList;
  /**
   * Finds each request's user (docs/adr/0022-accounts-sessions-roles.md). Default: the session cookie, and single-user
   * mode while the store has no account (the loopback default of tests). main.ts passes its own (single-user mode only
   * on loopback).
   */
  auth?: Authenticator;
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-Proto and X-Forwarded-For are believed (default:
   * none): behind a TLS proxy requests count as https (Secure cookies, the Origin rule) and have the client's address.
   */
  trustProxy?: readonly string[];
  /**
   * The live-event bus GET /api/events streams (default: one for the store's database, closed with the app: the bus
   * between servers on PostgreSQL, an in-process one on SQLite; ADR 0031). One given here is the caller's to close.
   */
  live?: LiveBus;
  /**
   * The job queue this server enqueues on (main.ts opens it; the caller closes it). On PostgreSQL, imports then run
   * as jobs (ADR 0033): POST /api/imports stores the upload, enqueues its import and waits for it. Without one (tests)
   * or on SQLite, the server imports in the request (ADR 0019).
   */
  jobs?: JobQueue;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What changed, for open consoles (src/app/live/live-bus.ts). */
    live: LiveBus;
    /** The append-only audit trail (src/app/audit/audit-log.ts). */
    audit: AuditLog;
  }
}

/** A route called by other servers with their own credentials sets `callerAuth`: exempt from the Origin rule (ADR 0010). */
declare module 'fastify' {
  interface FastifyContextConfig {
    callerAuth?: CallerAuth;
  }
}

/** Body limit of routes that set none. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

const CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Threadscope</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Threadscope</h1>
<p>The console is not built yet. Run <code>npm run build</code> (or start with <code>npm start</code>, which builds first), then reload this page.</p>
<p>The JSON API is already up under <code>/api</code>, e.g. <a href="/api/health">/api/health</a>.</p>
</body></html>
`;

/** True for paths of the JSON API, whose errors are JSON; pages get short plain text. */
function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0]!;
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Answers a boundary refusal: JSON `{ error, where }` under /api, plain text elsewhere. */
function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
  reply.code(refusal.status);
  if (isApiPath(request.url)) return reply.send({ error: refusal.message, where: refusal.where });
  return reply.type('text/plain; charset=utf-8').send(`Threadscope: ${refusal.message}\n`);
}

/** The boundary refusal of a request, if any: Host first, then the Origin rule. */
function boundaryRefusal(request: FastifyRequest, hosts: HostAllowList): Refusal | null {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const host = header('host');
  const callerAuth = request.routeOptions?.config?.callerAuth;
  return checkHost(host, hosts) ?? checkOrigin({ method: request.method, protocol: request.protocol, host, origin: header('origin'), secFetchSite: header('sec-fetch-site'), callerAuth });
}

/** Answers what the router refused before any hook ran (an over-long parameter, a broken %-escape), boundary first. */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, hosts: HostAllowList): FastifyReply {
  const refusal = boundaryRefusal(request, hosts);
  if (refusal) return refuse(request, reply, refusal);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(400).send({ error: `params.id must NOT have more than ${MAX_THREAD_ID_LENGTH} characters`, where: 'params.id' });
  }
  if (error.code === 'FST_ERR_BAD_URL') return reply.code(400).send({ error: 'the URL is not valid (a broken %-escape)', where: 'url' });
  return reply.code(400).send({ error: 'bad request', where: 'url' });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, scorer, detector } = options;
  const uiDir = path.resolve(options.uiDir ?? 'dist/ui');
  const hosts = options.hosts ?? hostAllowList('127.0.0.1');
  const app = Fastify({
    logger: safeLogger(options.logger ?? false),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // No time limit on a request (Fastify 5's defaults, set here so they stay): Node's own requestTimeout (300 s) would
    // cut a slow 256 MB upload, and a POST /api/imports waits for its import job, which may take longer than that.
    // A client that goes away ends its request; the job goes on (ADR 0033). A reverse proxy's timeout still applies
    // (docs/deploy.md).
    requestTimeout: 0,
    connectionTimeout: 0,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
    // Path parameters up to the longest thread id an import can store (src/core/ids.ts); longer ones get a 400 below.
    routerOptions: { maxParamLength: MAX_THREAD_ID_LENGTH },
    // Requests the router refuses before any hook runs: the boundary still applies, and the answer is a clear 400.
    frameworkErrors: (error, request, reply) => answerRouterError(error, request as FastifyRequest, reply as FastifyReply, hosts),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // The browser boundary runs first, for every route, static file and fallback (ADR 0010).
  app.addHook('onRequest', async (request, reply) => {
    const refusal = boundaryRefusal(request, hosts);
    if (refusal) return refuse(request, reply, refusal);
  });
  // Then who is asking, and may they (ADR 0022): 401 without a session, 403 without the route's capability.
  installAccess(app, options.auth ?? sessionAuthenticator(store, { singleUser: true }));
  const live = options.live ?? (await openLiveBus(store.sql, store.locator, { onError: (message) => app.log.warn(message) }));
  if (!options.live) app.addHook('onClose', async () => live.close());
  app.decorate('live', live);
  app.decorate('audit', new AuditLog(store));

  app.addHook('onRequest', async (request, reply) => {
    const allowed = request.routeOptions.config.contentTypes;
    if (!allowed) return;
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!allowed.includes(type)) {
      const got = type === '' ? 'no content type' : `content type "${type}"`;
      return reply.code(415).send({ error: `unsupported ${got}; send ${allowed.join(' or ')}`, where: 'headers.content-type' });
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-security-policy', CSP);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation && error.validation.length > 0) {
      return reply.code(400).send(describeSchemaError(error.validationContext ?? 'body', error.validation[0] as SchemaError));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      const limit = request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
      return reply.code(413).send({ error: `request body is too large: the limit for this route is ${formatBytes(limit)}`, where: 'body' });
    }
    if (status === 415) return reply.code(415).send({ error: 'unsupported content type; send application/json', where: 'headers.content-type' });
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(400).send({ error: 'body is empty; send a JSON object', where: 'body' });
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.code(400).send({ error: `body is not valid JSON (${error.message.replace(/\s+/g, ' ').slice(0, 200)})`, where: 'body' });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: error.message.replace(/\s+/g, ' ').slice(0, 300) || 'bad request' });
    }
    request.log.warn({ err: error, method: request.method, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: 'internal error; the server log has the details' });
  });

  registerAuthRoutes(app, store);
  registerApiRoutes(app, store, { scorer, detector }, options.scorers ?? null, options.jobs ?? null);
  registerModelRoute(app);
  registerApiKeyRoutes(app, store);
  registerAnalyzeRoutes(app, store, { detector, scorer: embeddedScorerOf(scorer) });
  registerCoralRoutes(app, store, { scorer: embeddedScorerOf(scorer), detector });
  registerSuggestRoutes(app, store);

  const uiBuilt = fs.existsSync(path.join(uiDir, 'index.html'));
  if (uiBuilt) await app.register(fastifyStatic, { root: uiDir, prefix: '/', wildcard: true, index: ['index.html'] });

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if ((request.method === 'GET' || request.method === 'HEAD') && pathname !== '/api' && !pathname.startsWith('/api/')) {
      if (uiBuilt) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    return reply.code(404).send({ error: `no such route: ${request.method} ${pathname.slice(0, 200)}` });
  });

  return app;
}
