/**
 * The console's calls of the session and account routes (src/core/api.ts, docs/adr/0022-accounts-sessions-roles.md).
 * Failures come back as values with the server's message; a 401 here is an answer to show (a wrong password, no
 * session yet), never the "session ended" signal the rest of the client raises.
 */
import type { ApiError, LoginRequest, PasswordChangeRequest, SessionResponse, UserCreated, UserCreateRequest, UserSummary, UserUpdateRequest } from '../../core/api.ts';
import { isRole } from '../../core/roles.ts';

export interface SessionFailure {
  error: string;
  where: string | null;
  /** HTTP status, or null when the server could not be reached. */
  status: number | null;
}

export type SessionResult<T> = { ok: true; value: T } | { ok: false; failure: SessionFailure };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isSessionResponse = (value: unknown): value is SessionResponse =>
  isObject(value) && isObject(value.user) && typeof value.user.username === 'string' && isRole(value.user.role)
  && (value.mode === 'account' || value.mode === 'single-user') && Array.isArray(value.capabilities) && typeof value.mustChangePassword === 'boolean';

const isUserSummary = (value: unknown): value is UserSummary =>
  isObject(value) && typeof value.id === 'number' && typeof value.username === 'string' && isRole(value.role);

const isUserCreated = (value: unknown): value is UserCreated =>
  isObject(value) && isUserSummary(value.user) && (value.password === undefined || typeof value.password === 'string');

const isUserList = (value: unknown): value is UserSummary[] => Array.isArray(value) && value.every(isUserSummary);

async function call<T>(method: string, url: string, body: unknown, check: ((value: unknown) => value is T) | null): Promise<SessionResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, failure: { error: 'Could not reach the Threadscope server. Is it running?', where: null, status: null } };
  }
  let parsed: unknown = undefined;
  const text = await response.text().catch(() => '');
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const error = isObject(parsed) && typeof parsed.error === 'string' ? (parsed as unknown as ApiError) : null;
    return { ok: false, failure: { error: error?.error ?? `The server answered ${response.status} ${response.statusText}.`.trim(), where: error?.where ?? null, status: response.status } };
  }
  if (check === null) return { ok: true, value: undefined as T };
  if (!check(parsed)) return { ok: false, failure: { error: 'The server sent a reply of an unexpected shape.', where: null, status: response.status } };
  return { ok: true, value: parsed };
}

const nothing = null as ((value: unknown) => value is void) | null;

export const getSession = (): Promise<SessionResult<SessionResponse>> => call('GET', '/api/session', undefined, isSessionResponse);
export const logIn = (request: LoginRequest): Promise<SessionResult<SessionResponse>> => call('POST', '/api/session', request, isSessionResponse);
export const logOut = (): Promise<SessionResult<void>> => call('DELETE', '/api/session', undefined, nothing);
export const changePassword = (request: PasswordChangeRequest): Promise<SessionResult<void>> => call('PUT', '/api/session/password', request, nothing);
export const listUsers = (): Promise<SessionResult<UserSummary[]>> => call('GET', '/api/users', undefined, isUserList);
export const createUser = (request: UserCreateRequest): Promise<SessionResult<UserCreated>> => call('POST', '/api/users', request, isUserCreated);
export const updateUser = (name: string, request: UserUpdateRequest): Promise<SessionResult<UserCreated>> =>
  call('PATCH', `/api/users/${encodeURIComponent(name)}`, request, isUserCreated);
