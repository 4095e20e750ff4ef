/**
 * POST /v1alpha1/comments:analyze (Perspective's AnalyzeComment) served by the embedded scorer and trope detector.
 *
 *   POST /v1alpha1/comments:analyze?key=KEY   body: AnalyzeCommentRequest (application/json, or no content type)
 *     -> 200 AnalyzeCommentResponse (src/core/perspective-api.ts)
 *     -> Google-shaped errors: the caller gate's (no key 403, bad key 400 API_KEY_INVALID, over the rate 429), then
 *        400 INVALID_ARGUMENT for a body that is not JSON or not the request's shape, COMMENT_EMPTY, COMMENT_TOO_LONG,
 *        no or unknown attributes, LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE (analyze.ts), 500/503 when scoring fails.
 *
 * Scores are always the embedded scorer's (the one the CLI report uses), never a remote adapter the console may
 * have switched to; with the scoring pool the scorer and the detector run in its worker threads (ADR 0019). The body is read as a string by this route's own parser (any content type; analyze.ts decides),
 * so that the key is checked before the body is, and a malformed body gets Google's error shape. Authenticated by
 * the key, not by the browser: `config.callerAuth = 'api-key'` exempts it from the Origin rule (ADR 0010). Its
 * request log is at warn level, and nothing here logs the URL (it holds the key) or the body (it holds the text).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Scorer, TropeDetector } from '../../core/scoring.ts';
import { createEmbeddedScorer } from '../../scoring/index.ts';
import type { Store } from '../../app/store/store.ts';
import { THREADSCOPE_TROPE_ATTRIBUTE } from '../../core/perspective-api.ts';
import { buildAnalyzeResponse, checkAnalyzeRequest, languageRefusal, parseJsonBody } from './analyze.ts';
import { AnalyzeCache, type AnalyzeCacheOptions } from './analyze-cache.ts';
import { callerGate, type CallerGateOptions } from './caller-gate.ts';
import { GOOGLE_ERRORS, type GoogleError, sendGoogleError } from './google-errors.ts';

/** The API's version prefix: this route's plugin answers its unknown paths and methods with Google's 404. */
export const API_PREFIX = '/v1alpha1';
export const ANALYZE_PATH = `${API_PREFIX}/comments:analyze`;

/** Largest body: a 20,480-byte text escaped as JSON (up to 6 bytes a byte), with room for context entries. */
export const ANALYZE_BODY_LIMIT = 512 * 1024;

export interface AnalyzeRouteOptions extends CallerGateOptions {
  detector: TropeDetector;
  /** The embedded scorer (default: an in-process one); app.ts passes the server's, pooled when it has workers (ADR 0019). */
  scorer?: Scorer;
  cache?: AnalyzeCacheOptions;
}

/** The Google-shaped answer to what Fastify refused before the handler (body size, a broken stream). */
function requestError(error: FastifyError): GoogleError {
  if (error.statusCode === 413) return GOOGLE_ERRORS.invalidArgument(`Request payload size exceeds the limit: ${ANALYZE_BODY_LIMIT} bytes.`);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return GOOGLE_ERRORS.invalidPayload('The body could not be read.');
  return GOOGLE_ERRORS.internal();
}

/** A Fastify path matching the literal ":" of Google's custom method ("comments:analyze" -> "comments::analyze"). */
export function literalColonPath(path: string): string {
  return path.replace(/:/g, '::');
}

export function registerAnalyzeRoutes(app: FastifyInstance, store: Store, options: AnalyzeRouteOptions): void {
  const scorer = options.scorer ?? createEmbeddedScorer();
  app.register(async (scope) => {
    // Other paths and methods under /v1alpha1 (a GET, a typo) get the service's 404, not the console's page.
    scope.setNotFoundHandler((_request, reply) => sendGoogleError(reply, GOOGLE_ERRORS.notFound()));
    const cache = new AnalyzeCache(store, scorer, options.detector, {
      onWriteError: (message) => scope.log.warn({ route: ANALYZE_PATH, reason: message }, 'analyze: writing the score cache failed'),
      ...options.cache,
    });
    scope.addHook('onClose', async () => cache.flush());
    // The body as a string whatever its type: analyze.ts reads it as JSON and answers in Google's shape.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: ANALYZE_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post(literalColonPath(ANALYZE_PATH.slice(API_PREFIX.length)), {
      bodyLimit: ANALYZE_BODY_LIMIT,
      logLevel: 'warn',
      config: { callerAuth: 'api-key' },
      preHandler: callerGate(store, options),
      errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
        const answer = requestError(error);
        // Only what failed, never the body (the comment text) nor the URL (the key).
        if (answer.httpStatus >= 500) request.log.warn({ code: error.code, route: ANALYZE_PATH }, 'analyze failed');
        return sendGoogleError(reply, answer);
      },
    }, async (request, reply) => {
      const header = request.headers['content-type'];
      const body = parseJsonBody(request.body, Array.isArray(header) ? header[0] : header);
      if (!body.ok) return sendGoogleError(reply, body.error);
      const checked = checkAnalyzeRequest(body.value);
      if (!checked.ok) return sendGoogleError(reply, checked.error);
      const input = checked.value;
      let analyzed;
      try {
        analyzed = await cache.analyze(input.text, { keep: !input.doNotStore, tropes: input.attributes.some((a) => a.name === THREADSCOPE_TROPE_ATTRIBUTE) });
      } catch (error) {
        request.log.warn({ route: ANALYZE_PATH, reason: error instanceof Error ? error.name : 'unknown' }, 'analyze: scoring failed');
        return sendGoogleError(reply, GOOGLE_ERRORS.unavailable());
      }
      const refusal = languageRefusal(input, analyzed.score);
      if (refusal) return sendGoogleError(reply, refusal);
      return reply.type('application/json; charset=utf-8').send(buildAnalyzeResponse(input, analyzed.score, analyzed.hits ?? []));
    });
  }, { prefix: API_PREFIX });
}
