/**
 * Comment HTML, which is hostile: `htmlToText` reads it into plain text and `sanitizeHtml` cuts it down to an allow-list.
 */
import { clean } from './html-clean.ts';
import { TextBuilder } from './html-text.ts';

export { LINK_REL } from './html-clean.ts';

/**
 * Plain text of an HTML fragment: block elements (p, div, li, blockquote, …) become paragraphs separated by "\n\n",
 * `<br>` a "\n", whitespace runs collapse to one space (kept inside `<pre>`), entities are decoded exactly once, and
 * scripts, styles and other invisible content are dropped. Emoji images (`img` with class `emoji` or `wp-smiley`)
 * become their `alt` text. Never throws on any input.
 */
export function htmlToText(html: string): string {
  return isParagraphsOnly(html) ? paragraphsToText(html) : htmlToTextByParser(html);
}

/** Bare `<p>`, `</p>` and `<br>` tags: the only markup most exported comment bodies carry. */
const PARAGRAPH_TAG = /<\/?p>|<br\s*\/?>/gi;

/** True when a body's only markup is bare paragraph and line-break tags and it has no entities. */
function isParagraphsOnly(html: string): boolean {
  if (!html.includes('<')) return !html.includes('&');
  const rest = html.replace(PARAGRAPH_TAG, '');
  return !rest.includes('<') && !rest.includes('&');
}

/** `htmlToTextByParser` for a paragraphs-only body, without a parser: the same text, several times faster. */
function paragraphsToText(html: string): string {
  const out = new TextBuilder();
  let last = 0;
  for (const match of html.matchAll(PARAGRAPH_TAG)) {
    if (match.index > last) out.add(html.slice(last, match.index), false);
    if (match[0].length > 2 && match[0][1]!.toLowerCase() === 'b') out.lineBreak();
    else out.flush();
    last = match.index + match[0].length;
  }
  if (last < html.length) out.add(html.slice(last), false);
  return out.finish();
}

/** `htmlToText` through the HTML parser, for any markup (exported for the test that checks the fast path against it). */
export function htmlToTextByParser(html: string): string {
  return clean(html, false).text;
}

/**
 * HTML reduced to an allow-list: p, br, a, em, strong, b, i, u, s, blockquote, code, pre, ul, ol, li, span. Other
 * elements are removed but their text is kept (script, style and other invisible content is removed entirely). The only
 * attributes kept are `title`, and `href` on links when it is http, https or mailto; every link gets `rel`
 * "nofollow ugc noopener noreferrer". Text is re-escaped, so the result is safe to insert as HTML.
 */
export function sanitizeHtml(html: string): string {
  return clean(html, true).html;
}

/**
 * `htmlToText` and `sanitizeHtml` of the same fragment from one parse: for large imports, where parsing each body
 * twice would cost a second pass over every comment.
 */
export function sanitizeWithText(html: string): { text: string; html: string } {
  return clean(html, true);
}
