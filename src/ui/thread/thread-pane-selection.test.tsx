import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { article, comment, makeView, queryArticle, renderPane, stubRowHeights } from './test-fixtures.tsx';

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

describe('ThreadPane selection', () => {
  it('calls onSelect when a comment is clicked, but not for its toggle', () => {
    const onSelect = vi.fn<(id: string) => void>();
    renderPane({ onSelect });
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
