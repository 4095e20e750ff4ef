/**
 * Shared by the XML importers (WordPress WXR, Disqus): places, XML issue reporting, bodies, detection sniffing.
 */
import type { ImportProblem } from '../core/model.ts';
import type { ProblemLog } from './records.ts';
import { htmlToText, sanitizeWithText } from './sanitize.ts';
import { parseTimestamp } from './timestamp.ts';
import { ownString } from './xml-stream.ts';
import type { XmlIssue, XmlNode } from './xml-stream.ts';

/** "line 12, column 5". */
export function at(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}

/** Where a node starts: "line 12, column 5". */
export function nodePlace(node: XmlNode): string {
  return at(node.line, node.column);
}

/** Log an XML well-formedness issue (capped per message kind) as a warning naming its place and record. */
export function logXmlIssue(log: ProblemLog, issue: XmlIssue, describe: (record: XmlNode) => string): void {
  const inside = issue.record === null ? '' : ` inside ${describe(issue.record)}`;
  let message = issue.message.replace(/\.$/, '');
  if (message === 'text data outside of root node') message = 'text outside the root element';
  const after = issue.fatal === true || message.includes('; read as') ? '' : '; ignored and read on';
  const problem: ImportProblem = { severity: 'warning', where: at(issue.line, issue.column), message: `XML error${inside}: ${message}${after}.` };
  log.add(`xml: ${message.replace(/[:<].*$/, '')}`, problem, issue.line);
}

/** Markup beyond paragraphs and line breaks: any tag but p and br (or a comment, doctype, …). */
const RICH = /<(?!\/?(?:p|br)[\s/>])[a-z!/?]/i;

/**
 * Plain text and sanitized HTML of an HTML body. `html` is null when the body has no markup beyond paragraphs and
 * line breaks: the text then says everything, and 100,000 comments do not carry a second copy of themselves.
 */
export function htmlBody(html: string): { text: string; html: string | null } {
  if (html.trim() === '') return { text: '', html: null };
  if (!RICH.test(html)) return { text: ownString(htmlToText(html)), html: null };
  const both = sanitizeWithText(html);
  return { text: ownString(both.text), html: ownString(both.html) };
}

/** One-line plain text of a field that may carry entities or stray markup (authors, titles). */
export function plainLine(value: string): string {
  if (!/[<&]/.test(value)) return value.replace(/\s+/g, ' ').trim();
  return htmlToText(value).replace(/\s+/g, ' ').trim();
}

/** The start of `text` examined by `detect` (a WXR file opens with about 2 KB of comments). */
export function head(text: string, chars = 65_536): string {
  return text.length > chars ? text.slice(0, chars) : text;
}

/** A time in the ISO form XML exports write ("2020-01-01T00:00:00Z", "2020-01-01 00:00:00", with or without .sss). */
const SIMPLE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{3})?Z?$/;

/**
 * `parseTimestamp(text).iso`, quicker for the simple form most exports use: the ISO-8601 UTC instant, or null. When
 * `text` already is that instant it is returned itself, so a comment's createdAt and createdAtText share one string.
 */
export function isoTime(text: string): string | null {
  // Years 0-99 go to parseTimestamp, which reads their leap days its own way (Date.UTC maps them to 1900-1999).
  if (text.startsWith('00')) return parseTimestamp(text).iso;
  // The commonest form, "2020-01-01T00:01:01.000Z", is its own instant when the native parser reads it back unchanged.
  if (text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms) && new Date(ms).toISOString() === text) return text;
  }
  const m = SIMPLE_TIME.exec(text);
  if (m !== null) {
    const iso = `${m[1]}T${m[2]}${m[3] ?? '.000'}Z`;
    const ms = Date.parse(iso);
    if (Number.isFinite(ms) && new Date(ms).toISOString() === iso) return iso === text ? text : iso;
  }
  return parseTimestamp(text).iso;
}

/** Distinct values kept in a `pooled` map at most (a file of all-different names then costs no more than before). */
const POOL_LIMIT = 100_000;

/** One string per distinct `value` in `pool`: 100,000 comments have far fewer author names than comments. */
export function pooled(pool: Map<string, string>, value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size < POOL_LIMIT) pool.set(value, value);
  return value;
}
