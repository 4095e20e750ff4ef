import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { buildFlagReport } from '../core/report.ts';
import { toReportCsv } from './csv.ts';
import { toReportJson } from './json.ts';

const SINCE = '2026-12-06T23:00:00.000Z';

function viewComment(id: string, extra: Partial<ViewComment> = {}): ViewComment {
  return {
    id, parentId: null, author: `author ${id}`, createdAt: null, createdAtText: null, text: `Text ${id}.`, html: null, kind: 'comment', status: 'published',
    depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: { scores: { TOXICITY: 0.1 }, evidence: {} }, scoreError: null, tropes: [], ...extra,
  };
}

const view: ThreadView = {
  id: 't1', title: 'Ferry', url: null, articleText: '', sourceFormat: 'wxr', importedAt: SINCE,
  scorer: { name: 'fake', version: '1', description: 'Test.' }, detector: { name: 'fake-tropes', version: '1' },
  comments: [viewComment('kept', { missing: { since: SINCE, fileName: 'ferry-cut.xml' } }), viewComment('present')],
  problems: [], decisions: [], defaultThresholds: DEFAULT_THRESHOLDS,
};

describe('missing-from-the-latest-import in reports', () => {
  const report = buildFlagReport({ views: [view], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: SINCE, generator: 'test' });

  it('keeps a missing comment in the report with its mark, and no mark on the others', () => {
    const [kept, present] = report.threads[0]!.comments;
    expect(kept).toMatchObject({ id: 'kept', missing: { since: SINCE, fileName: 'ferry-cut.xml' } });
    expect(present).not.toHaveProperty('missing');
    expect(report.summary.comments).toBe(2);
  });

  it('writes the JSON field after decision, valid under docs/report.schema.json, and the CSV column missing_since', () => {
    const json = JSON.parse(toReportJson(report));
    const keys = Object.keys(json.threads[0].comments[0]);
    expect(keys.slice(keys.indexOf('decision'))).toEqual(['decision', 'missing']);
    const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    json.threads[0].comments[0].missing = { since: SINCE };
    expect(validate(json)).toBe(false);

    const lines = toReportCsv(report).split('\r\n');
    const header = (lines[0] ?? '').replace('\uFEFF', '').split(',');
    const col = header.indexOf('missing_since');
    expect(col).toBeGreaterThan(header.indexOf('decided_at'));
    expect(lines[1]?.split(',')[col]).toBe(SINCE);
    expect(lines[2]?.split(',')[col]).toBe('');
  });
});
