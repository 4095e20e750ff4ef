/**
 * The importer registry: decodes input, picks the format (given or detected) and runs its importer, never throwing.
 */
import { boundImportIds } from '../core/ids.ts';
import type { ImportResult } from '../core/model.ts';
import { decodeBytes } from './decode.ts';
import { discourseImporter } from './discourse.ts';
import { disqusImporter } from './disqus.ts';
import { genericCsvImporter } from './generic-csv.ts';
import { genericJsonImporter } from './generic-json.ts';
import { hnImporter } from './hn.ts';
import type { Importer } from './importer.ts';
import { excerpt } from './importer.ts';
import { mastodonImporter } from './mastodon.ts';
import { pageTextImporter } from './page-text.ts';
import { redditImporter } from './reddit.ts';
import { shapeError } from './validate.ts';
import { streamingImporter } from './xml-bytes.ts';
import { wpHtmlImporter } from './wp-html.ts';
import { wpRestImporter } from './wp-rest.ts';
import { wxrImporter } from './wxr.ts';
import { youtubeImporter } from './youtube.ts';

export type { Importer } from './importer.ts';

/** Largest input accepted, in bytes (UTF-8 bytes for pasted text). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Lowest detection confidence that counts as a match. */
const MIN_CONFIDENCE = 0.25;

/**
 * Every importer, in order of precedence: on equal confidence the earlier one wins. Structured formats with
 * unambiguous syntax come first; copied page text last, since its headers could appear inside other formats' text.
 */
export const IMPORTERS: readonly Importer[] = [
  // XML exports, detected from their root element and namespaces: WordPress WXR (<rss> + wordpress.org/export), Disqus (<disqus>).
  wxrImporter,
  disqusImporter,
  // A saved WordPress page: HTML (not XML) with an ol.comment-list or li id="comment-N".
  wpHtmlImporter,
  // Platform JSON, each recognised by keys only it has (Listing/t1, post_stream, youtube#…); they outrank generic-json.
  wpRestImporter,
  redditImporter,
  hnImporter,
  discourseImporter,
  youtubeImporter,
  mastodonImporter,
  // JSON: the first non-blank character is "[" or "{"; confident when it sees id/text or comments keys.
  genericJsonImporter,
  // CSV: a header row with "id" and "text" columns.
  genericCsvImporter,
  // Copied blog page text: lines like "5. Name says".
  pageTextImporter,
];

/** The formats a user can choose, in registry order. */
export function listFormats(): { id: string; label: string }[] {
  return IMPORTERS.map(({ id, label }) => ({ id, label }));
}

/** What to import: raw bytes of a file, or text already decoded (pasted; wins when both are given); `format` skips detection. */
export interface ImportInput {
  bytes?: Uint8Array;
  text?: string;
  fileName?: string;
  /** An importer id, or "auto" / "" / undefined to detect. */
  format?: string;
  /** Called now and then with the fraction read (0..1) by importers that report progress (the XML exports). */
  onProgress?: (fraction: number) => void;
}

function describeFormats(): string {
  return IMPORTERS.map((i) => `${i.id} (${i.label})`).join(', ');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** UTF-8 byte length of `text`, counted only as far as needed to know whether it exceeds `limit`. */
function utf8LengthOver(text: string, limit: number): number | null {
  if (text.length * 3 <= limit) return null;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > limit ? bytes : null;
}

function fail(source: string, format: string | null, where: string, message: string, problems: ImportResult['problems'] = []): ImportResult {
  return { ok: false, format, message: `${source}, ${where}: ${message}`, where, problems };
}

function detectFormat(text: string, fileName: string | undefined): Importer | null {
  let best: Importer | null = null;
  let bestScore = MIN_CONFIDENCE;
  for (const importer of IMPORTERS) {
    let score = 0;
    try {
      score = importer.detect(text, fileName);
    } catch {
      score = 0;
    }
    if (Number.isFinite(score) && score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  return best;
}

function run(input: ImportInput, source: string): ImportResult {
  const requested = input.format === undefined || input.format === '' || input.format === 'auto' ? null : input.format;
  const chosen = requested === null ? null : IMPORTERS.find((i) => i.id === requested);
  if (chosen === undefined) {
    return fail(source, null, 'option format', `Unknown format ${JSON.stringify(requested)}. Supported formats: ${IMPORTERS.map((i) => i.id).join(', ')} (or "auto").`);
  }
  let text: string;
  const problems: ImportResult['problems'] = [];
  if (typeof input.text === 'string') {
    const over = utf8LengthOver(input.text, MAX_INPUT_BYTES);
    if (over !== null) return fail(source, null, `byte ${MAX_INPUT_BYTES + 1}`, `The text is ${megabytes(over)} (${over} bytes); the limit is ${megabytes(MAX_INPUT_BYTES)}.`);
    text = input.text.replace(/^\ufeff/, '');
  } else if (input.bytes instanceof Uint8Array) {
    if (input.bytes.length > MAX_INPUT_BYTES) {
      return fail(source, null, `byte ${MAX_INPUT_BYTES + 1}`, `The file is ${megabytes(input.bytes.length)} (${input.bytes.length} bytes); the limit is ${megabytes(MAX_INPUT_BYTES)}.`);
    }
    // Large XML exports stream from the bytes (xml-bytes.ts) instead of being decoded whole first.
    const streamer = streamingImporter(input.bytes, chosen, IMPORTERS);
    if (streamer?.parseBytes !== undefined) return checked(source, streamer, streamer.parseBytes(input.bytes, input.fileName, { onProgress: input.onProgress }), []);
    const decoded = decodeBytes(input.bytes);
    if (!decoded.ok) return fail(source, null, decoded.where, `This ${decoded.message}.`);
    text = decoded.text;
    problems.push(...decoded.problems);
  } else {
    return fail(source, null, 'input', 'Nothing to import: neither file contents nor text were given.');
  }
  if (text.trim() === '') return fail(source, null, 'line 1', 'The input is empty.');
  const importer = chosen ?? detectFormat(text, input.fileName);
  if (importer === null) {
    return fail(source, null, 'line 1', `The format was not recognised (the text starts ${excerpt(text.trimStart())}). Supported formats: ${describeFormats()}.`);
  }
  return checked(source, importer, importer.parse(text, input.fileName, { onProgress: input.onProgress }), problems);
}

/** An importer's result with the decoder's `problems` added, or a failure naming the file when it failed or is malformed. */
function checked(source: string, importer: Importer, result: ImportResult, problems: ImportResult['problems']): ImportResult {
  if (!result.ok) {
    return fail(source, result.format ?? importer.id, result.where ?? 'whole input', `${result.message} (read as ${importer.id})`, [...problems, ...result.problems]);
  }
  const broken = shapeError(result);
  if (broken !== null) return fail(source, importer.id, 'whole input', `Internal error while reading it as ${importer.id}: the importer produced an invalid record (${broken}).`);
  // Ids over the API's limits are shortened here, so every stored thread can be opened (src/core/ids.ts).
  return boundImportIds({ ...result, problems: [...problems, ...result.problems] });
}

/**
 * Import a file or pasted text. Never throws: every failure is `{ ok: false }` with a message naming the file
 * ("pasted text" when there is none) and the place.
 */
export function importInput(input: ImportInput): ImportResult {
  let source = 'pasted text';
  try {
    if (typeof input?.fileName === 'string' && input.fileName.trim() !== '') source = input.fileName;
    return run(input ?? {}, source);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, format: null, message: `Internal error while reading ${source}: ${detail}`, where: 'whole input', problems: [] };
  }
}
