/**
 * A stored thread as a report source (docs/adr/0021-streaming-reports.md): the thread index built from the read
 * model (ADR 0018) for the summary, and the comments read in windows of REPORT_WINDOW display indexes as the report
 * is written, each window checked to be of the index's version. So neither the CLI nor the server holds a thread's
 * comments whole to report on it.
 */
import type { ThreadIndex } from '../core/api.ts';
import type { ReportThreadSource } from '../core/report.ts';
import type { Store } from './store/store.ts';
import { buildIndex, currentVersion, windowComments, type ReadEngines } from './thread-read.ts';

/** Comments read at a time. */
export const REPORT_WINDOW = 1000;

/** The report of a thread cannot go on: it changed (an import, a removal, new feedback) while the report was written. */
export class ThreadChangedError extends Error {
  override name = 'ThreadChangedError';
}

/** The display indexes from `from` up to `to` (exclusive). */
function range(from: number, to: number): number[] {
  const indexes: number[] = [];
  for (let i = from; i < to; i += 1) indexes.push(i);
  return indexes;
}

/**
 * The thread's report source, from its read model; null when the thread is unknown. Texts the caches lack are not
 * scored here (the caller does that first). Reading a window of a thread that changed since throws ThreadChangedError.
 */
export async function storedReportSource(store: Store, threadId: string, engines: ReadEngines, window = REPORT_WINDOW): Promise<ReportThreadSource | null> {
  if (!(await store.ensureReadModel(threadId))) return null;
  const built = buildIndex(store, threadId, engines);
  if (!built) return null;
  const index: ThreadIndex = { ...built.index, decisions: store.decisions(threadId) };
  const readWindow = (from: number) =>
    store.snapshot(() => {
      const current = currentVersion(store, threadId, engines);
      if (!current || current.version !== index.version) return null;
      return windowComments(store, threadId, current.state, range(from, Math.min(index.count, from + window)), engines);
    });
  return {
    index,
    *comments() {
      for (let from = 0; from < index.count; from += window) {
        const comments = readWindow(from);
        if (comments === null) throw new ThreadChangedError(`thread "${threadId}" changed while its report was written; make the report again`);
        yield* comments;
      }
    },
  };
}
