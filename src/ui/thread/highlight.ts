/**
 * Splits a comment's plain text into segments at the edges of evidence spans, so that the UI can wrap
 * highlighted parts in <mark> elements as React text nodes (never as HTML).
 */

/** Kind of evidence; decides the highlight tint. */
export type HighlightKind = 'toxicity' | 'trope';

/** One evidence span to highlight: UTF-16 offsets into the text, end exclusive. */
export interface HighlightSpan {
  start: number;
  end: number;
  kind: HighlightKind;
  /** What the span is evidence of, e.g. "INSULT" or "Trope: Secret control of leaders (who)". */
  label: string;
}

/** A run of text covered by the same set of spans (empty `spans` = plain text). */
export interface Segment {
  text: string;
  start: number;
  end: number;
  /** Spans covering this whole segment, in input order. */
  spans: HighlightSpan[];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when a cut at `offset` would fall between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
}

/**
 * Segments `text` by `spans`. Spans may overlap or nest; a span that is not a valid integer range inside
 * the text (negative, past the end, empty or reversed) is ignored. A span edge inside a surrogate pair is
 * widened to take the whole character, so an emoji is never split. The segments cover the text exactly
 * and in order; adjacent segments always differ in their span sets.
 */
export function segmentText(text: string, spans: readonly HighlightSpan[]): Segment[] {
  if (text.length === 0) return [];
  const valid: HighlightSpan[] = [];
  for (const span of spans) {
    const { start, end } = span;
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
    if (start < 0 || end > text.length || start >= end) continue;
    const safeStart = splitsPair(text, start) ? start - 1 : start;
    const safeEnd = splitsPair(text, end) ? end + 1 : end;
    valid.push(safeStart === start && safeEnd === end ? span : { ...span, start: safeStart, end: safeEnd });
  }
  if (valid.length === 0) return [{ text, start: 0, end: text.length, spans: [] }];

  const cuts = new Set<number>([0, text.length]);
  for (const span of valid) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    const covering = valid.filter((span) => span.start <= start && span.end >= end);
    const previous = segments[segments.length - 1];
    if (previous && sameSpans(previous.spans, covering)) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
      continue;
    }
    segments.push({ text: text.slice(start, end), start, end, spans: covering });
  }
  return segments;
}

function sameSpans(a: readonly HighlightSpan[], b: readonly HighlightSpan[]): boolean {
  return a.length === b.length && a.every((span, i) => span === b[i]);
}

/**
 * Places an evidence span on the text. Offsets are trusted when `text.slice(start, end)` equals the span's
 * quoted text; otherwise the quote is searched for (nearest occurrence to the given start), and a span
 * whose quote is not in the text at all is dropped (returns null) rather than highlighting the wrong words.
 */
export function alignSpan(text: string, span: { start: number; end: number; text?: string }): { start: number; end: number } | null {
  const quote = span.text;
  if (quote === undefined || quote.length === 0 || text.slice(span.start, span.end) === quote) {
    return { start: span.start, end: span.end };
  }
  let best = -1;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    if (best === -1 || Math.abs(at - span.start) < Math.abs(best - span.start)) best = at;
  }
  return best === -1 ? null : { start: best, end: best + quote.length };
}
