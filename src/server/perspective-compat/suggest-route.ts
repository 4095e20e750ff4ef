/**
 * POST /v1alpha1/comments:suggestscore (Perspective's SuggestCommentScore): a caller's moderators say what score a
 * comment deserves; Threadscope stores it as feedback (feedback.ts) and the console shows it beside its own score.
 *
 *   POST /v1alpha1/comments:suggestscore?key=KEY   body: SuggestCommentScoreRequest (application/json)
 *     -> 200 SuggestCommentScoreResponse { clientToken?, requestedLanguages? }
 *     -> Google-shaped errors: the caller gate's (no key 403, bad key 400, over the rate 429), and 400
 *        INVALID_ARGUMENT for an empty or too long text, no attribute scores, an unknown attribute, a value outside
 *        0..1, a field of the wrong type or a body that is not JSON.
 *
 * Authenticated by the key, not by the browser: `config.callerAuth = 'api-key'` exempts it from the Origin rule
 * (ADR 0010). Nothing here logs the key or the text.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../app/store/store.ts';
import { literalColonPath } from './analyze-route.ts';
import { callerGate, type CallerGateOptions } from './caller-gate.ts';
import { parseSuggestion, recordSuggestion } from './feedback.ts';
import { GOOGLE_ERRORS, type GoogleError, sendGoogleError } from './google-errors.ts';

export const SUGGEST_PATH = '/v1alpha1/comments:suggestscore';

/** Largest body: a 20,480-byte text escaped as JSON, with room for context entries. */
export const SUGGEST_BODY_LIMIT = 512 * 1024;

/** The Google-shaped answer to what Fastify refused before the handler (JSON syntax, size, content type). */
export function requestError(error: FastifyError): GoogleError {
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return GOOGLE_ERRORS.invalidPayload('The body is empty; send a JSON object.');
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return GOOGLE_ERRORS.invalidPayload('The body is not valid JSON.');
  }
  if (error.statusCode === 413) return GOOGLE_ERRORS.invalidArgument(`Request payload size exceeds the limit: ${SUGGEST_BODY_LIMIT} bytes.`);
  if (error.statusCode === 415) return GOOGLE_ERRORS.invalidPayload('Send the body as application/json.');
  return GOOGLE_ERRORS.internal();
}

export interface SuggestRouteOptions extends CallerGateOptions {
  /** The time a suggestion is recorded at (default: now), for tests. */
  now?: () => Date;
}

export function registerSuggestRoutes(app: FastifyInstance, store: Store, options: SuggestRouteOptions = {}): void {
  const now = options.now ?? (() => new Date());
  // The ":" of Google's custom method is literal: unescaped, Fastify would read ":suggestscore" as a path parameter
  // and answer any POST /v1alpha1/comments:<anything> here.
  app.post(literalColonPath(SUGGEST_PATH), {
    bodyLimit: SUGGEST_BODY_LIMIT,
    config: { callerAuth: 'api-key' },
    preHandler: callerGate(store, options),
    errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      const answer = requestError(error);
      // Only what failed, never the body (it holds the comment text) nor the URL (it holds the key).
      if (answer.httpStatus >= 500) request.log.warn({ code: error.code, route: SUGGEST_PATH }, 'suggestscore failed');
      return sendGoogleError(reply, answer);
    },
  }, async (request, reply) => {
    const parsed = parseSuggestion(request.body);
    if (!parsed.ok) return sendGoogleError(reply, parsed.error);
    return recordSuggestion(store, parsed.suggestion, request.caller!.label, now().toISOString());
  });
}
