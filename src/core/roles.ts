/**
 * Who may do what (issue 14, docs/adr/0022-accounts-sessions-roles.md). Pure: the server enforces it on every route
 * (src/server/access.ts), the console reads the same table to hide what a role cannot do.
 *
 * Roles are ordered: each has every capability of the ones before it.
 * - viewer: reads threads, reports and commenter histories.
 * - moderator: decides comments, claims and snoozes them, imports threads.
 * - editor: also resolves escalations, manages the list of reasons, reads the audit trail.
 * - admin: also accounts, API keys, the scorer, thresholds and integrations.
 */

export type Role = 'viewer' | 'moderator' | 'editor' | 'admin';

/** Lowest first. */
export const ROLES: readonly Role[] = ['viewer', 'moderator', 'editor', 'admin'];

/** What a route or a control needs. Each names the lowest role that has it (CAPABILITY_ROLE). */
export type Capability =
  | 'read'
  | 'decide'
  | 'import'
  | 'resolve-escalations'
  | 'manage-reasons'
  | 'read-audit'
  | 'administer';

export const CAPABILITY_ROLE: Readonly<Record<Capability, Role>> = {
  read: 'viewer',
  decide: 'moderator',
  import: 'moderator',
  'resolve-escalations': 'editor',
  'manage-reasons': 'editor',
  'read-audit': 'editor',
  administer: 'admin',
};

export const CAPABILITIES = Object.keys(CAPABILITY_ROLE) as Capability[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `least` or above it. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** True when `role` has `capability`. */
export function can(role: Role, capability: Capability): boolean {
  return roleAtLeast(role, CAPABILITY_ROLE[capability]);
}

/** The capabilities of a role, in CAPABILITIES order (what GET /api/session reports). */
export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((capability) => can(role, capability));
}
