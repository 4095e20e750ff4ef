/**
 * Importer for a WordPress WXR export (a whole site): one thread per post that has comments, read as a stream.
 */
import { fnv1a64 } from '../core/hash.ts';
import type { Comment, ImportResult, Thread } from '../core/model.ts';
import { importFailure } from './importer.ts';
import type { Importer, ParseOptions } from './importer.ts';
import { ProblemLog } from './records.ts';
import { describeComment, readWxrComment } from './wxr-comment.ts';
import { head, logXmlIssue, nodePlace, plainLine } from './xml-common.ts';
import { parseBytesStreaming } from './xml-bytes.ts';
import { childText, ownString, readXml, textChunks } from './xml-stream.ts';
import type { XmlNode } from './xml-stream.ts';

const FORMAT = 'wxr';

/** The post being read: its comments so far (its fields arrive with the item's end). */
interface ItemState {
  comments: Comment[];
  ids: Set<string>;
  notes: number;
}

function describe(node: XmlNode): string {
  if (node.name === 'comment') return describeComment(node);
  return `<${node.qname}> (line ${node.line})`;
}

/** Host of a site URL ("http://example.tld/blog" -> "example.tld"), or null. */
function hostOf(url: string | null): string | null {
  const m = url === null ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim());
  return m === null ? null : m[1]!.toLowerCase();
}

/** The post's id: wp:post_id, else the ?p=N of its link, else a hash of link and title. */
function postKey(item: XmlNode): string {
  const postId = childText(item, 'post_id');
  if (postId !== null && postId !== '') return postId;
  const link = childText(item, 'link') ?? '';
  const p = /[?&]p=(\d+)/.exec(link);
  return p !== null ? p[1]! : `link-${fnv1a64(`${link}\n${childText(item, 'title') ?? ''}`)}`;
}

/** Plain text of the post body (`content:encoded`). */
function articleText(item: XmlNode): string {
  const content = item.children.find((c) => c.qname === 'content:encoded' || (c.name === 'encoded' && !c.qname.startsWith('excerpt')));
  const text = content?.text.trim() ?? '';
  return text === '' ? '' : plainParagraphs(text);
}

/** Article text: paragraphs by blank lines, tags dropped. */
function plainParagraphs(html: string): string {
  return html
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((p) => plainLine(p))
    .filter((p) => p !== '')
    .join('\n\n');
}

/** Read a WXR export given in pieces. Never throws on bad input. */
function readWxr(chunks: Iterable<string>): ImportResult {
  const log = new ProblemLog();
  const threads: Thread[] = [];
  const threadIds = new Set<string>();
  /** Comment ids seen so far, with the thread they went to (ids are unique per site). */
  const commentThread = new Map<string, string>();
  /** One string per author name. */
  const names = new Map<string, string>();
  let site: string | null = null;
  let item: ItemState | null = null;
  let items = 0;
  let notes = 0;
  let root: string | null = null;

  const finishItem = (node: XmlNode, state: ItemState): void => {
    items++;
    notes += state.notes;
    if (state.comments.length === 0) return;
    // The same id as the REST and saved-page importers give the post: wp:<host>:<post id>.
    const host = site ?? hostOf(childText(node, 'link'));
    let id = ownString(`wp:${host === null ? '' : `${host}:`}${postKey(node)}`);
    if (threadIds.has(id)) {
      const base = id;
      for (let k = 2; threadIds.has(id); k++) id = `${base}#${k}`;
      log.add('duplicate post', { severity: 'warning', where: nodePlace(node), message: `Post ${base} appears twice; the second one's thread gets the id "${id}".` }, node.line);
    }
    threadIds.add(id);
    const title = plainLine(childText(node, 'title') ?? '');
    const link = childText(node, 'link');
    threads.push({
      id,
      title: title === '' ? `Post ${postKey(node)}` : title,
      url: link === null || link === '' ? null : link,
      articleText: articleText(node),
      sourceFormat: FORMAT,
      comments: state.comments,
    });
    for (const c of state.comments) commentThread.set(c.id, id);
  };

  readXml(chunks, {
    isRecord: (name, enclosing) =>
      (enclosing === null && (name === 'item' || name === 'base_site_url' || name === 'link' || name === 'comment')) || (enclosing === 'item' && name === 'comment'),
    onRoot: (node) => (root = node.name),
    onRecordStart: (node) => {
      if (node.name === 'item') item = { comments: [], ids: new Set(), notes: 0 };
    },
    onRecordEnd: (node) => {
      if (node.name === 'base_site_url') site = hostOf(node.text) ?? site;
      else if (node.name === 'link') site ??= hostOf(node.text);
      else if (node.name === 'item' && item !== null) {
        finishItem(node, item);
        item = null;
      } else if (node.name === 'comment' && item === null) {
        log.add('comment outside a post', { severity: 'warning', where: nodePlace(node), message: `A <wp:comment> (comment_id ${childText(node, 'comment_id') ?? '?'}) outside any <item>: no post to put it in; skipped.` }, node.line);
      } else if (node.name === 'comment' && item !== null) {
        const rawId = childText(node, 'comment_id') ?? '';
        if (item.ids.has(rawId)) {
          log.add('duplicate id', { severity: 'warning', where: nodePlace(node), message: `comment_id ${rawId} appears twice in this post; the later one was skipped.` }, node.line);
          return;
        }
        const entry = readWxrComment(node, log, names);
        if (entry === null) return;
        if (entry.type === 'note') {
          item.notes++;
          return;
        }
        const id = entry.comment.id;
        const other = commentThread.get(id);
        if (other !== undefined) {
          log.add('duplicate id', { severity: 'warning', where: nodePlace(node), message: `comment_id ${id} was already used in ${other}; kept here too, since ids only need to be unique per thread.` }, node.line);
        }
        item.ids.add(id);
        item.comments.push(entry.comment);
      }
    },
    onUnclosed: (node) => {
      if (node.name === 'item' && item !== null) {
        log.add('cut off', { severity: 'warning', where: nodePlace(node), message: `${describe(node)}: the file ends inside this post; its complete comments are kept.` }, node.line);
        finishItem(node, item);
        item = null;
      } else if (node.name === 'comment') {
        log.add('cut off', { severity: 'warning', where: nodePlace(node), message: `${describe(node)}: the file ends inside this comment; skipped.` }, node.line);
      }
    },
    onIssue: (issue) => logXmlIssue(log, issue, describe),
  });
  if (notes > 0) {
    log.add('notes', { severity: 'warning', where: 'whole file', message: `${notes} editorial note(s) (comment_type "note") left out: notes are not reader comments.` }, Infinity);
  }
  if (root !== null && root !== 'rss') {
    log.add('root', { severity: 'warning', where: 'line 1', message: `The root element is <${root}>, not <rss>; read as a WordPress export anyway.` }, 0);
  }
  if (threads.length === 0) {
    return importFailure(FORMAT, 'whole file', `No comments found: the export has ${items} post(s), none with a readable <wp:comment>.`, log.finish());
  }
  return { ok: true, format: FORMAT, threads, problems: log.finish() };
}

/** Read a WXR export from text. Never throws on bad input. */
export function parseWxr(text: string, _fileName?: string, options: ParseOptions = {}): ImportResult {
  return readWxr(textChunks(text, options.onProgress));
}

/** Confident when an <rss> root declares a wordpress.org/export namespace near the start. */
function detect(text: string): number {
  const start = head(text);
  const ns = /xmlns:[\w.-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\//.test(start);
  const rss = /<rss[\s>]/.test(start);
  if (ns && rss) return 0.95;
  if (ns || (rss && /<wp:(?:comment|post_id|wxr_version)>/.test(start))) return 0.7;
  return 0;
}

/** WordPress WXR export (see docs/formats.md). */
export const wxrImporter: Importer = {
  id: FORMAT,
  label: 'WordPress export (WXR)',
  detect,
  parse: parseWxr,
  parseBytes: (bytes, _fileName, options = {}) => parseBytesStreaming(bytes, FORMAT, readWxr, (text) => parseWxr(text), options.onProgress),
};
