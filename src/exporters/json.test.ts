import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ThreadView } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { buildFlagReport } from '../core/report.ts';
import type { FlagReport } from '../core/report-types.ts';
import { toReportJson } from './json.ts';
import { fixtureComment, fixtureReport, fixtureThread, richReport } from './report-fixture.ts';

const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema as object);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

type Path = Array<string | number>;
const DELETE = Symbol('delete');

/** The rich report's JSON, parsed, with the value at `path` replaced (or deleted). */
function edited(path: Path, value: unknown): unknown {
  const root: unknown = JSON.parse(toReportJson(richReport()));
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return root;
}

/** A report built by the real builder from a small hand-made view. */
function builtReport(): FlagReport {
  const view: ThreadView = {
    id: 't1',
    title: 'Thread',
    url: null,
    articleText: '',
    sourceFormat: 'generic-json',
    importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 'lexicon', version: '1', description: 'rules' },
    detector: { name: 'tropes', version: '1' },
    comments: [
      {
        id: '1', parentId: null, author: 'a', createdAt: null, createdAtText: null, text: 'you idiot', html: null, kind: 'comment', status: 'published',
        depth: 0, treeParentId: null, orphan: false, descendantCount: 1, scoreError: null, tropes: [],
        score: { scores: { INSULT: 0.9, TOXICITY: 0.8 }, evidence: { INSULT: [{ start: 4, end: 9, text: 'idiot' }] } },
      },
      {
        id: '2', parentId: '1', author: 'b', createdAt: null, createdAtText: null, text: '', html: null, kind: 'pingback', status: 'published',
        depth: 1, treeParentId: '1', orphan: false, descendantCount: 0, scoreError: null, tropes: [], score: null,
      },
    ],
    problems: [],
    decisions: [{ id: 'evt-00000001', threadId: 't1', commentId: '1', action: 'reject', moderator: 'm', reason: 'insult', note: '', at: '2026-01-02T00:00:00.000Z', seq: 1 }],
    defaultThresholds: DEFAULT_THRESHOLDS,
  };
  return buildFlagReport({ views: [view], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-02-01T00:00:00.000Z', generator: 'test' });
}

describe('toReportJson', () => {
  it('is pretty-printed with a trailing newline and parses back to the same report', () => {
    const report = richReport();
    const json = toReportJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.startsWith('{\n  "reportVersion": 1,\n  "generatedAt": "2026-02-01T10:00:00.000Z",\n  "generator"')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
  });

  it('writes keys in a fixed order whatever order the objects were built in', () => {
    const report = richReport();
    const shuffled = JSON.parse(JSON.stringify(report, (_key, value: unknown) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).reverse());
    })) as FlagReport;
    expect(Object.keys(shuffled)[0]).toBe('threads');
    expect(toReportJson(shuffled)).toBe(toReportJson(report));
    const comment = JSON.parse(toReportJson(report)).threads[0].comments[1];
    expect(Object.keys(comment).slice(0, 5)).toEqual(['id', 'parentId', 'sourceParentId', 'orphan', 'depth']);
    expect(Object.keys(comment.scores)).toEqual(['TOXICITY', 'INSULT']);
  });

  it('keeps extension fields, after the known ones, in sorted order', () => {
    const report = { ...richReport(), zExtra: { b: 1, a: 2 }, aExtra: true } as FlagReport;
    const keys = Object.keys(JSON.parse(toReportJson(report)));
    expect(keys.slice(-2)).toEqual(['aExtra', 'zExtra']);
    expect(toReportJson(report)).toContain('"zExtra": {\n    "a": 2,\n    "b": 1\n  }');
  });

  it('writes non-finite numbers as null rather than invalid JSON', () => {
    const report = fixtureReport([fixtureThread([fixtureComment({ maxScore: Number.NaN })])]);
    expect(JSON.parse(toReportJson(report)).threads[0].comments[0].maxScore).toBeNull();
  });
});

describe('docs/report.schema.json', () => {
  it('accepts the JSON of hand-built and builder-made reports, and an empty one', () => {
    for (const report of [richReport(), builtReport(), fixtureReport([])]) {
      expect(errorsOf(JSON.parse(toReportJson(report)))).toEqual([]);
    }
  });

  it('rejects a report missing a required field, at any level', () => {
    const cases: Array<[Path, string]> = [
      [['generatedAt'], 'generatedAt'],
      [['scorer', 'version'], 'version'],
      [['thresholds', 'attributes', 'THREAT'], 'THREAT'],
      [['threads', 0, 'url'], 'url'],
      [['threads', 0, 'comments', 0, 'depth'], 'depth'],
      [['threads', 0, 'comments', 1, 'reasons'], 'reasons'],
      [['threads', 0, 'comments', 2, 'tropes', 0, 'evidence', 0, 'role'], 'role'],
      [['threads', 0, 'comments', 1, 'decision', 'moderator'], 'moderator'],
    ];
    for (const [path, field] of cases) {
      const report = edited(path, DELETE);
      expect(errorsOf(report), path.join('.')).toEqual(expect.arrayContaining([expect.stringContaining(`must have required property '${field}'`)]));
    }
  });

  it('rejects wrong values: score out of range, unknown kind, flagged without reasons, bad version', () => {
    const cases: Array<[Path, unknown]> = [
      [['threads', 0, 'comments', 1, 'scores', 'INSULT'], 1.5],
      [['threads', 0, 'comments', 0, 'kind'], 'tweet'],
      [['threads', 0, 'comments', 1, 'reasons'], []],
      [['threads', 0, 'comments', 0, 'reasons'], ['stray']],
      [['reportVersion'], 2],
      [['threads', 0, 'comments', 0, 'depth'], -1],
      [['generatedAt'], 'yesterday'],
    ];
    for (const [path, value] of cases) {
      expect(errorsOf(edited(path, value)).length, path.join('.')).toBeGreaterThan(0);
    }
  });

  it('allows extra fields where the format is meant to grow', () => {
    const report = edited(['extra'], { anything: true });
    expect(errorsOf(report)).toEqual([]);
    expect(errorsOf(edited(['threads', 0, 'comments', 0, 'language'], 'en'))).toEqual([]);
  });
});
