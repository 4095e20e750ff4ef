/**
 * Importer for generic JSON: an array of comment objects, `{ "title", "comments": [...] }`, or
 * `{ "threads": [ { "id", "title", "url", "comments": [...] } ] }`, also inside `{"data": ...}` wrappers. Keys in
 * camelCase or snake_case. Replies nested under `replies` / `children` / `comments` are followed at any depth without
 * recursion; every item not read, and every comment-like object under a key it does not read, is a named problem.
 */
import type { ImportResult, Thread } from '../core/model.ts';
import { fileStem, importFailure } from './importer.ts';
import type { Importer } from './importer.ts';
import { JsonNumber, JsonObject, LineIndex, parseJson } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import { ProblemLog, recordField, recordsToThreads } from './records.ts';
import type { RawRecord, ThreadMeta } from './records.ts';

const FORMAT = 'generic-json';
/** Keys under which an item's replies may be nested; nested items get the item as parent unless they name one. */
const REPLY_KEYS = ['replies', 'children', 'comments'];
/** Keys of a wrapper object around a list (`{"data": [...]}` of Graph-style APIs, `{"comments": {"data": [...]}}`). */
const WRAPPER_KEYS = ['data', 'items', ...REPLY_KEYS];
/** Wrappers followed around one list before giving up (`{"data": {"comments": {"data": [...]}}}` is three). */
const MAX_WRAPPERS = 4;
/** Nesting depth up to which a place is written as its full path ("comment 3.1.2"); deeper ones give depth and line. */
const MAX_PATH_DEPTH = 8;
/** Keys that hold a comment's id (see records.ts). */
const ID_KEYS = ['id', 'comment_id', 'commentId', 'commentid'];
/** Keys of a nested author object that hold the display name. */
const AUTHOR_NAME_KEYS = ['name', 'display_name', 'displayName', 'username', 'login'];

/** A scalar as text: strings as they are, numbers as written in the file (exact beyond 2^53), booleans spelled out. */
function scalarText(value: JsonValue | undefined): string | null | undefined {
  if (value === undefined || value === null) return value === null ? null : undefined;
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.raw;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function field(object: JsonObject, ...names: string[]): JsonValue | undefined {
  for (const name of names) if (object.fields.has(name)) return object.fields.get(name);
  return undefined;
}

/** The list a value stands for: an array, or an array inside at most MAX_WRAPPERS wrapper objects; else null. */
function listOf(value: JsonValue | undefined): JsonValue[] | null {
  let at = value;
  for (let hop = 0; hop <= MAX_WRAPPERS; hop++) {
    if (Array.isArray(at)) return at;
    if (!(at instanceof JsonObject)) return null;
    // One reply given as an object rather than a list of one.
    if (isCommentLike(at)) return [at];
    const inner: JsonValue | undefined = WRAPPER_KEYS.map((key) => at instanceof JsonObject ? at.fields.get(key) : undefined).find((v) => v !== undefined && v !== null);
    if (inner === undefined) return null;
    at = inner;
  }
  return null;
}

/** True for an object that looks like a comment: an id key and a text key (any accepted spelling). */
export function isCommentLike(value: JsonValue | undefined): boolean {
  if (!(value instanceof JsonObject)) return false;
  let id = false;
  let text = false;
  for (const key of value.fields.keys()) {
    const name = recordField(key);
    if (name === 'id') id = true;
    else if (name === 'text') text = true;
  }
  return id && text;
}

/** The comment-like objects `value` holds directly (one object, an array of them, or a wrapper around one). */
function commentLikeIn(value: JsonValue): JsonObject[] {
  if (isCommentLike(value)) return [value as JsonObject];
  return (listOf(value) ?? []).filter(isCommentLike) as JsonObject[];
}

/**
 * Warn about keys of `object` (other than `read` and record fields) that hold comment-like objects this reader does
 * not take, naming the key, their ids (the first five) and the line of the first. `where` is the item's place, or
 * null for a thread or the root, whose warning is placed at the key.
 */
function noteUnread(object: JsonObject, read: ReadonlySet<string>, where: string | null, lines: LineIndex, log: ProblemLog, order: number): void {
  for (const [key, value] of object.fields) {
    if (read.has(key) || recordField(key) !== null || value === null || typeof value !== 'object' || value instanceof JsonNumber) continue;
    const found = commentLikeIn(value);
    if (found.length === 0) continue;
    const ids = found.slice(0, 5).map((o) => scalarText(field(o, ...ID_KEYS)) ?? '?');
    const list = `${ids.join(', ')}${found.length > 5 ? ', …' : ''}`;
    log.add('unread comments', { severity: 'warning', where: where ?? `"${key}" (line ${lines.lineOf(found[0]!.offset)})`, message: `"${key}" holds ${found.length} comment-like object(s) that were not read (${list}); only ${REPLY_KEYS.map((k) => `"${k}"`).join(', ')} hold replies.` }, order);
  }
}

/** An author given as an object (`"user": {"name": "Ann"}`): its name, else undefined. */
function authorName(value: JsonValue): string | undefined {
  if (!(value instanceof JsonObject)) return undefined;
  for (const key of AUTHOR_NAME_KEYS) {
    const name = value.fields.get(key);
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/** Warn about reply keys whose value is neither empty nor a list (nor a wrapper of one): their replies cannot be read. */
function noteBadReplies(item: JsonObject, where: string, log: ProblemLog, order: number): void {
  for (const key of REPLY_KEYS) {
    const value = item.fields.get(key);
    if (value === undefined || value === null || value === '' || (value instanceof JsonObject && value.fields.size === 0) || listOf(value) !== null) continue;
    if (value instanceof JsonNumber && Number(value.raw) >= 0) continue; // a count of replies ("comments": 3), not replies
    log.add('bad replies', { severity: 'warning', where, message: `"${key}" is not a list of replies; ignored.` }, order);
  }
}

interface Frame {
  items: JsonValue[];
  index: number;
  /** Path of the enclosing item ("3.1."), or null past MAX_PATH_DEPTH. */
  path: string | null;
  depth: number;
  parentId: string | null;
}

/** The scalar fields of one item as a raw record's values; non-scalar values of known keys are warned about. */
function valuesOf(item: JsonObject, where: string, log: ProblemLog, order: number): RawRecord['values'] {
  const values: RawRecord['values'] = {};
  for (const [key, value] of item.fields) {
    const name = recordField(key);
    if (name === null || values[name] !== undefined) continue;
    let scalar = scalarText(value);
    if (scalar === undefined && name === 'author') scalar = authorName(value);
    if (scalar === undefined) {
      log.add('not a scalar', { severity: 'warning', where, message: `"${key}" is not a string, number or boolean; ignored.` }, order);
      continue;
    }
    values[name] = scalar;
  }
  return values;
}

/**
 * Flatten a list of items and their nested replies (under any REPLY_KEYS, at any depth) into raw records, without
 * recursion. A nested item's parent is the enclosing item unless it names one.
 */
function collect(items: JsonValue[], label: string, lines: LineIndex, log: ProblemLog, counter: { n: number }): RawRecord[] {
  const records: RawRecord[] = [];
  const stack: Frame[] = [{ items, index: 0, path: '', depth: 0, parentId: null }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.items.length) {
      stack.pop();
      continue;
    }
    const item = frame.items[frame.index]!;
    frame.index++;
    const path = frame.path === null ? null : `${frame.path}${frame.index}`;
    const place = path === null ? `${label} ${frame.index} at depth ${frame.depth + 1}` : `${label} ${path}`;
    const order = counter.n++;
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: place, message: 'Not an object; skipped.' }, order);
      continue;
    }
    const where = `${place} (line ${lines.lineOf(item.offset)})`;
    const values = valuesOf(item, where, log, order);
    values.parentId ??= frame.parentId;
    const replies = REPLY_KEYS.map((key) => listOf(item.fields.get(key)) ?? []).flat();
    noteBadReplies(item, where, log, order);
    const id = values.id?.trim() || null;
    if (values.text === undefined) {
      log.add('missing text', { severity: 'warning', where, message: `No "text" (or "body") field; skipped${replies.length > 0 && id !== null ? ` (its ${replies.length} repl${replies.length === 1 ? 'y keeps' : 'ies keep'} it as parent)` : ''}.` }, order);
    } else {
      records.push({ where, order, values });
    }
    if (id === null && replies.length > 0) {
      log.add('parent without id', { severity: 'warning', where, message: `No id, so its ${replies.length} nested repl${replies.length === 1 ? 'y is' : 'ies are'} read as top-level comments.` }, order);
    }
    noteUnread(item, READ_KEYS, where, lines, log, order);
    if (replies.length > 0) {
      const deeper = frame.depth + 1;
      stack.push({ items: replies, index: 0, path: path === null || deeper >= MAX_PATH_DEPTH ? null : `${path}.`, depth: deeper, parentId: id });
    }
  }
  return records;
}

/** Keys an item is read from: its record fields are checked one by one, the reply keys are followed. */
const READ_KEYS: ReadonlySet<string> = new Set(REPLY_KEYS);

function metaOf(object: JsonObject, fallbackTitle: string | null): ThreadMeta {
  const id = scalarText(field(object, 'id', 'thread_id', 'threadId'));
  const title = scalarText(field(object, 'title', 'thread_title', 'threadTitle'));
  const url = scalarText(field(object, 'url', 'thread_url', 'threadUrl'));
  const article = scalarText(field(object, 'articleText', 'article_text', 'article'));
  return { id: id?.trim() || null, title: title?.trim() || fallbackTitle, url: url?.trim() || null, articleText: article ?? '' };
}

/** What the document holds once wrappers are taken off: comments, threads, or one thread's comments. */
type Shape =
  | { kind: 'comments'; items: JsonValue[]; holder: JsonObject | null }
  | { kind: 'threads'; threads: JsonValue[]; holder: JsonObject }
  | { kind: 'thread'; object: JsonObject; items: JsonValue[] };

/** Keys of a thread object that are read as the thread's details. */
const META_KEYS = ['id', 'thread_id', 'threadId', 'title', 'thread_title', 'threadTitle', 'url', 'thread_url', 'threadUrl', 'articleText', 'article_text', 'article'];

/** The shape of the root, following `{"data": ...}` / `{"items": ...}` wrappers; null when it is none of them. */
function shapeOf(root: JsonValue): Shape | null {
  let at: JsonValue | undefined = root;
  let holder: JsonObject | null = null;
  for (let hop = 0; hop <= MAX_WRAPPERS; hop++) {
    if (Array.isArray(at)) return { kind: 'comments', items: at, holder };
    if (!(at instanceof JsonObject)) return null;
    const threads = at.fields.get('threads');
    if (Array.isArray(threads)) return { kind: 'threads', threads, holder: at };
    // One comment with its replies, not a thread: it has an id and a text but no title.
    if (isCommentLike(at) && !at.fields.has('title')) return { kind: 'comments', items: [at], holder };
    const object: JsonObject = at;
    const list = REPLY_KEYS.map((key) => listOf(object.fields.get(key))).find((l) => l !== null);
    if (list !== undefined && list !== null) return { kind: 'thread', object, items: list };
    holder = object;
    at = ['data', 'items'].map((key) => object.fields.get(key)).find((v) => v !== undefined && v !== null);
  }
  return null;
}

function parse(input: string, fileName?: string): ImportResult {
  const text = input.replace(/^\ufeff/, '');
  const parsed = parseJson(text);
  if (!parsed.ok) return importFailure(FORMAT, `line ${parsed.line}, column ${parsed.column}`, `Invalid JSON: ${parsed.message}.`);
  const shape = shapeOf(parsed.value);
  if (shape === null) {
    return importFailure(FORMAT, 'line 1', 'Expected an array of comment objects, or an object with a "comments" (or "threads", "replies", "children") array, possibly inside "data".');
  }
  const log = new ProblemLog();
  const lines = new LineIndex(text);
  const counter = { n: 0 };
  const defaultTitle = fileStem(fileName) ?? 'Pasted JSON';
  const threadKeys = new Set([...META_KEYS, ...WRAPPER_KEYS, 'threads']);
  let threads: Thread[] = [];
  if (shape.kind === 'comments') {
    if (shape.holder !== null) noteUnread(shape.holder, threadKeys, null, lines, log, counter.n++);
    const meta = shape.holder === null ? null : metaOf(shape.holder, defaultTitle);
    threads = recordsToThreads(collect(shape.items, 'item', lines, log, counter), FORMAT, defaultTitle, log, meta?.id === null && meta.title === defaultTitle ? null : meta);
  } else if (shape.kind === 'threads') {
    noteUnread(shape.holder, threadKeys, null, lines, log, counter.n++);
    shape.threads.forEach((entry, k) => {
      const where = `thread ${k + 1}`;
      const comments = entry instanceof JsonObject ? REPLY_KEYS.map((key) => listOf(entry.fields.get(key))).find((l) => l !== null) : undefined;
      if (!(entry instanceof JsonObject) || comments === undefined || comments === null) {
        log.add('bad thread', { severity: 'warning', where, message: 'Not an object with a "comments" array; skipped.' }, counter.n++);
        return;
      }
      noteUnread(entry, threadKeys, null, lines, log, counter.n++);
      const meta = metaOf(entry, `${defaultTitle} (${k + 1})`);
      const records = collect(comments, `${where}, comment`, lines, log, counter);
      threads.push(...recordsToThreads(records, FORMAT, meta.title ?? defaultTitle, log, meta));
    });
  } else {
    noteUnread(shape.object, threadKeys, null, lines, log, counter.n++);
    const meta = metaOf(shape.object, defaultTitle);
    threads = recordsToThreads(collect(shape.items, 'comment', lines, log, counter), FORMAT, defaultTitle, log, meta);
  }
  const problems = log.finish();
  const withComments = threads.filter((t) => t.comments.length > 0);
  if (withComments.length === 0) {
    const first = problems[0];
    if (first === undefined) return importFailure(FORMAT, 'line 1', 'The file has no comments.');
    return importFailure(FORMAT, first.where, `No comment could be read. The first problem: ${first.message}`, problems);
  }
  return { ok: true, format: FORMAT, threads: withComments, problems };
}

function detect(text: string, fileName?: string): number {
  const head = text.slice(0, 8192).replace(/^\ufeff/, '').trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) return 0;
  const bonus = fileName !== undefined && /\.json$/i.test(fileName) ? 0.03 : 0;
  const keys = /"(id|text|body|message|content|comments|replies|children|threads)"\s*:/g;
  const seen = new Set<string>();
  for (let m = keys.exec(head); m !== null; m = keys.exec(head)) seen.add(m[1]!);
  const texts = ['text', 'body', 'message', 'content'].some((k) => seen.has(k));
  if (seen.has('comments') || seen.has('threads') || (seen.has('id') && texts)) return 0.92 + bonus;
  return 0.5 + bonus;
}

/** Generic JSON (see docs/formats.md). */
export const genericJsonImporter: Importer = { id: FORMAT, label: 'Generic JSON (array of comments)', detect, parse };
