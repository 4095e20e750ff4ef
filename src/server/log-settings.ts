/**
 * The server's structured log (issue 15, ADR 0031): Fastify's pino writes one JSON object per line. What may never
 * reach a line: comment text, passwords, session tokens and cookies, API keys, a database URL's password.
 *
 * Contract of `safeLogger(setting)` (off stays off; app.ts applies it to whatever logger it is given):
 * - Requests are logged as method, URL (with `?key=` values replaced, withoutKeys), host and address; never headers
 *   or bodies (Fastify logs no bodies; the request serializer drops headers).
 * - Belt and braces, should a line carry headers anyway: `cookie`, `authorization`, `x-goog-api-key`, `x-api-key`,
 *   `proxy-authorization` and `set-cookie` are censored wherever pino's redact paths name them.
 * - Errors are logged as type, code, message (at most 300 characters, postgres:// URLs' passwords masked) and stack;
 *   never their other fields: a PostgreSQL error's `detail` can hold a whole failing row ("Failing row contains
 *   (..., <comment text>, ...)"), and a driver error can hold its parameters.
 */
import type { FastifyServerOptions } from 'fastify';
import { REDACTED, withoutKeys } from './perspective-compat/analyze-log.ts';

const SECRET_HEADERS = ['cookie', 'authorization', 'proxy-authorization', 'x-goog-api-key', 'x-api-key', 'set-cookie'];
const MESSAGE_MAX = 300;

/** The redact paths: each secret header under req.headers, res.headers, headers. */
export const REDACT_PATHS: readonly string[] = ['req.headers', 'res.headers', 'headers'].flatMap((where) => SECRET_HEADERS.map((name) => `${where}["${name}"]`));

/** `user:password@` of any URL in the text masked. */
function maskUrlPasswords(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s/@]*@/gi, '$1:***@');
}

interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/** An error as the log may show it: no fields but its type, code, message and stack, the message bounded. */
export function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: maskUrlPasswords(String(error)).slice(0, MESSAGE_MAX) };
  const message = maskUrlPasswords(error.message).slice(0, MESSAGE_MAX);
  const code = (error as { code?: unknown }).code;
  // The stack's first line repeats the message: written again from the bounded one.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  return { type: error.name, message, ...(typeof code === 'string' ? { code } : {}), ...(frames ? { stack: `${error.name}: ${message}\n${frames}` } : {}) };
}

/** The logger setting with safe serializers and redaction (off stays off; a logger instance is left as it is). */
export function safeLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  const keyless = withoutKeys(logger);
  if (keyless === undefined || keyless === false || keyless === true) return keyless;
  const options = keyless as Exclude<FastifyServerOptions['logger'], boolean | undefined> & { serializers?: Record<string, unknown>; redact?: unknown };
  return {
    ...options,
    serializers: { ...options.serializers, err: serializeError },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  } as FastifyServerOptions['logger'];
}
