/**
 * Moderators' feedback (comments:suggestscore) in the JSON report: a `feedback` list on the comments that have it,
 * each attribute with ours beside it and whether they disagree, valid under docs/report.schema.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { buildFlagReport } from '../core/report.ts';
import { toReportJson } from './json.ts';

const AT = '2026-12-06T23:00:00.000Z';

function viewComment(id: string, extra: Partial<ViewComment> = {}): ViewComment {
  return {
    id, parentId: null, author: `author ${id}`, createdAt: null, createdAtText: null, text: `Text ${id}.`, html: null, kind: 'comment', status: 'published',
    depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: { scores: { TOXICITY: 0.12 }, evidence: {} }, scoreError: null, tropes: [], ...extra,
  };
}

const view: ThreadView = {
  id: 't1', title: 'Ferry', url: null, articleText: '', sourceFormat: 'wxr', importedAt: AT,
  scorer: { name: 'fake', version: '1', description: 'Test.' }, detector: { name: 'fake-tropes', version: '1' },
  comments: [
    viewComment('judged', { feedback: [{ attribute: 'TOXICITY', suggested: 0.9, count: 3, latestAt: AT }, { attribute: 'THREAT', suggested: 0, count: 1, latestAt: AT }] }),
    viewComment('plain'),
  ],
  problems: [], decisions: [], defaultThresholds: DEFAULT_THRESHOLDS,
};

describe('moderators\' feedback in reports', () => {
  const report = buildFlagReport({ views: [view], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: AT, generator: 'test' });

  it('carries each attribute\'s suggestion beside ours, and nothing on a comment without feedback', () => {
    const [judged, plain] = report.threads[0]!.comments;
    expect(judged?.feedback).toEqual([
      { attribute: 'TOXICITY', suggested: 0.9, count: 3, latestAt: AT, ours: 0.12, disagrees: true },
      { attribute: 'THREAT', suggested: 0, count: 1, latestAt: AT, ours: null, disagrees: false },
    ]);
    expect(plain).not.toHaveProperty('feedback');
  });

  it('writes the JSON field last, valid under docs/report.schema.json (and a broken entry is not)', () => {
    const json = JSON.parse(toReportJson(report));
    const keys = Object.keys(json.threads[0].comments[0]);
    expect(keys.at(-1)).toBe('feedback');
    const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    json.threads[0].comments[0].feedback[0].suggested = 1.5;
    expect(validate(json)).toBe(false);
  });
});
