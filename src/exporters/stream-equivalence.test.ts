/**
 * Proof for docs/adr/0021-streaming-reports.md: the streamed builder and renderers give byte for byte what the
 * one-string ones gave (kept for this test as *-legacy.ts copies of the code before the change, removed next).
 */
import { describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../core/flags.ts';
import { buildFlagReport as legacyBuild } from '../core/report-legacy.ts';
import { buildFlagReport } from '../core/report.ts';
import type { FlagReport } from '../core/report-types.ts';
import { toReportCsv as legacyCsv } from './csv-legacy.ts';
import { toReportCsv } from './csv.ts';
import { toReportHtml as legacyHtml } from './html-legacy.ts';
import { toReportHtml } from './html.ts';
import { toReportJson as legacyJson } from './json-legacy.ts';
import { toReportJson } from './json.ts';
import { fixtureComment, fixtureReport, fixtureThread, richReport } from './report-fixture.ts';

const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\'&\u2028=cmd|" /C calc"!A0;\t@x';

function fixtures(): Array<[string, FlagReport]> {
  const flagged = fixtureComment({ id: 'f', flagged: true, reasons: ['INSULT 0.82 ≥ 0.60: "x"'] });
  const german = fixtureComment({ id: 'de', language: 'de', languageUnsupported: true, needsHuman: { reason: 'language-not-supported', language: 'de' }, unsupportedAttributes: ['THREAT'] });
  return [
    ['rich', richReport()],
    ['no thread', fixtureReport([])],
    ['two threads, one empty', fixtureReport([fixtureThread([flagged], { title: 'First' }), fixtureThread([], { id: 't2', title: 'Second', url: null })])],
    ['two threads, both flagged', fixtureReport([fixtureThread([flagged, german]), fixtureThread([flagged, fixtureComment({ id: 'g', needsHuman: { reason: 'language-not-supported', language: 'fr' } })], { id: 't2' })])],
    ['needs a human', fixtureReport([fixtureThread([german, fixtureComment({ id: 'en' })])])],
    ['missing', fixtureReport([fixtureThread([fixtureComment({ missing: { since: '2026-03-01T08:30:00.000Z', fileName: 'cut.xml' } }), fixtureComment({ id: 'p', missing: { since: '2026-03-01T08:30:00.000Z', fileName: null } })])])],
    ['deep and odd', fixtureReport([fixtureThread([fixtureComment({ depth: 40, maxScore: Number.NaN, createdAt: null, createdAtText: 'last Tuesday' })])])],
    ['extension keys', { ...richReport(), zExtra: { b: 1, a: [2, { d: 1, c: null }] }, aExtra: true } as FlagReport],
    ['extension keys in a thread and a comment', fixtureReport([{ ...fixtureThread([{ ...fixtureComment(), zz: 1, aa: { y: 2, x: 3 } } as never]), extra: 'x' } as never])],
    ['bad typed values', fixtureReport([fixtureThread([fixtureComment({ depth: '<b>x</b>' as unknown as number, decision: { state: '<i>' as unknown as 'approved', action: 'approve', moderator: 'm', reason: '', note: '', at: 't', eventId: 'e' } })])])],
    [
      'hostile everywhere',
      fixtureReport(
        [
          fixtureThread(
            [
              fixtureComment({
                id: hostile, parentId: hostile, author: hostile, text: hostile, createdAt: hostile, createdAtText: hostile, scoreError: hostile, scores: null, flagged: true, reasons: [hostile, '+1'],
                tropes: [{ id: hostile, name: hostile, severity: 2, evidence: [{ start: 0, end: 8, text: '<script>', role: 'who' }], explanation: hostile, references: [hostile, 'https://example.org/a b'] }],
                decision: { state: 'approved', action: 'approve', moderator: hostile, reason: hostile, note: hostile, at: hostile, eventId: hostile },
              }),
            ],
            { title: hostile, id: hostile, url: hostile, sourceFormat: hostile, importedAt: hostile, problems: [{ where: hostile, message: hostile }] },
          ),
        ],
        { generator: hostile, scope: hostile, scorer: { name: hostile, version: hostile, description: hostile }, detector: { name: hostile, version: hostile } },
      ),
    ],
    ['changed thresholds', { ...richReport(), thresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.3 }, tropeMinSeverity: 3 } }],
  ];
}

function viewComment(id: string, over: Partial<ViewComment> = {}): ViewComment {
  return {
    id, parentId: null, author: `author ${id}`, createdAt: '2019-10-03T12:00:00.000Z', createdAtText: 'October 3, 2019', text: `text of ${id}`, html: null, kind: 'comment',
    status: 'published', depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: { scores: { TOXICITY: 0.1, INSULT: 0.1 }, evidence: {} }, scoreError: null, tropes: [], ...over,
  };
}

function event(seq: number, commentId: string, action: DecisionEvent['action']): DecisionEvent {
  return { id: `evt-${seq}-abcdef`, threadId: 't1', commentId, action, moderator: 'mod', reason: 'r', note: '', at: `2026-01-0${seq}T00:00:00.000Z`, seq };
}

function view(over: Partial<ThreadView> = {}): ThreadView {
  return {
    id: 't1', title: 'A thread', url: 'https://example.org/post', articleText: '', sourceFormat: 'page-text', importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 'lexicon', version: '1.0.0', description: 'rules' }, detector: { name: 'tropes', version: '0.1.0' },
    comments: [
      viewComment('1', { descendantCount: 2 }),
      viewComment('2', { parentId: '1', treeParentId: '1', depth: 1, text: 'you real losers', score: { scores: { INSULT: 0.65, TOXICITY: 0.5 }, evidence: { INSULT: [{ start: 4, end: 15, text: 'real losers' }] }, explanations: { INSULT: 'why' } } }),
      viewComment('3', {
        parentId: '2', treeParentId: '2', depth: 2, text: 'they control putin',
        tropes: [{ id: 'covert-control-of-leaders', name: 'Secret control', severity: 2, evidence: [{ start: 0, end: 4, text: 'they', role: 'who' }], explanation: 'e', contextOf: { commentId: '1', tropeId: 'x' } }],
      }),
      viewComment('4', { parentId: 'gone', orphan: true, text: '', score: null }),
      viewComment('5', { text: 'boom', score: null, scoreError: 'scorer timed out' }),
      viewComment('6', { text: 'Das ist gut', score: { scores: { TOXICITY: 0.9 }, evidence: {}, language: 'de', languageUnsupported: true, unsupported: ['THREAT'] } }),
      viewComment('7', { missing: { since: '2026-01-02T00:00:00.000Z', fileName: 'f.csv' }, feedback: [{ attribute: 'TOXICITY', suggested: 0.9, count: 2, latestAt: '2026-01-02T00:00:00.000Z' }] }),
      viewComment('8', { text: 'mapped', score: { scores: { TOXICITY: 0.7 }, evidence: {}, sources: { TOXICITY: 'harassment' } } }),
    ],
    problems: [{ where: 'comment 4', message: 'parent gone not found' }],
    decisions: [event(1, '2', 'reject'), event(2, '3', 'approve'), event(3, '3', 'reset'), event(4, '7', 'escalate'), event(5, '1', 'approve')],
    defaultThresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

const strict: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.05 }, tropeMinSeverity: 1 };
const builds: Array<[string, Parameters<typeof buildFlagReport>[0]]> = [
  ['one view', { views: [view()], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-02-01T10:00:00.000Z', generator: 'g' }],
  ['strict thresholds', { views: [view()], thresholds: strict, scope: 'whole thread', generatedAt: '2026-02-01T10:00:00.000Z', generator: 'g' }],
  ['filtered', { views: [view()], thresholds: DEFAULT_THRESHOLDS, commentIds: ['5', '3', 'nope', '2'], scope: 'flagged only', generatedAt: 'x', generator: 'g' }],
  ['filtered to none', { views: [view()], thresholds: DEFAULT_THRESHOLDS, commentIds: [], scope: 's', generatedAt: 'x', generator: 'g' }],
  ['two scorers', { views: [view(), view({ id: 't2', scorer: { name: 'other', version: '2', description: 'd' }, detector: { name: 'd2', version: '1' } })], thresholds: DEFAULT_THRESHOLDS, scope: 's', generatedAt: 'x', generator: 'g' }],
  ['no view', { views: [], thresholds: DEFAULT_THRESHOLDS, scope: 's', generatedAt: 'x', generator: 'g' }],
];

describe('streamed reports equal the one-string ones', () => {
  it.each(fixtures())('renders "%s" the same in JSON, CSV and HTML (two time zones)', (_name, report) => {
    expect(toReportJson(report)).toBe(legacyJson(report));
    expect(toReportCsv(report)).toBe(legacyCsv(report));
    expect(toReportHtml(report)).toBe(legacyHtml(report));
    expect(toReportHtml(report, { timeZone: 'Europe/Berlin' })).toBe(legacyHtml(report, { timeZone: 'Europe/Berlin' }));
    expect(toReportHtml(report, { timeZone: 'Mars/Olympus' })).toBe(legacyHtml(report, { timeZone: 'Mars/Olympus' }));
  });

  it.each(builds)('builds "%s" the same, and renders it the same', (_name, input) => {
    const report = buildFlagReport(input);
    const before = legacyBuild(input);
    expect(report).toEqual(before);
    expect(toReportJson(report)).toBe(legacyJson(before));
    expect(toReportCsv(report)).toBe(legacyCsv(before));
    expect(toReportHtml(report)).toBe(legacyHtml(before));
  });
});
