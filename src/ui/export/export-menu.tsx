/**
 * Export controls: CSV, JSON or HTML flag report of what the filter shows or of the whole thread,
 * made by the server with the current thresholds and downloaded as a file. The scope note says when the thresholds
 * differ from the defaults, and the HTML report's times are in the reader's time zone. "Statements of reasons (DSA)"
 * downloads, as JSON or CSV, the statements of reasons of the rejected comments in the same scope (ADR 0026).
 */
import { useId, useState } from 'react';
import type { ReportFormat, ReportRequest, StatementFormat, StatementsRequest } from '../../core/api.ts';
import type { Thresholds } from '../../core/flags.ts';
import { describeThresholdChanges, thresholdChanges } from '../../core/threshold-changes.ts';
import { requestReport, requestStatements, type ApiFailure } from '../api/client.ts';

export type ExportScope = 'filtered' | 'whole';

interface Props {
  threadId: string;
  thresholds: Thresholds;
  /** The defaults the thresholds are compared with (the server's). */
  defaults: Thresholds;
  /** How many comments the queue shows now. */
  visibleCount: number;
  /** Ids the queue shows now, in its order (from the index; made when an export asks for them). */
  visibleIds: () => string[];
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

/** Longest scope note the server takes. */
const SCOPE_NOTE_LIMIT = 500;

/** The scope in words, with the thresholds that differ from the defaults; cut to the server's limit. */
export function scopeWithThresholds(scope: string, thresholds: Thresholds, defaults: Thresholds): string {
  const changed = describeThresholdChanges(thresholdChanges(thresholds, defaults));
  const note = changed ? `${scope}; ${changed}` : scope;
  return note.length <= SCOPE_NOTE_LIMIT ? note : `${note.slice(0, SCOPE_NOTE_LIMIT - 1)}…`;
}

/** The browser's IANA time zone, or undefined when it does not say. */
export function readerTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

const FORMATS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'json', label: 'Export JSON' },
  { format: 'html', label: 'Export HTML' },
];

const STATEMENT_FORMATS: Array<{ format: StatementFormat; label: string }> = [
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
];

export function ExportMenu({ threadId, thresholds, defaults, visibleCount, visibleIds, scopeNote, onError, onDone }: Props) {
  const [scope, setScope] = useState<ExportScope>('filtered');
  const [busy, setBusy] = useState<ReportFormat | `statements-${StatementFormat}` | null>(null);
  const name = useId();

  const run = async (format: ReportFormat) => {
    const request: ReportRequest = { format, thresholds };
    if (scope === 'filtered') {
      request.commentIds = visibleIds();
      request.scopeNote = scopeWithThresholds(scopeNote, thresholds, defaults);
    } else {
      request.scopeNote = scopeWithThresholds('whole thread', thresholds, defaults);
    }
    const timeZone = readerTimeZone();
    if (timeZone) request.timeZone = timeZone;
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

  // Statements of reasons (DSA Art. 17, ADR 0026) of the rejected comments in the scope.
  const runStatements = async (format: StatementFormat) => {
    const request: StatementsRequest = { format };
    if (scope === 'filtered') request.commentIds = visibleIds();
    setBusy(`statements-${format}`);
    const result = await requestStatements(threadId, request);
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
          What the filter shows ({visibleCount})
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
      <span className="export-statements" role="group" aria-label="Statements of reasons (DSA)">
        <span aria-hidden="true">Statements of reasons (DSA):</span>
        {STATEMENT_FORMATS.map(({ format, label }) => (
          <button key={format} type="button" aria-label={`Statements of reasons (DSA), ${label}`} title="Statements of reasons (EU Digital Services Act, Art. 17) for the rejected comments in the scope" disabled={busy !== null} onClick={() => void runStatements(format)}>
            {busy === `statements-${format}` ? 'Exporting…' : label}
          </button>
        ))}
      </span>
    </div>
  );
}
