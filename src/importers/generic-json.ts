/**
 * Importer for generic JSON: an array of comment objects, `{ "title", "comments": [...] }`, or
 * `{ "threads": [ { "id", "title", "url", "comments": [...] } ] }`. Keys in camelCase or snake_case.
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
const REPLY_KEYS = ['replies', 'children'];

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

/** Flatten an array of items (and their nested replies) into raw records, iteratively. */
function collect(items: JsonValue[], label: string, lines: LineIndex, log: ProblemLog, counter: { n: number }): RawRecord[] {
  const records: RawRecord[] = [];
  const stack: { items: JsonValue[]; index: number; path: string; parentId: string | null }[] = [{ items, index: 0, path: '', parentId: null }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.items.length) {
      stack.pop();
      continue;
    }
    const item = frame.items[frame.index]!;
    frame.index++;
    const path = `${frame.path}${frame.index}`;
    const order = counter.n++;
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: `${label} ${path}`, message: 'Not an object; skipped.' }, order);
      continue;
    }
    const where = `${label} ${path} (line ${lines.lineOf(item.offset)})`;
    const values: RawRecord['values'] = {};
    for (const [key, value] of item.fields) {
      const name = recordField(key);
      if (name === null || values[name] !== undefined) continue;
      const scalar = scalarText(value);
      if (scalar === undefined) {
        log.add('not a scalar', { severity: 'warning', where, message: `"${key}" is not a string, number or boolean; ignored.` }, order);
        continue;
      }
      values[name] = scalar;
    }
    values.parentId ??= frame.parentId;
    if (values.text === undefined) {
      log.add('missing text', { severity: 'warning', where, message: 'No "text" (or "body") field; skipped.' }, order);
    } else {
      records.push({ where, order, values });
    }
    const replies = REPLY_KEYS.map((key) => item.fields.get(key)).find((v) => Array.isArray(v));
    if (Array.isArray(replies) && replies.length > 0) {
      stack.push({ items: replies, index: 0, path: `${path}.`, parentId: values.id?.trim() || null });
    }
  }
  return records;
}

function metaOf(object: JsonObject, fallbackTitle: string | null): ThreadMeta {
  const id = scalarText(field(object, 'id', 'thread_id', 'threadId'));
  const title = scalarText(field(object, 'title', 'thread_title', 'threadTitle'));
  const url = scalarText(field(object, 'url', 'thread_url', 'threadUrl'));
  const article = scalarText(field(object, 'articleText', 'article_text', 'article'));
  return { id: id?.trim() || null, title: title?.trim() || fallbackTitle, url: url?.trim() || null, articleText: article ?? '' };
}

function parse(input: string, fileName?: string): ImportResult {
  const text = input.replace(/^\ufeff/, '');
  const parsed = parseJson(text);
  if (!parsed.ok) return importFailure(FORMAT, `line ${parsed.line}, column ${parsed.column}`, `Invalid JSON: ${parsed.message}.`);
  const root = parsed.value;
  const log = new ProblemLog();
  const lines = new LineIndex(text);
  const counter = { n: 0 };
  const defaultTitle = fileStem(fileName) ?? 'Pasted JSON';
  let threads: Thread[] = [];
  if (Array.isArray(root)) {
    threads = recordsToThreads(collect(root, 'item', lines, log, counter), FORMAT, defaultTitle, log);
  } else if (root instanceof JsonObject && Array.isArray(root.fields.get('threads'))) {
    (root.fields.get('threads') as JsonValue[]).forEach((entry, k) => {
      const where = `thread ${k + 1}`;
      if (!(entry instanceof JsonObject) || !Array.isArray(entry.fields.get('comments'))) {
        log.add('bad thread', { severity: 'warning', where, message: 'Not an object with a "comments" array; skipped.' }, counter.n++);
        return;
      }
      const meta = metaOf(entry, `${defaultTitle} (${k + 1})`);
      const records = collect(entry.fields.get('comments') as JsonValue[], `${where}, comment`, lines, log, counter);
      threads.push(...recordsToThreads(records, FORMAT, meta.title ?? defaultTitle, log, meta));
    });
  } else if (root instanceof JsonObject && Array.isArray(root.fields.get('comments'))) {
    const meta = metaOf(root, defaultTitle);
    threads = recordsToThreads(collect(root.fields.get('comments') as JsonValue[], 'comment', lines, log, counter), FORMAT, defaultTitle, log, meta);
  } else {
    return importFailure(FORMAT, 'line 1', 'Expected an array of comment objects, or an object with a "comments" (or "threads") array.');
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
  const keys = /"(id|text|body|comments|threads)"\s*:/g;
  const seen = new Set<string>();
  for (let m = keys.exec(head); m !== null; m = keys.exec(head)) seen.add(m[1]!);
  if (seen.has('comments') || seen.has('threads') || (seen.has('id') && (seen.has('text') || seen.has('body')))) return 0.92 + bonus;
  return 0.5 + bonus;
}

/** Generic JSON (see docs/formats.md). */
export const genericJsonImporter: Importer = { id: FORMAT, label: 'Generic JSON (array of comments)', detect, parse };
