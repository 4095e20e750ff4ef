/**
 * The commenter panel's cache of author histories (ADR 0026): one entry per author asked for while a thread is open,
 * as a pure reducer. An entry is loading, ready or failed; `invalidate` marks a ready entry stale (a decision on one of
 * the author's comments arrived) so that the panel loads it again while still showing the old one.
 */
import type { AuthorHistory } from '../../core/api.ts';

export type HistoryEntry =
  | { status: 'loading'; history: AuthorHistory | null }
  | { status: 'ready'; history: AuthorHistory; stale: boolean }
  | { status: 'failed'; error: string; history: AuthorHistory | null };

export type HistoryCache = ReadonlyMap<string, HistoryEntry>;

export type HistoryAction =
  | { type: 'load'; author: string }
  | { type: 'loaded'; author: string; history: AuthorHistory }
  | { type: 'failed'; author: string; error: string }
  | { type: 'invalidate'; author: string }
  /** Drops the entry (a retry after a failure loads it again). */
  | { type: 'forget'; author: string };

export const EMPTY_CACHE: HistoryCache = new Map();

function withEntry(cache: HistoryCache, author: string, entry: HistoryEntry): HistoryCache {
  const next = new Map(cache);
  next.set(author, entry);
  return next;
}

export function historyReducer(cache: HistoryCache, action: HistoryAction): HistoryCache {
  const entry = cache.get(action.author);
  switch (action.type) {
    case 'load':
      return withEntry(cache, action.author, { status: 'loading', history: entry?.history ?? null });
    case 'loaded':
      return withEntry(cache, action.author, { status: 'ready', history: action.history, stale: false });
    case 'failed':
      return withEntry(cache, action.author, { status: 'failed', error: action.error, history: entry?.history ?? null });
    case 'forget': {
      if (!cache.has(action.author)) return cache;
      const next = new Map(cache);
      next.delete(action.author);
      return next;
    }
    case 'invalidate':
      return entry?.status === 'ready' && !entry.stale ? withEntry(cache, action.author, { ...entry, stale: true }) : cache;
  }
}

/** True when the panel should ask the server for `author`: never asked (or forgotten), or stale. */
export function needsLoad(entry: HistoryEntry | undefined): boolean {
  return entry === undefined || (entry.status === 'ready' && entry.stale);
}

/** A signature of the decisions on an author's comments in the open thread: it changes when one of them is decided. */
export function decisionSignature(ids: readonly string[], stateOf: (id: string) => string | undefined): string {
  let signature = '';
  for (const id of ids) {
    const state = stateOf(id);
    if (state !== undefined) signature += `${id}\u0000${state}\u0001`;
  }
  return signature;
}
