/**
 * The "needs a human: language not supported" state in the JSON and CSV reports (issue 11): the per-comment
 * `needsHuman` field and summary count, the `needs_human` CSV column, and the schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { toReportCsv } from './csv.ts';
import { toReportJson } from './json.ts';
import { fixtureComment, fixtureReport, fixtureThread } from './report-fixture.ts';

describe('needs a human in reports', () => {
  const german = fixtureComment({
    id: 'de',
    text: 'Die Kinder sind fast alle im Garten.',
    scores: {},
    maxScore: null,
    language: 'de',
    languageUnsupported: true,
    unsupportedAttributes: ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'],
    needsHuman: { reason: 'language-not-supported', language: 'de' },
  });
  const report = fixtureReport([fixtureThread([german, fixtureComment({ id: 'en' })])]);

  it('writes needsHuman in JSON after reasons on every comment (null when not needed) and counts it in the summary', () => {
    const json = JSON.parse(toReportJson(report)) as { summary: Record<string, number>; threads: Array<{ comments: Array<Record<string, unknown>> }> };
    const [de, en] = json.threads[0]?.comments ?? [];
    const keys = Object.keys(de ?? {});
    expect(keys[keys.indexOf('reasons') + 1]).toBe('needsHuman');
    expect(de?.needsHuman).toEqual({ reason: 'language-not-supported', language: 'de' });
    expect(en?.needsHuman).toBeNull();
    expect(json.summary.needsHuman).toBe(1);
    expect(Object.keys(json.summary).at(-1)).toBe('needsHuman');
  });

  it('writes the needs_human CSV column after reasons', () => {
    const rows = toReportCsv(report).replace('\uFEFF', '').split('\r\n');
    const header = (rows[0] ?? '').split(',');
    const col = header.indexOf('needs_human');
    expect(col).toBe(header.indexOf('reasons') + 1);
    // Not flagged, no reasons: the row reads "false,,needs a human: ...," at flagged, reasons, needs_human.
    expect(rows[1]).toContain(',false,,needs a human: language not supported (de),');
    expect(rows[2]).toContain(',false,,,');
    expect(rows[2]).not.toContain('needs a human');
  });

  it('matches docs/report.schema.json, which requires the field and rejects another reason', () => {
    const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    expect(validate(JSON.parse(toReportJson(report))), JSON.stringify(validate.errors)).toBe(true);
    const wrong = JSON.parse(toReportJson(report));
    wrong.threads[0].comments[0].needsHuman.reason = 'too-long';
    expect(validate(wrong)).toBe(false);
    const missing = JSON.parse(toReportJson(report));
    delete missing.threads[0].comments[1].needsHuman;
    expect(validate(missing)).toBe(false);
  });
});
