/**
 * One file import with progress: the upload's own progress from the browser, then the server's phases by polling.
 */
import type { ImportProgress, ImportResponse } from '../../core/api.ts';
import { getImportProgress, newProgressId, uploadImport, type ApiResult } from '../api/client.ts';

/** Where a file import stands, as the progress bar shows it. */
export type ImportStep =
  | { step: 'uploading'; loaded: number; total: number | null }
  /** The body is sent; `progress` is the server's latest answer (null until the first one). */
  | { step: 'server'; progress: ImportProgress | null };

/** Time between progress polls. */
export const PROGRESS_POLL_MS = 300;

/** Polls after a cancel before giving up on learning whether the server had already saved the import. */
const SETTLE_POLLS = 60;

/**
 * The import's answer; after a cancel also whether the server stored it anyway (it had begun its one write, which
 * runs to the end): true, false, or null when the server did not say in time.
 */
export interface ImportOutcome {
  result: ApiResult<ImportResponse>;
  cancelled: { stored: boolean | null } | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Uploads `file` and follows the server's work on it until the import answers; `onStep` hears every change.
 * Aborting `signal` cancels the upload, or the server's work if the file is already up.
 */
export async function importWithProgress(file: File, format: string | undefined, onStep: (step: ImportStep) => void, signal?: AbortSignal): Promise<ImportOutcome> {
  const progressId = newProgressId();
  let finished = false;
  const poll = async () => {
    while (!finished) {
      const answer = await getImportProgress(progressId);
      // A failed poll (e.g. a 404 before the server registered the id) is not the import's failure: keep asking.
      if (finished) return;
      if (answer.ok) onStep({ step: 'server', progress: answer.value });
      await sleep(PROGRESS_POLL_MS);
    }
  };
  onStep({ step: 'uploading', loaded: 0, total: file.size });
  const result = await uploadImport(file, file.name, format, {
    progressId,
    signal,
    onUploadProgress: (loaded, total) => {
      if (!finished) onStep({ step: 'uploading', loaded, total: total ?? file.size });
    },
    onUploaded: () => {
      if (finished) return;
      onStep({ step: 'server', progress: null });
      void poll();
    },
  });
  finished = true;
  if (result.ok || !signal?.aborted) return { result, cancelled: null };
  return { result, cancelled: { stored: await storedAfterCancel(progressId) } };
}

/** Whether the server stored an import after all, once it has noticed the cancel. */
async function storedAfterCancel(progressId: string): Promise<boolean | null> {
  for (let attempt = 0; attempt < SETTLE_POLLS; attempt++) {
    const answer = await getImportProgress(progressId);
    // Never registered: the server did not see the request at all.
    if (!answer.ok && answer.failure.status === 404) return false;
    if (answer.ok && answer.value.phase === 'done') return true;
    if (answer.ok && answer.value.phase === 'failed') return false;
    await sleep(PROGRESS_POLL_MS);
  }
  return null;
}
