/**
 * Who may call which route (issue 14, docs/adr/0022-accounts-sessions-roles.md). Every route under /api declares
 * its `access` in its config: `public` (health, login), or the capability of src/core/roles.ts it needs. A route
 * without one is a startup error (`assertAccessDeclared`), so no route is ever open by omission. Routes other servers
 * call with their own credentials (`callerAuth`: API keys, signatures; ADR 0010) are `caller` and check those
 * themselves; pages and static files are public (the login page is one of them).
 *
 * After the browser boundary (Host, Origin), `installAccess` finds the request's actor through the Authenticator
 * (a session cookie; single-user mode on loopback before any account exists) and answers 401 without one, 403 when
 * the actor's role lacks the capability. Handlers read `request.actor`, never a name from the body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiError } from '../core/api.ts';
import { type Actor, SINGLE_USER_ACTOR } from '../app/auth/actor.ts';
import { can, CAPABILITY_ROLE, type Capability, type Role } from '../core/roles.ts';
import type { Store } from '../app/store/store.ts';
import { UserRecords } from '../app/store/users.ts';

/** What a route needs: nothing, its callers' own credentials, or a capability of a logged-in user. */
export type Access = 'public' | 'caller' | Capability;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** The app's Authenticator (installAccess): long requests re-check their actor with `app.auth.stillValid`. */
    auth: Authenticator;
  }
  interface FastifyRequest {
    /** Set by installAccess before any handler: the session's user, or null on public and caller routes. */
    actor: Actor | null;
  }
}

/** Finds the actor of a request. May set headers on the reply (a renewed or cleared cookie). */
export interface Authenticator {
  actorOf(request: FastifyRequest, reply: FastifyReply): Actor | null | Promise<Actor | null>;
  /**
   * True while an actor found earlier would still be accepted (its session live, its account enabled; single-user
   * mode: still no account). Long requests (GET /api/events) await it on each heartbeat through `app.auth`.
   */
  stillValid(actor: Actor): boolean | Promise<boolean>;
}

/** True once any account exists (disabled ones too: disabling the last account must not reopen the server). */
export function hasAccounts(store: Pick<Store, 'sql'>): Promise<boolean> {
  return new UserRecords(store.sql).any();
}

/**
 * Single-user mode only: the local administrator when `singleUser` (the server listens on loopback) and no account
 * exists, else nobody. The session authenticator (src/server/auth/) adds session cookies in front of this rule.
 */
export function singleUserAuthenticator(store: Pick<Store, 'sql'>, singleUser: boolean): Authenticator {
  const open = async (): Promise<boolean> => singleUser && !(await hasAccounts(store));
  return {
    actorOf: async () => ((await open()) ? SINGLE_USER_ACTOR : null),
    stillValid: async (actor) => actor.mode === 'single-user' && (await open()),
  };
}

/** The access a route declared; `callerAuth` routes are `caller`; undefined when it declared none. */
export function accessOf(config: { access?: Access; callerAuth?: unknown } | undefined): Access | undefined {
  if (config?.callerAuth !== undefined) return 'caller';
  return config?.access;
}

const isApiUrl = (url: string): boolean => url === '/api' || url.startsWith('/api/');

/** Throws when an /api route declares no access: the route table stays complete by construction. */
export function assertAccessDeclared(route: Pick<RouteOptions, 'url' | 'method' | 'config'>): void {
  if (!isApiUrl(route.url)) return;
  if (accessOf(route.config as { access?: Access } | undefined) === undefined) {
    throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access): every /api route names who may call it (docs/adr/0022-accounts-sessions-roles.md)`);
  }
}

function refuse(reply: FastifyReply, status: 401 | 403, error: string, where: string): FastifyReply {
  const body: ApiError = { error, where };
  return reply.code(status).send(body);
}

/** The 403 message for a role without a capability. */
export function roleRefusal(role: Role, capability: Capability): string {
  return `your role (${role}) cannot do this: it needs "${capability}", which ${CAPABILITY_ROLE[capability]}s${CAPABILITY_ROLE[capability] === 'admin' ? '' : ' and above'} have`;
}

/** A registered /api route and what it declared (the table test, src/server/access.test.ts, reads them). */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const declaredRoutes = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every /api route registered on `app` so far, with its declared access (routes added later included). */
export function declaredAccess(app: FastifyInstance): readonly DeclaredRoute[] {
  return declaredRoutes.get(app) ?? [];
}

/**
 * Installs the declaration check and the access hook; call before registering routes, after the boundary hook.
 */
export function installAccess(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('actor', null);
  app.decorate('auth', auth);
  const routes: DeclaredRoute[] = [];
  declaredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    assertAccessDeclared(route);
    const access = accessOf(route.config as { access?: Access } | undefined);
    if (!isApiUrl(route.url) || access === undefined) return;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routes.push({ method: String(method), url: route.url, access });
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = accessOf(request.routeOptions?.config as { access?: Access } | undefined);
    if (access === undefined || access === 'public' || access === 'caller') return;
    const actor = await auth.actorOf(request, reply);
    if (actor === null) return refuse(reply, 401, 'log in first: this request needs a session', 'session');
    if (!can(actor.role, access)) return refuse(reply, 403, roleRefusal(actor.role, access), 'role');
    request.actor = actor;
  });
}

/** The actor of a request that passed the access hook (every route but public and caller ones). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error(`no actor on ${request.method} ${request.url}: the route's access is public or caller`);
  return request.actor;
}
