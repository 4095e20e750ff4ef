/**
 * Importer for Reddit comment pages (`[Listing(t3), Listing(t1…)]`) and `/api/morechildren` flat lists.
 */
import type { Comment, CommentStatus, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { LineIndex } from './json-text.ts';
import type { JsonObject, JsonValue } from './json-text.ts';
import { asArray, asObject, epochTime, field, finishImport, idText, jsonHead, makeComment, numberValue, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';
import { sanitizeHtml } from './sanitize.ts';

const FORMAT = 'reddit';

const ONCE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/** Undo one level of Reddit's escaping (`&amp;` `&lt;` `&gt;`, and in HTML also quotes) in a single pass. */
function unescapeOnce(text: string, quotes: boolean): string {
  return text.replace(quotes ? /&(amp|lt|gt|quot|#39|#x27);/g : /&(amp|lt|gt);/g, (_, name: string) => ONCE[name]!);
}

/** "t1_abc" -> { type: "t1", id: "abc" }. */
function fullname(value: string | null): { type: string; id: string } | null {
  const m = value === null ? null : /^(t\d)_(.+)$/.exec(value.trim());
  return m === null ? null : { type: m[1]!, id: m[2]! };
}

interface Frame {
  items: JsonValue[];
  index: number;
  /** Parent comment id from the nesting, or null at the top of a page / in a flat list. */
  parentId: string | null;
  nested: boolean;
}

interface State {
  comments: Comment[];
  whereOf: Map<Comment, string>;
  log: ProblemLog;
  lines: LineIndex;
  order: number;
  post: string | null;
  hidden: { stubs: number; replies: number };
}

function statusOf(data: JsonObject, body: string): CommentStatus {
  if (body === '[removed]' || field(data, 'removed') === true || idText(field(data, 'banned_by')) !== null) return 'removed';
  if (field(data, 'spam') === true) return 'spam';
  if (body === '[deleted]') return 'deleted';
  return 'published';
}

function readComment(data: JsonObject, parentId: string | null, where: string, state: State): Comment | null {
  const id = idText(field(data, 'id')) ?? fullname(stringField(data, 'name'))?.id ?? null;
  if (id === null) {
    state.log.add('missing id', { severity: 'warning', where, message: 'A comment without "id"; skipped (its replies are kept).' }, state.order);
    return null;
  }
  const link = fullname(stringField(data, 'link_id'));
  if (link !== null) state.post ??= link.id;
  const parentRef = fullname(stringField(data, 'parent_id'));
  const parent = parentId ?? (parentRef !== null && parentRef.type === 't1' ? parentRef.id : null);
  let time = epochTime(field(data, 'created_utc'));
  if (time.createdAt === null) {
    time = epochTime(field(data, 'created'));
    if (time.createdAt !== null) state.log.add('no created_utc', { severity: 'warning', where, message: 'No "created_utc"; the legacy "created" time was used and may be hours off.' }, state.order);
  }
  const body = stringField(data, 'body') ?? '';
  const status = statusOf(data, body.trim());
  const tombstone = status !== 'published' && /^\[(deleted|removed)\]$/.test(body.trim());
  const bodyHtml = stringField(data, 'body_html');
  return makeComment({
    id,
    parentId: parent,
    author: (stringField(data, 'author') ?? '').trim(),
    ...time,
    text: tombstone ? '' : unescapeOnce(body, false),
    html: tombstone || bodyHtml === null ? null : sanitizeHtml(unescapeOnce(bodyHtml, true)).trim() || null,
    status,
  });
}

function noteStub(data: JsonObject | null, parentId: string | null, where: string, state: State): void {
  const count = numberValue(field(data, 'count')) ?? 0;
  const ref = fullname(stringField(data, 'parent_id'));
  const parent = parentId ?? (ref !== null && ref.type === 't1' ? ref.id : null);
  const place = parent === null ? `${where}, top level of the thread` : `comment ${parent}`;
  if (count <= 0) {
    state.log.add('continue this thread', { severity: 'warning', where: place, message: 'Further replies continue on this comment\'s own page ("continue this thread"); they are not in this file.' }, state.order);
    return;
  }
  state.hidden.stubs++;
  state.hidden.replies += count;
  const what = parent === null ? `${count} more top-level comment(s)` : `${count} more repl${count === 1 ? 'y' : 'ies'}`;
  state.log.add('more replies', { severity: 'warning', where: place, message: `${what} not in this file (a "load more" stub).` }, state.order);
}

/** Walk a children array (nested Listings included) without recursion. */
function walk(children: JsonValue[], label: string, nested: boolean, state: State): void {
  const stack: Frame[] = [{ items: children, index: 0, parentId: null, nested }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.items.length) {
      stack.pop();
      continue;
    }
    const thing = frame.items[frame.index++]!;
    state.order++;
    const object = asObject(thing);
    const where = object === null ? `${label} ${state.order}` : `${label} (line ${state.lines.lineOf(object.offset)})`;
    const kind = stringField(object, 'kind');
    const data = asObject(field(object, 'data'));
    if (kind === 'more') {
      noteStub(data, frame.parentId, where, state);
      continue;
    }
    if (kind !== 't1' || data === null) {
      state.log.add('not a comment', { severity: 'warning', where, message: `Expected a comment ("kind": "t1") or a "more" stub, found ${kind === null ? 'something else' : JSON.stringify(kind)}; skipped.` }, state.order);
      continue;
    }
    const comment = readComment(data, frame.nested ? frame.parentId : null, `comment ${stringField(data, 'name') ?? '?'} (line ${state.lines.lineOf(data.offset)})`, state);
    if (comment !== null) {
      state.comments.push(comment);
      state.whereOf.set(comment, `comment t1_${comment.id}`);
    }
    const replies = field(data, 'replies');
    const inner = asArray(field(replies, 'data', 'children'));
    if (inner !== null && inner.length > 0) {
      stack.push({ items: inner, index: 0, parentId: comment?.id ?? frame.parentId, nested: frame.nested && comment !== null });
    } else if (replies !== undefined && replies !== '' && replies !== null && inner === null) {
      state.log.add('bad replies', { severity: 'warning', where, message: '"replies" is neither a Listing nor ""; ignored.' }, state.order);
    }
  }
}

function unescapeTitle(text: string | null): string | null {
  return text === null ? null : unescapeOnce(text, true).trim() || null;
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const root = source.value;
  const state: State = { comments: [], whereOf: new Map(), log: new ProblemLog(200), lines: new LineIndex(text.replace(/^\ufeff/, '')), order: 0, post: null, hidden: { stubs: 0, replies: 0 } };
  let post: JsonObject | null = null;
  const things = asArray(field(asObject(root), 'json', 'data', 'things'));
  if (Array.isArray(root) && root.length >= 1) {
    post = asObject(field(asObject(asArray(field(asObject(root[0]), 'data', 'children'))?.[0]), 'data'));
    const listing = root.length >= 2 ? asArray(field(asObject(root[1]), 'data', 'children')) : null;
    if (listing === null && post === null) return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a Reddit comment page: [Listing of the post, Listing of comments].', problems: [] };
    if (listing !== null) walk(listing, 'thing', true, state);
    if (root.length > 2) state.log.add('extra listings', { severity: 'warning', where: 'line 1', message: `${root.length - 2} more element(s) after the post and comment Listings were not read.` }, Infinity);
  } else if (things !== null) {
    walk(things, 'thing', false, state);
  } else if (asArray(field(asObject(root), 'data', 'children')) !== null) {
    walk(asArray(field(asObject(root), 'data', 'children'))!, 'thing', true, state);
  } else {
    return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a Reddit comment page ([Listing, Listing]) or a /api/morechildren response ({"json": {"data": {"things": [...]}}}).', problems: [] };
  }
  if (state.hidden.stubs > 0) {
    state.log.add('summary', { severity: 'warning', where: 'whole file', message: `${state.hidden.stubs} "load more" stub(s) stand for ${state.hidden.replies} comment(s) that are not in this file.` }, Infinity);
  }
  const postId = idText(field(post, 'id')) ?? state.post;
  const permalink = stringField(post, 'permalink');
  const selftext = stringField(post, 'selftext');
  if (post === null && state.comments.length === 0) return finishImport(FORMAT, [], state.log, 'No Reddit comment could be read.');
  const thread: Thread = {
    id: `reddit:${postId ?? 'unknown'}`,
    title: unescapeTitle(stringField(post, 'title')) ?? `Reddit post ${postId ?? '(unknown)'}`,
    url: permalink !== null && permalink.startsWith('/') ? `https://www.reddit.com${permalink}` : stringField(post, 'url'),
    articleText: selftext === null ? '' : unescapeOnce(selftext, false),
    sourceFormat: FORMAT,
    comments: repairComments(state.comments, state.log, (c) => state.whereOf.get(c) ?? 'whole file'),
  };
  return finishImport(FORMAT, [thread], state.log, 'No Reddit comment could be read.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '') return 0;
  if (/"kind"\s*:\s*"(t1|t3|more)"/.test(head) && (/"kind"\s*:\s*"Listing"/.test(head) || /"things"\s*:/.test(head) || /"parent_id"\s*:\s*"t[13]_/.test(head))) return 0.97;
  return /"kind"\s*:\s*"Listing"/.test(head) ? 0.7 : 0;
}

/** Reddit comment JSON (see docs/formats.md). */
export const redditImporter: Importer = { id: FORMAT, label: 'Reddit comment page JSON', detect, parse };
