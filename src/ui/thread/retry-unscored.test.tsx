import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThreadHeader } from './thread-header.tsx';
import { openThreadOf } from '../testing/open-thread.ts';
import { comment, makeView } from './test-fixtures.tsx';

const view = makeView(
  [comment('a', null, 'Ann', 'first'), comment('b', null, 'Bob', 'second'), comment('c', null, 'Cy', ''), comment('d', null, 'Di', 'fine')],
  {
    a: { scoreError: 'service unavailable (circuit open after 5 failures)' },
    b: { scoreError: 'Perspective quota exceeded (HTTP 429); gave up after 5 attempts' },
    c: { scoreError: null },
    d: { score: { scores: { TOXICITY: 0.1 }, evidence: {} } },
  },
  { scorer: { name: 'perspective', version: 'perspective-v1alpha1@http://127.0.0.1:1', description: 'Perspective' } },
);

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('Retry unscored button', () => {
  it('counts unscored comments with text, posts the rescore, and reloads', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ retried: 2, unscored: 0 }), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const onRescored = vi.fn();
    render(<ThreadHeader thread={openThreadOf(view)} flaggedCount={0} onRescored={onRescored} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry unscored (2)' }));
    await waitFor(() => expect(onRescored).toHaveBeenCalledTimes(1));
    expect(fetch).toHaveBeenCalledWith('/api/threads/t1/rescore', expect.objectContaining({ method: 'POST' }));
  });

  it('shows the server\'s message when the retry fails, and no button when nothing is unscored', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'no thread with id "t1"', where: 'params.id' }), { status: 404 })));
    const onRescored = vi.fn();
    const { unmount } = render(<ThreadHeader thread={openThreadOf(view)} flaggedCount={0} onRescored={onRescored} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry unscored (2)' }));
    expect((await screen.findByRole('alert')).textContent).toContain('no thread with id "t1"');
    expect(onRescored).not.toHaveBeenCalled();
    unmount();
    render(<ThreadHeader thread={openThreadOf({ ...view, comments: view.comments.filter((c) => c.id === 'd') })} flaggedCount={0} onRescored={onRescored} />);
    expect(screen.queryByRole('button', { name: /Retry unscored/ })).toBeNull();
  });
});
