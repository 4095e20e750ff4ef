/**
 * Test support for the thread view's tests (never imported by the app): hand-built ThreadView fixtures,
 * a render helper, and a row-height stub for jsdom, which has no layout.
 */
import { render, screen } from '@testing-library/react';
import type { ThreadView, ViewComment } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import { DEFAULT_THRESHOLDS, decideFlags, type FlagDecision, type Thresholds } from '../../core/flags.ts';
import type { Comment } from '../../core/model.ts';
import type { CommentScore, TropeHit } from '../../core/scoring.ts';
import { buildTree } from '../../core/tree.ts';
import { openThreadOf } from '../testing/open-thread.ts';
import { ThreadPane } from './thread-pane.tsx';

/**
 * Makes rows report 48px (the virtualizer measures offsetHeight; jsdom says 0), so that long lists really
 * virtualize while small fixtures fit the 800px the shared setup gives the scroll container. Returns the undo.
 */
export function stubRowHeights(): () => void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('tp-item') ? 48 : 0;
    },
  });
  return () => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', original);
  };
}

export interface Extra {
  score?: CommentScore | null;
  scoreError?: string | null;
  tropes?: TropeHit[];
}

export function comment(id: string, parentId: string | null, author: string, text: string, over: Partial<Comment> = {}): Comment {
  return { id, parentId, author, createdAt: '2019-10-03T12:00:00.000Z', createdAtText: 'October 3, 2019 at 12:00 pm', text, html: null, kind: 'comment', status: 'published', ...over };
}

/** A ThreadView built the way the server builds one: buildTree for positions, then scores and tropes per id. */
export function makeView(comments: Comment[], extra: Record<string, Extra> = {}, over: Partial<ThreadView> = {}): ThreadView {
  const tree = buildTree(comments);
  const viewComments: ViewComment[] = tree.flat.map((node) => ({
    ...node.comment,
    depth: node.depth,
    treeParentId: node.treeParentId,
    orphan: node.orphan,
    descendantCount: node.descendantCount,
    score: extra[node.comment.id]?.score ?? null,
    scoreError: extra[node.comment.id]?.scoreError ?? null,
    tropes: extra[node.comment.id]?.tropes ?? [],
  }));
  return {
    id: 't1',
    title: 'A post about things',
    url: 'https://blog.example/post',
    articleText: 'The article body.\nSecond line.',
    sourceFormat: 'page-text',
    importedAt: '2024-01-01T00:00:00.000Z',
    scorer: { name: 'local-lexicon', version: '1', description: 'rules and lexicon baseline' },
    detector: { name: 'tropes', version: '1' },
    comments: viewComments,
    problems: tree.problems.map((p) => ({ where: `comment ${p.commentId}`, message: p.message })),
    decisions: [],
    defaultThresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

export const INSULT_TEXT = 'You are real losers 😀 and that is that';
export const insultScore: CommentScore = {
  scores: { TOXICITY: 0.55, INSULT: 0.82, PROFANITY: 0.1 },
  evidence: { INSULT: [{ start: 8, end: 19, text: 'real losers' }], TOXICITY: [{ start: 0, end: 3, text: 'You' }] },
};
export const TROPE_TEXT = 'Putin is controlled by the cabal, everyone knows.';
export const tropeHit: TropeHit = {
  id: 'covert-control-of-leaders',
  name: 'Secret control of leaders',
  severity: 3,
  evidence: [
    { start: 0, end: 5, text: 'Putin', role: 'whom' },
    { start: 27, end: 32, text: 'cabal', role: 'who' },
  ],
  explanation: '"cabal" is said to control "putin"',
};

// a Alice            (flagged: INSULT)
//   b Bob
//     c Carol
//   d Dan
// p pingback
// e Eve (empty)
// x deleted
// o orphan
// t Tina (trope)
export const base = [
  comment('a', null, 'Alice', INSULT_TEXT),
  comment('b', 'a', 'Bob', 'I disagree.\nStrongly.'),
  comment('c', 'b', 'Carol', 'Why?'),
  comment('d', 'a', 'Dan', 'Calm down.'),
  comment('p', null, 'Other Blog', '[…] a link back to this post […]', { kind: 'pingback' }),
  comment('e', null, 'Eve', ''),
  comment('x', null, 'Xavier', '', { status: 'deleted' }),
  comment('o', 'missing', 'Olga', 'Replying to something gone.'),
  comment('t', null, 'Tina', TROPE_TEXT),
];
export const extras: Record<string, Extra> = {
  a: { score: insultScore },
  b: { score: { scores: { TOXICITY: 0.2, INSULT: 0.1 }, evidence: {} } },
  o: { scoreError: 'scorer timed out' },
  t: { score: { scores: { TOXICITY: 0.3 }, evidence: {} }, tropes: [tropeHit] },
};

export function flagsFor(view: ThreadView, thresholds: Thresholds): Map<string, FlagDecision> {
  return new Map(view.comments.map((c) => [c.id, decideFlags(c.score, c.tropes, thresholds)]));
}

/** Options of renderPane; the props it does not take are derived (flags from the thresholds). */
export interface RenderOptions {
  view?: ThreadView;
  thresholds?: Thresholds;
  selectedId?: string | null;
  decisions?: Map<string, CurrentDecision>;
  onSelect?: (id: string) => void;
}

/** Renders ThreadPane; `rerender` changes thresholds or the selection as the shell would. */
export function renderPane(options: RenderOptions = {}) {
  const view = options.view ?? makeView(base, extras);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const onSelect = options.onSelect ?? (() => {});
  const thread = openThreadOf(view);
  const props = (over: { thresholds?: Thresholds; selectedId?: string | null } = {}) => {
    const t = over.thresholds ?? thresholds;
    const flaggedCount = [...flagsFor(view, t).values()].filter((f) => f.flagged).length;
    return { thread, flaggedCount, decisions: options.decisions ?? new Map(), thresholds: t, selectedId: over.selectedId ?? null, onSelect };
  };
  const utils = render(<ThreadPane {...props({ selectedId: options.selectedId ?? null })} />);
  const rerender = (over: { thresholds?: Thresholds; selectedId?: string | null }) => utils.rerender(<ThreadPane {...props(over)} />);
  return { ...utils, onSelect, rerender, view };
}

export const article = (author: string) => screen.getByRole('article', { name: `Comment by ${author}` });
export const queryArticle = (author: string) => screen.queryByRole('article', { name: `Comment by ${author}` });
