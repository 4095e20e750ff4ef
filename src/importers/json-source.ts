/**
 * Helpers shared by the importers of platform exports (WP REST, WP HTML, Reddit, HN, Discourse, YouTube, Mastodon).
 */
import type { Comment, ImportProblem, ImportResult, Thread } from '../core/model.ts';
import { importFailure } from './importer.ts';
import { JsonNumber, JsonObject, parseJson } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import type { ProblemLog } from './records.ts';
import { htmlToText, sanitizeHtml } from './sanitize.ts';
import { parseTimestamp } from './timestamp.ts';

/** The value as an object, or null. */
export function asObject(value: JsonValue | undefined): JsonObject | null {
  return value instanceof JsonObject ? value : null;
}

/** The value as an array, or null. */
export function asArray(value: JsonValue | undefined): JsonValue[] | null {
  return Array.isArray(value) ? value : null;
}

/** A field of an object (undefined when the object is null or lacks it); several names walk into nested objects. */
export function field(object: JsonValue | null | undefined, ...path: string[]): JsonValue | undefined {
  let at: JsonValue | undefined = object ?? undefined;
  for (const name of path) {
    if (!(at instanceof JsonObject)) return undefined;
    at = at.fields.get(name);
  }
  return at;
}

/** A string field, or null. */
export function stringField(object: JsonObject | null, ...path: string[]): string | null {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : null;
}

/** An id: a non-empty string, or a number kept exactly as written; else null. */
export function idText(value: JsonValue | undefined): string | null {
  const text = typeof value === 'string' ? value.trim() : value instanceof JsonNumber ? value.raw : null;
  return text === null || text === '' ? null : text;
}

/** A finite number, or null. */
export function numberValue(value: JsonValue | undefined): number | null {
  if (!(value instanceof JsonNumber)) return null;
  const n = Number(value.raw);
  return Number.isFinite(n) ? n : null;
}

/** Largest time value a JavaScript Date can hold, in milliseconds either side of 1970. */
const MAX_TIME_MS = 8.64e15;

/** A time for the model: ISO UTC (or null) and the source text. */
export interface SourceTime {
  createdAt: string | null;
  createdAtText: string | null;
}

/** Epoch seconds (a JSON number or numeric string) as a time; `text` is the number as written. */
export function epochTime(value: JsonValue | undefined): SourceTime {
  const text = value instanceof JsonNumber ? value.raw : typeof value === 'string' ? value.trim() : null;
  if (text === null || text === '') return { createdAt: null, createdAtText: null };
  const ms = Number(text) * 1000;
  const ok = /^-?\d/.test(text) && Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;
  return { createdAt: ok ? new Date(Math.floor(ms)).toISOString() : null, createdAtText: text };
}

/** An ISO-8601 string as a time; `zoneless` is true when it had a clock time but no offset (then read as UTC). */
export function isoTime(value: JsonValue | undefined): SourceTime & { zoneless: boolean } {
  if (typeof value !== 'string' || value.trim() === '') return { createdAt: null, createdAtText: null, zoneless: false };
  const parsed = parseTimestamp(value);
  return { createdAt: parsed.iso, createdAtText: value, zoneless: parsed.assumedUtc };
}

/** A comment body from source HTML: plain text for reading and scoring, sanitized HTML for display. */
export function htmlBody(html: string): { text: string; html: string | null } {
  if (html.trim() === '') return { text: '', html: null };
  const clean = sanitizeHtml(html).trim();
  return { text: htmlToText(html), html: clean === '' ? null : clean };
}

/** Parse JSON text into a value, or a failure naming line and column. */
export function parseSource(format: string, text: string): { ok: true; value: JsonValue } | { ok: false; result: ImportResult } {
  const parsed = parseJson(text);
  if (parsed.ok) return { ok: true, value: parsed.value };
  return { ok: false, result: importFailure(format, `line ${parsed.line}, column ${parsed.column}`, `Invalid JSON: ${parsed.message}.`) };
}

/** First non-blank part of `text` (at most 8 KiB), for detection; '' when it does not start like JSON. */
export function jsonHead(text: string): string {
  const head = text.slice(0, 8192).replace(/^\ufeff/, '').trimStart();
  return head.startsWith('[') || head.startsWith('{') ? head : '';
}

/**
 * Make a thread's comments safe for the tree: drop later duplicates of an id, turn self-parents into top-level
 * comments and break reply cycles at their earliest member in input order, each with a warning.
 */
export function repairComments(comments: Comment[], log: ProblemLog, where: (c: Comment) => string): Comment[] {
  const seen = new Map<string, number>();
  const kept: Comment[] = [];
  for (const comment of comments) {
    if (seen.has(comment.id)) {
      log.add('duplicate id', { severity: 'warning', where: where(comment), message: `A second comment with id "${comment.id}"; the later one was skipped.` }, Infinity);
      continue;
    }
    seen.set(comment.id, kept.length);
    if (comment.parentId === comment.id) {
      log.add('self-parent', { severity: 'warning', where: where(comment), message: 'The comment names itself as its parent; shown at top level.' }, Infinity);
      comment.parentId = null;
    }
    kept.push(comment);
  }
  const state = new Uint8Array(kept.length);
  for (let start = 0; start < kept.length; start++) {
    const path: number[] = [];
    let at = start;
    while (at !== -1 && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      const pid = kept[at]!.parentId;
      at = pid === null ? -1 : (seen.get(pid) ?? -1);
    }
    if (at !== -1 && state[at] === 1) {
      const cycle = path.slice(path.indexOf(at));
      let first = cycle[0]!;
      for (const i of cycle) if (i < first) first = i;
      const broken = kept[first]!;
      log.add('cycle', { severity: 'warning', where: where(broken), message: `Reply cycle (${cycle.map((i) => `"${kept[i]!.id}"`).join(' → ')}); "${broken.id}" shown at top level.` }, Infinity);
      broken.parentId = null;
    }
    for (const i of path) state[i] = 2;
  }
  return kept;
}

/** A comment with defaults for the fields a source may lack. */
export function makeComment(fields: Partial<Comment> & Pick<Comment, 'id'>): Comment {
  return { parentId: null, author: '', createdAt: null, createdAtText: null, text: '', html: null, kind: 'comment', status: 'published', ...fields };
}

/** Finish an import: the threads with the logged problems, or a failure when there is no thread at all. */
export function finishImport(format: string, threads: Thread[], log: ProblemLog, emptyMessage: string): ImportResult {
  const problems: ImportProblem[] = log.finish();
  if (threads.length === 0) {
    const first = problems[0];
    if (first === undefined) return importFailure(format, 'line 1', emptyMessage);
    return importFailure(format, first.where, `${emptyMessage} The first problem: ${first.message}`, problems);
  }
  return { ok: true, format, threads, problems };
}
