/**
 * The JSON flag report (docs/report-format.md, docs/report.schema.json): pretty-printed with a fixed key order.
 */
import type { FlagReport, ReportComment, StreamedReport, StreamedThread } from '../core/report-types.ts';
import { streamOfReport } from '../core/report.ts';
import { ATTRIBUTES } from '../core/scoring.ts';
import { eachOf, joinPieces, type RenderStep, type Rendering } from './pieces.ts';

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

/** Serializes the report as pretty JSON (2 spaces) with a stable key order and a trailing newline: the pieces collected. */
export function toReportJson(report: FlagReport): string {
  return joinPieces(reportJsonPieces(streamOfReport(report)));
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
/** A placeholder where the streamed list goes (written by its own pieces, never shaped). */
const STREAMED: Shape = () => null;
const THREAD_CHILDREN: Children = {
  problems: (v) => list(v, (p) => ordered(p, 'problem')),
  comments: STREAMED,
};
const REPORT_CHILDREN: Children = {
  scorer: (v) => ordered(v, 'scorer', SCORER_CHILDREN),
  detector: (v) => ordered(v, 'scorer', SCORER_CHILDREN),
  thresholds: (v) => ordered(v, 'thresholds', THRESHOLD_CHILDREN),
  summary: (v) => ordered(v, 'summary'),
  threads: STREAMED,
};

/**
 * The JSON report piece by piece, the comments one at a time as the report's source yields them. Joined, the pieces
 * are the text JSON.stringify(shape, null, 2) would give for the whole report (the same key order and indentation).
 */
export function* reportJsonPieces(report: StreamedReport): Rendering {
  const head = asObject(ordered({ ...report.head, threads: null }, 'report', REPORT_CHILDREN));
  yield* objectPieces(head, 0, new Map([['threads', (level: number) => arrayPieces(report.threads, level, threadPieces)]]));
  yield '\n';
}

function threadPieces(thread: StreamedThread, level: number): Iterable<RenderStep> {
  const head = asObject(ordered({ ...thread.head, comments: null }, 'thread', THREAD_CHILDREN));
  return objectPieces(head, level, new Map([['comments', (inner: number) => arrayPieces(thread.comments(), inner, commentPieces)]]));
}

function commentPieces(comment: ReportComment, level: number): Iterable<string> {
  return [nested(ordered(comment, 'comment', COMMENT_CHILDREN), level)];
}

type Streamed = ReadonlyMap<string, (level: number) => Iterable<RenderStep>>;

function asObject(value: Json): { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

const PADS: string[] = [];
/** The indentation of a line `level` deep. */
function pad(level: number): string {
  return (PADS[level] ??= '  '.repeat(level));
}

/** JSON.stringify(value, null, 2) of a value nested `level` deep (JSON text has line breaks only between tokens). */
function nested(value: Json, level: number): string {
  const text = JSON.stringify(value, null, 2);
  return level === 0 || !text.includes('\n') ? text : text.replace(/\n/g, `\n${pad(level)}`);
}

/** An object as JSON.stringify(…, null, 2) writes it, the values named in `streamed` written by their own pieces. */
function* objectPieces(shaped: { [key: string]: Json }, level: number, streamed: Streamed): Rendering {
  let separator = '{\n';
  for (const key of Object.keys(shaped)) {
    yield `${separator}${pad(level + 1)}${JSON.stringify(key)}: `;
    const pieces = streamed.get(key);
    if (pieces) yield* pieces(level + 1);
    else yield nested(shaped[key] ?? null, level + 1);
    separator = ',\n';
  }
  yield separator === '{\n' ? '{}' : `\n${pad(level)}}`;
}

/** An array as JSON.stringify(…, null, 2) writes it, from items read one at a time (synchronously or not). */
function* arrayPieces<T>(items: Iterable<T> | AsyncIterable<T>, level: number, item: (value: T, level: number) => Iterable<RenderStep>): Rendering {
  let separator = '[\n';
  yield* eachOf(items, function* (value) {
    yield `${separator}${pad(level + 1)}`;
    yield* item(value, level + 1);
    separator = ',\n';
  });
  yield separator === '[\n' ? '[]' : `\n${pad(level)}]`;
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
