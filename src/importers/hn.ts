/**
 * Importer for Hacker News: an Algolia `/api/v1/items/:id` document (nested `children`), a node-hnapi / api.hnpwa.com
 * item (nested `comments` with `level`), or Firebase items (one or an array).
 */
import type { Comment, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { JsonObject, LineIndex } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import { asArray, asObject, epochTime, field, finishImport, htmlBody, idText, isoTime, jsonHead, makeComment, numberValue, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';
import { htmlToText } from './sanitize.ts';

const FORMAT = 'hn';
/** Item types that are a thread's subject rather than a comment ("link" is node-hnapi's name for a story). */
const STORY_TYPES = new Set(['story', 'job', 'poll', 'ask', 'show', 'link']);

interface Story {
  id: string;
  title: string | null;
  url: string | null;
  articleText: string;
  descendants: number | null;
}

function storyOf(item: JsonObject, id: string): Story {
  const text = stringField(item, 'text');
  return { id, title: stringField(item, 'title'), url: stringField(item, 'url'), articleText: text === null ? '' : htmlToText(text), descendants: numberValue(field(item, 'descendants')) };
}

function makeThread(storyId: string, story: Story | null, comments: Comment[]): Thread {
  return {
    id: `hn:${storyId}`,
    title: story?.title?.trim() || (story === null ? `Hacker News thread of item ${storyId} (not in this file)` : `Hacker News item ${storyId}`),
    url: story?.url ?? `https://news.ycombinator.com/item?id=${storyId}`,
    articleText: story?.articleText ?? '',
    sourceFormat: FORMAT,
    comments,
  };
}

/** The Algolia items API: one nested document. */
function readAlgolia(root: JsonObject, lines: LineIndex, log: ProblemLog): Thread[] {
  const rootId = idText(field(root, 'id')) ?? 'unknown';
  const rootType = stringField(root, 'type');
  const isStory = rootType !== null && STORY_TYPES.has(rootType);
  const story = isStory ? storyOf(root, rootId) : null;
  const storyId = isStory ? rootId : (idText(field(root, 'story_id')) ?? idText(field(root, 'parent_id')) ?? rootId);
  const comments: Comment[] = [];
  const whereOf = new Map<Comment, string>();
  // parentId undefined: the document's root comment, whose parent is its own parent_id (usually not in the file).
  const stack: { item: JsonValue; parentId: string | null | undefined; path: string }[] = [];
  const pushChildren = (item: JsonObject, parentId: string | null, path: string): void => {
    const value = field(item, 'children');
    const children = asArray(value);
    if (children === null) {
      if (value !== undefined && value !== null) log.add('bad children', { severity: 'warning', where: `item ${idText(field(item, 'id')) ?? '?'} (line ${lines.lineOf(item.offset)})`, message: '"children" is not an array; its replies could not be read.' }, Infinity);
      return;
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push({ item: children[k]!, parentId, path: `${path}.${k + 1}` });
  };
  if (isStory) pushChildren(root, null, 'children');
  else stack.push({ item: root, parentId: undefined, path: 'root' });
  let order = 0;
  while (stack.length > 0) {
    const { item, parentId, path } = stack.pop()!;
    order++;
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: path, message: 'A child that is not an object; skipped.' }, order);
      continue;
    }
    const id = idText(field(item, 'id'));
    const where = `item ${id ?? '?'} (line ${lines.lineOf(item.offset)})`;
    if (id === null) {
      log.add('missing id', { severity: 'warning', where, message: `No "id"; skipped, its replies attached to ${parentId === null || parentId === undefined ? 'the top level' : `its parent ${parentId}`}.` }, order);
      pushChildren(item, parentId ?? null, path);
      continue;
    }
    const author = stringField(item, 'author');
    const text = stringField(item, 'text');
    let time = isoTime(field(item, 'created_at'));
    if (time.createdAt === null) time = { ...epochTime(field(item, 'created_at_i')), zoneless: false };
    const comment = makeComment({
      id,
      parentId: parentId === undefined ? idText(field(item, 'parent_id')) : parentId,
      author: author?.trim() ?? '',
      createdAt: time.createdAt,
      createdAtText: time.createdAtText,
      ...htmlBody(text ?? ''),
      status: author === null && text === null ? 'deleted' : 'published',
    });
    comments.push(comment);
    whereOf.set(comment, where);
    pushChildren(item, id, path);
  }
  return [makeThread(storyId, story, repairComments(comments, log, (c) => whereOf.get(c) ?? 'whole file'))];
}

/** One entry of the node-hnapi / api.hnpwa.com walk: an item, the parent its nesting gives, and its depth (0 = top level). */
interface HnapiEntry {
  item: JsonValue;
  parentId: string | null;
  depth: number;
  path: string;
}

/** Deepest level written out in a place ("comment 3.1.2"); deeper places give depth and line. */
const MAX_PATH_DEPTH = 8;

/**
 * The node-hnapi / api.hnpwa.com item (`{id, title, user, time, content, comments: [{id, level, user, time, content,
 * comments: [...]}]}`): parents from the nesting, checked against each comment's `level`.
 */
function readHnapi(root: JsonObject, lines: LineIndex, log: ProblemLog): Thread {
  const rootId = idText(field(root, 'id')) ?? 'unknown';
  const type = stringField(root, 'type');
  const isStory = field(root, 'title') !== undefined || (type !== null && STORY_TYPES.has(type));
  const content = stringField(root, 'content');
  const story: Story = isStory
    ? { id: rootId, title: stringField(root, 'title'), url: stringField(root, 'url'), articleText: content === null ? '' : htmlToText(content), descendants: numberValue(field(root, 'comments_count')) }
    : { id: rootId, title: `Hacker News comment ${rootId} and its replies`, url: null, articleText: '', descendants: null };
  const comments: Comment[] = [];
  const whereOf = new Map<Comment, string>();
  const stack: HnapiEntry[] = [];
  const pushChildren = (item: JsonObject, parentId: string | null, depth: number, path: string): void => {
    const children = field(item, 'comments');
    if (children === undefined || children === null) return;
    if (!Array.isArray(children)) {
      log.add('bad comments', { severity: 'warning', where: `item ${idText(field(item, 'id')) ?? '?'} (line ${lines.lineOf(item.offset)})`, message: '"comments" is not an array; its replies could not be read.' }, Infinity);
      return;
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push({ item: children[k]!, parentId, depth, path: depth < MAX_PATH_DEPTH ? `${path}.${k + 1}` : path });
  };
  if (isStory) pushChildren(root, null, 0, 'comments');
  else stack.push({ item: root, parentId: null, depth: 0, path: 'root' });
  /** Level of a top-level comment: node-hnapi writes 0; a client that counts the story as level 0 writes 1. */
  let baseLevel: number | null = null;
  let order = 0;
  while (stack.length > 0) {
    const { item, parentId, depth, path } = stack.pop()!;
    order++;
    const place = depth < MAX_PATH_DEPTH ? path : `${path}… at depth ${depth}`;
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: place, message: 'A comment that is not an object; skipped.' }, order);
      continue;
    }
    const id = idText(field(item, 'id'));
    const where = `item ${id ?? '?'} (${place}, line ${lines.lineOf(item.offset)})`;
    const level = numberValue(field(item, 'level'));
    if (level !== null) {
      baseLevel ??= level - depth === 1 ? 1 : 0;
      if (level !== baseLevel + depth) {
        log.add('level mismatch', { severity: 'warning', where, message: `"level" is ${level} but the comment is nested at level ${baseLevel + depth}; the nesting was kept (parent ${parentId ?? 'none: top level'}).` }, order);
      }
    }
    if (id === null) {
      log.add('missing id', { severity: 'warning', where, message: `No "id"; skipped, its replies attached to ${parentId === null ? 'the top level' : `its parent ${parentId}`}.` }, order);
      pushChildren(item, parentId, depth + 1, path);
      continue;
    }
    const itemType = stringField(item, 'type');
    if (itemType !== null && itemType !== 'comment') {
      log.add('not a comment', { severity: 'warning', where, message: `An item of type ${JSON.stringify(itemType)} among the comments; read as a comment.` }, order);
    }
    const body = stringField(item, 'content') ?? stringField(item, 'text') ?? '';
    // Tombstones: the flags, or the placeholder text some clients write instead of the body.
    const marker = /^\s*\[(deleted|dead|flagged)\]\s*$/.exec(body)?.[1] ?? null;
    const deleted = field(item, 'deleted') === true || marker === 'deleted';
    const comment = makeComment({
      id,
      parentId,
      author: (stringField(item, 'user') ?? stringField(item, 'by'))?.trim() ?? '',
      ...epochTime(field(item, 'time')),
      ...(deleted || marker !== null ? {} : htmlBody(body)),
      status: deleted ? 'deleted' : field(item, 'dead') === true || marker !== null ? 'removed' : 'published',
    });
    comments.push(comment);
    whereOf.set(comment, where);
    pushChildren(item, id, depth + 1, path);
  }
  if (isStory && story.descendants !== null && story.descendants > comments.length) {
    log.add('missing comments', { severity: 'warning', where: `item ${rootId}`, message: `The story counts ${story.descendants} comment(s); ${comments.length} are in this file.` }, Infinity);
  }
  return makeThread(rootId, story, repairComments(comments, log, (c) => whereOf.get(c) ?? 'whole file'));
}

/** A list of node-hnapi items (a feed, or several stories saved together): one thread each. */
function readHnapiList(items: JsonValue[], lines: LineIndex, log: ProblemLog): Thread[] {
  const threads: Thread[] = [];
  items.forEach((item, k) => {
    if (item instanceof JsonObject) threads.push(readHnapi(item, lines, log));
    else log.add('not an object', { severity: 'warning', where: `item ${k + 1}`, message: 'Not an object; skipped.' }, k);
  });
  return threads;
}

/** True for a node-hnapi / api.hnpwa.com item: nested `comments`, or the `time_ago` / `level` keys only it writes. */
function isHnapi(object: JsonObject): boolean {
  return Array.isArray(field(object, 'comments')) || object.fields.has('time_ago') || object.fields.has('comments_count') || (object.fields.has('level') && object.fields.has('content'));
}

/** Firebase items: comments grouped by the story they lead up to within the file. */
function readFirebase(items: JsonValue[], lines: LineIndex, log: ProblemLog): Thread[] {
  const stories = new Map<string, Story>();
  const comments: Comment[] = [];
  const whereOf = new Map<Comment, string>();
  /** Position of each item in its parent's `kids` (HN's ranking), so siblings show in ranked order. */
  const rank = new Map<string, number>();
  items.forEach((item, k) => {
    asArray(field(item, 'kids'))?.forEach((kid, i) => {
      const kidId = idText(kid);
      if (kidId !== null && !rank.has(kidId)) rank.set(kidId, i);
    });
    if (item === null) {
      log.add('null item', { severity: 'warning', where: `item ${k + 1}`, message: 'null (the API answers null for an unknown item id); skipped.' }, k);
      return;
    }
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: `item ${k + 1}`, message: 'Not an object; skipped.' }, k);
      return;
    }
    const id = idText(field(item, 'id'));
    const where = `item ${id ?? k + 1} (line ${lines.lineOf(item.offset)})`;
    if (id === null) {
      log.add('missing id', { severity: 'warning', where, message: 'No "id"; skipped.' }, k);
      return;
    }
    const type = stringField(item, 'type') ?? 'comment';
    if (STORY_TYPES.has(type)) {
      stories.set(id, storyOf(item, id));
      return;
    }
    if (type !== 'comment') {
      log.add('not a comment', { severity: 'warning', where, message: `An item of type ${JSON.stringify(type)} is not a comment; skipped.` }, k);
      return;
    }
    const deleted = field(item, 'deleted') === true;
    const comment = makeComment({
      id,
      parentId: idText(field(item, 'parent')),
      author: stringField(item, 'by')?.trim() ?? '',
      ...epochTime(field(item, 'time')),
      ...(deleted ? {} : htmlBody(stringField(item, 'text') ?? '')),
      status: deleted ? 'deleted' : field(item, 'dead') === true ? 'removed' : 'published',
    });
    comments.push(comment);
    whereOf.set(comment, where);
  });
  const fileOrder = new Map(comments.map((c, i) => [c, i]));
  const rankOf = (c: Comment): number => rank.get(c.id) ?? Number.MAX_SAFE_INTEGER;
  comments.sort((a, b) => rankOf(a) - rankOf(b) || fileOrder.get(a)! - fileOrder.get(b)!);
  const byId = new Map(comments.map((c) => [c.id, c]));
  /** The story a comment leads up to, or the first missing ancestor; memoised, and safe on cycles. */
  const rootOf = new Map<string, string>();
  const findRoot = (start: Comment): string => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: Comment = start;
    let root: string;
    for (;;) {
      const known = rootOf.get(at.id);
      if (known !== undefined) {
        root = known;
        break;
      }
      path.push(at.id);
      onPath.add(at.id);
      const pid = at.parentId;
      const next = pid === null ? undefined : byId.get(pid);
      if (pid === null || next === undefined || onPath.has(pid)) {
        root = pid !== null && next === undefined ? pid : at.id;
        break;
      }
      at = next;
    }
    for (const id of path) rootOf.set(id, root);
    return root;
  };
  const groups = new Map<string, Comment[]>();
  for (const story of stories.keys()) groups.set(story, []);
  for (const comment of comments) {
    const root = findRoot(comment);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [comment]);
    else group.push(comment);
  }
  return [...groups].map(([root, group]) => {
    const story = stories.get(root) ?? null;
    const listed = story?.descendants ?? 0;
    if (story !== null && listed > group.length) {
      log.add('missing comments', { severity: 'warning', where: `item ${root}`, message: `The story counts ${listed} comment(s); ${group.length} are in this file.` }, Infinity);
    }
    const thread = makeThread(root, story, repairComments(group, log, (c) => whereOf.get(c) ?? 'whole file'));
    // Top-level comments point at the story, which is the thread itself rather than a comment.
    if (story !== null) for (const c of thread.comments) if (c.parentId === root) c.parentId = null;
    return thread;
  });
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const root = source.value;
  const log = new ProblemLog();
  const lines = new LineIndex(text.replace(/^\ufeff/, ''));
  let threads: Thread[];
  const object = asObject(root);
  const first = Array.isArray(root) ? asObject(root.find((item) => item instanceof JsonObject)) : null;
  if (object !== null && isHnapi(object)) {
    threads = [readHnapi(object, lines, log)];
  } else if (first !== null && isHnapi(first) && Array.isArray(root)) {
    threads = readHnapiList(root, lines, log);
  } else if (object !== null && (object.fields.has('children') || object.fields.has('created_at_i') || object.fields.has('story_id'))) {
    threads = readAlgolia(object, lines, log);
  } else if (object !== null) {
    threads = readFirebase([object], lines, log);
  } else if (Array.isArray(root)) {
    threads = readFirebase(root, lines, log);
  } else {
    return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a Hacker News item (object), an array of items, or an Algolia items document.', problems: [] };
  }
  return finishImport(FORMAT, threads, log, 'No Hacker News story or comment could be read.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '') return 0;
  if (/"created_at_i"\s*:/.test(head) && /"(story_id|parent_id|children)"\s*:/.test(head) && /"author"\s*:/.test(head)) return 0.96;
  // Algolia sorts keys: a deep first reply chain can push "created_at_i" past the head, but it starts like this.
  if (/^\{\s*"author"\s*:\s*(null|"[^"\\]{0,200}")\s*,\s*"children"\s*:\s*\[/.test(head)) return 0.9;
  // node-hnapi / api.hnpwa.com: "time_ago" is theirs alone, with a comment "level" or the story's "comments_count".
  if (/"time_ago"\s*:/.test(head) && /"level"\s*:\s*\d|"comments_count"\s*:/.test(head)) return 0.96;
  // The same without "time_ago" (some clients drop it): nested comments with a level, a user and HTML content.
  if (/"comments"\s*:\s*\[/.test(head) && /"level"\s*:\s*\d/.test(head) && /"user"\s*:/.test(head) && /"content"\s*:/.test(head)) return 0.96;
  const typed = /"type"\s*:\s*"(comment|story|job|poll|pollopt)"/.test(head);
  if (typed && /"time"\s*:\s*\d/.test(head) && /"(by|kids|descendants)"\s*:|"deleted"\s*:\s*true/.test(head)) return 0.96;
  return 0;
}

/** Hacker News JSON (see docs/formats.md). */
export const hnImporter: Importer = { id: FORMAT, label: 'Hacker News items (Firebase, Algolia or node-hnapi JSON)', detect, parse };
