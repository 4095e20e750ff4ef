/**
 * Hand-built flag reports for the exporter tests: hostile text, emoji, overlapping evidence, decisions.
 */
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { FlagReport, ReportComment, ReportThread } from '../core/report-types.ts';

/** A plain, unflagged, undecided comment; override what a test needs. */
export function fixtureComment(over: Partial<ReportComment> = {}): ReportComment {
  return {
    id: 'c1',
    parentId: null,
    sourceParentId: null,
    depth: 0,
    kind: 'comment',
    status: 'published',
    author: 'Ann',
    createdAt: '2019-10-03T12:00:00.000Z',
    createdAtText: 'October 3, 2019 at 12:00 pm',
    text: 'A civil remark.',
    scores: { TOXICITY: 0.1, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0.02, INSULT: 0.05, PROFANITY: 0, THREAT: 0.01 },
    maxScore: 0.1,
    scoreError: null,
    scoreEvidence: {},
    tropes: [],
    flagged: false,
    reasons: [],
    needsHuman: null,
    decision: null,
    orphan: false,
    ...over,
  };
}

/** A thread holding the given comments. */
export function fixtureThread(comments: ReportComment[], over: Partial<ReportThread> = {}): ReportThread {
  return {
    id: 'thread-1',
    title: 'Civil war talk',
    url: 'https://example.org/post?a=1&b=2',
    sourceFormat: 'page-text',
    importedAt: '2026-01-01T00:00:00.000Z',
    totalComments: comments.length,
    problems: [],
    comments,
    ...over,
  };
}

/** A report over the given threads, with counts taken from them. */
export function fixtureReport(threads: ReportThread[], over: Partial<FlagReport> = {}): FlagReport {
  const all = threads.flatMap((t) => t.comments);
  const count = (state: string): number => all.filter((c) => c.decision?.state === state).length;
  return {
    reportVersion: 1,
    generatedAt: '2026-02-01T10:00:00.000Z',
    generator: 'threadscope test',
    scorer: { name: 'lexicon-baseline', version: '1.0.0', description: 'Transparent rules and lexicon.' },
    detector: { name: 'trope-rules', version: '0.1.0' },
    thresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes }, tropeMinSeverity: DEFAULT_THRESHOLDS.tropeMinSeverity },
    scope: 'whole thread',
    summary: {
      threads: threads.length,
      comments: all.length,
      flagged: all.filter((c) => c.flagged).length,
      decided: all.filter((c) => c.decision).length,
      approved: count('approved'),
      rejected: count('rejected'),
      escalated: count('escalated'),
      unscored: all.filter((c) => c.scores === null).length,
      needsHuman: all.filter((c) => c.needsHuman !== null).length,
    },
    threads,
    ...over,
  };
}

/** A flagged insult with evidence, a trope hit with overlapping spans around an emoji, and a decision. */
export function richReport(): FlagReport {
  const insult = fixtureComment({
    id: 'c2',
    parentId: 'c1',
    sourceParentId: 'c1',
    depth: 1,
    author: 'Stu',
    text: 'You are real losers, all of you.',
    scores: { TOXICITY: 0.55, INSULT: 0.82 },
    maxScore: 0.82,
    scoreEvidence: { INSULT: [{ start: 8, end: 19, text: 'real losers' }] },
    flagged: true,
    reasons: ['INSULT 0.82 ≥ 0.60: "real losers"'],
    decision: { state: 'rejected', action: 'reject', moderator: 'Mo', reason: 'insult', note: 'second warning', at: '2026-01-02T00:00:00.000Z', eventId: 'evt-1-abcdef' },
  });
  const text = '🐀 They control Putin 🐀';
  const trope = fixtureComment({
    id: 'c3',
    parentId: 'c2',
    sourceParentId: 'c2',
    depth: 2,
    author: 'Hy',
    text,
    tropes: [
      {
        id: 'covert-control-of-leaders',
        name: 'Secret control of leaders',
        severity: 3,
        evidence: [
          { start: 3, end: 15, text: 'They control', role: 'who' },
          { start: 8, end: 21, text: 'control Putin', role: 'what' },
        ],
        explanation: '"They" is said to control "Putin"',
        references: ['https://www.holocaustremembrance.com/resources/working-definitions-charters/working-definition-antisemitism', 'javascript:alert(1)'],
      },
    ],
    flagged: true,
    reasons: ['Trope Secret control of leaders (S3): "They" is said to control "Putin"'],
  });
  const empty = fixtureComment({ id: 'c4', author: '', text: '', scores: null, maxScore: null, kind: 'pingback', status: 'deleted', orphan: true, sourceParentId: 'gone' });
  return fixtureReport([fixtureThread([fixtureComment(), insult, trope, empty], { problems: [{ where: 'comment c4', message: 'parent gone not found' }] })]);
}
