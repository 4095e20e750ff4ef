/**
 * The thread list and the open thread: on load the one named in the URL hash, else the most recently imported;
 * a failed request keeps whatever was already shown. A thread opens through its index (the whole thread as columns,
 * no text) and a CommentStore that reads full comments by window as they are shown; the console never fetches the
 * full thread view (docs/adr/0020-browser-model-for-size.md). When a window or a search finds the index stale
 * (409: the thread changed), the index is loaded again quietly and the moderator keeps their place. An open live
 * thread (comments arriving from an integration, LIVE_SOURCE_FORMAT) is reloaded every LIVE_RELOAD_MS while the page
 * is visible, and when the window gets focus.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_SOURCE_FORMAT, type FormatInfo, type ThreadIndex, type ThreadSummary } from '../../core/api.ts';
import { getThreadIndex, listFormats, listThreads, type ApiFailure } from '../api/client.ts';
import { positionsById } from '../triage/queue-model.ts';
import { CommentStore } from './comment-store.ts';

/** An open thread: its index, the display index of each comment id, and the store of its full comments. */
export interface OpenThread {
  index: ThreadIndex;
  positions: ReadonlyMap<string, number>;
  store: CommentStore;
}

export interface ThreadsState {
  threads: ThreadSummary[];
  formats: FormatInfo[];
  thread: OpenThread | null;
  /** The first list request has answered (successfully or not). */
  ready: boolean;
  loadingId: string | null;
  open: (threadId: string) => Promise<boolean>;
  /** Reloads the list, adding `known` summaries the server may not list yet. */
  refreshList: (known?: readonly ThreadSummary[]) => Promise<void>;
  /** A thread changed on the server (its missing comments were removed, it was rescored): reloads the list, and the index if it is open. */
  reloadThread: (threadId: string) => Promise<void>;
}

/** The thread id in `#thread=<id>`, if any. */
export function hashThreadId(hash: string = typeof location === 'undefined' ? '' : location.hash): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const id = params.get('thread');
  return id && id.length > 0 ? id : null;
}

/** The most recently imported thread of a list (ties: the later in the list). */
export function mostRecent(threads: readonly ThreadSummary[]): ThreadSummary | null {
  let best: ThreadSummary | null = null;
  for (const thread of threads) if (best === null || thread.importedAt >= best.importedAt) best = thread;
  return best;
}

/** How often an open live thread is reloaded. */
export const LIVE_RELOAD_MS = 4000;

/** True when a reloaded index of the open thread is another state of it (a live thread's version moves on each comment). */
export function isNewerIndex(current: ThreadIndex | null, next: ThreadIndex): boolean {
  return current === null || current.thread.id !== next.thread.id || current.version !== next.version;
}

function mergeSummaries(list: readonly ThreadSummary[], known: readonly ThreadSummary[]): ThreadSummary[] {
  const ids = new Set(list.map((t) => t.id));
  return [...list, ...known.filter((t) => !ids.has(t.id))];
}

export function useThreads(onError: (failure: ApiFailure) => void): ThreadsState {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [formats, setFormats] = useState<FormatInfo[]>([]);
  const [thread, setThread] = useState<OpenThread | null>(null);
  const [ready, setReady] = useState(false);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const latestRequest = useRef(0);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  const openThread = useRef<OpenThread | null>(null);

  // Set by the quiet reload below; a store that finds its index stale calls it.
  const reloadRef = useRef<(threadId: string) => Promise<void>>(async () => undefined);

  const show = useCallback(
    (index: ThreadIndex) => {
      const previous = openThread.current;
      if (previous !== null && !isNewerIndex(previous.index, index) && !previous.store.isClosed) return;
      previous?.store.close();
      const store = new CommentStore({
        threadId: index.thread.id,
        version: index.version,
        count: index.count,
        onStale: () => void reloadRef.current(index.thread.id),
        onError: (failure) => onErrorRef.current(failure),
      });
      const next: OpenThread = { index, positions: positionsById(index), store };
      openThread.current = next;
      setThread(next);
    },
    [],
  );

  const open = useCallback(
    async (threadId: string): Promise<boolean> => {
      const request = (latestRequest.current += 1);
      setLoadingId(threadId);
      const result = await getThreadIndex(threadId);
      if (request !== latestRequest.current) return false;
      setLoadingId(null);
      if (!result.ok) {
        onErrorRef.current(result.failure);
        return false;
      }
      // Opening again (a picked thread, a rescore) always shows the answer, even of the same version.
      openThread.current = null;
      show(result.value);
      if (typeof history !== 'undefined') history.replaceState(null, '', `#thread=${encodeURIComponent(threadId)}`);
      return true;
    },
    [show],
  );

  /** Loads the open thread's index again without a loading state; the view changes only when the thread did. */
  const quietReload = useCallback(
    async (threadId: string) => {
      const request = latestRequest.current;
      const result = await getThreadIndex(threadId);
      if (request !== latestRequest.current || openThread.current?.index.thread.id !== threadId) return;
      if (!result.ok) {
        onErrorRef.current(result.failure);
        return;
      }
      show(result.value);
    },
    [show],
  );
  useEffect(() => {
    reloadRef.current = quietReload;
  }, [quietReload]);

  const refreshList = useCallback(async (known: readonly ThreadSummary[] = []) => {
    const result = await listThreads();
    if (result.ok) setThreads(mergeSummaries(result.value, known));
    else {
      if (known.length > 0) setThreads((prev) => mergeSummaries(prev, known));
      onErrorRef.current(result.failure);
    }
  }, []);

  const reloadThread = useCallback(
    async (threadId: string) => {
      await Promise.all([refreshList(), openThread.current?.index.thread.id === threadId ? open(threadId) : Promise.resolve(false)]);
    },
    [refreshList, open],
  );

  // A live thread: reloaded quietly (no loading state, the selection stays) while visible, and on focus.
  const liveId = thread?.index.thread.sourceFormat === LIVE_SOURCE_FORMAT ? thread.index.thread.id : null;
  useEffect(() => {
    if (liveId === null) return undefined;
    const reload = async () => {
      if (document.visibilityState !== 'visible') return;
      const before = openThread.current;
      await quietReload(liveId);
      if (openThread.current !== before) await refreshList();
    };
    const timer = window.setInterval(() => void reload(), LIVE_RELOAD_MS);
    const onFocus = () => void reload();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [liveId, refreshList, quietReload]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [list, formatList] = await Promise.all([listThreads(), listFormats()]);
      if (cancelled) return;
      if (formatList.ok) setFormats(formatList.value);
      else onErrorRef.current(formatList.failure);
      setReady(true);
      if (!list.ok) {
        onErrorRef.current(list.failure);
        return;
      }
      setThreads(list.value);
      const wanted = hashThreadId();
      const pick = list.value.find((t) => t.id === wanted) ?? mostRecent(list.value);
      if (pick) await open(pick.id);
    })();
    return () => {
      cancelled = true;
    };
  }, [open]);

  return { threads, formats, thread, ready, loadingId, open, refreshList, reloadThread };
}
