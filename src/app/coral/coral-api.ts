/**
 * Coral's external moderation phase contract, as Coral (coralproject/talk) sends and reads it: the request body it
 * POSTs for each new or edited comment (`ExternalModerationRequest`) and the response it accepts
 * (`ExternalModerationResponse`), the one home of these shapes. Coral builds the body with
 * `JSON.stringify(request, null, 2)`, sends `Content-Type: application/json` and signs the exact bytes
 * (signature.ts). The phase runs before Coral stores the comment, so the request carries no comment id: only the
 * body, the parent's id, the author, the story, the site and the tenant. `comment.id` is accepted when a sender adds
 * it (a custom integration), never required.
 *
 * `parseCoralRequest` validates a parsed body with a list of small named checks; the first failure is a clear
 * message and the JSON path it concerns (the route answers 400 with them).
 */

/** What Coral asks about: a comment being created or one being edited. */
export const CORAL_ACTIONS = ['NEW', 'EDIT'] as const;
export type CoralAction = (typeof CORAL_ACTIONS)[number];

/** Author roles Coral sends. */
export const CORAL_ROLES = ['COMMENTER', 'STAFF', 'MODERATOR', 'ADMIN', 'MEMBER'] as const;

/** The request body of Coral's external moderation phase. */
export interface CoralPhaseRequest {
  action: CoralAction;
  comment: {
    /** Plain text or HTML, as the phase's configured format says. */
    body: string;
    /** Coral's id of the comment this one replies to; null for a top-level comment. */
    parentID: string | null;
    /** Not sent by Coral (the comment is not stored yet); used when a sender adds it. */
    id?: string;
  };
  author: { id: string; role: string };
  story: { id: string; url: string };
  site: { id: string };
  tenantID: string;
  tenantDomain: string;
}

/** Flag reasons Coral accepts from a phase. */
export type CoralFlagReason = 'COMMENT_DETECTED_TOXIC' | 'COMMENT_DETECTED_SPAM';

/** Statuses a phase may set; setting one ends Coral's moderation pipeline for the comment. */
export type CoralStatus = 'NONE' | 'APPROVED' | 'REJECTED' | 'PREMOD' | 'SYSTEM_WITHHELD';

/** The response Coral reads (any other key is dropped by its validator). An empty answer is a 204. */
export interface CoralPhaseResponse {
  actions?: Array<{ actionType: 'FLAG'; reason: CoralFlagReason }>;
  status?: CoralStatus;
  tags?: Array<'FEATURED' | 'STAFF'>;
}

/** Longest comment body accepted, in UTF-16 code units (Coral's own limit is far lower, configurable up to this). */
export const MAX_CORAL_BODY_CHARS = 100_000;

/** Longest id, URL or domain accepted from Coral. */
const MAX_FIELD_CHARS = 2_000;

/** A failed check: the message and the JSON path it is about. */
export interface CoralRequestError {
  message: string;
  where: string;
}

type Check = (body: Record<string, unknown>) => CoralRequestError | null;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path of the body (undefined when a step is missing or not an object). */
function at(body: Record<string, unknown>, where: string): unknown {
  let value: unknown = body;
  for (const step of where.split('.')) value = isObject(value) ? value[step] : undefined;
  return value;
}

function objectAt(where: string): Check {
  return (body) => (isObject(at(body, where)) ? null : { message: `${where} must be an object`, where });
}

function stringAt(where: string, { optional = false, nullable = false, nonEmpty = true, max = MAX_FIELD_CHARS } = {}): Check {
  return (body) => {
    const value = at(body, where);
    if (value === undefined && optional) return null;
    if (value === null && nullable) return null;
    if (typeof value !== 'string') return { message: `${where} must be a string${nullable ? ' or null' : ''}`, where };
    if (nonEmpty && value.trim() === '') return { message: `${where} must not be empty`, where };
    if (value.length > max) return { message: `${where} is ${value.length} characters long, over the limit of ${max}`, where };
    return null;
  };
}

function oneOf(where: string, allowed: readonly string[]): Check {
  return (body) => {
    const value = at(body, where);
    return typeof value === 'string' && allowed.includes(value) ? null : { message: `${where} must be one of ${allowed.join(', ')}`, where };
  };
}

/** The checks, in order: the shape Coral documents, each part named. */
const CHECKS: readonly Check[] = [
  oneOf('action', CORAL_ACTIONS),
  objectAt('comment'),
  stringAt('comment.body', { nonEmpty: false, max: MAX_CORAL_BODY_CHARS }),
  stringAt('comment.parentID', { nullable: true, optional: true }),
  stringAt('comment.id', { optional: true }),
  objectAt('author'),
  stringAt('author.id'),
  stringAt('author.role', { optional: true }),
  objectAt('story'),
  stringAt('story.id'),
  stringAt('story.url', { nonEmpty: false }),
  objectAt('site'),
  stringAt('site.id', { optional: true }),
  stringAt('tenantID', { optional: true }),
  stringAt('tenantDomain', { optional: true, nonEmpty: false }),
];

/** The request, or the first problem with it. */
export function parseCoralRequest(value: unknown): { ok: true; request: CoralPhaseRequest } | ({ ok: false } & CoralRequestError) {
  if (!isObject(value)) return { ok: false, message: 'body must be a JSON object', where: 'body' };
  for (const check of CHECKS) {
    const problem = check(value);
    if (problem) return { ok: false, ...problem };
  }
  const comment = value.comment as Record<string, unknown>;
  const author = value.author as Record<string, unknown>;
  const story = value.story as Record<string, unknown>;
  const site = value.site as Record<string, unknown>;
  return {
    ok: true,
    request: {
      action: value.action as CoralAction,
      comment: {
        body: comment.body as string,
        parentID: (comment.parentID as string | null | undefined) ?? null,
        ...(typeof comment.id === 'string' ? { id: comment.id } : {}),
      },
      author: { id: author.id as string, role: (author.role as string | undefined) ?? 'COMMENTER' },
      story: { id: story.id as string, url: story.url as string },
      site: { id: (site.id as string | undefined) ?? '' },
      tenantID: (value.tenantID as string | undefined) ?? '',
      tenantDomain: (value.tenantDomain as string | undefined) ?? '',
    },
  };
}
