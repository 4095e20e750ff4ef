/**
 * JSON schemas of the API inputs (Fastify validates them before a handler runs) and the formatter of their errors.
 */
import { COMMENT_WINDOW_MAX, IMPORT_PROGRESS_ID_PATTERN, REPORT_FORMATS } from '../core/api.ts';
import { LEGAL_GROUND_MAX } from '../core/decision-rules.ts';
import { DECISION_ACTIONS } from '../core/decisions.ts';
import { REASON_LABEL_MAX, REASONS_MAX } from '../core/reasons.ts';
import { MAX_COMMENT_ID_LENGTH, MAX_THREAD_ID_LENGTH } from '../core/ids.ts';
import { ATTRIBUTES } from '../core/scoring.ts';

export const threadParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  // Every id an import can store fits (src/core/ids.ts); the router allows the same length (app.ts).
  properties: { id: { type: 'string', minLength: 1, maxLength: MAX_THREAD_ID_LENGTH } },
} as const;

const fileName = { type: 'string', maxLength: 255 } as const;

/** A thread version as the index gives it (thread-read.ts: 22 characters of base64url); longer ones are refused. */
const threadVersion = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/** A display index or a count in a query string (the server does not coerce query strings: they are digits). */
const wholeNumber = { type: 'string', pattern: '^[0-9]{1,9}$' } as const;

/** GET /api/threads/:id/comments: `version` and either `from` and `count`, or `at` (comma-separated display indexes). */
export const windowQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: threadVersion,
    from: wholeNumber,
    count: wholeNumber,
    at: { type: 'string', minLength: 1, maxLength: COMMENT_WINDOW_MAX * 10, pattern: '^[0-9]{1,9}(,[0-9]{1,9})*$' },
  },
} as const;

/** Longest search query, in UTF-16 units. */
export const SEARCH_QUERY_MAX = 500;

/** GET /api/threads/:id/search: `version` and the text `q`. */
export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'q'],
  properties: { version: threadVersion, q: { type: 'string', minLength: 1, maxLength: SEARCH_QUERY_MAX } },
} as const;
const formatId = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** The id a client makes up to follow its import (GET /api/imports/progress/:id). */
const progressId = { type: 'string', pattern: IMPORT_PROGRESS_ID_PATTERN } as const;

export const importQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { fileName, format: formatId, progressId },
} as const;

export const progressParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: progressId },
} as const;

export const importJsonBody = {
  type: 'object',
  additionalProperties: false,
  required: ['content'],
  properties: { content: { type: 'string' }, fileName, format: formatId },
} as const;

export const decisionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'commentId', 'action'],
  properties: {
    id: { type: 'string', minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' },
    commentId: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_ID_LENGTH },
    action: { type: 'string', enum: [...DECISION_ACTIONS] },
    // Accepted and ignored: the decision records the session's user (ADR 0022).
    moderator: { type: 'string', maxLength: 100 },
    reason: { type: 'string', maxLength: 2000 },
    note: { type: 'string', maxLength: 2000 },
    legalGround: { type: 'string', maxLength: LEGAL_GROUND_MAX },
    basedOn: { type: ['integer', 'null'], minimum: 0 },
    undo: { type: 'boolean' },
  },
} as const;

/** PUT /api/reasons; the list's own rules (unique codes, one active, used codes kept) are src/core/reasons.ts's. */
export const reasonsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reasons'],
  properties: {
    reasons: {
      type: 'array',
      maxItems: REASONS_MAX,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'label', 'ground', 'needsNote', 'retired'],
        properties: {
          code: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
          label: { type: 'string', minLength: 1, maxLength: REASON_LABEL_MAX + 20 },
          ground: { type: 'string', enum: ['illegal', 'incompatible'] },
          needsNote: { type: 'boolean' },
          retired: { type: 'boolean' },
        },
      },
    },
  },
} as const;

const thresholds = {
  type: 'object',
  additionalProperties: false,
  required: ['attributes', 'tropeMinSeverity'],
  properties: {
    attributes: {
      type: 'object',
      additionalProperties: false,
      required: [...ATTRIBUTES],
      properties: Object.fromEntries(ATTRIBUTES.map((a) => [a, { type: 'number', minimum: 0, maximum: 1 }])),
    },
    tropeMinSeverity: { type: 'integer', enum: [1, 2, 3, 4] },
  },
} as const;

export const reportBody = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    format: { type: 'string', enum: [...REPORT_FORMATS] },
    thresholds,
    commentIds: { type: 'array', maxItems: 1_000_000, items: { type: 'string', maxLength: MAX_COMMENT_ID_LENGTH } },
    scopeNote: { type: 'string', maxLength: 500 },
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const scorerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

/** The part of an Ajv error the formatter reads. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/commentIds/3` in `body` → `body.commentIds[3]`. */
function pathOf(context: string, instancePath: string): string {
  return context + instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

/** One clear sentence and the place for the first schema error. */
export function describeSchemaError(context: string, error: SchemaError): { error: string; where: string } {
  const at = pathOf(context, error.instancePath);
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return { error: `${at}.${String(p.missingProperty)} is required`, where: `${at}.${String(p.missingProperty)}` };
    case 'additionalProperties':
      return { error: `${at}.${String(p.additionalProperty)} is not an allowed field`, where: `${at}.${String(p.additionalProperty)}` };
    case 'type': {
      // One type ("object") or several ("integer,null": decisions' basedOn).
      const words = String(p.type).split(',').map((t) => (t === 'null' ? 'null' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`));
      return { error: `${at} must be ${words.join(' or ')}`, where: at };
    }
    case 'enum':
      return { error: `${at} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`, where: at };
    default:
      return { error: `${at} ${error.message ?? 'is not valid'}`, where: at };
  }
}
