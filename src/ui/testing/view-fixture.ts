/**
 * A small scored thread view for the UI's unit tests: civil comments, an insult, a trope, a threat, an empty
 * comment and a pingback, nested up to depth 2.
 */
import type { ThreadSummary, ThreadView, ViewComment } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { Attribute, CommentScore, TropeHit } from '../../core/scoring.ts';

function score(values: Partial<Record<Attribute, number>>, evidence: CommentScore['evidence'] = {}): CommentScore {
  const scores: Partial<Record<Attribute, number>> = { TOXICITY: 0.02, SEVERE_TOXICITY: 0.01, IDENTITY_ATTACK: 0.01, INSULT: 0.02, PROFANITY: 0.01, THREAT: 0.01, ...values };
  return { scores, evidence };
}

const TROPE: TropeHit = {
  id: 'covert-control-of-leaders',
  name: 'Secret control of leaders',
  severity: 3,
  evidence: [{ start: 4, end: 11, text: 'bankers', role: 'who' }],
  explanation: 'Secret control of leaders: "bankers" are said to control "the leaders"',
};

function comment(partial: Partial<ViewComment> & Pick<ViewComment, 'id' | 'author' | 'text'>): ViewComment {
  return {
    parentId: null,
    createdAt: '2019-10-03T12:00:00.000Z',
    createdAtText: 'October 3, 2019 at 12:00 pm',
    html: null,
    kind: 'comment',
    status: 'published',
    depth: 0,
    treeParentId: null,
    orphan: false,
    descendantCount: 0,
    score: score({}),
    scoreError: null,
    tropes: [],
    ...partial,
  };
}

/** The fixture thread, in display order. */
export function fixtureView(): ThreadView {
  const comments: ViewComment[] = [
    comment({ id: 'c1', author: 'Alice Civil', text: 'I agree with the article, thanks for writing it.', descendantCount: 2 }),
    comment({
      id: 'c2',
      author: 'Bob Rude',
      text: 'You are real losers, all of you.',
      parentId: 'c1',
      treeParentId: 'c1',
      depth: 1,
      descendantCount: 1,
      score: score({ TOXICITY: 0.75, INSULT: 0.82 }, { INSULT: [{ start: 8, end: 19, text: 'real losers' }] }),
    }),
    comment({
      id: 'c3',
      author: 'Erin Grim',
      text: 'This ends in civil war and a body count.',
      parentId: 'c2',
      treeParentId: 'c2',
      depth: 2,
      score: score({ TOXICITY: 0.4, THREAT: 0.61 }, { THREAT: [{ start: 13, end: 22, text: 'civil war' }] }),
    }),
    comment({ id: 'c4', author: 'Carol Plot', text: 'The bankers control the leaders of every nation.', tropes: [TROPE], descendantCount: 1 }),
    comment({ id: 'c5', author: 'Dan Quiet', text: '', parentId: 'c4', treeParentId: 'c4', depth: 1, score: null }),
    comment({ id: 'c6', author: 'Some Blog', text: '[…] a post that links here […]', kind: 'pingback', score: score({}) }),
  ];
  return {
    id: 't1',
    title: 'A fixture thread',
    url: 'https://example.org/post',
    articleText: 'The article.',
    sourceFormat: 'page-text',
    importedAt: '2026-01-02T10:00:00.000Z',
    scorer: { name: 'test-lexicon', version: '1.0.0', description: 'A test scorer.' },
    detector: { name: 'test-tropes', version: '1.0.0' },
    comments,
    problems: [],
    decisions: [],
    defaultThresholds: DEFAULT_THRESHOLDS,
  };
}

export function fixtureSummary(view: ThreadView = fixtureView()): ThreadSummary {
  return { id: view.id, title: view.title, url: view.url, sourceFormat: view.sourceFormat, commentCount: view.comments.length, importedAt: view.importedAt };
}
