/**
 * Importer for a Discourse topic (`/t/<id>.json`): posts whose replies point at post numbers, post 1 being the article.
 */
import type { Comment, CommentStatus, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { JsonObject, LineIndex } from './json-text.ts';
import { asArray, asObject, field, finishImport, htmlBody, idText, isoTime, jsonHead, makeComment, numberValue, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';

const FORMAT = 'discourse';
/** post_type 2 (moderator action) and 3 (small action, e.g. "pinned") are events, not posts a reader wrote. */
const ACTION_TYPES = new Set([2, 3]);

function statusOf(post: JsonObject): CommentStatus {
  const deletedAt = stringField(post, 'deleted_at');
  const userDeleted = field(post, 'user_deleted') === true;
  if (deletedAt !== null && deletedAt !== '') return userDeleted ? 'deleted' : 'removed';
  if (userDeleted) return 'deleted';
  if (field(post, 'hidden') === true) return 'removed';
  return 'published';
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const topic = asObject(source.value);
  const posts = asArray(field(topic, 'post_stream', 'posts'));
  if (topic === null || posts === null) return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a Discourse topic: an object with "post_stream": {"posts": [...]}.', problems: [] };
  const log = new ProblemLog();
  const lines = new LineIndex(text.replace(/^\ufeff/, ''));
  const read: { comment: Comment; number: string | null; replyTo: string | null; where: string }[] = [];
  let articleText = '';
  let opening: string | null = null;
  posts.forEach((post, k) => {
    if (!(post instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: `post ${k + 1}`, message: 'Not an object; skipped.' }, k);
      return;
    }
    const number = idText(field(post, 'post_number'));
    const id = idText(field(post, 'id'));
    const where = `post #${number ?? '?'} (id ${id ?? '?'}, line ${lines.lineOf(post.offset)})`;
    const cooked = stringField(post, 'cooked') ?? '';
    const type = numberValue(field(post, 'post_type')) ?? 1;
    if (ACTION_TYPES.has(type)) {
      const action = stringField(post, 'action_code') ?? htmlBody(cooked).text;
      log.add('staff action', { severity: 'warning', where, message: `A staff action post (post_type ${type}), not a comment: ${JSON.stringify(action.slice(0, 80))}; left out.` }, k);
      return;
    }
    if (number === '1') {
      opening = id;
      articleText = htmlBody(cooked).text;
      return;
    }
    if (id === null) {
      log.add('missing id', { severity: 'warning', where, message: 'No "id"; skipped.' }, k);
      return;
    }
    const time = isoTime(field(post, 'created_at'));
    if (time.createdAtText !== null && time.createdAt === null) log.add('unreadable time', { severity: 'warning', where, message: `Time ${JSON.stringify(time.createdAtText)} is not ISO-8601; left empty.` }, k);
    const comment = makeComment({
      id,
      author: (stringField(post, 'name')?.trim() || stringField(post, 'username')?.trim()) ?? '',
      createdAt: time.createdAt,
      createdAtText: time.createdAtText,
      ...htmlBody(cooked),
      status: statusOf(post),
    });
    read.push({ comment, number, replyTo: idText(field(post, 'reply_to_post_number')), where });
  });
  const idOfNumber = new Map<string, string>();
  for (const r of read) if (r.number !== null && !idOfNumber.has(r.number)) idOfNumber.set(r.number, r.comment.id);
  for (const r of read) {
    if (r.replyTo === null || r.replyTo === '1') continue;
    const parent = idOfNumber.get(r.replyTo);
    // An unresolved number stays visible as an orphan reference ("post #N") rather than silently becoming top level.
    r.comment.parentId = parent ?? `post #${r.replyTo}`;
    if (parent === undefined) log.add('missing parent', { severity: 'warning', where: r.where, message: `Replies to post #${r.replyTo}, which is not in this file; shown as an orphan.` }, Infinity);
  }
  const streamLength = asArray(field(topic, 'post_stream', 'stream'))?.length ?? 0;
  if (streamLength > posts.length) log.add('partial topic', { severity: 'warning', where: 'post_stream.stream', message: `The topic lists ${streamLength} posts; ${posts.length} are in this file.` }, Infinity);
  const topicId = idText(field(topic, 'id'));
  const slug = stringField(topic, 'slug');
  const whereOf = new Map(read.map((r) => [r.comment, r.where]));
  const thread: Thread = {
    id: `discourse:${topicId ?? opening ?? 'unknown'}`,
    title: (stringField(topic, 'title') ?? stringField(topic, 'fancy_title') ?? slug)?.trim() || `Discourse topic ${topicId ?? '(unknown)'}`,
    url: null,
    articleText,
    sourceFormat: FORMAT,
    comments: repairComments(read.map((r) => r.comment), log, (c) => whereOf.get(c) ?? 'whole file'),
  };
  return finishImport(FORMAT, [thread], log, 'No Discourse post could be read.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '') return 0;
  return /"post_stream"\s*:/.test(head) ? 0.97 : 0;
}

/** Discourse topic JSON (see docs/formats.md). */
export const discourseImporter: Importer = { id: FORMAT, label: 'Discourse topic JSON', detect, parse };
