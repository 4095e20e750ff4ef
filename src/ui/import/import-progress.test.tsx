import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportProgress } from '../../core/api.ts';
import { IMPORT_CANCELLED, uploadImport } from '../api/client.ts';
import { ImportDialog } from './import-dialog.tsx';
import { describeImportStep, ImportProgressBar } from './import-progress.tsx';

afterEach(() => cleanup());

const progress = (fields: Partial<ImportProgress>): ImportProgress => ({
  id: 'p1234567',
  phase: 'parsing',
  fraction: null,
  done: null,
  total: null,
  error: null,
  where: null,
  threadIds: [],
  updatedAt: '2026-11-26T04:00:00.000Z',
  ...fields,
});

/** A stand-in for XMLHttpRequest: the test drives its upload events and its answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  aborted = false;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  uploaded() {
    this.upload.onload?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('describeImportStep', () => {
  it('words every step with its percent, and no percent where none is known', () => {
    expect(describeImportStep({ step: 'uploading', loaded: 5 * 1048576, total: 20 * 1048576 })).toEqual({ percent: 25, text: 'Step 1 of 4: uploading, 25% (5.0 MB of 20.0 MB)' });
    expect(describeImportStep({ step: 'uploading', loaded: 1048576, total: null })).toEqual({ percent: null, text: 'Step 1 of 4: uploading (1.0 MB sent)' });
    expect(describeImportStep({ step: 'server', progress: null }).percent).toBeNull();
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'queued' }) }).text).toBe('Step 2 of 4: waiting for another import to finish');
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'parsing', fraction: null }) })).toEqual({ percent: null, text: 'Step 2 of 4: reading the file' });
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'parsing', fraction: 0.416 }) })).toEqual({ percent: 41, text: 'Step 2 of 4: reading the file, 41%' });
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'scoring', fraction: 0.5, done: 1500, total: 3000 }) })).toEqual({ percent: 50, text: 'Step 3 of 4: scoring comments, 50% (1,500 of 3,000 checks)' });
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'saving' }) })).toEqual({ percent: null, text: 'Step 4 of 4: saving' });
    expect(describeImportStep({ step: 'server', progress: progress({ phase: 'failed', error: 'big.xml, line 3: not XML' }) }).text).toBe('Failed: big.xml, line 3: not XML');
  });

  it('renders a labelled progressbar with value and value text, and none while the value is unknown', () => {
    const { rerender } = render(<ImportProgressBar what="big.xml (20.0 MB)" step={{ step: 'uploading', loaded: 10, total: 40 }} />);
    const bar = screen.getByRole('progressbar', { name: 'Import progress of big.xml (20.0 MB)' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 1 of 4: uploading, 25% (10 B of 40 B)');
    rerender(<ImportProgressBar what="big.xml (20.0 MB)" step={{ step: 'server', progress: progress({ phase: 'saving' }) }} />);
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 4 of 4: saving');
  });
});

describe('uploadImport', () => {
  beforeEach(() => vi.stubGlobal('XMLHttpRequest', FakeXhr));
  afterEach(() => vi.unstubAllGlobals());

  it('sends the file as raw bytes with its progress id, reports upload progress and reads the answer', async () => {
    const file = new Blob(['abc']);
    const loaded: Array<[number, number | null]> = [];
    const pending = uploadImport(file, 'my thread.xml', 'wxr', { progressId: 'abcdef123456', onUploadProgress: (l, t) => loaded.push([l, t]) });
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/imports?fileName=my+thread.xml&format=wxr&progressId=abcdef123456']);
    expect(xhr.body).toBe(file);
    expect(xhr.headers['Content-Type']).toBe('application/octet-stream');
    xhr.progress(2, 3);
    xhr.answer(201, { format: 'wxr', threads: [], problems: [] });
    expect(await pending).toEqual({ ok: true, value: { format: 'wxr', threads: [], problems: [] } });
    expect(loaded).toEqual([[2, 3]]);
  });

  it("keeps the server's error and place, and turns an abort into a cancel, never a throw", async () => {
    const failing = uploadImport(new Blob(['x']), 'a.xml', undefined);
    FakeXhr.last!.answer(400, { error: 'a.xml, line 3: not XML', where: 'line 3' });
    expect(await failing).toMatchObject({ ok: false, failure: { error: 'a.xml, line 3: not XML', where: 'line 3', status: 400, route: 'POST /api/imports' } });
    const controller = new AbortController();
    const cancelled = uploadImport(new Blob(['x']), 'b.xml', undefined, { signal: controller.signal });
    controller.abort();
    expect(FakeXhr.last!.aborted).toBe(true);
    expect(await cancelled).toMatchObject({ ok: false, failure: { error: IMPORT_CANCELLED, status: null } });
  });
});

describe('import dialog progress', () => {
  let polls: ImportProgress[];
  beforeEach(() => {
    polls = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    vi.stubGlobal('fetch', vi.fn(async () => {
      const next = polls.shift();
      return next ? new Response(JSON.stringify(next), { status: 200 }) : new Response('{"error":"no import"}', { status: 404 });
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  const choose = (name: string, size: number) => {
    const file = new File(['x'.repeat(size)], name, { type: 'application/xml' });
    fireEvent.change(screen.getByLabelText('Choose file'), { target: { files: [file] } });
  };

  it('shows the upload, then the server phases, and hands over the result', async () => {
    const onImported = vi.fn();
    render(<ImportDialog formats={[]} droppedFile={null} onImported={onImported} onClose={() => undefined} />);
    choose('big.xml', 2048);
    const bar = await screen.findByRole('progressbar', { name: /^Import progress of big\.xml/ });
    act(() => FakeXhr.last!.progress(1024, 2048));
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    polls.push(progress({ phase: 'parsing', fraction: 0.4 }));
    act(() => FakeXhr.last!.uploaded());
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Step 2 of 4: reading the file, 40%'));
    expect(String(vi.mocked(fetch).mock.calls[0]![0])).toMatch(/^\/api\/imports\/progress\/[0-9a-f]{32}$/);
    const response = { format: 'wxr', threads: [], problems: [] };
    act(() => FakeXhr.last!.answer(201, response));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(response, 'big.xml'));
  });

  it('shows a failed import with its message and place, and can import again', async () => {
    render(<ImportDialog formats={[]} droppedFile={null} onImported={() => undefined} onClose={() => undefined} />);
    choose('broken.json', 10);
    await screen.findByRole('progressbar');
    act(() => FakeXhr.last!.answer(400, { error: 'broken.json, line 2: unexpected end', where: 'line 2' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not import broken.json. broken.json, line 2: unexpected end — at line 2');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByLabelText('Choose file') as HTMLInputElement).disabled).toBe(false);
  });

  it('cancels for real: the upload is aborted and the dialog says nothing was stored', async () => {
    const onImported = vi.fn();
    render(<ImportDialog formats={[]} droppedFile={null} onImported={onImported} onClose={() => undefined} />);
    choose('big.xml', 100);
    await screen.findByRole('progressbar');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel import' }));
    expect(FakeXhr.last!.aborted).toBe(true);
    await screen.findByText('Cancelled the import of big.xml; nothing was stored.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(onImported).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('says so when the cancel came too late: the server had begun saving and kept the import', async () => {
    const onStoredAnyway = vi.fn();
    render(<ImportDialog formats={[]} droppedFile={null} onImported={() => undefined} onStoredAnyway={onStoredAnyway} onClose={() => undefined} />);
    choose('big.xml', 100);
    const bar = await screen.findByRole('progressbar');
    polls.push(progress({ phase: 'saving' }));
    act(() => FakeXhr.last!.uploaded());
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Step 4 of 4: saving'));
    polls.push(progress({ phase: 'done', fraction: 1, threadIds: ['t1'] }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel import' }));
    await screen.findByText('Too late to cancel: the server had already saved big.xml; it is in the thread list.');
    expect(onStoredAnyway).toHaveBeenCalledTimes(1);
  });
});
