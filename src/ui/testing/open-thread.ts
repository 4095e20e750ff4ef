/**
 * Test support (never imported by the app): a thread view as the server would serve it to the console — its
 * ThreadIndex (built with core's ThreadIndexBuilder, as the server builds it), its comment windows and its search —
 * either as an OpenThread with every window already read, or as routes behind a mocked fetch.
 */
import { COMMENT_WINDOW_MAX, type CommentWindow, type SearchResponse, type ThreadIndex, type ThreadView } from '../../core/api.ts';
import { ThreadIndexBuilder } from '../../core/thread-index.ts';
import type { ApiResult, WindowRequest } from '../api/client.ts';
import { CommentStore } from '../state/comment-store.ts';
import type { OpenThread } from '../state/use-threads.ts';
import { positionsById } from '../triage/queue-model.ts';

/** The index of a view, as GET /api/threads/:id/index answers it. */
export function indexOfView(view: ThreadView, version = `v-${view.importedAt}`): ThreadIndex {
  const builder = new ThreadIndexBuilder();
  for (const comment of view.comments) builder.add(comment);
  const { comments: _comments, decisions, ...header } = view;
  return builder.finish(header, version, decisions);
}

/** The window of a view for a request, as GET /api/threads/:id/comments answers it. */
export function windowOfView(view: ThreadView, version: string, request: WindowRequest): CommentWindow {
  const at = 'at' in request ? request.at : Array.from({ length: Math.max(0, Math.min(request.count, COMMENT_WINDOW_MAX)) }, (_, k) => request.from + k);
  return { version, comments: at.flatMap((i) => (view.comments[i] ? [{ ...view.comments[i], index: i }] : [])) };
}

/** Display indexes of the comments whose text or author contains the query, case-insensitively. */
export function searchView(view: ThreadView, version: string, query: string): SearchResponse {
  const q = query.toLowerCase();
  const matches = view.comments.flatMap((c, i) => (c.text.toLowerCase().includes(q) || c.author.toLowerCase().includes(q) ? [i] : []));
  return { version, query, matches };
}

/** An open thread of `view`: its index, and a store that reads windows from the view (all of them already read unless `loaded` is false). */
export function openThreadOf(view: ThreadView, options: { loaded?: boolean; onStale?: () => void } = {}): OpenThread {
  const index = indexOfView(view);
  const fetchWindow = async (_threadId: string, version: string, request: WindowRequest): Promise<ApiResult<CommentWindow>> => ({ ok: true, value: windowOfView(view, version, request) });
  const store = new CommentStore({ threadId: view.id, version: index.version, count: index.count, onStale: options.onStale ?? (() => undefined), onError: () => undefined, fetchWindow });
  if (options.loaded !== false) store.accept(windowOfView(view, index.version, { from: 0, count: index.count }));
  return { index, positions: positionsById(index), store };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * Answers the console's thread routes for `view` (index, windows, search) the way the server does, 409 for another
 * version included; null for any other URL.
 */
export function threadRoute(view: ThreadView, url: string, method = 'GET'): Response | null {
  if (method !== 'GET') return null;
  const base = `/api/threads/${encodeURIComponent(view.id)}`;
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  const index = indexOfView(view);
  if (path === `${base}/index`) return json(index);
  if (path !== `${base}/comments` && path !== `${base}/search`) return null;
  if (params.get('version') !== index.version) return json({ error: 'The thread has changed: load its index again.', where: 'version' }, 409);
  if (path === `${base}/search`) return json(searchView(view, index.version, params.get('q') ?? ''));
  const at = params.get('at');
  const request: WindowRequest = at !== null ? { at: at.split(',').map(Number) } : { from: Number(params.get('from')), count: Number(params.get('count')) };
  return json(windowOfView(view, index.version, request));
}
