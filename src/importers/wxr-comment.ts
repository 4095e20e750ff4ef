/**
 * One `<wp:comment>` of a WordPress WXR export to a core comment: status, kind, GMT time and the stored HTML body.
 */
import type { Comment, CommentKind, CommentStatus } from '../core/model.ts';
import type { ProblemLog } from './records.ts';
import { htmlBody, isoTime, nodePlace, plainLine, pooled } from './xml-common.ts';
import { childText, ownString } from './xml-stream.ts';
import type { XmlNode } from './xml-stream.ts';

/** A comment read from WXR, or an editorial note (not a reader comment), or nothing (skipped, logged). */
export type WxrEntry = { type: 'comment'; comment: Comment } | { type: 'note'; id: string } | null;

const STATUS: Record<string, CommentStatus> = { '1': 'published', approve: 'published', approved: 'published', '0': 'pending', hold: 'pending', trash: 'deleted', 'post-trashed': 'deleted', spam: 'spam' };
const KIND: Record<string, CommentKind> = { '': 'comment', comment: 'comment', pingback: 'pingback', trackback: 'trackback' };

/** Block-level tags after which WordPress does not wrap a paragraph. */
const STARTS_BLOCK = /^<(?:p|div|blockquote|ul|ol|li|pre|h[1-6]|table|figure|hr)[\s>/]/i;

/**
 * WXR stores the comment source before `wpautop`: blank lines separate paragraphs and single line breaks are `<br>`.
 * This wraps such text in `<p>`/`<br>` the way WordPress renders it (a simplified `wpautop`).
 */
export function autoParagraphs(source: string): string {
  const text = source.replace(/\r\n?/g, '\n').trim();
  if (!text.includes('\n')) return text;
  // Loops rather than map callbacks: this runs for every comment of a large export.
  const chunks = text.split(/\n[ \t]*\n\s*/);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    if (!STARTS_BLOCK.test(chunk)) chunks[i] = `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`;
  }
  return chunks.join('\n');
}

/** What `htmlToText(autoParagraphs(source))` gives for a source without markup or entities, computed directly. */
export function plainParagraphs(source: string): string {
  const paragraphs: string[] = [];
  for (const paragraph of source.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n\s*/)) {
    const lines: string[] = [];
    for (const line of paragraph.split('\n')) {
      const clean = line.replace(/[ \t\f]+/g, ' ').trim();
      if (clean !== '') lines.push(clean);
    }
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
  }
  return paragraphs.join('\n\n');
}

/** Describe a comment node for messages: "comment_id 12 (line 40)". */
export function describeComment(node: XmlNode): string {
  const id = childText(node, 'comment_id');
  return `${id === null || id === '' ? 'comment' : `comment_id ${id}`} (line ${node.line})`;
}

/** A usable WXR date ("2014-01-14 17:32:12"; WordPress writes "0000-00-00 00:00:00" for none). */
function dateText(node: XmlNode, name: string): string | null {
  const value = childText(node, name);
  return value === null || value === '' || value.startsWith('0000-00-00') ? null : value;
}

function readTime(node: XmlNode, log: ProblemLog): { createdAt: string | null; createdAtText: string | null } {
  const gmt = dateText(node, 'comment_date_gmt');
  if (gmt !== null) {
    const iso = isoTime(gmt);
    if (iso !== null) return { createdAt: iso, createdAtText: gmt };
    log.add('bad time', { severity: 'warning', where: nodePlace(node), message: `${describeComment(node)}: comment_date_gmt ${JSON.stringify(gmt)} is not a date; trying comment_date.` }, node.line);
  }
  const local = dateText(node, 'comment_date');
  if (local === null) return { createdAt: null, createdAtText: gmt };
  const iso = isoTime(local);
  const message =
    iso === null
      ? `${describeComment(node)}: comment_date ${JSON.stringify(local)} is not a date; left empty.`
      : `${describeComment(node)}: no comment_date_gmt, so the site-local comment_date was read as UTC (its time zone is unknown).`;
  log.add(iso === null ? 'bad time' : 'local time', { severity: 'warning', where: nodePlace(node), message }, node.line);
  return { createdAt: iso, createdAtText: local };
}

/** Read one `<wp:comment>`; `names` (when given) holds one string per author name met so far. */
export function readWxrComment(node: XmlNode, log: ProblemLog, names?: Map<string, string>): WxrEntry {
  const id = childText(node, 'comment_id');
  if (id === null || id === '') {
    log.add('missing id', { severity: 'warning', where: nodePlace(node), message: 'A comment without comment_id was skipped.' }, node.line);
    return null;
  }
  const type = (childText(node, 'comment_type') ?? '').toLowerCase();
  if (type === 'note') return { type: 'note', id };
  let kind = KIND[type];
  if (kind === undefined) {
    kind = 'comment';
    log.add('unknown type', { severity: 'warning', where: nodePlace(node), message: `${describeComment(node)}: comment_type ${JSON.stringify(type)} is not one WordPress core uses; read as a comment.` }, node.line);
  }
  const approved = (childText(node, 'comment_approved') ?? '').toLowerCase();
  let status = STATUS[approved];
  if (status === undefined) {
    status = 'pending';
    log.add('unknown status', { severity: 'warning', where: nodePlace(node), message: `${describeComment(node)}: comment_approved ${JSON.stringify(approved)} is not 1, 0, trash, post-trashed or spam; read as pending.` }, node.line);
  }
  const parent = childText(node, 'comment_parent');
  const author = plainLine(childText(node, 'comment_author') ?? '');
  const contentNode = node.children.find((c) => c.name === 'comment_content');
  const source = contentNode?.text ?? '';
  const body = /[<&]/.test(source) ? htmlBody(autoParagraphs(source)) : { text: ownString(plainParagraphs(source)), html: null };
  return {
    type: 'comment',
    comment: {
      id,
      parentId: parent === null || parent === '' || parent === '0' || parent === id ? null : parent,
      author: names === undefined ? author : pooled(names, author),
      ...readTime(node, log),
      text: body.text,
      html: body.html,
      kind,
      status,
    },
  };
}
