/**
 * The report renderers by format: what the server, the CLI and the UI call to turn a FlagReport into a file.
 */
import type { ReportFormat } from '../core/api.ts';
import type { FlagReport } from '../core/report-types.ts';
import { toReportCsv } from './csv.ts';
import { toReportHtml } from './html.ts';
import { toReportJson } from './json.ts';

/** One output format of the flag report. */
export interface ReportRenderer {
  format: ReportFormat;
  /** Human label for menus. */
  label: string;
  /** Content type with charset, for HTTP responses and Blob downloads. */
  mimeType: string;
  /** File name extension without the dot. */
  extension: string;
  render(report: FlagReport, options?: RenderOptions): string;
}

/** How to render: the reader's IANA time zone for the times the HTML report shows (JSON and CSV keep UTC). */
export interface RenderOptions {
  timeZone?: string;
}

/** Every renderer, in menu order. */
export const REPORT_RENDERERS: readonly ReportRenderer[] = [
  { format: 'json', label: 'JSON', mimeType: 'application/json; charset=utf-8', extension: 'json', render: toReportJson },
  { format: 'csv', label: 'CSV (spreadsheet)', mimeType: 'text/csv; charset=utf-8', extension: 'csv', render: toReportCsv },
  { format: 'html', label: 'HTML (printable)', mimeType: 'text/html; charset=utf-8', extension: 'html', render: toReportHtml },
];

/** A rendered report file. */
export interface RenderedReport {
  text: string;
  mimeType: string;
  /** File name extension without the dot. */
  extension: string;
}

/** Renders the report in a format; an unknown format (from outside, unchecked) throws a message naming the choices. */
export function renderReport(report: FlagReport, format: ReportFormat, options: RenderOptions = {}): RenderedReport {
  const renderer = REPORT_RENDERERS.find((r) => r.format === format);
  if (!renderer) {
    throw new Error(`unknown report format "${String(format)}"; choose one of ${REPORT_RENDERERS.map((r) => r.format).join(', ')}`);
  }
  return { text: renderer.render(report, options), mimeType: renderer.mimeType, extension: renderer.extension };
}

export { toReportCsv, toReportHtml, toReportJson };
