/**
 * Pieces of a rendered report (docs/adr/0021-streaming-reports.md): the renderers yield small strings in order; a
 * shell writes them to a file or an HTTP response in chunks, and the one-string form is the pieces joined.
 */

/** About how many UTF-16 code units a chunk holds before it is handed on (64 Ki: one write, one socket buffer). */
export const CHUNK_CHARS = 64 * 1024;

/** The pieces as one string (the string form of a report: small reports, tests, the browser's downloads). */
export function joinPieces(pieces: Iterable<string>): string {
  let text = '';
  for (const piece of pieces) text += piece;
  return text;
}

/**
 * The pieces gathered into chunks of at least `size` code units (the last one may be shorter; no empty chunk), read
 * only as the chunks are: a consumer that stops early stops the rendering, and the pieces' source is closed.
 */
export function* chunksOf(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string, void, undefined> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
