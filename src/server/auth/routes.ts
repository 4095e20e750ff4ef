/**
 * The session and account routes (issue 14; contract in src/core/api.ts, docs/adr/0022-accounts-sessions-roles.md):
 *
 *   POST   /api/session           public: LoginRequest -> SessionResponse + cookie; 401 (one message for a wrong name
 *                                 and a wrong password), 429 rate limited, 409 when no account exists (single-user)
 *   GET    /api/session           read: SessionResponse of the caller
 *   DELETE /api/session           read: 204, the session revoked and the cookie cleared
 *   PUT    /api/session/password  read: PasswordChangeRequest -> 204; the user's other sessions end
 *   GET    /api/users             administer: UserSummary[]
 *   POST   /api/users             administer: UserCreateRequest -> 201 UserCreated (the one-time password, once)
 *   PATCH  /api/users/:name       administer: UserUpdateRequest -> UserCreated (a password when reset)
 *
 * Every login, failed login (with the address; never a password), logout and account change is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, LoginRequest, PasswordChangeRequest, SessionResponse, UserCreated, UserCreateRequest, UserUpdateRequest } from '../../core/api.ts';
import { printable } from '../../core/printable.ts';
import { capabilitiesOf, ROLES, type Role } from '../../core/roles.ts';
import { actorOf, hasAccounts } from '../access.ts';
import { type Actor } from '../../app/auth/actor.ts';
import type { Store } from '../../app/store/store.ts';
import { AccountError, Accounts, type ChangeActor, USERNAME_MAX, userSummary } from '../../app/auth/accounts.ts';
import { verifyPassword, PASSWORD_MAX, type ScryptParams } from '../../app/auth/passwords.ts';
import { loginLimiterFor, type LoginLimits } from '../../app/auth/rate-limit.ts';
import { clearedSessionCookie, sessionCookie } from './session-auth.ts';
import { Sessions } from '../../app/auth/sessions.ts';

/** Largest body of these routes. */
const AUTH_BODY_LIMIT = 16 * 1024;
/** The one answer to a wrong name, a wrong password and a disabled account. */
export const LOGIN_REFUSED = 'wrong user name or password';

const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 256 }, password: { type: 'string', minLength: 1, maxLength: 4 * PASSWORD_MAX } },
} as const;

const passwordBody = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: { currentPassword: { type: 'string', maxLength: 4 * PASSWORD_MAX }, newPassword: { type: 'string', maxLength: 4 * PASSWORD_MAX } },
} as const;

const roleSchema = { type: 'string', enum: [...ROLES] } as const;

const userCreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'role'],
  properties: { username: { type: 'string', minLength: 1, maxLength: USERNAME_MAX }, role: roleSchema },
} as const;

const userUpdateBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { role: roleSchema, disabled: { type: 'boolean' }, resetPassword: { type: 'boolean' } },
} as const;

const userParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: USERNAME_MAX } },
} as const;

const JSON_ONLY = ['application/json'] as const;

export interface AuthRouteOptions {
  /** The login limiter (default: loginLimiterFor the store, with the ADR's limits: in memory on SQLite, in the database on PostgreSQL). */
  limiter?: LoginLimits;
  /** scrypt parameters of new hashes (tests only; see passwords.ts). */
  scrypt?: ScryptParams;
}

function fail(reply: FastifyReply, status: number, error: string, where?: string): FastifyReply {
  const body: ApiError = where === undefined ? { error } : { error, where };
  return reply.code(status).send(body);
}

export function sessionResponse(actor: Actor): SessionResponse {
  return {
    user: { id: actor.userId, username: actor.username, role: actor.role },
    mode: actor.mode,
    capabilities: capabilitiesOf(actor.role),
    expiresAt: actor.expiresAt,
    mustChangePassword: actor.mustChangePassword,
  };
}

const changeActor = (actor: Actor): ChangeActor => ({ name: actor.username, role: actor.role });

/** The address a login came from, as the audit trail shows it. */
const addressOf = (request: FastifyRequest): string => request.ip || 'unknown address';

function accountFailure(reply: FastifyReply, error: unknown, where: string): FastifyReply {
  if (!(error instanceof AccountError)) throw error;
  const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
  return fail(reply, status, error.message, where);
}

export function registerAuthRoutes(app: FastifyInstance, store: Store, options: AuthRouteOptions = {}): void {
  const limiter = options.limiter ?? loginLimiterFor(store);
  const accounts = new Accounts(store, app.audit, { scrypt: options.scrypt });
  const sessions = new Sessions(store);
  // Refused (rate-limited) attempts are audited once a minute per name and address, not once per request: a flood of
  // attempts must not fill the append-only log.
  const refusalsAudited = new Map<string, number>();
  const auditRefusal = (key: string): boolean => {
    const now = Date.now();
    if (now - (refusalsAudited.get(key) ?? -Infinity) < 60_000) return false;
    refusalsAudited.delete(key);
    refusalsAudited.set(key, now);
    if (refusalsAudited.size > 10_000) refusalsAudited.delete(refusalsAudited.keys().next().value!);
    return true;
  };

  app.post<{ Body: LoginRequest }>(
    '/api/session',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: 'public', contentTypes: JSON_ONLY }, schema: { body: loginBody } },
    async (request, reply) => {
      if (!(await hasAccounts(store))) {
        return fail(reply, 409, 'no accounts yet: this server runs in single-user mode, so there is nothing to log into (make one with: npm run --silent users -- add <name> --role admin)', 'session');
      }
      const { username, password } = request.body;
      const address = addressOf(request);
      const shownName = printable(username.slice(0, USERNAME_MAX + 1));
      const limited = await limiter.attempt(username, address);
      if (limited) {
        if (auditRefusal(`${username.toLowerCase()}\n${address}`)) {
          await app.audit.append({ actor: shownName, actorRole: null, action: 'login.failed', what: `refused from ${address}: too many failed logins for this ${limited.by === 'account' ? 'account' : 'address'} (further refusals within a minute are not logged)` });
        }
        reply.header('retry-after', String(limited.retryAfterSeconds));
        const minutes = Math.ceil(limited.retryAfterSeconds / 60);
        return fail(reply, 429, `too many failed logins ${limited.by === 'account' ? 'for this account' : 'from this address'}: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, 'session');
      }
      const row = await accounts.find(username);
      const matches = await verifyPassword(password, row?.password_hash ?? null);
      if (!row || !matches || row.disabled_at !== null) {
        const why = !row ? 'no such account' : !matches ? 'wrong password' : 'account disabled';
        await app.audit.append({ actor: row?.username ?? shownName, actorRole: row?.role ?? null, action: 'login.failed', what: `failed from ${address}: ${why}` });
        return fail(reply, 401, LOGIN_REFUSED, 'session');
      }
      await limiter.succeeded(username, address);
      const session = await sessions.create(row.id, address);
      await accounts.noteLogin(row.id);
      await app.audit.append({ actor: row.username, actorRole: row.role, action: 'login', what: `logged in from ${address}` });
      reply.header('set-cookie', sessionCookie(request, session.token));
      const actor: Actor = { userId: row.id, username: row.username, role: row.role, mode: 'account', sessionHash: session.hash, expiresAt: session.expiresAt, mustChangePassword: row.must_change_password === 1 };
      return sessionResponse(actor);
    },
  );

  app.get('/api/session', { config: { access: 'read' } }, async (request) => sessionResponse(actorOf(request)));

  app.delete('/api/session', { config: { access: 'read' } }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.sessionHash !== null) {
      await sessions.revoke(actor.sessionHash);
      await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'logout', what: 'logged out' });
    }
    reply.header('set-cookie', clearedSessionCookie(request));
    return reply.code(204).send();
  });

  app.put<{ Body: PasswordChangeRequest }>(
    '/api/session/password',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: 'read', contentTypes: JSON_ONLY }, schema: { body: passwordBody } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.userId === null) return fail(reply, 409, 'single-user mode has no password to change: make an account first (npm run --silent users -- add <name> --role admin)', 'session');
      const address = addressOf(request);
      const limited = await limiter.attempt(actor.username, address);
      if (limited) {
        reply.header('retry-after', String(limited.retryAfterSeconds));
        return fail(reply, 429, `too many wrong passwords: try again in ${Math.ceil(limited.retryAfterSeconds / 60)} minutes`, 'body.currentPassword');
      }
      try {
        await accounts.changePassword(actor.userId, request.body.currentPassword, request.body.newPassword, actor.sessionHash);
      } catch (error) {
        if (error instanceof AccountError && error.kind === 'invalid') {
          const wrongCurrent = error.message === 'the current password is wrong';
          if (!wrongCurrent) await limiter.succeeded(actor.username, address);
          return fail(reply, 400, error.message, wrongCurrent ? 'body.currentPassword' : 'body.newPassword');
        }
        return accountFailure(reply, error, 'session');
      }
      await limiter.succeeded(actor.username, address);
      return reply.code(204).send();
    },
  );

  app.get('/api/users', { config: { access: 'administer' } }, async () => await accounts.list());

  app.post<{ Body: UserCreateRequest }>(
    '/api/users',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: 'administer', contentTypes: JSON_ONLY }, schema: { body: userCreateBody } },
    async (request, reply) => {
      try {
        const created: UserCreated = await accounts.create(request.body.username, request.body.role, changeActor(actorOf(request)));
        return reply.code(201).send(created);
      } catch (error) {
        return accountFailure(reply, error, 'body.username');
      }
    },
  );

  app.patch<{ Params: { name: string }; Body: UserUpdateRequest }>(
    '/api/users/:name',
    { bodyLimit: AUTH_BODY_LIMIT, config: { access: 'administer', contentTypes: JSON_ONLY }, schema: { params: userParams, body: userUpdateBody } },
    async (request, reply) => {
      const by = changeActor(actorOf(request));
      const { name } = request.params;
      const { role, disabled, resetPassword } = request.body;
      try {
        if (!(await accounts.find(name))) return fail(reply, 404, `no account is named "${printable(name)}"`, 'params.name');
        if (role !== undefined) await accounts.setRole(name, role as Role, by);
        if (disabled === true) await accounts.disable(name, by);
        if (disabled === false) await accounts.enable(name, by);
        let password: string | undefined;
        if (resetPassword === true) password = (await accounts.resetPassword(name, by)).password;
        const user = userSummary((await accounts.find(name))!);
        const answer: UserCreated = password === undefined ? { user } : { user, password };
        return answer;
      } catch (error) {
        return accountFailure(reply, error, 'body');
      }
    },
  );
}
