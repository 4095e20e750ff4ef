/**
 * Splits a text that is over a service's size limit into pieces on sentence boundaries (then word, then character
 * boundaries for a sentence that alone is too long), so nothing is ever truncated. Pieces are contiguous: joined
 * they give the text back, and each carries its UTF-16 offset so span scores can be moved back into the whole text.
 */

/** One piece of a text. */
export interface TextChunk {
  /** UTF-16 offset of `text` in the whole text. */
  start: number;
  text: string;
}

/** Perspective's request limit: 20,480 bytes of UTF-8 (the client counts characters, which is not the same). */
export const PERSPECTIVE_MAX_BYTES = 20_480;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** Where a sentence ends: after its punctuation, closing quotes and spaces, or after line breaks. */
const SENTENCE_END = /[.!?\u2026\u3002\uff01\uff1f]+["'\u201d\u2019)\]]*\s+|\n+/gu;
const WORD_END = /\s+/gu;

/** The text cut after every match of `boundary` (contiguous pieces, none empty). */
function pieces(text: string, boundary: RegExp): string[] {
  const out: string[] = [];
  let at = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (end > at) out.push(text.slice(at, end));
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** Splits one over-long piece at spaces, and a word still too long at code-point boundaries. */
function splitLong(piece: string, maxBytes: number): string[] {
  if (utf8Length(piece) <= maxBytes) return [piece];
  const words = pieces(piece, WORD_END);
  if (words.length > 1) return pack(words, maxBytes, (w) => splitLong(w, maxBytes));
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of piece) {
    const b = utf8Length(ch);
    if (bytes + b > maxBytes && current !== '') { out.push(current); current = ''; bytes = 0; }
    current += ch;
    bytes += b;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Greedily joins pieces into chunks of at most maxBytes, splitting a piece that alone is too long. */
function pack(parts: readonly string[], maxBytes: number, split: (part: string) => string[]): string[] {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const part of parts) {
    for (const sub of utf8Length(part) > maxBytes ? split(part) : [part]) {
      const b = utf8Length(sub);
      if (bytes + b > maxBytes && current !== '') { out.push(current); current = ''; bytes = 0; }
      current += sub;
      bytes += b;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** The text as chunks of at most `maxBytes` UTF-8 bytes, cut at sentence ends where possible. */
export function splitText(text: string, maxBytes = PERSPECTIVE_MAX_BYTES): TextChunk[] {
  if (!(maxBytes >= 4)) throw new Error('splitText: maxBytes must be at least 4 (one code point)');
  if (utf8Length(text) <= maxBytes) return [{ start: 0, text }];
  const chunks: TextChunk[] = [];
  let start = 0;
  for (const chunk of pack(pieces(text, SENTENCE_END), maxBytes, (s) => splitLong(s, maxBytes))) {
    chunks.push({ start, text: chunk });
    start += chunk.length;
  }
  return chunks;
}
