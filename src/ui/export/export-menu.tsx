/**
 * Export controls: CSV, JSON or HTML flag report of what the filter shows or of the whole thread,
 * made by the server with the current thresholds and downloaded as a file.
 */
import { useId, useState } from 'react';
import type { ReportFormat, ReportRequest } from '../../core/api.ts';
import type { Thresholds } from '../../core/flags.ts';
import { requestReport, type ApiFailure } from '../api/client.ts';

export type ExportScope = 'filtered' | 'whole';

interface Props {
  threadId: string;
  thresholds: Thresholds;
  /** Ids the queue shows now, in its order. */
  visibleIds: readonly string[];
  /** The filters in words, recorded in the report. */
  scopeNote: string;
  onError: (failure: Pick<ApiFailure, 'error' | 'where'>) => void;
  onDone: (message: string) => void;
}

/** Hands a blob to the browser as a download through a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'json', label: 'Export JSON' },
  { format: 'html', label: 'Export HTML' },
];

export function ExportMenu({ threadId, thresholds, visibleIds, scopeNote, onError, onDone }: Props) {
  const [scope, setScope] = useState<ExportScope>('filtered');
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const name = useId();

  const run = async (format: ReportFormat) => {
    const request: ReportRequest = { format, thresholds };
    if (scope === 'filtered') {
      request.commentIds = [...visibleIds];
      request.scopeNote = scopeNote;
    } else {
      request.scopeNote = 'whole thread';
    }
    setBusy(format);
    const result = await requestReport(threadId, request);
    setBusy(null);
    if (!result.ok) {
      onError(result.failure);
      return;
    }
    downloadBlob(result.value.blob, result.value.fileName);
    onDone(`Downloaded ${result.value.fileName}`);
  };

  return (
    <div className="export" role="group" aria-label="Export a flag report">
      <fieldset className="scope">
        <legend className="sr-only">Report scope</legend>
        <label className="check">
          <input type="radio" name={name} checked={scope === 'filtered'} onChange={() => setScope('filtered')} />
          What the filter shows ({visibleIds.length})
        </label>
        <label className="check">
          <input type="radio" name={name} checked={scope === 'whole'} onChange={() => setScope('whole')} />
          Whole thread
        </label>
      </fieldset>
      {FORMATS.map(({ format, label }) => (
        <button key={format} type="button" aria-label={label} disabled={busy !== null} onClick={() => void run(format)}>
          {busy === format ? 'Exporting…' : label}
        </button>
      ))}
    </div>
  );
}
