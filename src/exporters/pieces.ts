/**
 * Pieces of a rendered report (docs/adr/0021-streaming-reports.md): the renderers yield small strings in order; a
 * shell writes them to a file or an HTTP response in chunks, and the one-string form is the pieces joined. A piece
 * may be empty: a renderer yields one after each comment of a pass that writes nothing yet (the HTML report's lists),
 * so that a caller pacing its work (pacedChunks) can pause there.
 *
 * A renderer is written once, as a synchronous generator, for reports whose comments are read synchronously (held in
 * memory) or asynchronously (a store read window by window). It reads comments only through `eachOf`; when a read
 * is a promise, `eachOf` yields it as a `Pending` step, and the driver awaits it and hands the result back
 * (`pacedChunks`, `asyncChunksOf`). The synchronous drivers (`joinPieces`, `chunksOf`) refuse a Pending step with an
 * error: the one-string form is for reports held in memory.
 */

/** About how many UTF-16 code units a chunk holds before it is handed on (64 Ki: one write, one socket buffer). */
export const CHUNK_CHARS = 64 * 1024;

/** A read a renderer waits for: its driver awaits `promise` and resumes the renderer with the value (or the error). */
export class Pending {
  constructor(readonly promise: PromiseLike<unknown>) {}
}

/** What a renderer yields: a piece of text, or a read of an asynchronous comment source to wait for. */
export type RenderStep = string | Pending;

/** A renderer's output: its steps, resumed with the value of each Pending step. */
export type Rendering = Generator<RenderStep, void, unknown>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `body` for each item of a synchronous or asynchronous iterable, in order, reading the next item only when the
 * body's steps are taken (an asynchronous read is a Pending step). A reader that stops early closes the iterable.
 */
export function* eachOf<T>(items: Iterable<T> | AsyncIterable<T>, body: (item: T, index: number) => Iterable<RenderStep>): Generator<RenderStep, void, unknown> {
  const iterator: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let ended = false;
  try {
    for (let index = 0; ; index += 1) {
      const next = iterator.next();
      const result = (isPromiseLike(next) ? yield new Pending(next) : next) as IteratorResult<T>;
      if (result.done) {
        ended = true;
        return;
      }
      yield* body(result.value, index);
    }
  } finally {
    if (!ended) {
      const closing = iterator.return?.();
      if (isPromiseLike(closing)) yield new Pending(closing);
    }
  }
}

/** The text pieces of synchronous steps; a Pending step (comments read asynchronously) is refused with an error. */
function* syncPieces(steps: Iterable<RenderStep>): Generator<string, void, undefined> {
  for (const step of steps) {
    if (step instanceof Pending) throw new Error('this report reads its comments asynchronously: write it with pacedChunks or asyncChunksOf, not as one string');
    yield step;
  }
}

/** The pieces as one string (the string form of a report held in memory: small reports, tests, the browser's downloads). */
export function joinPieces(pieces: Iterable<RenderStep>): string {
  let text = '';
  for (const piece of syncPieces(pieces)) text += piece;
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
 * only as the chunks are: a consumer that stops early stops the rendering, and the pieces' source is closed. For
 * synchronous steps only (a Pending step throws); asyncChunksOf takes both.
 */
export function* chunksOf(pieces: Iterable<RenderStep>, size = CHUNK_CHARS): Generator<string, void, undefined> {
  const buffer = new ChunkBuffer(size);
  for (const piece of syncPieces(pieces)) {
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

/** No pauses (a command writing a file: the output's own back-pressure paces it). */
const UNPACED: Pacing = { now: () => 0, pause: async () => undefined, sliceMs: Number.POSITIVE_INFINITY };

/** Resumes a rendering after a Pending step: with the awaited value, or with the read's error thrown into it. */
async function resumed(steps: Iterator<RenderStep, unknown, unknown>, pending: Pending): Promise<IteratorResult<RenderStep, unknown>> {
  let value: unknown;
  try {
    value = await pending.promise;
  } catch (error) {
    if (!steps.throw) throw error;
    return steps.throw(error);
  }
  return steps.next(value);
}

/** Closes a rendering stopped early, awaiting the closing of its asynchronous sources (their errors are not the reader's). */
async function closed(steps: Iterator<RenderStep, unknown, unknown>): Promise<void> {
  let step = steps.return?.();
  while (step && !step.done) {
    if (step.value instanceof Pending) await Promise.resolve(step.value.promise).catch(() => undefined);
    step = steps.next();
  }
}

/**
 * chunksOf for steps read synchronously or not (a renderer's, or an AsyncIterable of pieces), pausing whenever
 * `sliceMs` of rendering have passed since the last pause: a server renders a report of 100,000 comments while it
 * keeps answering other requests. An error of a read (a thread changed while read) ends the chunks with that error.
 * Stopping early closes the pieces' source, as chunksOf.
 */
export async function* pacedChunks(pieces: Iterable<RenderStep> | AsyncIterable<string>, pacing: Pacing, size = CHUNK_CHARS): AsyncGenerator<string, void, undefined> {
  const steps: Iterator<RenderStep, unknown, unknown> = Symbol.asyncIterator in pieces ? eachOf(pieces, (piece) => [piece]) : pieces[Symbol.iterator]();
  const buffer = new ChunkBuffer(size);
  let sliceStart = pacing.now();
  let ended = false;
  try {
    let step = steps.next();
    while (!step.done) {
      if (step.value instanceof Pending) {
        step = await resumed(steps, step.value);
        continue;
      }
      const chunk = buffer.add(step.value);
      if (chunk !== null) yield chunk;
      if (pacing.now() - sliceStart >= pacing.sliceMs) {
        await pacing.pause();
        sliceStart = pacing.now();
      }
      step = steps.next();
    }
    ended = true;
  } finally {
    if (!ended) await closed(steps);
  }
  const rest = buffer.take();
  if (rest !== null) yield rest;
}

/** chunksOf for steps read synchronously or not, without pauses (the CLI's output file). */
export function asyncChunksOf(pieces: Iterable<RenderStep> | AsyncIterable<string>, size = CHUNK_CHARS): AsyncGenerator<string, void, undefined> {
  return pacedChunks(pieces, UNPACED, size);
}
