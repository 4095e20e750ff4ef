/**
 * The import-time HTML sanitizer: one htmlparser2 pass over a hostile comment body gives its allow-listed HTML and
 * its plain text together (the policy is sanitize-html's with the options recorded in docs/adr/0007-import-sanitizer.md).
 */
import { Parser } from 'htmlparser2';
import type { Handler } from 'htmlparser2';
import { HIDDEN, TextReader } from './html-text.ts';

/** The `rel` every kept link gets: no endorsement, user content, no opener, no referrer. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** Elements kept (with the allowed attributes); every other element is dropped and its text kept, unless HIDDEN. */
const ALLOWED_TAGS = new Set(['p', 'br', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li', 'span']);
/** URL schemes a link may keep; any other scheme, and protocol-relative URLs, lose the `href`. */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether `href` must be dropped: its scheme (read the way browsers do, ignoring control characters, spaces and
 * `<!-- -->` comments anywhere in it) is not http, https or mailto, or it starts with two slashes (protocol-relative).
 * A value without a scheme (a relative URL) is kept. Entities were decoded by the parser before this check.
 */
export function isUnsafeHref(href: string): boolean {
  // eslint-disable-next-line no-control-regex
  let value = href.replace(/[\x00-\x20]+/g, '');
  for (;;) {
    const open = value.indexOf('<!--');
    if (open === -1) break;
    const close = value.indexOf('-->', open + 4);
    if (close === -1) break;
    value = value.slice(0, open) + value.slice(close + 3);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/.exec(value);
  if (scheme === null) return /^[/\\]{2}/.test(value);
  return !ALLOWED_SCHEMES.has(scheme[1]!.toLowerCase());
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** The entity for one escaped character (a module-level function: a callback made per call costs in a hot path). */
function escapeChar(c: string): string {
  return ESCAPES[c]!;
}

/** Text escaped for an element's content. */
function escapeText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, escapeChar) : text;
}

/** Text escaped for a double-quoted attribute value. */
function escapeAttribute(text: string): string {
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, escapeChar) : text;
}

/** The start tag kept for an allowed element: only `title`, and on links `href` (safe schemes) and a fixed `rel`. */
function startTag(name: string, attribs: Record<string, string>): string {
  let tag = `<${name}`;
  let rel = false;
  for (const key in attribs) {
    let value = attribs[key]!;
    if (name === 'a' && key === 'rel') {
      value = LINK_REL;
      rel = true;
    } else if (key !== 'title' && !(name === 'a' && key === 'href')) continue;
    if (value === '' || (key === 'href' && isUnsafeHref(value))) continue;
    tag += ` ${key}="${escapeAttribute(value)}"`;
  }
  if (name === 'a' && !rel) tag += ` rel="${LINK_REL}"`;
  return name === 'br' ? `${tag} />` : `${tag}>`;
}

/** What one body gives: the allow-listed HTML (when asked for) and the plain text. */
export interface Cleaned {
  html: string;
  text: string;
}

/** Parser events to sanitized HTML and text; one instance serves every body (see `clean`). */
class CleanHandler implements Partial<Handler> {
  private out: string[] = [];
  private text = new TextReader();
  private wantHtml = false;
  /** Names of the open elements the parser reported, and whether each was kept. */
  private readonly open: { name: string; kept: boolean }[] = [];
  /** Depth inside a dropped HIDDEN element (script, style, svg, …): nothing inside it is kept, markup or text. */
  private hiddenDepth = 0;

  start(wantHtml: boolean): void {
    this.out = [];
    this.text = new TextReader();
    this.wantHtml = wantHtml;
    this.open.length = 0;
    this.hiddenDepth = 0;
  }

  result(): Cleaned {
    const html = this.out.length === 1 ? this.out[0]! : this.out.join('');
    this.out = [];
    return { html, text: this.text.finish() };
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    this.text.open(name, attribs);
    if (!this.wantHtml) return;
    if (this.hiddenDepth > 0) {
      this.hiddenDepth++;
      return;
    }
    const kept = ALLOWED_TAGS.has(name);
    this.open.push({ name, kept });
    if (kept) this.out.push(startTag(name, attribs));
    else if (HIDDEN.has(name)) this.hiddenDepth = 1;
  }

  ontext(data: string): void {
    if (this.wantHtml && this.hiddenDepth === 0) this.out.push(escapeText(data));
    this.text.text(data);
  }

  onclosetag(name: string): void {
    this.text.close(name);
    if (!this.wantHtml) return;
    if (this.hiddenDepth > 0) {
      this.hiddenDepth--;
      if (this.hiddenDepth > 0) return;
    }
    const top = this.open[this.open.length - 1];
    // The parser closes what it opened, innermost first; a close tag that does not match the innermost element is ignored.
    if (top === undefined || top.name !== name) return;
    this.open.pop();
    if (top.kept && name !== 'br') this.out.push(`</${name}>`);
  }
}

const handler = new CleanHandler();
/** One parser for every body (reset before each), since building one per comment costs more than parsing a short body. */
const parser = new Parser(handler, { decodeEntities: true });
let busy = false;

/**
 * Sanitize `html` and read its text in one parse. The HTML keeps only p, br, a, em, strong, b, i, u, s, blockquote,
 * code, pre, ul, ol, li and span; other elements are dropped but their text kept, and script, style, svg, math, iframe,
 * template, noscript, object, textarea, select, head and title are dropped with everything inside them. The only
 * attributes kept are non-empty `title`, and on links a non-empty `href` with an http, https or mailto scheme (or none);
 * every link gets `rel` "nofollow ugc noopener noreferrer". Text and attribute values are escaped again, so the
 * result is safe to insert as HTML. With `wantHtml` false only the text is produced (`html` is empty).
 */
export function clean(html: string, wantHtml: boolean): Cleaned {
  if (busy) {
    // Not expected (nothing here calls back into user code), but a nested call gets a parser of its own.
    const own = new CleanHandler();
    own.start(wantHtml);
    new Parser(own, { decodeEntities: true }).end(html);
    return own.result();
  }
  busy = true;
  try {
    handler.start(wantHtml);
    parser.parseComplete(html);
    return handler.result();
  } finally {
    busy = false;
  }
}
