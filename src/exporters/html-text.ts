/**
 * HTML escaping, safe links and evidence highlighting for the HTML report: every report string passes through here.
 */
import type { ReportComment } from '../core/report-types.ts';
import { ATTRIBUTES, type Span } from '../core/scoring.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** An http(s) URL without whitespace, quotes, angle brackets or backslashes (control characters: see isLinkable). */
const SAFE_URL = /^https?:\/\/[^\s"'<>\\]+$/i;

function isLinkable(url: string): boolean {
  if (!SAFE_URL.test(url)) return false;
  for (let i = 0; i < url.length; i += 1) {
    const code = url.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** The URL as a link when it is http(s), else as plain text; escaped either way. */
export function linkOrText(url: string): string {
  const shown = escapeHtml(url);
  return isLinkable(url) ? `<a href="${shown}" rel="noopener noreferrer nofollow">${shown}</a>` : `<span class="url">${shown}</span>`;
}

/** A resolved highlight: a range of the comment text and what it is evidence of. */
interface Highlight {
  start: number;
  end: number;
  label: string;
  trope: boolean;
}

/**
 * Escaped comment text with each evidence span wrapped in `<mark>`. Overlapping spans are split into segments,
 * each marked once with the labels of every span covering it. Offsets are UTF-16 and are widened so that a mark
 * never splits a surrogate pair; a span whose offsets do not match its quoted text is placed at the nearest
 * occurrence of that text, or left unmarked.
 */
export function highlightText(comment: Pick<ReportComment, 'text' | 'scoreEvidence' | 'tropes'>): string {
  const text = comment.text;
  const highlights: Highlight[] = [];
  for (const attribute of ATTRIBUTES) {
    for (const span of comment.scoreEvidence[attribute] ?? []) add(highlights, text, span, attribute, false);
  }
  for (const trope of comment.tropes) {
    for (const span of trope.evidence) add(highlights, text, span, `${trope.name}: ${span.role}`, true);
  }
  if (highlights.length === 0) return escapeHtml(text);

  const bounds = [...new Set([0, text.length, ...highlights.flatMap((h) => [h.start, h.end])])].sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const from = bounds[i] ?? 0;
    const to = bounds[i + 1] ?? text.length;
    const piece = escapeHtml(text.slice(from, to));
    const covering = highlights.filter((h) => h.start <= from && h.end >= to);
    if (covering.length === 0) {
      out += piece;
      continue;
    }
    const labels = [...new Set(covering.map((h) => h.label))].join('; ');
    const kind = covering.some((h) => h.trope) ? 'ev-trope' : 'ev-attr';
    out += `<mark class="${kind}" title="${escapeHtml(labels)}">${piece}</mark>`;
  }
  return out;
}

function add(out: Highlight[], text: string, span: Span, label: string, trope: boolean): void {
  const range = resolve(text, span);
  if (range) out.push({ ...range, label, trope });
}

function resolve(text: string, span: Span): { start: number; end: number } | null {
  let start: number;
  let end: number;
  const valid = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= text.length && span.start < span.end;
  if (valid && text.slice(span.start, span.end) === span.text) {
    start = span.start;
    end = span.end;
  } else {
    const found = nearestOccurrence(text, span.text, Number.isFinite(span.start) ? span.start : 0);
    if (found < 0) return null;
    start = found;
    end = found + span.text.length;
  }
  if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start -= 1;
  if (end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end += 1;
  return { start, end };
}

function nearestOccurrence(text: string, needle: string, near: number): number {
  if (needle.length === 0) return -1;
  let best = -1;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (best < 0 || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
