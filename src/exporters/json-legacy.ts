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
  summary: ['threads', 'comments', 'flagged', 'decided', 'approved', 'rejected', 'escalated', 'unscored', 'needsHuman'],
  thread: ['id', 'title', 'url', 'sourceFormat', 'importedAt', 'totalComments', 'problems', 'comments'],
  problem: ['where', 'message'],
  comment: [
    'id', 'parentId', 'sourceParentId', 'orphan', 'depth', 'kind', 'status', 'author', 'createdAt', 'createdAtText', 'text',
    'scores', 'maxScore', 'scoreError', 'scoreEvidence', 'language', 'languageUnsupported', 'unsupportedAttributes', 'scoreSources', 'tropes', 'flagged', 'reasons', 'needsHuman', 'decision', 'missing',
  ],
  attributes: [...ATTRIBUTES],
  span: ['start', 'end', 'text', 'role'],
  trope: ['id', 'name', 'severity', 'evidence', 'explanation'],
  decision: ['state', 'action', 'moderator', 'reason', 'note', 'at', 'eventId'],
  needsHuman: ['reason', 'language'],
} as const;

type Kind = keyof typeof ORDER;

/** Serializes the report as pretty JSON (2 spaces) with a stable key order and a trailing newline. */
export function toReportJson(report: FlagReport): string {
  return `${JSON.stringify(shapeReport(report), null, 2)}\n`;
}

type Shape = (value: unknown) => Json;
type Children = Record<string, Shape>;

const spans: Shape = (v) => list(v, (s) => ordered(s, 'span'));
const SCORER_CHILDREN: Children = {};
const THRESHOLD_CHILDREN: Children = { attributes: (a) => ordered(a, 'attributes') };
const EVIDENCE_CHILDREN: Children = Object.fromEntries(ATTRIBUTES.map((a) => [a, spans]));
const TROPE_CHILDREN: Children = { evidence: spans };
const COMMENT_CHILDREN: Children = {
  scores: (v) => (v === null ? null : ordered(v, 'attributes')),
  scoreEvidence: (v) => ordered(v, 'attributes', EVIDENCE_CHILDREN),
  scoreSources: (v) => ordered(v, 'attributes'),
  tropes: (v) => list(v, (t) => ordered(t, 'trope', TROPE_CHILDREN)),
  decision: (v) => (v === null ? null : ordered(v, 'decision')),
  needsHuman: (v) => (v === null ? null : ordered(v, 'needsHuman')),
};
const THREAD_CHILDREN: Children = {
  problems: (v) => list(v, (p) => ordered(p, 'problem')),
  comments: (v) => list(v, (c) => ordered(c, 'comment', COMMENT_CHILDREN)),
};
const REPORT_CHILDREN: Children = {
  scorer: (v) => ordered(v, 'scorer', SCORER_CHILDREN),
  detector: (v) => ordered(v, 'scorer', SCORER_CHILDREN),
  thresholds: (v) => ordered(v, 'thresholds', THRESHOLD_CHILDREN),
  summary: (v) => ordered(v, 'summary'),
  threads: (v) => list(v, (t) => ordered(t, 'thread', THREAD_CHILDREN)),
};

function shapeReport(report: FlagReport): Json {
  return ordered(report, 'report', REPORT_CHILDREN);
}

const KNOWN = new Map<Kind, ReadonlySet<string>>((Object.keys(ORDER) as Kind[]).map((kind) => [kind, new Set<string>(ORDER[kind])]));

/** Rebuilds an object with its keys in the order of `kind`, shaping listed children with `children`. */
function ordered(value: unknown, kind: Kind, children: Children = {}): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return plain(value);
  const source = value as Record<string, unknown>;
  const out: { [key: string]: Json } = {};
  const put = (key: string): void => {
    const v = source[key];
    if (v === undefined) return;
    const shape = children[key];
    out[key] = shape ? shape(v) : plain(v);
  };
  for (const key of ORDER[kind]) if (Object.hasOwn(source, key)) put(key);
  const known = KNOWN.get(kind);
  const rest = Object.keys(source).filter((k) => !known?.has(k));
  if (rest.length > 0) for (const key of rest.sort()) put(key);
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
