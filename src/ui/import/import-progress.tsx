/**
 * The import progress bar: the upload, then the server's phases (reading, scoring, saving), each in words and percent.
 */
import type { ImportStep } from './import-upload.ts';
import './import-progress.css';

/** What the bar shows: percent of the current step (null when not known) and a sentence saying what happens. */
export interface ProgressText {
  percent: number | null;
  text: string;
}

const size = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`);
const count = (n: number): string => n.toLocaleString('en-US');
const pct = (fraction: number): number => Math.max(0, Math.min(100, Math.floor(fraction * 100)));

/** Words and percent for an import step, in the order the user sees them (steps 1 to 4). */
export function describeImportStep(step: ImportStep): ProgressText {
  if (step.step === 'uploading') {
    if (step.total === null || step.total === 0) return { percent: null, text: `Step 1 of 4: uploading (${size(step.loaded)} sent)` };
    const percent = pct(step.loaded / step.total);
    return { percent, text: `Step 1 of 4: uploading, ${percent}% (${size(step.loaded)} of ${size(step.total)})` };
  }
  const p = step.progress;
  if (p === null || p.phase === 'receiving') return { percent: null, text: 'Step 1 of 4: uploaded; the server is taking the file' };
  switch (p.phase) {
    case 'queued':
      return { percent: null, text: 'Step 2 of 4: waiting for another import to finish' };
    case 'parsing':
      return p.fraction === null ? { percent: null, text: 'Step 2 of 4: reading the file' } : { percent: pct(p.fraction), text: `Step 2 of 4: reading the file, ${pct(p.fraction)}%` };
    case 'scoring': {
      const percent = pct(p.fraction ?? 0);
      const of = p.done !== null && p.total !== null ? ` (${count(p.done)} of ${count(p.total)} checks)` : '';
      return { percent, text: `Step 3 of 4: scoring comments, ${percent}%${of}` };
    }
    case 'saving':
      return { percent: null, text: 'Step 4 of 4: saving' };
    case 'done':
      return { percent: 100, text: 'Imported' };
    case 'failed':
      return { percent: null, text: `Failed: ${p.error ?? 'the server gave no reason'}` };
  }
}

interface Props {
  step: ImportStep;
  /** What is imported, e.g. "big.xml (20.0 MB)". */
  what: string;
}

export function ImportProgressBar({ step, what }: Props) {
  const { percent, text } = describeImportStep(step);
  return (
    <div className="import-progress">
      <div
        role="progressbar"
        aria-label={`Import progress of ${what}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text}
        className={percent === null ? 'import-progress-track indeterminate' : 'import-progress-track'}
      >
        <div className="import-progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <span className="import-progress-text">{text}</span>
    </div>
  );
}
