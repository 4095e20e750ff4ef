/**
 * Test-only Authenticator for the queue and live tests: the actor is named by the `x-test-user` header as
 * "name:role" (e.g. "ada:moderator"); without it, nobody (401). Never used outside tests.
 */
import type { Authenticator } from '../access.ts';
import type { Actor } from '../../app/auth/actor.ts';
import { isRole } from '../../core/roles.ts';

export const TEST_USER_HEADER = 'x-test-user';

export function headerAuthenticator(valid: (actor: Actor) => boolean = () => true): Authenticator {
  return {
    actorOf(request) {
      const raw = request.headers[TEST_USER_HEADER];
      const [username, role] = String(Array.isArray(raw) ? raw[0] : (raw ?? '')).split(':');
      if (!username || !isRole(role)) return null;
      return { userId: null, username, role, mode: 'account', sessionHash: `test-${username}`, expiresAt: null, mustChangePassword: false };
    },
    stillValid: valid,
  };
}

export const as = (user: string): Record<string, string> => ({ [TEST_USER_HEADER]: user });
