import { describe, expect, it, vi } from 'vitest';
import type { CommentWindow } from '../../core/api.ts';
import type { ApiResult, WindowRequest } from '../api/client.ts';
import { windowOfView } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { CommentStore, windowRequests } from './comment-store.ts';

const view = fixtureView();

function storeWith(answer: (request: WindowRequest) => ApiResult<CommentWindow>, kept?: number) {
  const requests: WindowRequest[] = [];
  const onStale = vi.fn();
  const onError = vi.fn();
  const store = new CommentStore({
    threadId: 't1', version: 'v1', count: view.comments.length, onStale, onError, kept,
    fetchWindow: async (_t, _v, request) => {
      requests.push(request);
      return answer(request);
    },
  });
  return { store, requests, onStale, onError };
}

const served = (request: WindowRequest): ApiResult<CommentWindow> => ({ ok: true, value: windowOfView(view, 'v1', request) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('windowRequests', () => {
  it('asks for runs as ranges and scattered indexes as lists, each at most the window size', () => {
    expect(windowRequests([1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 77])).toEqual([{ from: 1, count: 9 }, { at: [40, 77] }]);
    expect(windowRequests([5, 9, 10])).toEqual([{ at: [5, 9, 10] }]);
    expect(windowRequests(Array.from({ length: 24 }, (_, i) => i), 10)).toEqual([{ from: 0, count: 10 }, { from: 10, count: 10 }, { at: [20, 21, 22, 23] }]);
    expect(windowRequests(Array.from({ length: 7 }, (_, i) => 2 * i), 3)).toEqual([{ at: [0, 2, 4] }, { at: [6, 8, 10] }, { at: [12] }]);
    expect(windowRequests([])).toEqual([]);
  });
});

describe('CommentStore', () => {
  it('batches the wants of one turn into one request, keeps the answer and tells its readers', async () => {
    const { store, requests } = storeWith(served);
    const listener = vi.fn();
    store.subscribe(listener);
    store.want([4, 1]);
    store.want([1, 2, 99, -1]);
    expect(store.get(1)).toBeUndefined();
    await settle();
    expect(requests).toEqual([{ at: [1, 2, 4] }]);
    expect(store.get(2)?.id).toBe('c3');
    expect(listener).toHaveBeenCalledTimes(1);
    store.want([1, 2, 4]);
    await settle();
    expect(requests).toHaveLength(1);
  });

  it('keeps at most its bound, dropping the least recently wanted', async () => {
    const { store } = storeWith(served, 3);
    store.want([0, 1, 2]);
    await settle();
    store.want([0]);
    store.want([4]);
    await settle();
    expect([0, 1, 2, 4].map((i) => store.get(i) !== undefined)).toEqual([true, false, true, true]);
  });

  it('a 409 or a window of another version closes the store and asks for the index again; other failures are said once', async () => {
    const stale = storeWith(() => ({ ok: false, failure: { error: 'changed', where: 'version', route: 'GET x', status: 409 } }));
    stale.store.want([0]);
    await settle();
    expect(stale.onStale).toHaveBeenCalledTimes(1);
    expect(stale.store.isClosed).toBe(true);
    stale.store.want([1]);
    await settle();
    expect(stale.requests).toHaveLength(1);

    const moved = storeWith((request) => ({ ok: true, value: windowOfView(view, 'v2', request) }));
    moved.store.want([0]);
    await settle();
    expect(moved.onStale).toHaveBeenCalledTimes(1);
    expect(moved.store.get(0)).toBeUndefined();

    const down = storeWith(() => ({ ok: false, failure: { error: 'unreachable', where: 'x', route: 'GET x', status: null } }));
    down.store.want([0]);
    await settle();
    down.store.want([0]);
    await settle();
    expect(down.requests).toHaveLength(2);
    expect(down.onError).toHaveBeenCalledTimes(1);
    expect(down.onStale).not.toHaveBeenCalled();
  });
});
