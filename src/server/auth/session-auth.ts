/**
 * The session cookie and the Authenticator of a server with accounts (issue 14, docs/adr/0022-accounts-sessions-roles.md).
 *
 * Cookie `threadscope_session`: the session token, `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's
 * page sends it), `Path=/`, `Max-Age` of a session's absolute life, and `Secure` when the request came over https.
 *
 * `sessionAuthenticator`: the cookie's session first; without one, single-user mode (the local administrator) only
 * when the server listens on loopback (`singleUser`) and no account exists yet; else nobody (401). A cookie that no
 * longer opens a session is cleared in the answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../app/store/store.ts';
import { type Authenticator, hasAccounts, singleUserAuthenticator } from '../access.ts';
import { type Actor } from '../../app/auth/actor.ts';
import { SESSION_ABSOLUTE_MS, Sessions } from '../../app/auth/sessions.ts';

export const SESSION_COOKIE = 'threadscope_session';

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

const secureOf = (request: FastifyRequest): string => (request.protocol === 'https' ? '; Secure' : '');

/** The Set-Cookie value that stores `token`. */
export function sessionCookie(request: FastifyRequest, token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_ABSOLUTE_MS / 1000}${secureOf(request)}`;
}

/** The Set-Cookie value that removes the cookie. */
export function clearedSessionCookie(request: FastifyRequest): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secureOf(request)}`;
}

/** The session token the request's cookie carries, or null. */
export function sessionTokenOf(request: FastifyRequest): string | null {
  const raw = request.headers.cookie;
  return cookieValue(Array.isArray(raw) ? raw.join('; ') : raw, SESSION_COOKIE);
}

export interface SessionAuthenticator extends Authenticator {
  readonly sessions: Sessions;
}

export function sessionAuthenticator(store: Pick<Store, 'sql'>, options: { singleUser: boolean; now?: () => Date }): SessionAuthenticator {
  const sessions = new Sessions(store, { now: options.now });
  const fallback = singleUserAuthenticator(store, options.singleUser);
  return {
    sessions,
    async actorOf(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
      const token = sessionTokenOf(request);
      if (token !== null && token !== '') {
        const actor = await sessions.resolve(token);
        if (actor) return actor;
        reply.header('set-cookie', clearedSessionCookie(request));
      }
      return fallback.actorOf(request, reply);
    },
    async stillValid(actor: Actor): Promise<boolean> {
      return actor.sessionHash === null ? options.singleUser && !(await hasAccounts(store)) : sessions.isLive(actor.sessionHash);
    },
  };
}
