import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { toReportCsv } from './csv.ts';
import { toReportJson } from './json.ts';
import { fixtureComment, fixtureReport, fixtureThread } from './report-fixture.ts';

describe('language fields in reports', () => {
  const report = fixtureReport([
    fixtureThread([fixtureComment({ id: 'de', language: 'de', languageUnsupported: true }), fixtureComment({ id: 'en' })]),
  ]);

  it('writes the CSV language column, empty when not detected', () => {
    const csv = toReportCsv(report).split('\r\n');
    const header = (csv[0] ?? '').replace('\uFEFF', '').split(',');
    const col = header.indexOf('language');
    expect(col).toBeGreaterThan(header.indexOf('score_error'));
    expect(csv[1]).toContain(',de (unsupported),');
    expect(csv[2]?.split(',')[col]).toBe('');
  });

  it('writes language and languageUnsupported in JSON right after scoreEvidence, only when set', () => {
    const comments = JSON.parse(toReportJson(report)).threads[0].comments as Record<string, unknown>[];
    const keys = Object.keys(comments[0] ?? {});
    expect(keys.slice(keys.indexOf('scoreEvidence'), keys.indexOf('scoreEvidence') + 3)).toEqual(['scoreEvidence', 'language', 'languageUnsupported']);
    expect(comments[0]).toMatchObject({ language: 'de', languageUnsupported: true });
    expect(comments[1]).not.toHaveProperty('language');
  });

  it('matches docs/report.schema.json, which rejects a malformed code', () => {
    const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    const json: unknown = JSON.parse(toReportJson(report));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const bad = JSON.parse(toReportJson(report));
    bad.threads[0].comments[0].language = 'German!';
    expect(validate(bad)).toBe(false);
  });
});
