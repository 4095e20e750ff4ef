/**
 * Errors of the Perspective-compatible API in Google's JSON error shape, `{"error":{"code","message","status",
 * "details"}}`, with the HTTP codes, statuses, messages and details Perspective's service answers (the bodies in
 * src/app/remote/testing/fake-perspective.ts are copied from it). Each builder returns the whole answer (status,
 * body, headers), and `sendGoogleError` writes one to a Fastify reply. No message ever echoes a caller's key. The
 * body's shape lives in src/core/perspective-api.ts (GoogleErrorBody).
 */
import type { FastifyReply } from 'fastify';
import type { CommentAnalyzerErrorType, GoogleErrorBody, GoogleErrorDetail, GoogleStatus } from '../../core/perspective-api.ts';

/** A whole error answer: HTTP status (the same as `body.error.code`), body and extra headers. */
export interface GoogleError {
  httpStatus: number;
  body: GoogleErrorBody;
  headers: Record<string, string>;
}

/** Type URL of Perspective's own error detail (its `errorType` names the case). */
export const COMMENT_ANALYZER_ERROR_TYPE = 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error';

/** An error answer from its parts. */
export function googleError(code: number, status: GoogleStatus, message: string, details?: GoogleErrorDetail[], headers: Record<string, string> = {}): GoogleError {
  return { httpStatus: code, body: { error: { code, message, status, ...(details && details.length > 0 ? { details } : {}) } }, headers };
}

/** Perspective's own detail naming the case (`COMMENT_EMPTY`, `LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE`, ...). */
function analyzerDetail(errorType: CommentAnalyzerErrorType, extra: Record<string, unknown> = {}): GoogleErrorDetail {
  return { '@type': COMMENT_ANALYZER_ERROR_TYPE, errorType, ...extra };
}

/** Google's ErrorInfo detail (`API_KEY_INVALID`, ...). */
function errorInfo(reason: string): GoogleErrorDetail {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' };
}

/** Google's BadRequest detail naming the offending field. */
function badRequest(field: string, description: string): GoogleErrorDetail {
  return { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] };
}

/** Seconds for a Retry-After header: whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The service's errors, one builder per case. */
export const GOOGLE_ERRORS = {
  /** No key in `?key=` nor `x-goog-api-key`. */
  missingKey: (): GoogleError => googleError(403, 'PERMISSION_DENIED', 'The request is missing a valid API key.'),
  /** A key that is present but unknown or revoked (the service does not tell them apart). */
  invalidKey: (): GoogleError => googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [errorInfo('API_KEY_INVALID')]),
  /** A key over its rate; `retryAfterMs` becomes the Retry-After header. */
  rateExceeded: (label: string, qps: number, retryAfterMs: number): GoogleError => googleError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric 'Analysis requests (AnalyzeComment)' and limit 'Analysis requests per second' of service 'threadscope' for consumer '${label}' (${qps} per second).`,
    [errorInfo('RATE_LIMIT_EXCEEDED')],
    { 'retry-after': String(retryAfterSeconds(retryAfterMs)) },
  ),
  /** Empty or whitespace-only `comment.text`. */
  commentEmpty: (): GoogleError => googleError(400, 'INVALID_ARGUMENT', 'Comment must be non-empty.', [analyzerDetail('COMMENT_EMPTY')]),
  /** `comment.text` over 20,480 UTF-8 bytes. */
  commentTooLong: (): GoogleError => googleError(400, 'INVALID_ARGUMENT', 'Comment text too long.', [analyzerDetail('COMMENT_TOO_LONG')]),
  /** `requestedAttributes` absent or empty. */
  noRequestedAttributes: (): GoogleError => googleError(400, 'INVALID_ARGUMENT', 'No requested attributes.'),
  /** An attribute the scorer does not have. */
  unknownAttribute: (attribute: string): GoogleError => googleError(400, 'INVALID_ARGUMENT', `Unknown attribute: ${attribute}`),
  /** A request language an attribute does not support (refused, never scored low). */
  languageNotSupported: (attribute: string, languages: readonly string[]): GoogleError => googleError(
    400,
    'INVALID_ARGUMENT',
    `Attribute ${attribute} does not support request languages: ${languages.join(',')}`,
    [analyzerDetail('LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE', { languageNotSupportedByAttributeError: { detectedLanguages: [...languages], attribute } })],
  ),
  /** A body that is not JSON or not the request's shape; `field` names where (e.g. "comment.text"). */
  invalidPayload: (description: string, field = ''): GoogleError => googleError(
    400,
    'INVALID_ARGUMENT',
    `Invalid JSON payload received. ${description}`,
    [badRequest(field, `Invalid JSON payload received. ${description}`)],
  ),
  /** Any other bad argument, with the service's status. */
  invalidArgument: (message: string): GoogleError => googleError(400, 'INVALID_ARGUMENT', message),
  /** A method or path the API does not have. */
  notFound: (): GoogleError => googleError(404, 'NOT_FOUND', 'Requested entity was not found.'),
  /** A failure on our side; the details stay in the server log. */
  internal: (): GoogleError => googleError(500, 'INTERNAL', 'Internal error encountered.'),
  /** The scorer is not available. */
  unavailable: (): GoogleError => googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
};

/** Writes an error answer to the reply (status, headers, JSON body). */
export function sendGoogleError(reply: FastifyReply, failure: GoogleError): FastifyReply {
  for (const [name, value] of Object.entries(failure.headers)) reply.header(name, value);
  return reply.code(failure.httpStatus).type('application/json; charset=utf-8').send(failure.body);
}
