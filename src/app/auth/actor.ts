/** The user an act is done by: a logged-in account, or the local administrator of single-user mode. */
import { SINGLE_USER_NAME } from '../../core/api.ts';
import type { Role } from '../../core/roles.ts';

/** The user a request acts for. */
export interface Actor {
  /** Null in single-user mode. */
  userId: number | null;
  username: string;
  role: Role;
  mode: 'account' | 'single-user';
  /** SHA-256 of the session token (hex); null in single-user mode. */
  sessionHash: string | null;
  /** When the session ends unless used again; null in single-user mode. */
  expiresAt: string | null;
  mustChangePassword: boolean;
}

/** The local administrator of single-user mode. */
export const SINGLE_USER_ACTOR: Actor = Object.freeze({
  userId: null,
  username: SINGLE_USER_NAME,
  role: 'admin',
  mode: 'single-user',
  sessionHash: null,
  expiresAt: null,
  mustChangePassword: false,
});

