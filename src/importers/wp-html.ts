/**
 * Importer for a WordPress page saved from the browser: the comment list read with an HTML5 parser (parse5).
 */
import { parse as parseHtml } from 'parse5';
import { fnv1a64 } from '../core/hash.ts';
import type { Comment, CommentKind, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { finishImport, htmlBody, makeComment, repairComments } from './json-source.ts';
import { ProblemLog } from './records.ts';
import { parseTimestamp } from './timestamp.ts';
import { attr, descendants, first, hasClass, htmlOf, isElement, lineOf, textOf } from './wp-html-dom.ts';
import { embeddedListConfidence, frontMatter, markdownHeading, proseOutside } from './wp-html-text.ts';
import type { Element, Node } from './wp-html-dom.ts';

const FORMAT = 'wp-html';
const COMMENT_ID = /^(?:div-)?comment-(\d+)$/;
/** Words themes print after the author's name ("Ann says:"), in a few languages. */
const SAYS = /\s*\b(says|said|sagt|schreibt|meint|dit|dice|scrive|zegt|skriver|pisze)\s*:?\s*$/i;
const BODY_CLASSES = ['comment-content', 'comment-text', 'contenttext', 'comment-body-text', 'comment-entry'];
/** Lists that hold comments or linkbacks. */
const LIST_CLASSES = ['comment-list', 'commentlist', 'pinglist', 'ping-list', 'pingbacklist', 'trackbacklist'];
/** Where themes put the post's own text. */
const ARTICLE_CLASSES = ['entry-content', 'post-content', 'article-content'];
const META_CLASSES = ['comment-metadata', 'comment-meta', 'commentmetadata', 'comment-date', 'comment-time', 'comment-author'];
/** Parts of a comment's markup that are controls, not content. */
const CHROME_CLASSES = ['reply', 'comment-reply-link', 'edit-link', 'comment-edit-link', 'says', 'avatar', 'screen-reader-text'];

const byClass = (name: string) => (el: Element): boolean => hasClass(el, name);
const isChrome = (el: Element): boolean => CHROME_CLASSES.some((c) => hasClass(el, c)) || el.tagName === 'img';

/** True for an `li` that is a comment: `id="comment-N"`, or class comment / pingback / trackback. */
function isCommentItem(el: Element): boolean {
  if (el.tagName !== 'li') return false;
  const id = attr(el, 'id');
  return (id !== null && /^comment-\d+$/.test(id)) || hasClass(el, 'comment') || hasClass(el, 'pingback') || hasClass(el, 'trackback');
}

/** Stops a search at nested comments and reply lists, so it stays within one comment's own markup. */
const ownSkip = (el: Element): boolean => isCommentItem(el) || hasClass(el, 'children');

function kindOf(li: Element): CommentKind {
  if (hasClass(li, 'pingback')) return 'pingback';
  if (hasClass(li, 'trackback')) return 'trackback';
  return 'comment';
}

function idOf(li: Element): string | null {
  const own = COMMENT_ID.exec(attr(li, 'id') ?? '');
  if (own !== null) return own[1]!;
  for (const el of descendants(li, ownSkip)) {
    const m = COMMENT_ID.exec(attr(el, 'id') ?? '');
    if (m !== null) return m[1]!;
    const data = attr(el, 'data-commentid');
    if (data !== null && /^\d+$/.test(data)) return data;
  }
  return null;
}

function authorOf(li: Element, kind: CommentKind): { name: string; el: Element | null } {
  const inAuthor = (el: Element): boolean => ['strong', 'b', 'a', 'span'].includes(el.tagName) && hasAncestorClass(el, li, 'comment-author');
  const tests = [byClass('fn'), (el: Element) => el.tagName === 'cite', inAuthor, byClass('comment-author')];
  for (const test of tests) {
    const el = first(li, test, ownSkip);
    if (el === null) continue;
    const name = textOf(el, isChrome).replace(SAYS, '').trim();
    if (name !== '') return { name, el };
  }
  if (kind !== 'comment') {
    const link = first(li, (el) => el.tagName === 'a' && !isChrome(el), ownSkip);
    if (link !== null) return { name: textOf(link), el: link };
  }
  return { name: '', el: null };
}

function hasAncestorClass(el: Element, stop: Element, name: string): boolean {
  for (let at = el.parentNode; at !== null && at !== stop && isElement(at as Node); at = (at as Element).parentNode) {
    if (hasClass(at as Element, name)) return true;
  }
  return false;
}

function timeOf(li: Element, authorEl: Element | null): { createdAt: string | null; createdAtText: string | null } {
  const time = first(li, (el) => el.tagName === 'time', ownSkip);
  const datetime = time === null ? null : attr(time, 'datetime');
  if (datetime !== null && datetime.trim() !== '') {
    const parsed = parseTimestamp(datetime);
    if (parsed.iso !== null && !parsed.assumedUtc) return { createdAt: parsed.iso, createdAtText: datetime.trim() };
  }
  if (time !== null && textOf(time) !== '') return { createdAt: null, createdAtText: textOf(time) };
  for (const name of META_CLASSES) {
    const box = first(li, byClass(name), ownSkip);
    if (box === null) continue;
    const text = textOf(box, (el) => el === authorEl || isChrome(el) || hasClass(el, 'fn') || el.tagName === 'cite')
      .replace(/^\s*(says|sagt|schreibt)\s*:?\s*/i, '')
      .trim();
    if (/\d/.test(text) && text.length <= 80) return { createdAt: null, createdAtText: text };
  }
  return { createdAt: null, createdAtText: null };
}

function bodyOf(li: Element): string {
  for (const name of BODY_CLASSES) {
    const box = first(li, byClass(name), ownSkip);
    if (box !== null) return htmlOf(box, false, isChrome);
  }
  const meta = (el: Element): boolean => ownSkip(el) || META_CLASSES.some((c) => hasClass(el, c)) || isChrome(el);
  return descendants(li, meta)
    .filter((el) => el.tagName === 'p')
    .map((p) => htmlOf(p, true, isChrome))
    .join('\n');
}

/** The nearest comment `li` that `li` replies to, judged from the markup around it. */
function structuralParent(li: Element): Element | null {
  for (let at = li.parentNode; at !== null && isElement(at as Node); at = (at as Element).parentNode) {
    const el = at as Element;
    if (isCommentItem(el)) return el;
    if (hasClass(el, 'children')) {
      // WordPress.com themes close the parent's </li> before <ul class="children">: the list follows the parent.
      const siblings = (el.parentNode?.childNodes ?? []).filter(isElement);
      const before = siblings.slice(0, siblings.indexOf(el)).reverse().find((s) => s.tagName !== 'ul' && s.tagName !== 'ol');
      if (before !== undefined && isCommentItem(before)) return before;
    }
    if (hasClass(el, 'comment-list') || hasClass(el, 'commentlist')) return null;
  }
  return null;
}

function depthOf(li: Element): number | null {
  const m = /(?:^|\s)depth-(\d+)(?:\s|$)/.exec(attr(li, 'class') ?? '');
  return m === null ? null : Number(m[1]);
}

function metaContent(doc: Node, key: string): string | null {
  const el = first(doc, (e) => e.tagName === 'meta' && (attr(e, 'property') === key || attr(e, 'name') === key));
  const value = el === null ? null : attr(el, 'content')?.trim();
  return value || null;
}

function pageInfo(doc: Node): { title: string | null; url: string | null; article: string; postId: string | null } {
  const h1 = first(doc, (e) => e.tagName === 'h1' && hasClass(e, 'entry-title'));
  const titleEl = first(doc, (e) => e.tagName === 'title');
  const title = metaContent(doc, 'og:title') ?? (h1 === null ? null : textOf(h1) || null) ?? (titleEl === null ? null : textOf(titleEl) || null);
  const canonical = first(doc, (e) => e.tagName === 'link' && (attr(e, 'rel') ?? '').split(/\s+/).includes('canonical'));
  const url = (canonical === null ? null : attr(canonical, 'href')?.trim() || null) ?? metaContent(doc, 'og:url');
  const entry = ARTICLE_CLASSES.map((name) => first(doc, byClass(name), notArticle)).find((e) => e !== null) ?? null;
  const body = first(doc, (e) => e.tagName === 'body');
  const postClass = /(?:^|\s)postid-(\d+)(?:\s|$)/.exec(body === null ? '' : (attr(body, 'class') ?? ''));
  const shortlink = first(doc, (e) => e.tagName === 'link' && attr(e, 'rel') === 'shortlink');
  const postId = postClass?.[1] ?? /[?&]p=(\d+)/.exec(shortlink === null ? '' : (attr(shortlink, 'href') ?? ''))?.[1] ?? null;
  return { title, url, article: entry === null ? '' : htmlBody(htmlOf(entry, false, notArticle)).text, postId };
}

/** Parts of a page that are not the article: comments, comment lists and areas, the reply form, scripts. */
function notArticle(e: Element): boolean {
  return isCommentItem(e) || attr(e, 'id') === 'comments' || hasClass(e, 'comment-list') || hasClass(e, 'commentlist') || e.tagName === 'script' || e.tagName === 'style';
}

/** What a text file around an embedded list gives: title from front matter or the first heading, url, prose. */
function surroundings(doc: Node, fields: Map<string, string>): { title: string | null; url: string | null; prose: string } {
  const skip = (e: Element): boolean => notArticle(e) || LIST_CLASSES.some((c) => hasClass(e, c)) || attr(e, 'id') === 'respond' || e.tagName === 'form';
  const prose = proseOutside(doc, skip);
  const heading = first(doc, (e) => /^h[1-6]$/.test(e.tagName), skip);
  const title = fields.get('title')?.trim() || markdownHeading(prose) || (heading === null ? null : textOf(heading) || null);
  const url = [fields.get('url'), fields.get('canonical_url'), fields.get('canonical')].find((u) => u !== undefined && /^https?:\/\//i.test(u)) ?? null;
  return { title, url, prose };
}

/** Comment items and `#comment-N` elements outside the lists read: each a warning (a widget, or a theme we do not know). */
function noteOutside(doc: Node, seen: ReadonlySet<Element>, log: ProblemLog): void {
  const inSeen = (el: Element): boolean => {
    for (let at: Node | null = el; at !== null && isElement(at); at = at.parentNode as Node | null) if (seen.has(at)) return true;
    return false;
  };
  const outside = descendants(doc).filter((el) => (isCommentItem(el) || /^comment-\d+$/.test(attr(el, 'id') ?? '')) && !inSeen(el));
  if (outside.length === 0) return;
  const firstEl = outside[0]!;
  const line = lineOf(firstEl);
  log.add('outside the list', { severity: 'warning', where: `${firstEl.tagName}${attr(firstEl, 'id') === null ? '' : `#${attr(firstEl, 'id')}`}${line === null ? '' : ` (line ${line})`}`, message: `${outside.length} comment-like element(s) outside the comment list were not read (${outside.slice(0, 5).map((el) => `${el.tagName}${attr(el, 'id') === null ? '' : `#${attr(el, 'id')}`} line ${lineOf(el) ?? '?'}`).join(', ')}${outside.length > 5 ? ', …' : ''}).` }, Infinity);
}

function parse(input: string, fileName?: string): ImportResult {
  const raw = input.replace(/^\ufeff/, '');
  // A list inside a text file (no <html> or <body>): its front matter is read as fields and blanked (newlines kept, so
  // lines still match); title, url and article then come from the text around the list.
  const embedded = !/<!doctype html|<html[\s>]|<body[\s>]/i.test(raw.slice(0, 4096));
  const front = embedded ? frontMatter(raw) : null;
  const text = front === null ? raw : raw.slice(0, front.length).replace(/[^\n]/g, '') + raw.slice(front.length);
  const doc = parseHtml(text, { sourceCodeLocationInfo: true });
  const log = new ProblemLog();
  // Comment lists (and the separate ping lists some themes print), plus the #comments area; the whole page otherwise.
  const lists = descendants(doc).filter((e) => (e.tagName === 'ol' || e.tagName === 'ul') && LIST_CLASSES.some((c) => hasClass(e, c)));
  const area = first(doc, (e) => attr(e, 'id') === 'comments');
  const scopes: Node[] = lists.length > 0 || area !== null ? [...lists, ...(area === null ? [] : [area])] : [doc];
  const items: Element[] = [];
  const seen = new Set<Element>();
  for (const scope of scopes) {
    for (const el of descendants(scope)) {
      if (!isCommentItem(el) || seen.has(el)) continue;
      seen.add(el);
      items.push(el);
    }
  }
  noteOutside(doc, seen, log);
  if (items.length === 0) {
    return { ok: false, format: FORMAT, where: 'whole page', message: 'No WordPress comments found: no ol.comment-list / ol.commentlist with li.comment (or li id="comment-N") items.', problems: log.finish() };
  }
  items.sort((a, b) => (a.sourceCodeLocation?.startOffset ?? 0) - (b.sourceCodeLocation?.startOffset ?? 0));
  const comments: Comment[] = [];
  const whereOf = new Map<Comment, string>();
  const idOfItem = new Map<Element, string>();
  const lastAtDepth: string[] = [];
  items.forEach((li, k) => {
    const line = lineOf(li);
    const sourceId = idOf(li);
    const id = sourceId ?? `item-${k + 1}`;
    const where = `${sourceId === null ? `comment item ${k + 1}` : `li#comment-${sourceId}`}${line === null ? '' : ` (line ${line})`}`;
    if (sourceId === null) log.add('no id', { severity: 'warning', where, message: `No comment-N id; called "${id}".` }, k);
    idOfItem.set(li, id);
    const depth = depthOf(li);
    const structural = structuralParent(li);
    let parentId: string | null = structural === null ? null : (idOfItem.get(structural) ?? null);
    if (structural === null && depth !== null && depth > 1) {
      parentId = lastAtDepth[depth - 1] ?? null;
      log.add('nesting repaired', { severity: 'warning', where, message: `Marked depth-${depth} but not nested in a reply list; attached to the previous depth-${depth - 1} comment${parentId === null ? ' (none found: top level)' : ` (${parentId})`}.` }, k);
    }
    if (depth !== null) {
      lastAtDepth[depth] = id;
      lastAtDepth.length = depth + 1;
    }
    const kind = kindOf(li);
    const author = authorOf(li, kind);
    const comment = makeComment({
      id,
      parentId,
      author: author.name,
      ...timeOf(li, author.el),
      ...htmlBody(bodyOf(li)),
      kind,
      status: first(li, byClass('comment-awaiting-moderation'), ownSkip) === null ? 'published' : 'pending',
    });
    comments.push(comment);
    whereOf.set(comment, where);
  });
  const found = pageInfo(doc);
  const around = embedded ? surroundings(doc, front?.fields ?? new Map()) : null;
  const page = { ...found, url: found.url ?? around?.url ?? null, article: found.article || (around?.prose ?? '') };
  const host = page.url === null ? null : (/^https?:\/\/([^/?#\s]+)/i.exec(page.url)?.[1]?.toLowerCase() ?? null);
  const title = page.title ?? around?.title ?? fileName?.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') ?? 'Saved WordPress page';
  const thread: Thread = {
    id: host !== null && page.postId !== null ? `wp:${host}:${page.postId}` : `wp-html:${fnv1a64(`${page.url ?? title}\n${comments.map((c) => c.id).join('\n')}`)}`,
    title,
    url: page.url,
    articleText: page.article,
    sourceFormat: FORMAT,
    comments: repairComments(comments, log, (c) => whereOf.get(c) ?? 'whole page'),
  };
  return finishImport(FORMAT, [thread], log, 'No WordPress comment could be read.');
}

function detect(text: string): number {
  const head = text.slice(0, 4096).replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (head.startsWith('{') || head.startsWith('[')) return 0;
  // A comment list inside a text file (Markdown with front matter, prose around the saved list).
  if (!head.startsWith('<')) return embeddedListConfidence(text);
  const html = /<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/.test(head) || !head.startsWith('<?xml');
  if (!html) return 0;
  // Bounded repetitions: a tag that never closes cannot make these scans quadratic.
  if (/class\s*=\s*["'][^"'<>]{0,200}\bcomment-?list\b/i.test(text) || /<li\b[^<>]{0,400}\bid\s*=\s*["']comment-\d+["']/i.test(text)) return 0.95;
  return /<!doctype html|<html[\s>]/.test(head) ? 0.3 : 0;
}

/** Saved WordPress page (see docs/formats.md). */
export const wpHtmlImporter: Importer = { id: FORMAT, label: 'WordPress page saved as HTML', detect, parse };
