/**
 * Full comments of the open thread by display index, read by window (GET /api/threads/:id/comments) as the queue
 * and the thread pane ask for them, and kept only around what was asked for last: the browser never holds every
 * comment of a big thread (issue 13, docs/adr/0020-browser-model-for-size.md).
 *
 * - `want(indexes)` asks for comments (batched: the wants of one render go out together, at most
 *   COMMENT_WINDOW_MAX a request, a range when contiguous, else a list); `get(i)` reads one if it is here.
 * - Components re-render through `subscribe`/`revision` (useSyncExternalStore) when a window arrives.
 * - A store belongs to one index version: a 409 answer calls `onStale` (the console loads the index again and
 *   makes a new store); other failures go to `onError` once until a request succeeds again.
 */
import { useSyncExternalStore } from 'react';
import { COMMENT_WINDOW_MAX, type CommentWindow, type ViewComment } from '../../core/api.ts';
import { getCommentWindow, isStale, type ApiFailure, type ApiResult, type WindowRequest } from '../api/client.ts';

/** Comments kept at most; the least recently wanted go first. */
export const COMMENTS_KEPT = 3000;

export type WindowFetcher = (threadId: string, version: string, request: WindowRequest) => Promise<ApiResult<CommentWindow>>;

export interface CommentStoreOptions {
  threadId: string;
  version: string;
  /** Number of comments in the index (indexes outside 0..count-1 are never asked for). */
  count: number;
  onStale: () => void;
  onError: (failure: ApiFailure) => void;
  fetchWindow?: WindowFetcher;
  kept?: number;
}

/** Splits ascending display indexes into requests: contiguous runs as ranges, the rest as lists, each at most `max`. */
export function windowRequests(sorted: readonly number[], max = COMMENT_WINDOW_MAX): WindowRequest[] {
  const requests: WindowRequest[] = [];
  let scattered: number[] = [];
  const flush = () => {
    if (scattered.length > 0) requests.push({ at: scattered });
    scattered = [];
  };
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1 && j + 1 - i < max) j++;
    const run = j - i + 1;
    if (run >= 8) {
      flush();
      requests.push({ from: sorted[i]!, count: run });
    } else {
      for (let k = i; k <= j; k++) {
        scattered.push(sorted[k]!);
        if (scattered.length === max) flush();
      }
    }
    i = j + 1;
  }
  flush();
  return requests;
}

export class CommentStore {
  readonly threadId: string;
  readonly version: string;
  readonly count: number;
  private readonly comments = new Map<number, ViewComment>();
  private readonly inFlight = new Set<number>();
  private readonly wanted = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private readonly fetchWindow: WindowFetcher;
  private readonly kept: number;
  private scheduled = false;
  private failing = false;
  private closed = false;
  private rev = 0;

  constructor(private readonly options: CommentStoreOptions) {
    this.threadId = options.threadId;
    this.version = options.version;
    this.count = options.count;
    this.fetchWindow = options.fetchWindow ?? getCommentWindow;
    this.kept = options.kept ?? COMMENTS_KEPT;
  }

  get(index: number): ViewComment | undefined {
    return this.comments.get(index);
  }

  /** Asks for the comments at these display indexes (those already here are kept longer). */
  want(indexes: Iterable<number>): void {
    if (this.closed) return;
    for (const i of indexes) {
      if (!Number.isInteger(i) || i < 0 || i >= this.count) continue;
      const have = this.comments.get(i);
      if (have !== undefined) {
        // Most recently wanted last: eviction takes from the front.
        this.comments.delete(i);
        this.comments.set(i, have);
      } else if (!this.inFlight.has(i)) this.wanted.add(i);
    }
    if (this.wanted.size > 0 && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => void this.flush());
    }
  }

  /**
   * Reads a window without keeping it (a pass over the whole thread, e.g. the browser check, must not push out the
   * comments on screen); a stale answer marks the store stale.
   */
  async read(request: WindowRequest): Promise<ApiResult<CommentWindow>> {
    const result = await this.fetchWindow(this.threadId, this.version, request);
    if (!result.ok && isStale(result.failure)) this.stale();
    return result;
  }

  /** True once closed: a stale version, or another thread opened. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The index this store belongs to is stale (a 409 for a window or a search): close, and have it loaded again. */
  stale(): void {
    if (this.closed) return;
    this.close();
    this.options.onStale();
  }

  /** No more requests or notifications (the thread changed or closed). */
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes each time comments arrive. */
  revision = (): number => this.rev;

  private async flush(): Promise<void> {
    this.scheduled = false;
    const indexes = [...this.wanted].sort((a, b) => a - b);
    this.wanted.clear();
    for (const i of indexes) this.inFlight.add(i);
    await Promise.all(windowRequests(indexes).map((request) => this.load(request)));
  }

  private async load(request: WindowRequest): Promise<void> {
    const result = await this.fetchWindow(this.threadId, this.version, request);
    const asked = 'at' in request ? request.at : Array.from({ length: request.count }, (_, k) => request.from + k);
    for (const i of asked) this.inFlight.delete(i);
    if (this.closed) return;
    if (!result.ok) {
      if (isStale(result.failure)) this.stale();
      else if (!this.failing) {
        this.failing = true;
        this.options.onError(result.failure);
      }
      return;
    }
    if (result.value.version !== this.version) {
      this.stale();
      return;
    }
    this.failing = false;
    this.accept(result.value);
  }

  /** Keeps the comments of a window of this store's version (as an answer to `want` does) and tells the listeners. */
  accept(window: CommentWindow): void {
    if (this.closed || window.version !== this.version) return;
    for (const comment of window.comments) {
      if (Number.isInteger(comment.index) && comment.index >= 0 && comment.index < this.count) this.comments.set(comment.index, comment);
    }
    this.evict();
    this.rev += 1;
    for (const listener of this.listeners) listener();
  }

  private evict(): void {
    let over = this.comments.size - this.kept;
    if (over <= 0) return;
    for (const key of this.comments.keys()) {
      if (over-- <= 0) break;
      this.comments.delete(key);
    }
  }
}

const NO_STORE = { subscribe: () => () => undefined, revision: () => 0 };

/** Re-renders the caller when comments arrive in `store`; returns the store's revision. */
export function useStoreRevision(store: CommentStore | null): number {
  const source = store ?? NO_STORE;
  return useSyncExternalStore(source.subscribe, source.revision, source.revision);
}
