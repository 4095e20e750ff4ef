/**
 * The browser boundary of the single-user server (docs/adr/0010-browser-boundary.md), as pure rules on request
 * headers; app.ts runs them before any route, static file or fallback:
 * - Host allow-list: answer only requests whose Host names this server (loopback names, the listen address when it
 *   is a specific one, names the user allowed), so a page whose DNS name is rebound to 127.0.0.1 gets nothing (421).
 * - Origin rule: a state-changing request (any method but GET, HEAD, OPTIONS) is refused (403) when its Origin is
 *   present and not this server's own origin, or its Sec-Fetch-Site says another site. Requests with neither
 *   header (curl, the CLI, tests) pass: only browsers send them, and browsers always do on cross-site requests.
 *   Routes that other servers call with their own credentials (an API key, a signature: `callerAuth`) are exempt
 *   from the Origin rule, not from the Host allow-list: ambient browser credentials do not authorize them.
 */
import { printable } from '../core/printable.ts';

/** The host names (lowercase, without port or brackets) a server answers for besides the loopback names. */
export interface HostAllowList {
  readonly names: ReadonlySet<string>;
}

/** A refusal: the status, the message, and the header it is about. */
export interface Refusal {
  status: 403 | 421;
  message: string;
  where: 'headers.host' | 'headers.origin' | 'headers.sec-fetch-site';
}

/** Addresses that listen on every interface: they name no host, so they add nothing to the allow-list. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '*']);

/** Methods that change nothing, and so need no Origin check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sec-Fetch-Site values that mean the request comes from a page of another origin. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/** Longest piece of a header echoed in a message. */
const ECHO_LIMIT = 200;

/** A host name or address as compared: lowercase, no brackets around IPv6, no trailing dot. */
export function normalizeHostName(name: string): string {
  const lower = name.trim().toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** The allow-list of a server listening on `listenHost`, with the extra names the user gave. */
export function hostAllowList(listenHost: string, allowed: readonly string[] = []): HostAllowList {
  const names = new Set(allowed.map(normalizeHostName));
  const listen = normalizeHostName(listenHost);
  if (!WILDCARD_ADDRESSES.has(listen)) names.add(listen);
  return { names };
}

/** True for names that only reach this machine: localhost and *.localhost (RFC 6761), 127.0.0.0/8, ::1. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name);
}

/** The name part of a Host header ("[::1]:4317" -> "::1", "Example.org.:80" -> "example.org"), or null when malformed. */
export function hostNameOf(header: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._~-]+)(?::(\d{1,5}))?$/.exec(header.trim());
  return match ? normalizeHostName(match[1]!) : null;
}

/** Printable, bounded echo of a header value for a message. */
function echo(value: string): string {
  return printable(value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value);
}

/**
 * Null when the server may answer a request with this Host header, else the 421 refusal. A request without Host
 * (HTTP/1.0) passes: every browser sends Host, so its absence cannot come from a rebound page.
 */
export function checkHost(header: string | undefined, allow: HostAllowList): Refusal | null {
  if (header === undefined) return null;
  const name = hostNameOf(header);
  if (name !== null && (isLoopbackName(name) || allow.names.has(name))) return null;
  const shown = echo(header);
  const hint = name === null
    ? 'it is not a valid host name'
    : `to reach the server by this name, start it with --allowed-host ${echo(name)} (or add it to THREADSCOPE_ALLOWED_HOSTS)`;
  return { status: 421, where: 'headers.host', message: `this server does not answer for host "${shown}" (protection against DNS rebinding); ${hint}` };
}

/** The origin (scheme://host[:port], default port left out) of a URL, or null when it is not an http(s) URL. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * How a route authenticates its callers when it does not rely on being reached from the console: an API key
 * (`/v1alpha1/*`, the Perspective-compatible API) or a request signature (`/integrations/*`). Set as the route's
 * `config.callerAuth`; such routes are exempt from the Origin rule.
 */
export type CallerAuth = 'api-key' | 'signature';

/** The headers the Origin rule reads. */
export interface OriginHeaders {
  method: string;
  /** `http` or `https`: the scheme the request came in on. */
  protocol: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The route's own caller authentication, if any: the Origin rule does not apply to it. */
  callerAuth?: CallerAuth | undefined;
}

/** Null when a request may change state, else the 403 refusal naming the foreign origin or site. */
export function checkOrigin(request: OriginHeaders): Refusal | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.callerAuth !== undefined) return null;
  const site = request.secFetchSite?.trim().toLowerCase();
  if (site !== undefined && FOREIGN_FETCH_SITES.has(site)) {
    return { status: 403, where: 'headers.sec-fetch-site', message: `refused: the browser says this ${request.method} request comes from a page of another site (Sec-Fetch-Site: ${site}); open the console at this server's own address` };
  }
  if (request.origin === undefined) return null;
  const own = request.host === undefined ? null : originOf(`${request.protocol}://${request.host}`);
  const theirs = request.origin.trim().toLowerCase() === 'null' ? null : originOf(request.origin.trim());
  if (own !== null && theirs === own) return null;
  return { status: 403, where: 'headers.origin', message: `refused: this ${request.method} request comes from the page at origin "${echo(request.origin)}", not from this server${own === null ? '' : ` (${own})`}; open the console at this server's own address` };
}
