/**
 * Builds the Fastify app: the JSON API, the built UI with an SPA fallback, security headers and an error handler
 * that answers with clear messages and never leaks stack traces or paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Scorer, TropeDetector } from '../core/scoring.ts';
import type { ScorerSwitch } from './remote/scorer-switch.ts';
import { registerModelRoute } from './model-route.ts';
import { registerApiRoutes } from './routes.ts';
import { describeSchemaError, type SchemaError } from './schemas.ts';
import type { Store } from './store.ts';

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

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, scorer, detector } = options;
  const uiDir = path.resolve(options.uiDir ?? 'dist/ui');
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

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

  registerApiRoutes(app, store, { scorer, detector }, options.scorers ?? null);
  registerModelRoute(app);

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
