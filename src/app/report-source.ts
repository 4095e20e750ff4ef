/**
 * A stored thread as a report source (docs/adr/0021-streaming-reports.md): the thread index built from the read
 * model (ADR 0018) for the summary, and the comments read in windows of REPORT_WINDOW display indexes, each window in
 * a snapshot of its own checked to be of the index's version.
 *
 * Since the store is asynchronous (issue 15) and the report's renderers pull comments synchronously (core's
 * ReportThreadSource.comments() is an Iterable), the windows are read before the source is handed over: the comments
 * are held in memory while the report is written (the summary and the rendering still stream). A thread that changes
 * between two windows (an import, a removal, new feedback) is refused with ThreadChangedError; `pause` runs between
 * windows (a server answers other requests there).
 */
import type { ThreadIndex } from '../core/api.ts';
import type { ReportThreadSource } from '../core/report.ts';
import type { Store } from './store/store.ts';
import { buildIndex, currentVersion, windowComments, type ReadEngines, type WindowComment } from './thread-read.ts';

/** Comments read at a time. */
export const REPORT_WINDOW = 1000;

/** The report of a thread cannot go on: it changed (an import, a removal, new feedback) while the report was read. */
export class ThreadChangedError extends Error {
  override name = 'ThreadChangedError';
}

/** The display indexes from `from` up to `to` (exclusive). */
function range(from: number, to: number): number[] {
  const indexes: number[] = [];
  for (let i = from; i < to; i += 1) indexes.push(i);
  return indexes;
}

export interface ReportSourceOptions {
  /** Comments read per snapshot (default REPORT_WINDOW). */
  window?: number;
  /** Awaited between two windows (default: nothing). */
  pause?: () => Promise<void>;
}

/**
 * The thread's report source, from its read model; null when the thread is unknown. Texts the caches lack are not
 * scored here (the caller does that first). Throws ThreadChangedError when the thread changed while it was read.
 */
export async function storedReportSource(store: Store, threadId: string, engines: ReadEngines, options: ReportSourceOptions = {}): Promise<ReportThreadSource | null> {
  const window = options.window ?? REPORT_WINDOW;
  if (!(await store.ensureReadModel(threadId))) return null;
  const built = await buildIndex(store, threadId, engines);
  if (!built) return null;
  const index: ThreadIndex = { ...built.index, decisions: await store.decisions(threadId) };
  const comments: WindowComment[] = [];
  for (let from = 0; from < index.count; from += window) {
    if (from > 0) await options.pause?.();
    const part = await store.snapshot(async (snap) => {
      const current = await currentVersion(snap, threadId, engines);
      if (!current || current.version !== index.version) return null;
      return windowComments(snap, threadId, current.state, range(from, Math.min(index.count, from + window)), engines);
    });
    if (part === null) throw new ThreadChangedError(`thread "${threadId}" changed while its report was read; make the report again`);
    comments.push(...part);
  }
  return { index, comments: () => comments };
}
