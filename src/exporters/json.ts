/**
 * The JSON flag report (docs/report-format.md, docs/report.schema.json): pretty-printed with a fixed key order.
 */
import type { FlagReport } from '../core/report-types.ts';
import { ATTRIBUTES } from '../core/scoring.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Key order per object kind; keys not listed follow in code-unit order, so extensions serialize stably too. */
const ORDER = {
  report: ['reportVersion', 'generatedAt', 'generator', 'scorer', 'detector', 'thresholds', 'scope', 'summary', 'threads'],
  scorer: ['name', 'version', 'description'],
  thresholds: ['attributes', 'tropeMinSeverity'],
  summary: ['threads', 'comments', 'flagged', 'decided', 'approved', 'rejected', 'escalated', 'unscored'],
  thread: ['id', 'title', 'url', 'sourceFormat', 'importedAt', 'totalComments', 'problems', 'comments'],
  problem: ['where', 'message'],
  comment: [
    'id', 'parentId', 'sourceParentId', 'orphan', 'depth', 'kind', 'status', 'author', 'createdAt', 'createdAtText', 'text',
    'scores', 'maxScore', 'scoreError', 'scoreEvidence', 'tropes', 'flagged', 'reasons', 'decision',
  ],
  attributes: [...ATTRIBUTES],
  span: ['start', 'end', 'text', 'role'],
  trope: ['id', 'name', 'severity', 'evidence', 'explanation'],
  decision: ['state', 'action', 'moderator', 'reason', 'note', 'at', 'eventId'],
} as const;

type Kind = keyof typeof ORDER;

/** Serializes the report as pretty JSON (2 spaces) with a stable key order and a trailing newline. */
export function toReportJson(report: FlagReport): string {
  return `${JSON.stringify(shapeReport(report), null, 2)}\n`;
}

function shapeReport(report: FlagReport): Json {
  const raw = report as unknown as Record<string, unknown>;
  return ordered(raw, 'report', {
    scorer: (v) => ordered(v, 'scorer'),
    detector: (v) => ordered(v, 'scorer'),
    thresholds: (v) => ordered(v, 'thresholds', { attributes: (a) => ordered(a, 'attributes') }),
    summary: (v) => ordered(v, 'summary'),
    threads: (v) => list(v, shapeThread),
  });
}

function shapeThread(thread: unknown): Json {
  return ordered(thread, 'thread', {
    problems: (v) => list(v, (p) => ordered(p, 'problem')),
    comments: (v) => list(v, shapeComment),
  });
}

function shapeComment(comment: unknown): Json {
  const spans = (v: unknown): Json => list(v, (s) => ordered(s, 'span'));
  return ordered(comment, 'comment', {
    scores: (v) => (v === null ? null : ordered(v, 'attributes')),
    scoreEvidence: (v) => ordered(v, 'attributes', Object.fromEntries(ATTRIBUTES.map((a) => [a, spans]))),
    tropes: (v) => list(v, (t) => ordered(t, 'trope', { evidence: spans })),
    decision: (v) => (v === null ? null : ordered(v, 'decision')),
  });
}

/** Rebuilds an object with its keys in the order of `kind`, shaping listed children with `children`. */
function ordered(value: unknown, kind: Kind, children: Record<string, (v: unknown) => Json> = {}): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return plain(value);
  const source = value as Record<string, unknown>;
  const known: readonly string[] = ORDER[kind];
  const rest = Object.keys(source).filter((k) => !known.includes(k)).sort();
  const out: { [key: string]: Json } = {};
  for (const key of [...known, ...rest]) {
    if (!(key in source) || source[key] === undefined) continue;
    const shape = children[key];
    out[key] = shape ? shape(source[key]) : plain(source[key]);
  }
  return out;
}

function list(value: unknown, shape: (item: unknown) => Json): Json {
  return Array.isArray(value) ? value.map(shape) : plain(value);
}

/** Any other value: objects get sorted keys, non-finite numbers become null (as JSON.stringify would). */
function plain(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(source).sort()) {
      if (source[key] !== undefined) out[key] = plain(source[key]);
    }
    return out;
  }
  return null;
}
