/**
 * The contract every importer implements, and small helpers importers share.
 */
import type { ImportProblem, ImportResult } from '../core/model.ts';

/** One input format: recognises text and turns it into threads. Pure, synchronous, runtime-neutral. */
export interface Importer {
  /** Stable id used on the command line and in the API, e.g. "page-text". */
  id: string;
  /** Human name shown in the UI, e.g. "Copied blog page text". */
  label: string;
  /** Confidence 0..1 that `text` is in this format, judged mainly from the content; the file name is a hint. */
  detect(text: string, fileName?: string): number;
  /**
   * Read `text` (already decoded). Failure messages do not name the file (the registry adds it) but always set
   * `where` ("line 12", "row 7", "item 3"). May throw only on bugs; the registry turns that into a message.
   */
  parse(text: string, fileName?: string, options?: ParseOptions): ImportResult;
  /**
   * Optional: read the raw bytes of a file as a stream, decoding as it goes, so a large export is never held as one
   * decoded string next to its bytes. The registry uses it when this importer is asked for or is confident about the
   * start of the file.
   */
  parseBytes?(bytes: Uint8Array, fileName?: string, options?: ParseOptions): ImportResult;
}

/** What a caller can ask of a parse beyond the input. */
export interface ParseOptions {
  /** Called now and then with the fraction of the input read so far (0..1). Importers may ignore it. */
  onProgress?(fraction: number): void;
}

/** A failed import from `format` at `where`. */
export function importFailure(format: string, where: string, message: string, problems: ImportProblem[] = []): ImportResult {
  return { ok: false, format, message, where, problems };
}

/** A warning at `where`. */
export function warning(where: string, message: string): ImportProblem {
  return { severity: 'warning', where, message };
}

/** The file name without folders and without its last extension ("exports/thread.csv" -> "thread"), or null. */
export function fileStem(fileName: string | undefined): string | null {
  if (fileName === undefined) return null;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '').trim();
  return stem === '' ? null : stem;
}

/** Text with a leading BOM removed and CRLF / CR line ends turned into LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

/** Quote a bit of input for a message: at most `max` characters, control characters made visible. */
export function excerpt(text: string, max = 40): string {
  let visible = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    visible += ch === '\n' ? '⏎' : code < 0x20 || code === 0x7f ? '\ufffd' : ch;
    if (visible.length > max) break;
  }
  return JSON.stringify(visible.length > max ? `${visible.slice(0, max)}…` : visible);
}
