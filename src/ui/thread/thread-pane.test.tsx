import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { article, base, comment, extras, makeView, queryArticle, renderPane, stubRowHeights } from './test-fixtures.tsx';

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

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
