/**
 * Streaming import from raw bytes: UTF-8 decoded a chunk at a time, so a large export is never held as one decoded
 * string next to its bytes; anything unusual (UTF-16, not UTF-8, binary) goes through the whole-file decoder instead.
 */
import type { ImportResult } from '../core/model.ts';
import { decodeBytes, decodeUtf8 } from './decode.ts';
import type { Importer } from './importer.ts';
import { importFailure } from './importer.ts';

/**
 * Bytes decoded per chunk. Small enough that a chunk's text is read and dropped while it is young (a megabyte chunk
 * outlives a few young-generation collections, is moved to the old generation and stays there, with every body still
 * cut from it, until the next full collection).
 */
const CHUNK_BYTES = 1 << 16;
/** Bytes between two progress reports. */
const PROGRESS_BYTES = 1 << 20;
/** Bytes examined when choosing a streaming importer. */
const HEAD_BYTES = 65_536;
/** Confidence a streaming importer needs on the head of the file to be chosen without decoding the whole file. */
const STREAM_CONFIDENCE = 0.9;

/** The part of the WHATWG TextDecoder used here (present in Node, browsers, Deno, Bun; not in the ES2022 lib). */
interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type Utf8DecoderClass = new (label: 'utf-8', options: { fatal: boolean }) => Utf8Decoder;
const NativeDecoder = (globalThis as { TextDecoder?: Utf8DecoderClass }).TextDecoder;

/** Thrown by `utf8Chunks` when the bytes are not UTF-8; the caller restarts with the whole-file decoder. */
export class NotUtf8Error extends Error {}

/** Where a chunk may end: not inside a multi-byte sequence. */
function safeEnd(bytes: Uint8Array, end: number): number {
  let at = end;
  while (at > end - 4 && at < bytes.length && at > 0 && (bytes[at]! & 0xc0) === 0x80) at--;
  return at;
}

/** Strict UTF-8 text of `bytes` (a leading BOM dropped) in pieces, reporting progress; throws NotUtf8Error on bad bytes. */
export function* utf8Chunks(bytes: Uint8Array, onProgress?: (fraction: number) => void): Generator<string> {
  let at = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const native = NativeDecoder === undefined ? null : new NativeDecoder('utf-8', { fatal: true });
  let nextReport = at + PROGRESS_BYTES;
  while (at < bytes.length) {
    const end = Math.min(bytes.length, at + CHUNK_BYTES);
    let text: string;
    if (native !== null) {
      try {
        text = native.decode(bytes.subarray(at, end), { stream: end < bytes.length });
      } catch {
        throw new NotUtf8Error('not UTF-8');
      }
      at = end;
    } else {
      const cut = end === bytes.length ? end : safeEnd(bytes, end);
      const decoded = decodeUtf8(bytes.subarray(at, cut));
      if ('invalidAt' in decoded) throw new NotUtf8Error('not UTF-8');
      text = decoded.text;
      at = cut;
    }
    yield text;
    if (onProgress !== undefined && (at >= nextReport || at === bytes.length)) {
      onProgress(at / bytes.length);
      nextReport = at + PROGRESS_BYTES;
    }
  }
}

/**
 * Run a streaming parse over `bytes` when they are plain UTF-8 text; otherwise (UTF-16 BOM, NUL or control bytes,
 * invalid UTF-8) decode the whole file as the registry would and parse that text, keeping the decoder's warnings.
 */
export function parseBytesStreaming(
  bytes: Uint8Array,
  format: string,
  fromChunks: (chunks: Iterable<string>) => ImportResult,
  fromText: (text: string) => ImportResult,
  onProgress?: (fraction: number) => void,
): ImportResult {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16 && bytes.indexOf(0) === -1 && decodeBytes(bytes.subarray(0, 8192)).ok) {
    try {
      return fromChunks(utf8Chunks(bytes, onProgress));
    } catch (error) {
      if (!(error instanceof NotUtf8Error)) throw error;
    }
  }
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return importFailure(format, decoded.where, `This ${decoded.message}.`);
  const result = fromText(decoded.text);
  return { ...result, problems: [...decoded.problems, ...result.problems] };
}

/**
 * The importer to run on `bytes` without decoding them first: the one asked for if it can stream, else the streaming
 * importer that is confident about the first 64 KiB, or null (the registry then decodes and detects as usual).
 */
export function streamingImporter(bytes: Uint8Array, chosen: Importer | null, importers: readonly Importer[]): Importer | null {
  if (chosen !== null) return chosen.parseBytes === undefined ? null : chosen;
  const head = decodeBytes(bytes.subarray(0, HEAD_BYTES));
  if (!head.ok) return null;
  let best: Importer | null = null;
  let bestScore = STREAM_CONFIDENCE;
  for (const importer of importers) {
    let score = 0;
    try {
      score = importer.detect(head.text);
    } catch {
      score = 0;
    }
    if (score >= bestScore) {
      if (score > bestScore || best === null) best = importer;
      bestScore = score;
    }
  }
  return best?.parseBytes === undefined ? null : best;
}
