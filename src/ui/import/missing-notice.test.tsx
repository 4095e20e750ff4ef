import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ThreadView, ViewComment } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { openThreadOf } from '../testing/open-thread.ts';
import { MissingNotice } from './missing-notice.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function viewComment(id: string, missing = false): ViewComment {
  return {
    id, parentId: null, author: id, createdAt: null, createdAtText: null, text: `Text ${id}.`, html: null, kind: 'comment', status: 'published',
    depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: null, scoreError: null, tropes: [],
    ...(missing ? { missing: { since: '2026-12-06T23:00:00.000Z', fileName: 'ferry-cut.xml' } } : {}),
  };
}

function view(missing: number): ThreadView {
  return {
    id: 't/1', title: 'Ferry', url: null, articleText: '', sourceFormat: 'wxr', importedAt: '2026-12-06T23:00:00.000Z', revision: 4,
    scorer: { name: 'fake', version: '1', description: '' }, detector: { name: 'fake-tropes', version: '1' },
    comments: [viewComment('a'), ...Array.from({ length: missing }, (_, i) => viewComment(`m${i}`, true))],
    problems: [], decisions: [], defaultThresholds: DEFAULT_THRESHOLDS,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('missing notice of an open thread', () => {
  it('is absent when nothing is missing, or when the view has no revision', () => {
    const { container, rerender } = render(<MissingNotice thread={openThreadOf(view(0))} onRemoved={() => {}} />);
    expect(container.textContent).toBe('');
    const { revision: _revision, ...withoutRevision } = view(3);
    rerender(<MissingNotice thread={openThreadOf(withoutRevision)} onRemoved={() => {}} />);
    expect(container.textContent).toBe('');
  });

  it('says how many comments the latest import lacked and removes them for the view revision', async () => {
    const fetchMock = vi.fn().mockResolvedValue(json({ removed: 3, revision: 4 }));
    vi.stubGlobal('fetch', fetchMock);
    const onRemoved = vi.fn();
    const { rerender } = render(<MissingNotice thread={openThreadOf(view(3))} onRemoved={onRemoved} />);
    expect(screen.getByRole('status').textContent).toContain('3 comments of this thread are missing from its latest import (ferry-cut.xml) — kept with their last known content.');
    fireEvent.click(screen.getByRole('button', { name: 'Remove the 3 missing comments' }));
    await waitFor(() => expect(onRemoved).toHaveBeenCalledWith('t/1'));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/threads/t%2F1/missing/remove');
    expect(JSON.parse(String(init.body))).toEqual({ revision: 4 });
    // The console reloads the thread: nothing is missing any more, the outcome stays said.
    rerender(<MissingNotice thread={openThreadOf(view(0))} onRemoved={onRemoved} />);
    expect(screen.getByRole('status').textContent).toContain('Removed the 3 missing comments.');
  });

  it("shows the server's refusal", async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ error: 'imported again after revision 4', where: 'body.revision' }, 409)));
    render(<MissingNotice thread={openThreadOf(view(1))} onRemoved={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the missing comment' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Could not remove the missing comments: imported again after revision 4');
  });
});
