/**
 * Importer for YouTube Data API `commentThreads.list` responses (top-level comments with one level of replies) and
 * `comments.list` responses (the replies of one comment).
 */
import type { Comment, CommentStatus, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { LineIndex } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import { asArray, asObject, field, finishImport, idText, isoTime, jsonHead, makeComment, numberValue, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';
import { htmlToText, sanitizeHtml } from './sanitize.ts';

const FORMAT = 'youtube';

const MODERATION: Record<string, CommentStatus> = { published: 'published', heldForReview: 'pending', likelySpam: 'spam', rejected: 'removed' };

interface Context {
  log: ProblemLog;
  lines: LineIndex;
  order: number;
}

function readComment(value: JsonValue | undefined, parentId: string | null, fallbackWhere: string, ctx: Context): { comment: Comment; where: string; videoId: string | null } | null {
  const object = asObject(value);
  const where = object === null ? fallbackWhere : `comment ${idText(field(object, 'id')) ?? '?'} (line ${ctx.lines.lineOf(object.offset)})`;
  const snippet = asObject(field(object, 'snippet'));
  const id = idText(field(object, 'id'));
  if (object === null || snippet === null || id === null) {
    ctx.log.add('bad comment', { severity: 'warning', where, message: 'Not a comment with "id" and "snippet"; skipped.' }, ctx.order);
    return null;
  }
  const display = stringField(snippet, 'textDisplay');
  const original = stringField(snippet, 'textOriginal');
  const time = isoTime(field(snippet, 'publishedAt'));
  const moderation = stringField(snippet, 'moderationStatus');
  const comment = makeComment({
    id,
    parentId,
    author: stringField(snippet, 'authorDisplayName')?.trim() ?? '',
    createdAt: time.createdAt,
    createdAtText: time.createdAtText,
    text: original ?? (display === null ? '' : htmlToText(display)),
    html: display === null || display.trim() === '' ? null : sanitizeHtml(display) || null,
    status: (moderation === null ? undefined : MODERATION[moderation]) ?? 'published',
  });
  return { comment, where, videoId: stringField(snippet, 'videoId') };
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const root = source.value;
  const items = Array.isArray(root) ? root : asArray(field(asObject(root), 'items'));
  if (items === null) return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a YouTube commentThreads or comments response: an object with an "items" array.', problems: [] };
  const ctx: Context = { log: new ProblemLog(), lines: new LineIndex(text.replace(/^\ufeff/, '')), order: 0 };
  const groups = new Map<string, { comments: Comment[]; whereOf: Map<Comment, string> }>();
  const add = (videoId: string, comment: Comment, where: string): void => {
    let group = groups.get(videoId);
    if (group === undefined) groups.set(videoId, (group = { comments: [], whereOf: new Map() }));
    group.comments.push(comment);
    group.whereOf.set(comment, where);
  };
  items.forEach((item, k) => {
    ctx.order = k;
    const thread = asObject(item);
    const snippet = asObject(field(thread, 'snippet'));
    const threadWhere = thread === null ? `item ${k + 1}` : `thread ${idText(field(thread, 'id')) ?? '?'} (line ${ctx.lines.lineOf(thread.offset)})`;
    if (stringField(thread, 'kind') === 'youtube#comment') {
      // A comments.list response (the replies of one comment): flat comments that name their parent.
      const read = readComment(item, idText(field(snippet, 'parentId')), threadWhere, ctx);
      if (read !== null) add(read.videoId ?? 'unknown', read.comment, read.where);
      return;
    }
    const top = readComment(field(snippet, 'topLevelComment'), null, threadWhere, ctx);
    if (top === null) return;
    const videoId = stringField(snippet, 'videoId') ?? top.videoId ?? 'unknown';
    add(videoId, top.comment, top.where);
    const replies = asArray(field(thread, 'replies', 'comments')) ?? [];
    let present = 0;
    for (const reply of replies) {
      const read = readComment(reply, top.comment.id, threadWhere, ctx);
      if (read === null) continue;
      present++;
      add(videoId, read.comment, read.where);
    }
    const total = numberValue(field(snippet, 'totalReplyCount')) ?? 0;
    if (total > present) {
      ctx.log.add('partial replies', { severity: 'warning', where: `comment ${top.comment.id}`, message: `${total - present} of ${total} replies not in this file (fetch them with comments.list?parentId=${top.comment.id}).` }, k);
    }
  });
  if (field(asObject(root), 'nextPageToken') !== undefined) {
    ctx.log.add('next page', { severity: 'warning', where: 'nextPageToken', message: 'The response has a next page; its comment threads are not in this file.' }, Infinity);
  }
  const threads: Thread[] = [...groups].map(([videoId, group]) => ({
    id: `youtube:${videoId}`,
    title: `YouTube video ${videoId}`,
    url: videoId === 'unknown' ? null : `https://www.youtube.com/watch?v=${videoId}`,
    articleText: '',
    sourceFormat: FORMAT,
    comments: repairComments(group.comments, ctx.log, (c) => group.whereOf.get(c) ?? 'whole file'),
  }));
  return finishImport(FORMAT, threads, ctx.log, 'No YouTube comment could be read.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '') return 0;
  if (/"kind"\s*:\s*"youtube#comment(Thread)?(ListResponse)?"/.test(head)) return 0.98;
  return /"topLevelComment"\s*:/.test(head) ? 0.95 : 0;
}

/** YouTube commentThreads JSON (see docs/formats.md). */
export const youtubeImporter: Importer = { id: FORMAT, label: 'YouTube commentThreads JSON', detect, parse };
