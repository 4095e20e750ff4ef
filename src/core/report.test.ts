import { describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from './api.ts';
import type { DecisionEvent } from './decisions.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './flags.ts';
import { buildFlagReport, collectReport, collectReportAsync, streamFlagReport, type ReportThreadSource } from './report.ts';
import type { ReportComment } from './report-types.ts';
import { ThreadIndexBuilder } from './thread-index.ts';

function comment(id: string, over: Partial<ViewComment> = {}): ViewComment {
  return {
    id,
    parentId: null,
    author: `author ${id}`,
    createdAt: '2019-10-03T12:00:00.000Z',
    createdAtText: 'October 3, 2019 at 12:00 pm',
    text: `text of ${id}`,
    html: null,
    kind: 'comment',
    status: 'published',
    depth: 0,
    treeParentId: null,
    orphan: false,
    descendantCount: 0,
    score: { scores: { TOXICITY: 0.1, INSULT: 0.1 }, evidence: {} },
    scoreError: null,
    tropes: [],
    ...over,
  };
}

function event(seq: number, commentId: string, action: DecisionEvent['action'], over: Partial<DecisionEvent> = {}): DecisionEvent {
  return { id: `evt-${seq}-abcdef`, threadId: 't1', commentId, action, moderator: 'mod', reason: '', note: '', at: `2026-01-0${seq}T00:00:00.000Z`, seq, ...over };
}

function view(over: Partial<ThreadView> = {}): ThreadView {
  return {
    id: 't1',
    title: 'A thread',
    url: 'https://example.org/post',
    articleText: 'article',
    sourceFormat: 'page-text',
    importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 'lexicon', version: '1.0.0', description: 'rules and lexicon' },
    detector: { name: 'tropes', version: '0.1.0' },
    comments: [
      comment('1', { descendantCount: 2 }),
      comment('2', {
        parentId: '1',
        treeParentId: '1',
        depth: 1,
        descendantCount: 1,
        text: 'you real losers',
        score: { scores: { INSULT: 0.65, TOXICITY: 0.5 }, evidence: { INSULT: [{ start: 4, end: 15, text: 'real losers' }] } },
      }),
      comment('3', {
        parentId: '2',
        treeParentId: '2',
        depth: 2,
        text: 'they control putin',
        tropes: [
          {
            id: 'covert-control-of-leaders',
            name: 'Secret control of leaders',
            severity: 2,
            evidence: [{ start: 0, end: 4, text: 'they', role: 'who' }, { start: 5, end: 12, text: 'control', role: 'what' }],
            explanation: '"they" is said to control "putin"',
          },
        ],
      }),
      comment('4', { parentId: 'gone', treeParentId: null, orphan: true, text: '', score: null }),
      comment('5', { text: 'boom', score: null, scoreError: 'scorer timed out' }),
    ],
    problems: [{ where: 'comment 4', message: 'parent gone not found; shown at top level' }],
    decisions: [],
    defaultThresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

const base = { scope: 'whole thread', generatedAt: '2026-02-01T10:00:00.000Z', generator: 'threadscope test' };

describe('buildFlagReport', () => {
  it('records the header: time, generator, scorer, detector, thresholds, scope', () => {
    const report = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS });
    expect(report.reportVersion).toBe(1);
    expect(report.generatedAt).toBe('2026-02-01T10:00:00.000Z');
    expect(report.generator).toBe('threadscope test');
    expect(report.scorer).toEqual({ name: 'lexicon', version: '1.0.0', description: 'rules and lexicon' });
    expect(report.detector).toEqual({ name: 'tropes', version: '0.1.0' });
    expect(report.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(report.thresholds).not.toBe(DEFAULT_THRESHOLDS);
    expect(report.scope).toBe('whole thread');
    expect(report.threads[0]).toMatchObject({ id: 't1', title: 'A thread', url: 'https://example.org/post', totalComments: 5 });
    expect(report.threads[0]?.problems).toEqual([{ where: 'comment 4', message: 'parent gone not found; shown at top level' }]);
  });

  it('maps comments in display order with tree parent, source parent, depth and orphan mark', () => {
    const report = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS });
    const comments = report.threads[0]?.comments ?? [];
    expect(comments.map((c) => [c.id, c.parentId, c.sourceParentId, c.depth, c.orphan])).toEqual([
      ['1', null, null, 0, false],
      ['2', '1', '1', 1, false],
      ['3', '2', '2', 2, false],
      ['4', null, 'gone', 0, true],
      ['5', null, null, 0, false],
    ]);
    expect(comments[1]).toMatchObject({ author: 'author 2', createdAtText: 'October 3, 2019 at 12:00 pm', kind: 'comment', status: 'published' });
  });

  it('keeps scores in attribute order, the max score, evidence and score errors', () => {
    const report = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS });
    const [, c2, c3, c4, c5] = report.threads[0]?.comments ?? [];
    expect(Object.keys(c2?.scores ?? {})).toEqual(['TOXICITY', 'INSULT']);
    expect(c2?.maxScore).toBe(0.65);
    expect(c2?.scoreEvidence).toEqual({ INSULT: [{ start: 4, end: 15, text: 'real losers' }] });
    expect(c3?.tropes[0]?.evidence[0]).toEqual({ start: 0, end: 4, text: 'they', role: 'who' });
    expect(c3?.tropes[0]?.references).toContain('https://www.holocaustremembrance.com/resources/working-definitions-charters/working-definition-antisemitism');
    expect(c3?.tropes[0]?.contextOf).toBeUndefined();
    expect(c4).toMatchObject({ scores: null, maxScore: null, scoreError: null, scoreEvidence: {} });
    expect(c5).toMatchObject({ scores: null, scoreError: 'scorer timed out' });
  });

  it('recomputes flags with the thresholds given, not stored ones', () => {
    const defaults = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS });
    const c = defaults.threads[0]?.comments ?? [];
    expect(c.map((x) => x.flagged)).toEqual([false, true, true, false, false]);
    expect(c[1]?.reasons).toEqual(['INSULT 0.65 ≥ 0.60: "real losers"']);
    expect(c[2]?.reasons).toEqual(['Trope Secret control of leaders (S2): "they" is said to control "putin"']);
    expect(defaults.summary).toMatchObject({ comments: 5, flagged: 2, unscored: 2 });

    const strict: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.9, TOXICITY: 0.05 }, tropeMinSeverity: 3 };
    const r = buildFlagReport({ ...base, views: [view()], thresholds: strict });
    const s = r.threads[0]?.comments ?? [];
    expect(s.map((x) => x.flagged)).toEqual([true, true, true, false, false]);
    expect(s[0]?.reasons).toEqual(['TOXICITY 0.10 ≥ 0.05']);
    expect(s[1]?.reasons).toEqual(['TOXICITY 0.50 ≥ 0.05']);
    expect(s[2]?.reasons).toEqual(['TOXICITY 0.10 ≥ 0.05']);
    expect(s[2]?.tropes).toHaveLength(1);
    expect(r.thresholds.tropeMinSeverity).toBe(3);
  });

  it('keeps only the requested comment ids, in display order, and counts only those', () => {
    const report = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS, commentIds: ['5', '3', 'nope'], scope: 'flagged only' });
    const thread = report.threads[0];
    expect(thread?.comments.map((c) => c.id)).toEqual(['3', '5']);
    expect(thread?.comments[0]?.parentId).toBe('2');
    expect(thread?.totalComments).toBe(5);
    expect(report.summary).toMatchObject({ threads: 1, comments: 2, flagged: 1 });
    expect(report.scope).toBe('flagged only');
  });

  it('an empty commentIds list keeps no comment', () => {
    const report = buildFlagReport({ ...base, views: [view()], thresholds: DEFAULT_THRESHOLDS, commentIds: [] });
    expect(report.threads[0]?.comments).toEqual([]);
    expect(report.summary.comments).toBe(0);
  });

  it('folds decisions: latest wins by seq, reset clears, other threads ignored', () => {
    const decisions = [
      event(3, '2', 'escalate', { moderator: 'bo', reason: 'needs senior', note: 'see thread' }),
      event(1, '2', 'approve'),
      event(2, '1', 'reject'),
      event(4, '1', 'reset'),
      event(5, '3', 'reject', { moderator: 'al', reason: 'trope', at: '2026-01-05T08:00:00.000Z' }),
      event(6, '5', 'approve', { threadId: 'other' }),
    ];
    const report = buildFlagReport({ ...base, views: [view({ decisions })], thresholds: DEFAULT_THRESHOLDS });
    const c = report.threads[0]?.comments ?? [];
    expect(c[0]?.decision).toBeNull();
    expect(c[1]?.decision).toEqual({ state: 'escalated', action: 'escalate', moderator: 'bo', reason: 'needs senior', note: 'see thread', at: '2026-01-03T00:00:00.000Z', eventId: 'evt-3-abcdef' });
    expect(c[2]?.decision).toMatchObject({ state: 'rejected', action: 'reject', moderator: 'al', reason: 'trope', at: '2026-01-05T08:00:00.000Z' });
    expect(c[4]?.decision).toBeNull();
    expect(report.summary).toMatchObject({ decided: 2, approved: 0, rejected: 1, escalated: 1 });
  });

  it('notes in the scope when threads disagree on scorer or detector', () => {
    const other = view({ id: 't2', scorer: { name: 'lexicon', version: '2.0.0', description: 'newer' }, detector: { name: 'tropes', version: '0.2.0' } });
    const report = buildFlagReport({ ...base, views: [view(), other], thresholds: DEFAULT_THRESHOLDS });
    expect(report.scorer.version).toBe('1.0.0');
    expect(report.scope).toBe(
      'whole thread; note: threads were scored by different scorers (lexicon 1.0.0, lexicon 2.0.0); the header names the first; ' +
        'threads were screened by different trope detectors (tropes 0.1.0, tropes 0.2.0); the header names the first',
    );
    expect(report.summary.threads).toBe(2);
    const same = buildFlagReport({ ...base, views: [view(), view({ id: 't2' })], thresholds: DEFAULT_THRESHOLDS });
    expect(same.scope).toBe('whole thread');
  });

  it('marks a comment in an unsupported language as needing a human, not flagged, and counts it', () => {
    const german = comment('4', {
      text: 'Die Kinder sind fast alle im Garten.',
      score: { scores: {}, evidence: {}, language: 'de', languageUnsupported: true, unsupported: ['THREAT'] },
      tropes: [{ id: 'covert-control-of-leaders', name: 'Secret control of leaders', severity: 4, evidence: [], explanation: 'x' }],
    });
    const report = buildFlagReport({ ...base, views: [view({ comments: [comment('1'), german] })], thresholds: DEFAULT_THRESHOLDS });
    const [first, second] = report.threads[0]?.comments ?? [];
    expect(first?.needsHuman).toBeNull();
    expect(second).toMatchObject({ flagged: false, reasons: [], needsHuman: { reason: 'language-not-supported', language: 'de' }, scores: {}, maxScore: null });
    expect(report.summary).toMatchObject({ comments: 2, flagged: 0, needsHuman: 1, unscored: 0 });
  });

  it('reports on no thread without throwing', () => {
    const report = buildFlagReport({ ...base, views: [], thresholds: DEFAULT_THRESHOLDS });
    expect(report.threads).toEqual([]);
    expect(report.scorer.name).toBe('none');
    expect(report.summary).toEqual({ threads: 0, comments: 0, flagged: 0, decided: 0, approved: 0, rejected: 0, escalated: 0, unscored: 0, needsHuman: 0 });
  });

  it('does not share mutable state with the views', () => {
    const v = view();
    const report = buildFlagReport({ ...base, views: [v], thresholds: DEFAULT_THRESHOLDS });
    report.threads[0]?.comments[1]?.scoreEvidence.INSULT?.push({ start: 0, end: 1, text: 'y' });
    expect(v.comments[1]?.score?.evidence.INSULT).toHaveLength(1);
  });
});

/** A view as a stream source that counts how often, and how far, its comments were read. */
function countingSource(v: ThreadView): { source: ReportThreadSource; reads: number[] } {
  const { comments, decisions, ...header } = v;
  const builder = new ThreadIndexBuilder();
  for (const c of comments) builder.add(c);
  const reads: number[] = [];
  return {
    reads,
    source: {
      index: builder.finish(header, 'v1', decisions),
      *comments() {
        reads.push(0);
        for (const c of comments) {
          reads[reads.length - 1] = (reads.at(-1) ?? 0) + 1;
          yield c;
        }
      },
    },
  };
}

describe('streamFlagReport', () => {
  it('counts the summary from the index before any comment is read, then reads comments only as they are taken', () => {
    const decisions = [event(1, '2', 'reject'), event(2, '5', 'approve')];
    const { source, reads } = countingSource(view({ decisions }));
    const stream = streamFlagReport({ ...base, threads: [source], thresholds: DEFAULT_THRESHOLDS });
    expect(reads).toEqual([]);
    expect(stream.head.summary).toEqual({ threads: 1, comments: 5, flagged: 2, decided: 2, approved: 1, rejected: 1, escalated: 0, unscored: 2, needsHuman: 0 });
    const first = (stream.threads[0]?.comments() as Iterable<ReportComment>)[Symbol.iterator]().next();
    expect(first?.value).toMatchObject({ id: '1', flagged: false });
    expect(reads).toEqual([1]);
  });

  it('streams a source whose comments are read asynchronously: the same report, collected with collectReportAsync', async () => {
    const decisions = [event(1, '2', 'escalate'), event(2, '3', 'reject')];
    for (const commentIds of [undefined, ['5', '2', 'nope']]) {
      const input = { ...base, thresholds: DEFAULT_THRESHOLDS, commentIds };
      const { source, reads } = countingSource(view({ decisions }));
      const asyncSource: ReportThreadSource = {
        index: source.index,
        async *comments() {
          for (const c of source.comments() as Iterable<ViewComment>) yield await Promise.resolve(c);
        },
      };
      const stream = streamFlagReport({ ...input, threads: [asyncSource] });
      expect(() => collectReport(stream)).toThrow('the comments of thread "t1" are read asynchronously: collect the report with collectReportAsync');
      expect(await collectReportAsync(stream)).toEqual(buildFlagReport({ ...input, views: [view({ decisions })] }));
      expect(reads.at(-1)).toBe(5);
    }
  });

  it('gives, collected, the report buildFlagReport gives for the same view (filtered too)', () => {
    const decisions = [event(1, '2', 'escalate'), event(2, '3', 'reject'), event(3, '3', 'reset')];
    for (const commentIds of [undefined, ['5', '2', 'nope']]) {
      const input = { ...base, thresholds: DEFAULT_THRESHOLDS, commentIds };
      const streamed = collectReport(streamFlagReport({ ...input, threads: [countingSource(view({ decisions })).source] }));
      expect(streamed).toEqual(buildFlagReport({ ...input, views: [view({ decisions })] }));
    }
  });

  it('counts as summarize over the comments would, for random comments and thresholds', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 20; round += 1) {
      const comments = Array.from({ length: 30 }, (_, i) => {
        const kind = random();
        const score = kind < 0.15 ? null : { scores: { TOXICITY: random(), INSULT: random(), THREAT: random() }, evidence: {}, ...(kind > 0.9 ? { language: 'de', languageUnsupported: true } : {}) };
        const text = kind < 0.07 ? ' ' : `text ${i}`;
        const tropes = random() < 0.2 ? [{ id: 'covert-control-of-leaders', name: 'x', severity: (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4, evidence: [], explanation: 'e' }] : [];
        return comment(String(i), { text, score, scoreError: score === null && text !== ' ' ? 'failed' : null, tropes });
      });
      const decisions = comments.filter(() => random() < 0.3).map((c, i) => event(1 + (i % 9), c.id, (['approve', 'reject', 'escalate', 'reset'] as const)[i % 4]!));
      const thresholds: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: random(), INSULT: random() }, tropeMinSeverity: (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4 };
      const commentIds = round % 2 === 0 ? undefined : comments.filter(() => random() < 0.5).map((c) => c.id);
      const report = buildFlagReport({ ...base, views: [view({ comments, decisions })], thresholds, commentIds });
      const all = report.threads.flatMap((t) => t.comments);
      const states = (state: string): number => all.filter((c) => c.decision?.state === state).length;
      expect(report.summary).toEqual({
        threads: 1, comments: all.length, flagged: all.filter((c) => c.flagged).length, decided: all.filter((c) => c.decision).length,
        approved: states('approved'), rejected: states('rejected'), escalated: states('escalated'),
        unscored: all.filter((c) => c.scores === null).length, needsHuman: all.filter((c) => c.needsHuman).length,
      });
    }
  });
});
