/**
 * The "Import a thread" dialog: choose or drop a file (sent as raw bytes so the server decodes its encoding)
 * or paste text; shows a file's progress (upload, then the server's phases) with a real cancel, then the server's
 * error with its place, or hands the result to the console.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { FormatInfo, ImportResponse } from '../../core/api.ts';
import { importText, type ApiFailure } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { ImportProgressBar } from './import-progress.tsx';
import { importWithProgress, type ImportStep } from './import-upload.ts';

interface Props {
  formats: readonly FormatInfo[];
  /** A file dropped on the page: imported as soon as the dialog opens. */
  droppedFile: File | null;
  onImported: (response: ImportResponse, source: string) => void;
  /** The server kept an import whose cancel came too late: the thread list has a new entry. */
  onStoredAnyway?: () => void;
  onClose: () => void;
}

type Status =
  | { kind: 'idle' }
  /** `step` is the progress of a file import (null for pasted text, which has none to show). */
  | { kind: 'busy'; what: string; step: ImportStep | null }
  | { kind: 'failed'; what: string; failure: ApiFailure }
  /** `stored`: the server had begun its write when the cancel came, so it kept the import (null: it did not say). */
  | { kind: 'cancelled'; what: string; stored: boolean | null };

const sizeText = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`);

/** What a cancel came to. */
function cancelledText(what: string, stored: boolean | null): string {
  if (stored === false) return `Cancelled the import of ${what}; nothing was stored.`;
  if (stored === true) return `Too late to cancel: the server had already saved ${what}; it is in the thread list.`;
  return `Cancelled the import of ${what}; if the server was already saving it, it will appear in the thread list.`;
}

/** The first file of a drag, if it carries files. */
export function droppedFileOf(event: { dataTransfer: DataTransfer | null }): File | null {
  const files = event.dataTransfer?.files;
  return files && files.length > 0 ? (files[0] ?? null) : null;
}

export function ImportDialog({ formats, droppedFile, onImported, onStoredAnyway, onClose }: Props) {
  const [format, setFormat] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  // The running file import's cancel; closing the dialog cancels it too.
  const cancel = useRef<AbortController | null>(null);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      // Checked a moment later: React's StrictMode unmounts and mounts again at once, which is no close.
      const running = cancel.current;
      setTimeout(() => {
        if (!alive.current) running?.abort();
      }, 0);
    };
  }, []);

  const busy = status.kind === 'busy';

  const sendFile = async (file: File) => {
    const what = `${file.name} (${sizeText(file.size)})`;
    const controller = new AbortController();
    cancel.current = controller;
    setStatus({ kind: 'busy', what, step: { step: 'uploading', loaded: 0, total: file.size } });
    const { result, cancelled } = await importWithProgress(
      file,
      format || undefined,
      (step) => {
        if (alive.current) setStatus({ kind: 'busy', what, step });
      },
      controller.signal,
    );
    cancel.current = null;
    if (!alive.current) return;
    if (fileInput.current) fileInput.current.value = '';
    if (result.ok) onImported(result.value, file.name);
    else if (cancelled) {
      setStatus({ kind: 'cancelled', what: file.name, stored: cancelled.stored });
      if (cancelled.stored === true) onStoredAnyway?.();
    }
    else setStatus({ kind: 'failed', what: file.name, failure: result.failure });
  };

  const sendText = async () => {
    if (text.trim().length === 0) {
      setStatus({ kind: 'failed', what: 'pasted text', failure: { error: 'Paste the text of a thread first.', where: 'Paste thread text', route: '', status: null } });
      return;
    }
    setStatus({ kind: 'busy', what: 'pasted text', step: null });
    const result = await importText(text, format || undefined);
    if (!alive.current) return;
    if (result.ok) onImported(result.value, 'pasted text');
    else setStatus({ kind: 'failed', what: 'pasted text', failure: result.failure });
  };

  // A file dropped on the page starts importing at once.
  const started = useRef(false);
  useEffect(() => {
    if (droppedFile && !started.current) {
      started.current = true;
      void sendFile(droppedFile);
    }
  });

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    const file = droppedFileOf(event);
    if (file && !busy) void sendFile(file);
  };

  return (
    <Dialog title="Import a thread" onClose={onClose} className="import-dialog">
      <label className="field">
        <span>Format</span>
        <select value={format} onChange={(event) => setFormat(event.target.value)} disabled={busy}>
          <option value="">Detect automatically</option>
          {formats.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </label>

      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          event.stopPropagation();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="file-label">
          <span>From a file</span>
          <input
            ref={fileInput}
            type="file"
            aria-label="Choose file"
            disabled={busy}
            accept=".txt,.text,.csv,.json,.xml,.html,.htm,text/*,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void sendFile(file);
            }}
          />
        </label>
        <p className="hint">or drop a file here (or anywhere on the page). It is imported as soon as you choose it.</p>
      </div>

      <label className="field stacked">
        <span>Paste thread text</span>
        <textarea value={text} rows={8} disabled={busy} onChange={(event) => setText(event.target.value)} placeholder="Paste a copied comment page, a CSV or a JSON export" />
      </label>

      {status.kind === 'busy' && status.step ? <ImportProgressBar step={status.step} what={status.what} /> : null}

      <div className="dialog-actions">
        <span className="import-status" role="status" aria-live="polite">
          {status.kind === 'busy' ? `Importing ${status.what}…` : ''}
          {status.kind === 'cancelled' ? cancelledText(status.what, status.stored) : ''}
        </span>
        {busy && status.step ? (
          <button type="button" onClick={() => cancel.current?.abort()}>
            Cancel import
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        )}
        <button type="button" className="primary" disabled={busy} onClick={() => void sendText()}>
          Import
        </button>
      </div>

      {status.kind === 'failed' ? (
        <div className="import-error" role="alert">
          <strong>Could not import {status.what}.</strong> {status.failure.error}
          {status.failure.where && status.failure.where !== status.failure.route ? <span className="alert-where"> — at {status.failure.where}</span> : null}
        </div>
      ) : null}
    </Dialog>
  );
}
