/**
 * The report renderers by format: what the server, the CLI and the UI call to turn a report into a file. Each
 * renderer writes the report piece by piece (docs/adr/0021-streaming-reports.md): streamReportFile gives the pieces
 * to write in chunks (pieces.ts: the CLI's output file, an HTTP response); renderReport joins them into one string.
 */
import type { ReportFormat } from '../core/api.ts';
import { streamOfReport } from '../core/report.ts';
import type { FlagReport, StreamedReport } from '../core/report-types.ts';
import { reportCsvPieces, toReportCsv } from './csv.ts';
import { reportHtmlPieces, toReportHtml } from './html.ts';
import { reportJsonPieces, toReportJson } from './json.ts';
import { joinPieces, type Rendering } from './pieces.ts';

/** One output format of the flag report. */
export interface ReportRenderer {
  format: ReportFormat;
  /** Human label for menus. */
  label: string;
  /** Content type with charset, for HTTP responses and Blob downloads. */
  mimeType: string;
  /** File name extension without the dot. */
  extension: string;
  /**
   * The report's text piece by piece, reading the comments only as it goes; a Pending step is a read of comments
   * the driver awaits (pieces.ts).
   */
  pieces(report: StreamedReport, options?: RenderOptions): Rendering;
}

/** How to render: the reader's IANA time zone for the times the HTML report shows (JSON and CSV keep UTC). */
export interface RenderOptions {
  timeZone?: string;
}

/** Every renderer, in menu order. */
export const REPORT_RENDERERS: readonly ReportRenderer[] = [
  { format: 'json', label: 'JSON', mimeType: 'application/json; charset=utf-8', extension: 'json', pieces: reportJsonPieces },
  { format: 'csv', label: 'CSV (spreadsheet)', mimeType: 'text/csv; charset=utf-8', extension: 'csv', pieces: reportCsvPieces },
  { format: 'html', label: 'HTML (printable)', mimeType: 'text/html; charset=utf-8', extension: 'html', pieces: reportHtmlPieces },
];

/** A rendered report file. */
export interface RenderedReport {
  text: string;
  mimeType: string;
  /** File name extension without the dot. */
  extension: string;
}

/** A report file as it is written: its text piece by piece, made only as the pieces are read. */
export interface ReportFileStream {
  /** Steps for pacedChunks or asyncChunksOf (chunksOf and joinPieces when the comments are held in memory). */
  pieces: Rendering;
  mimeType: string;
  /** File name extension without the dot. */
  extension: string;
}

/** The renderer of a format; an unknown format (from outside, unchecked) throws a message naming the choices. */
export function rendererOf(format: ReportFormat): ReportRenderer {
  const renderer = REPORT_RENDERERS.find((r) => r.format === format);
  if (!renderer) {
    throw new Error(`unknown report format "${String(format)}"; choose one of ${REPORT_RENDERERS.map((r) => r.format).join(', ')}`);
  }
  return renderer;
}

/** Renders a whole report held in memory in a format as one string (synchronous). */
export function renderReport(report: FlagReport, format: ReportFormat, options: RenderOptions = {}): RenderedReport {
  const renderer = rendererOf(format);
  return { text: joinPieces(renderer.pieces(streamOfReport(report), options)), mimeType: renderer.mimeType, extension: renderer.extension };
}

/**
 * A streamed report in a format, as pieces to write one after the other (in chunks: chunksOf, pacedChunks): nothing
 * is rendered until the first piece is read, and a reader that stops (a client gone) stops the rendering and the
 * reading of comments.
 */
export function streamReportFile(report: StreamedReport, format: ReportFormat, options: RenderOptions = {}): ReportFileStream {
  const renderer = rendererOf(format);
  return { pieces: renderer.pieces(report, options), mimeType: renderer.mimeType, extension: renderer.extension };
}

export { toReportCsv, toReportHtml, toReportJson };
export { asyncChunksOf, chunksOf, pacedChunks, type Pacing } from './pieces.ts';
