import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentIdList, ImportedThread, ImportResponse } from '../../core/api.ts';
import { ImportNotice } from './import-notice.tsx';
import { REIMPORT_LINES_SHOWN, reimportLine } from './reimport-summary.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ids = (count: number, prefix = 'c'): CommentIdList => ({ count, ids: Array.from({ length: Math.min(count, 50) }, (_, i) => `${prefix}${i}`) });

function thread(id: string, title: string, over: Partial<ImportedThread> = {}, changes: Partial<ImportedThread['changes']> = {}): ImportedThread {
  return {
    id, title, url: null, sourceFormat: 'wxr', commentCount: 10, importedAt: '2026-12-06T23:00:00.000Z', existed: true, revision: 2, decisionsKept: 1,
    changes: { added: ids(3), changed: ids(1), unchanged: ids(6), missing: ids(120), restored: ids(0), ...changes },
    ...over,
  };
}

const response = (...threads: ImportedThread[]): ImportResponse => ({ format: 'wxr', threads, problems: [{ severity: 'warning', where: 'line 9', message: 'the file ends inside this post' }] });

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('import notice of a re-import', () => {
  it('says in words what changed and that the missing comments were kept', () => {
    render(<ImportNotice result={{ response: response(thread('t1', 'Ferry')), source: 'ferry-cut.xml' }} onDismiss={() => {}} />);
    expect(screen.getByRole('status').textContent).toContain('Re-imported “Ferry”: 3 added, 1 changed, 6 unchanged, 120 missing from this file — kept.');
    expect(screen.getByRole('button', { name: 'Remove the 120 missing comments' })).toBeTruthy();
  });

  it('says nothing about a re-import for a new thread, and offers no removal when nothing is missing', () => {
    const fresh = thread('t1', 'New', { existed: false, revision: 1 }, { added: ids(10), changed: ids(0), unchanged: ids(0), missing: ids(0) });
    const whole = thread('t2', 'Whole', { revision: 3 }, { missing: ids(0), restored: ids(4) });
    render(<ImportNotice result={{ response: response(fresh, whole), source: 'x.xml' }} onDismiss={() => {}} />);
    const text = screen.getByRole('status').textContent ?? '';
    expect(text).not.toContain('Re-imported “New”');
    expect(text).toContain('Re-imported “Whole”: 3 added, 1 changed, 6 unchanged, 4 back from an earlier import; nothing missing.');
    expect(screen.queryByRole('button', { name: /Remove the/ })).toBeNull();
  });

  it('removes the missing comments for the import revision, then says how to get them back', async () => {
    const fetchMock = vi.fn().mockResolvedValue(json({ removed: 120, revision: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    const onRemoved = vi.fn();
    render(<ImportNotice result={{ response: response(thread('a/b', 'Ferry')), source: 'ferry-cut.xml' }} onDismiss={() => {}} onRemoved={onRemoved} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the 120 missing comments' }));
    await waitFor(() => expect(onRemoved).toHaveBeenCalledWith('a/b'));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/threads/a%2Fb/missing/remove');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ revision: 2 });
    expect(screen.getByRole('status').textContent).toContain('Removed the 120 missing comments. Importing the full file again brings them back; decisions on them stay in the log.');
    expect(screen.queryByRole('button', { name: /Remove the/ })).toBeNull();
  });

  it('offers the removal again for the next import of the same thread', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ removed: 120, revision: 2 })));
    const { rerender } = render(<ImportNotice result={{ response: response(thread('t1', 'Ferry')), source: 'ferry-cut.xml' }} onDismiss={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the 120 missing comments' }));
    await screen.findByText(/Removed the 120 missing comments/);
    rerender(<ImportNotice result={{ response: response(thread('t1', 'Ferry', { revision: 3 }, { missing: ids(7) })), source: 'ferry-cut.xml' }} onDismiss={() => {}} />);
    expect(screen.getByRole('button', { name: 'Remove the 7 missing comments' })).toBeTruthy();
    expect(screen.queryByText(/Removed the/)).toBeNull();
  });

  it("shows the server's refusal of a stale removal and keeps the button", async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ error: 'thread "t1" was imported again after revision 2 (it is at revision 3); nothing was removed.', where: 'body.revision' }, 409)));
    const onRemoved = vi.fn();
    render(<ImportNotice result={{ response: response(thread('t1', 'Ferry')), source: 'ferry-cut.xml' }} onDismiss={() => {}} onRemoved={onRemoved} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the 120 missing comments' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not remove the missing comments of “Ferry”: thread "t1" was imported again after revision 2');
    expect(onRemoved).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Remove the 120 missing comments' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('describes the first re-imported threads, most missing first, and sums up the rest', () => {
    const many = Array.from({ length: REIMPORT_LINES_SHOWN + 2 }, (_, i) => thread(`t${i}`, `Post ${i}`, {}, { missing: ids(i) }));
    render(<ImportNotice result={{ response: response(...many), source: 'site.xml' }} onDismiss={() => {}} />);
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '').filter((t) => t.startsWith('Re-imported') || t.startsWith('…'));
    expect(items[0]).toContain('“Post 6”');
    expect(items.at(-1)).toBe('… and 2 more re-imported threads, 1 comment missing from this file — kept.');
  });
});

describe('reimportLine', () => {
  it('names one missing comment in the singular sense of the count', () => {
    expect(reimportLine(thread('t', '', {}, { added: ids(0), changed: ids(0), unchanged: ids(2), missing: ids(1) }))).toBe('Re-imported “Untitled”: 0 added, 0 changed, 2 unchanged, 1 missing from this file — kept.');
  });
});
