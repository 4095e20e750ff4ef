/**
 * Importer for the WordPress REST API `/wp/v2/comments` response: a JSON array of comments (or one comment object).
 */
import type { Comment, CommentKind, CommentStatus, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { JsonObject, LineIndex } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import { field, finishImport, htmlBody, idText, isoTime, jsonHead, makeComment, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';
import { htmlToText } from './sanitize.ts';

const FORMAT = 'wp-rest';

const STATUSES: Record<string, CommentStatus> = {
  approved: 'published', approve: 'published', publish: 'published', '1': 'published',
  hold: 'pending', unapproved: 'pending', '0': 'pending',
  spam: 'spam',
  trash: 'removed', 'post-trashed': 'removed',
};

const KINDS: Record<string, CommentKind> = { '': 'comment', comment: 'comment', pingback: 'pingback', trackback: 'trackback' };

/** Site address and post address from a comment's `link` ("https://site/post/comment-page-1/#comment-5"). */
function linkParts(link: string | null): { host: string | null; postUrl: string | null } {
  if (link === null) return { host: null, postUrl: null };
  const m = /^(https?:\/\/([^/?#\s]+)[^#\s]*?)(?:comment-page-\d+\/?)?(?:#comment-\d+)?$/i.exec(link.trim());
  return m === null ? { host: null, postUrl: null } : { host: m[2]!.toLowerCase(), postUrl: m[1]! };
}

interface Entry {
  comment: Comment;
  post: string;
  link: string | null;
  time: number;
  index: number;
  where: string;
}

function readItem(item: JsonObject, index: number, where: string, log: ProblemLog, zone: { gmt: boolean }): Entry | null {
  const id = idText(field(item, 'id'));
  if (id === null) {
    log.add('missing id', { severity: 'warning', where, message: 'No "id"; skipped.' }, index);
    return null;
  }
  const parent = idText(field(item, 'parent'));
  const content = field(item, 'content');
  const html = typeof content === 'string' ? content : (stringField(item, 'content', 'rendered') ?? stringField(item, 'content', 'raw') ?? '');
  let time = isoTime(field(item, 'date_gmt'));
  if (time.createdAt !== null) zone.gmt = true;
  else {
    time = isoTime(field(item, 'date'));
    if (time.createdAt !== null && time.zoneless) {
      log.add('local time', { severity: 'warning', where, message: `No "date_gmt"; the site-local "date" ${JSON.stringify(time.createdAtText)} was read as UTC and may be off by the site's offset.` }, index);
    }
  }
  if (time.createdAtText !== null && time.createdAt === null) {
    log.add('unreadable time', { severity: 'warning', where, message: `Time ${JSON.stringify(time.createdAtText)} is not ISO-8601; left empty.` }, index);
  }
  const statusText = (idText(field(item, 'status')) ?? 'approved').toLowerCase();
  const status = STATUSES[statusText];
  if (status === undefined) log.add('unknown status', { severity: 'warning', where, message: `Unknown status ${JSON.stringify(statusText)}; read as published.` }, index);
  const typeText = (stringField(item, 'type') ?? '').toLowerCase();
  const kind = KINDS[typeText];
  if (kind === undefined) log.add('unknown type', { severity: 'warning', where, message: `Unknown type ${JSON.stringify(typeText)}; read as a comment.` }, index);
  const comment = makeComment({
    id,
    parentId: parent === null || parent === '0' ? null : parent,
    // WordPress stores the name HTML-escaped ("O&#8217;Brien"): decode it once.
    author: htmlToText(stringField(item, 'author_name') ?? ''),
    createdAt: time.createdAt,
    createdAtText: time.createdAtText,
    ...htmlBody(html),
    kind: kind ?? 'comment',
    status: status ?? 'published',
  });
  const ms = time.createdAt === null ? Infinity : Date.parse(time.createdAt);
  return { comment, post: idText(field(item, 'post')) ?? '', link: stringField(item, 'link'), time: ms, index, where };
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const root = source.value;
  const items: JsonValue[] | null = Array.isArray(root) ? root : root instanceof JsonObject && root.fields.has('id') ? [root] : null;
  if (items === null) return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a JSON array of WordPress comments (or one comment object).', problems: [] };
  const log = new ProblemLog();
  const lines = new LineIndex(text.replace(/^\ufeff/, ''));
  const zone = { gmt: false };
  const entries: Entry[] = [];
  items.forEach((item, k) => {
    if (!(item instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: `item ${k + 1}`, message: 'Not an object; skipped.' }, k);
      return;
    }
    const entry = readItem(item, k, `item ${k + 1} (line ${lines.lineOf(item.offset)})`, log, zone);
    if (entry !== null) entries.push(entry);
  });
  if (zone.gmt) log.add('time zone', { severity: 'warning', where: 'whole file', message: 'WordPress writes "date_gmt" without a zone; it was read as UTC.' }, Infinity);
  // The API lists newest first: put every thread in chronological order (ties keep file order).
  entries.sort((a, b) => a.time - b.time || a.index - b.index);
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.post);
    if (group === undefined) groups.set(entry.post, [entry]);
    else group.push(entry);
  }
  const threads: Thread[] = [];
  for (const [post, group] of groups) {
    const whereOf = new Map(group.map((e) => [e.comment, e.where]));
    const { host, postUrl } = linkParts(group.find((e) => e.link !== null)?.link ?? null);
    const postName = post === '' ? 'unknown post' : `post ${post}`;
    threads.push({
      id: `wp:${host === null ? '' : `${host}:`}${post === '' ? 'unknown' : post}`,
      title: `WordPress ${postName}${host === null ? '' : ` on ${host}`}`,
      url: postUrl,
      articleText: '',
      sourceFormat: FORMAT,
      comments: repairComments(group.map((e) => e.comment), log, (c) => whereOf.get(c) ?? 'whole file'),
    });
  }
  return finishImport(FORMAT, threads, log, 'No comment could be read.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '') return 0;
  const rendered = /"content"\s*:\s*\{\s*"(rendered|raw)"\s*:/.test(head);
  const wpKeys = ['"author_name"', '"date_gmt"', '"post"', '"parent"'].filter((k) => head.includes(k)).length;
  if (rendered && wpKeys >= 2) return 0.96;
  return rendered || wpKeys >= 3 ? 0.6 : 0;
}

/** WordPress REST comments (see docs/formats.md). */
export const wpRestImporter: Importer = { id: FORMAT, label: 'WordPress REST API comments (JSON)', detect, parse };
