import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadView } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { buildTree } from '../../core/tree.ts';
import { pageTextImporter } from '../../importers/page-text.ts';
import { ThreadPane } from './thread-pane.tsx';

// The real seed thread, imported as the server would, shown unscored: the nesting must be the page's.
const SEED = resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

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

function seedView(): ThreadView {
  const result = pageTextImporter.parse(readFileSync(SEED, 'utf8'), '000_63fe030f4ed4795b.txt');
  if (!result.ok) throw new Error(`seed import failed: ${result.message}`);
  const thread = result.threads[0]!;
  const tree = buildTree(thread.comments);
  return {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    articleText: thread.articleText,
    sourceFormat: thread.sourceFormat,
    importedAt: '2024-01-01T00:00:00.000Z',
    scorer: { name: 'none', version: '0', description: 'not scored in this test' },
    detector: { name: 'none', version: '0' },
    comments: tree.flat.map((n) => ({ ...n.comment, depth: n.depth, treeParentId: n.treeParentId, orphan: n.orphan, descendantCount: n.descendantCount, score: null, scoreError: null, tropes: [] })),
    problems: [],
    decisions: [],
    defaultThresholds: DEFAULT_THRESHOLDS,
  };
}

describe('ThreadPane on the seed thread', () => {
  it('shows all 15 entries nested as on the page, the pingback and the empty comment as such', () => {
    const view = seedView();
    render(<ThreadPane view={view} flags={new Map()} decisions={new Map()} thresholds={DEFAULT_THRESHOLDS} selectedId={null} onSelect={() => {}} />);
    const articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(15);
    expect(articles.map((a) => Number(a.getAttribute('data-depth')))).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 1, 2, 0, 1, 2]);
    expect(articles.filter((a) => within(a).queryByText('Pingback'))).toHaveLength(1);
    expect(screen.getByRole('article', { name: 'Comment by Benyamin Ben Israel' }).textContent).toContain('(empty comment)');
    // Emoji and line breaks come through as text.
    expect(screen.getByText('done 👍').className).toBe('tp-text');
    expect(screen.getByText(/great news/).textContent).toBe('👍👍 great news…..\nthe empire almost is no more…..');

    // Collapsing John C Carleton's comment hides its 4 replies.
    fireEvent.click(screen.getByRole('button', { name: 'Collapse replies to John C Carleton' }));
    expect(screen.getAllByRole('article')).toHaveLength(11);
    expect(screen.getByText('4 replies hidden')).toBeTruthy();
  });
});
