/**
 * Pieces of a rendered report (docs/adr/0021-streaming-reports.md): the renderers yield small strings in order; a
 * shell writes them to a file or an HTTP response in chunks, and the one-string form is the pieces joined. A piece
 * may be empty: a renderer yields one after each comment of a pass that writes nothing yet (the HTML report's lists),
 * so that a caller pacing its work (pacedChunks) can pause there.
 */

/** About how many UTF-16 code units a chunk holds before it is handed on (64 Ki: one write, one socket buffer). */
export const CHUNK_CHARS = 64 * 1024;

/** The pieces as one string (the string form of a report: small reports, tests, the browser's downloads). */
export function joinPieces(pieces: Iterable<string>): string {
  let text = '';
  for (const piece of pieces) text += piece;
  return text;
}

/** Gathers pieces into chunks of at least `size` code units. */
class ChunkBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  /** Adds a piece; returns a chunk when one is full. */
  add(piece: string): string | null {
    if (piece.length === 0) return null;
    this.parts.push(piece);
    this.length += piece.length;
    return this.length >= this.size ? this.take() : null;
  }

  /** What is left (null when nothing). */
  take(): string | null {
    if (this.length === 0) return null;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return chunk;
  }
}

/**
 * The pieces gathered into chunks of at least `size` code units (the last one may be shorter; no empty chunk), read
 * only as the chunks are: a consumer that stops early stops the rendering, and the pieces' source is closed.
 */
export function* chunksOf(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string, void, undefined> {
  const buffer = new ChunkBuffer(size);
  for (const piece of pieces) {
    const chunk = buffer.add(piece);
    if (chunk !== null) yield chunk;
  }
  const rest = buffer.take();
  if (rest !== null) yield rest;
}

/** How a paced renderer tells time and lets other work run (a server: performance.now and setImmediate). */
export interface Pacing {
  now(): number;
  pause(): Promise<void>;
  /** Longest stretch of rendering between two pauses, in the unit of now() (ms). */
  sliceMs: number;
}

/**
 * chunksOf, pausing whenever `sliceMs` of rendering have passed since the last pause: a server renders a report of
 * 100,000 comments while it keeps answering other requests. Stopping early closes the pieces' source, as chunksOf.
 */
export async function* pacedChunks(pieces: Iterable<string>, pacing: Pacing, size = CHUNK_CHARS): AsyncGenerator<string, void, undefined> {
  const buffer = new ChunkBuffer(size);
  let sliceStart = pacing.now();
  for (const piece of pieces) {
    const chunk = buffer.add(piece);
    if (chunk !== null) yield chunk;
    if (pacing.now() - sliceStart >= pacing.sliceMs) {
      await pacing.pause();
      sliceStart = pacing.now();
    }
  }
  const rest = buffer.take();
  if (rest !== null) yield rest;
}
