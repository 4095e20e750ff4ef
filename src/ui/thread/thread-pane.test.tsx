import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ThreadView, ViewComment } from '../../core/api.ts';
import type { CurrentDecision } from '../../core/decisions.ts';
import { DEFAULT_THRESHOLDS, decideFlags, type FlagDecision, type Thresholds } from '../../core/flags.ts';
import type { Comment } from '../../core/model.ts';
import type { CommentScore, TropeHit } from '../../core/scoring.ts';
import { buildTree } from '../../core/tree.ts';
import { ThreadPane } from './thread-pane.tsx';

// jsdom has no layout: rows report 48px (the virtualizer measures offsetHeight), so long lists really virtualize.
const offsetHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('tp-item') ? 48 : 0;
    },
  });
});
afterAll(() => {
  if (offsetHeight) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offsetHeight);
});
afterEach(cleanup);

interface Extra {
  score?: CommentScore | null;
  scoreError?: string | null;
  tropes?: TropeHit[];
}

function comment(id: string, parentId: string | null, author: string, text: string, over: Partial<Comment> = {}): Comment {
  return { id, parentId, author, createdAt: '2019-10-03T12:00:00.000Z', createdAtText: 'October 3, 2019 at 12:00 pm', text, html: null, kind: 'comment', status: 'published', ...over };
}

/** A ThreadView built the way the server builds one: buildTree for positions, then scores and tropes per id. */
function makeView(comments: Comment[], extra: Record<string, Extra> = {}, over: Partial<ThreadView> = {}): ThreadView {
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

const INSULT_TEXT = 'You are real losers 😀 and that is that';
const insultScore: CommentScore = {
  scores: { TOXICITY: 0.55, INSULT: 0.82, PROFANITY: 0.1 },
  evidence: { INSULT: [{ start: 8, end: 19, text: 'real losers' }], TOXICITY: [{ start: 0, end: 3, text: 'You' }] },
};
const TROPE_TEXT = 'Putin is controlled by the cabal, everyone knows.';
const tropeHit: TropeHit = {
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
const base = [
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
const extras: Record<string, Extra> = {
  a: { score: insultScore },
  b: { score: { scores: { TOXICITY: 0.2, INSULT: 0.1 }, evidence: {} } },
  o: { scoreError: 'scorer timed out' },
  t: { score: { scores: { TOXICITY: 0.3 }, evidence: {} }, tropes: [tropeHit] },
};

function flagsFor(view: ThreadView, thresholds: Thresholds): Map<string, FlagDecision> {
  return new Map(view.comments.map((c) => [c.id, decideFlags(c.score, c.tropes, thresholds)]));
}

function renderPane(options: { view?: ThreadView; thresholds?: Thresholds; selectedId?: string | null; decisions?: Map<string, CurrentDecision> } = {}) {
  const view = options.view ?? makeView(base, extras);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const onSelect = vi.fn<(id: string) => void>();
  const props = (over: { thresholds?: Thresholds; selectedId?: string | null } = {}) => {
    const t = over.thresholds ?? thresholds;
    return { view, flags: flagsFor(view, t), decisions: options.decisions ?? new Map(), thresholds: t, selectedId: over.selectedId ?? null, onSelect };
  };
  const utils = render(<ThreadPane {...props({ selectedId: options.selectedId ?? null })} />);
  const rerender = (over: { thresholds?: Thresholds; selectedId?: string | null }) => utils.rerender(<ThreadPane {...props(over)} />);
  return { ...utils, onSelect, rerender, view };
}

const article = (author: string) => screen.getByRole('article', { name: `Comment by ${author}` });
const queryArticle = (author: string) => screen.queryByRole('article', { name: `Comment by ${author}` });

describe('ThreadPane header', () => {
  it('shows title, a safe source link, format and counts', () => {
    renderPane();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('A post about things');
    const link = screen.getByRole('link', { name: 'https://blog.example/post' });
    expect(link.getAttribute('href')).toBe('https://blog.example/post');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByText('format page-text')).toBeTruthy();
    expect(screen.getByText('9 comments')).toBeTruthy();
    expect(screen.getByText('2 flagged')).toBeTruthy();
  });

  it('does not link a non-http source URL', () => {
    renderPane({ view: makeView(base, extras, { url: 'javascript:alert(1)' }) });
    expect(screen.queryByRole('link', { name: /javascript/ })).toBeNull();
    expect(screen.getByText('javascript:alert(1)').tagName).toBe('SPAN');
  });

  it('keeps the article collapsed until asked', () => {
    renderPane();
    const button = screen.getByRole('button', { name: /Article/ });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText(/The article body/)).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText(/The article body/).textContent).toBe('The article body.\nSecond line.');
  });

  it('lists tree problems in a collapsible notice', () => {
    const view = makeView([...base, comment('a', null, 'Dup', 'again'), comment('s', 's', 'Self', 'me')], extras);
    renderPane({ view });
    const button = screen.getByRole('button', { name: /3 import notes/ });
    fireEvent.click(button);
    expect(screen.getByText(/replies to "missing"/)).toBeTruthy();
    expect(screen.getByText(/Duplicate comment id "a"/)).toBeTruthy();
    expect(screen.getByText(/names itself as its parent/)).toBeTruthy();
  });
});

describe('ThreadPane nesting and collapse', () => {
  it('indents by depth with one guide per ancestor level', () => {
    renderPane();
    expect(screen.getByRole('region', { name: 'Thread' }).getAttribute('tabindex')).toBe('0');
    for (const [author, depth] of [['Alice', 0], ['Bob', 1], ['Carol', 2], ['Dan', 1], ['Olga', 0]] as const) {
      const el = article(author);
      expect(el.getAttribute('data-depth')).toBe(String(depth));
      expect(within(el).getByText(`level ${depth + 1}`)).toBeTruthy();
      const row = el.parentElement!;
      expect(row.querySelectorAll(':scope > .tp-guide')).toHaveLength(depth);
      expect(row.style.paddingLeft).toBe(`calc(${depth} * var(--tp-indent))`);
    }
  });

  it('collapses a subtree, counts the hidden replies, and expands it again', () => {
    renderPane();
    const collapse = screen.getByRole('button', { name: 'Collapse replies to Alice' });
    expect(collapse.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(collapse);
    expect(queryArticle('Bob')).toBeNull();
    expect(queryArticle('Carol')).toBeNull();
    expect(queryArticle('Dan')).toBeNull();
    expect(queryArticle('Eve')).not.toBeNull();
    expect(within(article('Alice')).getByText('3 replies hidden')).toBeTruthy();
    const expand = screen.getByRole('button', { name: 'Expand 3 hidden replies to Alice' });
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(expand);
    expect(queryArticle('Carol')).not.toBeNull();
    expect(screen.queryByText('3 replies hidden')).toBeNull();
  });

  it('collapses and expands everything', () => {
    renderPane();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(queryArticle('Bob')).toBeNull();
    expect(screen.getByText('6 of 9 shown')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(queryArticle('Carol')).not.toBeNull();
    expect(screen.getByText('9 shown')).toBeTruthy();
  });
});

describe('ThreadPane entries of every kind', () => {
  it('marks pingbacks, empty, deleted and orphan comments, and scoring errors', () => {
    renderPane();
    expect(within(article('Other Blog')).getByText('Pingback')).toBeTruthy();
    expect(article('Other Blog').classList.contains('tp-linkback')).toBe(true);
    expect(within(article('Eve')).getByText('(empty comment)').className).toBe('tp-empty');
    expect(within(article('Xavier')).getByText('This comment was deleted.')).toBeTruthy();
    expect(within(article('Xavier')).queryByText('(empty comment)')).toBeNull();
    expect(within(article('Olga')).getByText('reply to a missing comment')).toBeTruthy();
    expect(within(article('Olga')).getByText('unscored: scorer timed out')).toBeTruthy();
    expect(within(article('Alice')).queryByText('reply to a missing comment')).toBeNull();
  });

  it('shows time in the user’s locale with the original text in the title', () => {
    renderPane();
    const time = article('Bob').querySelector('time')!;
    expect(time.getAttribute('dateTime')).toBe('2019-10-03T12:00:00.000Z');
    expect(time.getAttribute('title')).toBe('October 3, 2019 at 12:00 pm');
    expect(time.textContent).toMatch(/2019/);
  });

  it('shows a decision chip with the moderator', () => {
    const event = { id: 'e1-aaaaaaaa', threadId: 't1', commentId: 'b', action: 'approve' as const, moderator: 'maria', reason: 'fine', note: '', at: '2024-01-01T00:00:00Z', seq: 1 };
    renderPane({ decisions: new Map([['b', { state: 'approved', event }]]) });
    expect(within(article('Bob')).getByText('Approved · maria')).toBeTruthy();
  });
});

describe('ThreadPane flags and evidence', () => {
  it('shows badges with reasons on focus and a reasons list for flagged comments', () => {
    renderPane();
    const alice = article('Alice');
    expect(alice.classList.contains('tp-flagged')).toBe(true);
    expect(article('Bob').classList.contains('tp-flagged')).toBe(false);
    const badge = within(alice).getByRole('button', { name: 'INSULT 0.82' });
    const tooltip = document.getElementById(badge.getAttribute('aria-describedby')!)!;
    expect(tooltip.getAttribute('role')).toBe('tooltip');
    expect(tooltip.hidden).toBe(true);
    fireEvent.focus(badge);
    expect(tooltip.hidden).toBe(false);
    expect(tooltip.textContent).toBe('INSULT 0.82 ≥ 0.60: "real losers"');
    fireEvent.keyDown(badge, { key: 'Escape' });
    expect(tooltip.hidden).toBe(true);
    expect(within(alice).queryByRole('button', { name: /TOXICITY/ })).toBeNull();
    expect(within(within(alice).getByRole('list', { name: 'Why it is flagged' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'INSULT 0.82 ≥ 0.60: "real losers"',
    ]);
    expect(within(alice).getByRole('img', { name: /TOXICITY 0.55 \(threshold 0.70\)/ })).toBeTruthy();
  });

  it('shows a trope badge whose tooltip gives the explanation and severity', () => {
    renderPane();
    const tina = article('Tina');
    const badge = within(tina).getByRole('button', { name: 'Trope: Secret control of leaders · S3' });
    fireEvent.mouseEnter(badge.parentElement!);
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('"cabal" is said to control "putin"');
    expect(tooltip.textContent).toContain('Severity S3 (high)');
  });

  it('wraps exactly the evidence spans in marks, toxicity and trope tinted apart', () => {
    renderPane();
    const aliceMarks = [...article('Alice').querySelectorAll('mark')];
    expect(aliceMarks.map((m) => m.textContent)).toEqual(['real losers']);
    expect(aliceMarks[0]!.className).toContain('tp-mark-tox');
    expect(aliceMarks[0]!.getAttribute('title')).toBe('INSULT');
    expect(article('Alice').querySelector('.tp-text')!.textContent).toBe(INSULT_TEXT);
    const tinaMarks = [...article('Tina').querySelectorAll('mark')];
    expect(tinaMarks.map((m) => m.textContent)).toEqual(['Putin', 'cabal']);
    expect(tinaMarks.every((m) => m.className.includes('tp-mark-trope'))).toBe(true);
    expect(tinaMarks[1]!.getAttribute('title')).toBe('Trope: Secret control of leaders (who)');
  });

  it('re-flags live when the thresholds change', () => {
    const { rerender } = renderPane();
    expect(within(article('Alice')).queryByRole('button', { name: 'TOXICITY 0.55' })).toBeNull();
    const lower: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.5, INSULT: 0.9 }, tropeMinSeverity: 4 };
    rerender({ thresholds: lower });
    const alice = article('Alice');
    expect(within(alice).getByRole('button', { name: 'TOXICITY 0.55' })).toBeTruthy();
    expect(within(alice).queryByRole('button', { name: 'INSULT 0.82' })).toBeNull();
    expect([...alice.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['You']);
    // A trope below the minimum severity stays visible as a muted badge but no longer flags or highlights.
    const tina = article('Tina');
    expect(tina.classList.contains('tp-flagged')).toBe(false);
    expect(within(tina).getByRole('button', { name: /Trope: Secret control/ }).className).toContain('tp-badge-muted');
    expect(tina.querySelectorAll('mark')).toHaveLength(0);
  });
});

describe('ThreadPane hostile content', () => {
  it('renders a hostile comment text as text', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const view = makeView([comment('h', null, 'Mallory', hostile)], { h: { score: { scores: { INSULT: 0.9 }, evidence: { INSULT: [{ start: 0, end: 4, text: '<img' }] } } } });
    const { container } = renderPane({ view });
    expect(container.querySelector('img, script')).toBeNull();
    expect(article('Mallory').querySelector('.tp-text')!.textContent).toBe(hostile);
    expect(article('Mallory').querySelector('mark')!.textContent).toBe('<img');
  });

  it('strips script, event handlers and javascript: links from hostile html in the formatted view', () => {
    const html = '<p onmouseover="alert(1)">Hello <a href="javascript:alert(1)">click</a> <a href="https://ok.example/">ok</a></p><script>alert(1)</script><img src=x onerror=alert(1)>';
    const view = makeView([comment('h', null, 'Mallory', 'Hello click ok', { html })]);
    const { container } = renderPane({ view });
    expect(container.querySelector('.tp-html')).toBeNull();
    const toggle = within(article('Mallory')).getByRole('button', { name: 'Show formatted' });
    fireEvent.click(toggle);
    const formatted = container.querySelector('.tp-html')!;
    expect(formatted.textContent).toBe('Hello click ok');
    expect(container.querySelector('script, img, [onerror], [onmouseover]')).toBeNull();
    const links = [...formatted.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, 'https://ok.example/']);
    expect(links[1]!.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    fireEvent.click(within(article('Mallory')).getByRole('button', { name: 'Show plain text' }));
    expect(container.querySelector('.tp-html')).toBeNull();
  });
});

describe('ThreadPane selection', () => {
  it('calls onSelect when a comment is clicked, but not for its toggle', () => {
    const { onSelect } = renderPane();
    fireEvent.click(within(article('Carol')).getByText('Why?'));
    expect(onSelect).toHaveBeenCalledWith('c');
    onSelect.mockClear();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse replies to Bob' }));
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.keyDown(article('Dan'), { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith('d');
  });

  it('expands collapsed ancestors of a comment selected from outside and marks it', () => {
    const { rerender } = renderPane();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse replies to Bob' }));
    fireEvent.click(screen.getByRole('button', { name: 'Collapse replies to Alice' }));
    expect(queryArticle('Carol')).toBeNull();
    act(() => rerender({ selectedId: 'c' }));
    const carol = article('Carol');
    expect(carol.getAttribute('aria-current')).toBe('true');
    expect(carol.classList.contains('tp-selected')).toBe(true);
    // The path to the selection has darker guides: both of Carol's, one of Dan's (under Alice only).
    expect(carol.parentElement!.querySelectorAll('.tp-guide-active')).toHaveLength(2);
    expect(article('Dan').parentElement!.querySelectorAll('.tp-guide-active')).toHaveLength(1);
    expect(article('Olga').parentElement!.querySelectorAll('.tp-guide-active')).toHaveLength(0);
    // Collapsing an ancestor afterwards is respected: the selection does not force it open again.
    fireEvent.click(screen.getByRole('button', { name: 'Collapse replies to Alice' }));
    expect(queryArticle('Carol')).toBeNull();
  });

  it('scrolls a comment selected from outside into view', async () => {
    const many = Array.from({ length: 120 }, (_, i) => comment(`n${i}`, null, `Person ${i}`, `Comment number ${i}`));
    const scrollTo = vi.fn(function (this: HTMLElement, options?: ScrollToOptions | number) {
      const top = typeof options === 'object' ? (options.top ?? 0) : 0;
      this.scrollTop = top;
      this.dispatchEvent(new Event('scroll'));
    });
    HTMLElement.prototype.scrollTo = scrollTo as unknown as HTMLElement['scrollTo'];
    // The scroll range is the list's height (jsdom reports 0).
    Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('tp-scroll') ? parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '0') : 0;
      },
    });
    try {
      const { rerender } = renderPane({ view: makeView(many) });
      expect(queryArticle('Person 100')).toBeNull();
      act(() => rerender({ selectedId: 'n100' }));
      await waitFor(() => expect(queryArticle('Person 100')).not.toBeNull());
      expect(scrollTo).toHaveBeenCalled();
      expect(queryArticle('Person 0')).toBeNull();
    } finally {
      delete (HTMLElement.prototype as Partial<HTMLElement>).scrollTo;
      delete (HTMLElement.prototype as { scrollHeight?: number }).scrollHeight;
    }
  });
});
