/**
 * The thread list and the open thread: on load the one named in the URL hash, else the most recently imported;
 * a failed request keeps whatever was already shown. An open live thread (comments arriving from an integration,
 * LIVE_SOURCE_FORMAT) is reloaded every LIVE_RELOAD_MS while the page is visible, and when the window gets focus.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_SOURCE_FORMAT, type FormatInfo, type ThreadSummary, type ThreadView } from '../../core/api.ts';
import { getThread, listFormats, listThreads, type ApiFailure } from '../api/client.ts';

export interface ThreadsState {
  threads: ThreadSummary[];
  formats: FormatInfo[];
  view: ThreadView | null;
  /** The first list request has answered (successfully or not). */
  ready: boolean;
  loadingId: string | null;
  open: (threadId: string) => Promise<boolean>;
  /** Reloads the list, adding `known` summaries the server may not list yet. */
  refreshList: (known?: readonly ThreadSummary[]) => Promise<void>;
  /** A thread changed on the server (its missing comments were removed): reloads the list, and the view if it is open. */
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

/** True when a reloaded view of the open thread has something new (a live thread's import time moves on each comment). */
export function isNewerView(current: ThreadView | null, next: ThreadView): boolean {
  return current === null || current.id !== next.id || current.importedAt !== next.importedAt;
}

function mergeSummaries(list: readonly ThreadSummary[], known: readonly ThreadSummary[]): ThreadSummary[] {
  const ids = new Set(list.map((t) => t.id));
  return [...list, ...known.filter((t) => !ids.has(t.id))];
}

export function useThreads(onError: (failure: ApiFailure) => void): ThreadsState {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [formats, setFormats] = useState<FormatInfo[]>([]);
  const [view, setView] = useState<ThreadView | null>(null);
  const [ready, setReady] = useState(false);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const latestRequest = useRef(0);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  const open = useCallback(async (threadId: string): Promise<boolean> => {
    const request = (latestRequest.current += 1);
    setLoadingId(threadId);
    const result = await getThread(threadId);
    if (request !== latestRequest.current) return false;
    setLoadingId(null);
    if (!result.ok) {
      onErrorRef.current(result.failure);
      return false;
    }
    setView(result.value);
    if (typeof history !== 'undefined') history.replaceState(null, '', `#thread=${encodeURIComponent(threadId)}`);
    return true;
  }, []);

  const refreshList = useCallback(async (known: readonly ThreadSummary[] = []) => {
    const result = await listThreads();
    if (result.ok) setThreads(mergeSummaries(result.value, known));
    else {
      if (known.length > 0) setThreads((prev) => mergeSummaries(prev, known));
      onErrorRef.current(result.failure);
    }
  }, []);

  // The open view's id, read by reloadThread without making it change on every view.
  const openId = useRef<string | null>(null);
  const openView = useRef<ThreadView | null>(null);
  useEffect(() => {
    openId.current = view?.id ?? null;
    openView.current = view;
  }, [view]);

  const reloadThread = useCallback(
    async (threadId: string) => {
      await Promise.all([refreshList(), openId.current === threadId ? open(threadId) : Promise.resolve(false)]);
    },
    [refreshList, open],
  );

  // A live thread: reloaded quietly (no loading state, the selection stays) while visible, and on focus.
  const liveId = view?.sourceFormat === LIVE_SOURCE_FORMAT ? view.id : null;
  useEffect(() => {
    if (liveId === null) return undefined;
    const reload = async () => {
      if (document.visibilityState !== 'visible') return;
      const request = latestRequest.current;
      const result = await getThread(liveId);
      if (request !== latestRequest.current || !result.ok || openId.current !== liveId) return;
      if (!isNewerView(openView.current, result.value)) return;
      setView(result.value);
      await refreshList();
    };
    const timer = window.setInterval(() => void reload(), LIVE_RELOAD_MS);
    const onFocus = () => void reload();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [liveId, refreshList]);

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

  return { threads, formats, view, ready, loadingId, open, refreshList, reloadThread };
}
