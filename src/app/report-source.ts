/**
 * A stored thread as a report source (docs/adr/0021-streaming-reports.md): the thread index built from the read
 * model (ADR 0018) for the summary, and the comments read lazily, window by window (REPORT_WINDOW display indexes),
 * as the report's renderer asks for them: each window in a snapshot of its own, checked to be of the index's version,
 * so that at most one window of comments is held at a time (core's ReportThreadSource.comments() is an AsyncIterable
 * here). A thread that changes between two windows (an import, a removal, new feedback) ends the comments with
 * ThreadChangedError; `pause` runs between windows (a server answers other requests there). Each call of comments()
 * reads the thread again from the start (the HTML report reads it twice).
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

/** A report source read from the store: its comments are read asynchronously. */
export interface StoredReportSource extends ReportThreadSource {
  comments(): AsyncGenerator<WindowComment, void, undefined>;
}

/**
 * The thread's report source, from its read model; null when the thread is unknown. Texts the caches lack are not
 * scored here (the caller does that first). Its comments throw ThreadChangedError when the thread changed (or went)
 * between the index and a window, or between two windows.
 */
export async function storedReportSource(store: Store, threadId: string, engines: ReadEngines, options: ReportSourceOptions = {}): Promise<StoredReportSource | null> {
  const window = options.window ?? REPORT_WINDOW;
  if (!(await store.ensureReadModel(threadId))) return null;
  const built = await buildIndex(store, threadId, engines);
  if (!built) return null;
  const index: ThreadIndex = { ...built.index, decisions: await store.decisions(threadId) };
  async function* comments(): AsyncGenerator<WindowComment, void, undefined> {
    for (let from = 0; from < index.count; from += window) {
      if (from > 0) await options.pause?.();
      const part = await store.snapshot(async (snap) => {
        const current = await currentVersion(snap, threadId, engines);
        if (!current || current.version !== index.version) return null;
        return windowComments(snap, threadId, current.state, range(from, Math.min(index.count, from + window)), engines);
      });
      if (part === null) throw new ThreadChangedError(`thread "${threadId}" changed while its report was read; make the report again`);
      yield* part;
    }
  }
  return { index, comments };
}
