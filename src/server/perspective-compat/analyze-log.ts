/**
 * Request logging without callers' keys: Perspective's clients send the key in the URL (`?key=`), and Fastify's
 * request log line holds the URL. `withoutKeys` gives a logger setting whose request serializer writes the URL with
 * the value of every `key` parameter replaced by "[redacted]" (headers, where `x-goog-api-key` travels, are not
 * logged at all). app.ts wraps its logger setting with it, so no route, 404 or error line can carry a key.
 */
import type { FastifyServerOptions } from 'fastify';

/** What is written in place of a key. */
export const REDACTED = '[redacted]';

/** The URL with the value of each `key` query parameter (any case, however escaped) replaced. */
export function redactKeyInUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = url.slice(query + 1).split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch { /* a broken escape: compared as written */ }
    return decoded.trim().toLowerCase() === 'key' ? `${name}=${REDACTED}` : part;
  });
  return `${url.slice(0, query)}?${params.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | undefined;
}

/** Fastify's request log fields, the URL without keys. */
function serializeRequest(request: LoggedRequest) {
  return { method: request.method, url: redactKeyInUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/** The logger setting with the key-free request serializer (off stays off; a logger instance is left as it is). */
export function withoutKeys(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } } as FastifyServerOptions['logger'];
}
