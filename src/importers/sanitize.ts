/**
 * Comment HTML, which is hostile: `htmlToText` reads it into plain text and `sanitizeHtml` cuts it down to an allow-list.
 */
import { Parser } from 'htmlparser2';
import sanitize from 'sanitize-html';

/** Elements that start and end a paragraph in the plain text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose content is never text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math', 'textarea', 'select']);

/** Collects text into paragraphs. */
class TextBuilder {
  private readonly paragraphs: string[] = [];
  private parts: string[] = [];
  private preformatted = false;

  add(text: string, pre: boolean): void {
    if (pre) this.preformatted = true;
    this.parts.push(pre ? text : text.replace(/[ \t\n\r\f]+/g, ' '));
  }

  lineBreak(): void {
    this.parts.push('\n');
  }

  /** End the current paragraph (a no-op when it is empty). */
  flush(): void {
    const raw = this.parts.join('');
    this.parts = [];
    const text = this.preformatted ? raw.replace(/^[ \t]*\n|\s+$/g, '') : raw.replace(/ *\n */g, '\n').trim();
    this.preformatted = false;
    if (text.trim() !== '') this.paragraphs.push(text);
  }

  finish(): string {
    this.flush();
    return this.paragraphs.join('\n\n');
  }
}

/** Turns parser events into text: paragraphs at block elements, nothing from hidden elements. */
class TextReader {
  private readonly out = new TextBuilder();
  private hidden = 0;
  private pre = 0;

  open(name: string, attribs: Record<string, string>): void {
    if (HIDDEN.has(name)) this.hidden++;
    if (this.hidden > 0) return;
    if (BLOCK.has(name)) this.out.flush();
    if (name === 'pre') this.pre++;
    if (name === 'br') this.out.lineBreak();
    if (name === 'img' && /\b(?:emoji|wp-smiley)\b/.test(attribs.class ?? '') && attribs.alt) this.out.add(attribs.alt, false);
  }

  text(text: string): void {
    if (this.hidden === 0) this.out.add(text, this.pre > 0);
  }

  close(name: string): void {
    if (HIDDEN.has(name)) {
      this.hidden = Math.max(0, this.hidden - 1);
      return;
    }
    if (this.hidden > 0) return;
    if (name === 'pre') this.pre = Math.max(0, this.pre - 1);
    if (BLOCK.has(name)) this.out.flush();
  }

  finish(): string {
    return this.out.finish();
  }
}

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
  const reader = new TextReader();
  const parser = new Parser(
    {
      onopentag: (name, attribs) => reader.open(name, attribs),
      ontext: (text) => reader.text(text),
      onclosetag: (name) => reader.close(name),
    },
    // The same parser options as sanitize-html uses, so htmlToText and sanitizeText read markup alike.
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return reader.finish();
}

/** The `rel` every kept link gets: no endorsement, user content, no opener, no referrer. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: ['p', 'br', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li', 'span'],
  allowedAttributes: { a: ['href', 'title', 'rel'], '*': ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [...HIDDEN],
  parseStyleAttributes: false,
  enforceHtmlBoundary: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/**
 * HTML reduced to an allow-list: p, br, a, em, strong, b, i, u, s, blockquote, code, pre, ul, ol, li, span. Other
 * elements are removed but their text is kept (script, style and other invisible content is removed entirely). The only
 * attributes kept are `title`, and `href` on links when it is http, https or mailto; every link gets `rel`
 * "nofollow ugc noopener noreferrer". Text is re-escaped, so the result is safe to insert as HTML.
 */
export function sanitizeHtml(html: string): string {
  return sanitize(html, SANITIZE_OPTIONS);
}

const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/**
 * `htmlToText` and `sanitizeHtml` of the same fragment from one parse (sanitize-html's, through its hooks): for large
 * imports, where parsing each body twice would cost a second pass over every comment.
 */
export function sanitizeWithText(html: string): { text: string; html: string } {
  const reader = new TextReader();
  const clean = sanitize(html, {
    ...SANITIZE_OPTIONS,
    onOpenTag: (name, attribs) => reader.open(name, attribs),
    onCloseTag: (name) => reader.close(name),
    // sanitize-html hands over the decoded text escaped again for its output; the text wants it decoded.
    textFilter: (escaped) => {
      reader.text(escaped.replace(/&(?:amp|lt|gt|quot);/g, (entity) => UNESCAPE[entity]!));
      return escaped;
    },
  });
  return { text: reader.finish(), html: clean };
}
