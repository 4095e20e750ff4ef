import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, type ReportFormat } from '../core/api.ts';
import { REPORT_RENDERERS, renderReport } from './index.ts';
import { richReport } from './report-fixture.ts';

describe('renderReport', () => {
  it('has exactly one renderer per report format of the API contract', () => {
    expect(REPORT_RENDERERS.map((r) => r.format)).toEqual([...REPORT_FORMATS]);
  });

  it('renders each format with its content type and extension', () => {
    const report = richReport();
    const json = renderReport(report, 'json');
    expect(json).toMatchObject({ mimeType: 'application/json; charset=utf-8', extension: 'json' });
    expect(JSON.parse(json.text).generatedAt).toBe(report.generatedAt);
    const csv = renderReport(report, 'csv');
    expect(csv).toMatchObject({ mimeType: 'text/csv; charset=utf-8', extension: 'csv' });
    expect(csv.text.startsWith('\uFEFFthread_id,')).toBe(true);
    const html = renderReport(report, 'html');
    expect(html).toMatchObject({ mimeType: 'text/html; charset=utf-8', extension: 'html' });
    expect(html.text.startsWith('<!doctype html>')).toBe(true);
  });

  it('names the choices when the format is unknown', () => {
    expect(() => renderReport(richReport(), 'pdf' as ReportFormat)).toThrow('unknown report format "pdf"; choose one of json, csv, html');
  });
});
