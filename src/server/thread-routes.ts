/**
 * The routes that open a thread of any size (src/core/api.ts): GET /api/threads/:id/index (the thread as columns,
 * cached per version like the view cache), /comments (full comments by display index) and /search, the last two
 * for a named version (409 when the thread changed since). docs/adr/0018-read-model-and-bounded-writes.md.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { COMMENT_WINDOW_MAX, type ApiError, type CommentWindow, type SearchResponse } from '../core/api.ts';
import { isScorable, scoreTexts, type Engines } from '../app/score-texts.ts';
import { searchQuery, threadParams, windowQuery } from './schemas.ts';
import { yieldToEventLoop } from '../app/store/store-generation.ts';
import type { Store } from '../app/store/store.ts';
import { buildAndKeepIndex, currentVersion, keptIndexKey, ThreadSearch, windowComments } from '../app/thread-read.ts';

function fail(reply: FastifyReply, status: number, error: string, where?: string): FastifyReply {
  const body: ApiError = where === undefined ? { error } : { error, where };
  return reply.code(status).send(body);
}

/** Scores (with pauses, so other requests are answered) the texts of a thread that the caches lack for these engines. */
async function scoreMissing(store: Store, threadId: string, engines: Engines): Promise<void> {
  const pending = new Map<string, string>();
  for (const { hash, text } of await store.uncachedTexts(threadId, engines.scorer, engines.detector)) {
    if (isScorable(text)) pending.set(hash, text);
  }
  if (pending.size === 0) return;
  const scored = await scoreTexts(store, pending, engines, { pause: yieldToEventLoop });
  await store.saveCachesBounded(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
}

/**
 * Serialized thread indexes (without decisions) of recently opened threads, keyed by version. An index is kept only
 * when complete (every scorable text has cached results for the current scorer and detector versions); decisions
 * are read from the log on every request. Concurrent requests for the same version share one build. A complete index
 * is also kept in the store (one row a thread, under INDEX_FORMAT and the version), so opening the thread after a
 * restart reads that row instead of building it again.
 */
export class ThreadIndexCache {
  private readonly entries = new Map<string, { version: string; json: string }>();
  private readonly building = new Map<string, Promise<string | null>>();

  /** @param maxThreads how many threads to keep (least recently used ones are dropped first). */
  constructor(private readonly maxThreads = 4) {}

  /** The index as GET /api/threads/:id/index answers it; null when the thread is unknown. */
  async json(store: Store, threadId: string, engines: Engines): Promise<string | null> {
    if (!(await store.ensureReadModel(threadId))) return null;
    const current = await currentVersion(store, threadId, engines);
    if (!current) return null;
    const hit = this.entries.get(threadId);
    let json: string | null;
    if (hit && hit.version === current.version) {
      this.entries.delete(threadId);
      this.entries.set(threadId, hit);
      json = hit.json;
    } else {
      const key = `${threadId}\n${current.version}`;
      let pending = this.building.get(key);
      if (!pending) {
        pending = this.build(store, threadId, current.version, engines).finally(() => this.building.delete(key));
        this.building.set(key, pending);
      }
      json = await pending;
    }
    if (json === null) return null;
    return `${json.slice(0, -1)},"decisions":${JSON.stringify(await store.decisions(threadId))}}`;
  }

  forget(threadId: string): void {
    this.entries.delete(threadId);
  }

  private async build(store: Store, threadId: string, version: string, engines: Engines): Promise<string | null> {
    const saved = await store.savedIndex(threadId, keptIndexKey(version));
    if (saved !== null) {
      this.keep(threadId, version, saved);
      return saved;
    }
    let made = await buildAndKeepIndex(store, threadId, engines);
    // Texts the caches lack (a new scorer version): scored first, then the index is built again. Checked from the
    // index itself, so the usual case (all cached) reads the thread's rows once.
    if (made && !made.built.complete) {
      await scoreMissing(store, threadId, engines);
      made = await buildAndKeepIndex(store, threadId, engines);
    }
    if (!made) return null;
    if (made.built.complete) this.keep(threadId, made.built.index.version, made.json);
    return made.json;
  }

  private keep(threadId: string, version: string, json: string): void {
    this.entries.delete(threadId);
    this.entries.set(threadId, { version, json });
    while (this.entries.size > this.maxThreads) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The caches of the read routes; `forget` drops a thread's entries after it changed. */
export interface ThreadReads {
  indexes: ThreadIndexCache;
  searches: ThreadSearch;
}

export function threadReads(): ThreadReads {
  return { indexes: new ThreadIndexCache(), searches: new ThreadSearch() };
}

type WindowQuery = { version: string; from?: string; count?: string; at?: string };
type SearchQuery = { version: string; q: string };

/** The display indexes a window query asks for, or the 400 for it. */
function requestedIndexes(query: WindowQuery, shown: number): { indexes: number[] } | { error: string; where: string } {
  if (query.at !== undefined) {
    if (query.from !== undefined || query.count !== undefined) return { error: 'give either at or from and count, not both', where: 'querystring.at' };
    const indexes = query.at.split(',').map(Number);
    if (indexes.length > COMMENT_WINDOW_MAX) return { error: `at lists ${indexes.length} indexes; at most ${COMMENT_WINDOW_MAX} a request`, where: 'querystring.at' };
    const beyond = indexes.find((i) => i >= shown);
    if (beyond !== undefined) return { error: `index ${beyond} is beyond the thread's ${shown} comments`, where: 'querystring.at' };
    return { indexes };
  }
  if (query.from === undefined || query.count === undefined) return { error: 'give from and count (or at)', where: query.from === undefined ? 'querystring.from' : 'querystring.count' };
  const from = Number(query.from);
  const count = Number(query.count);
  if (count < 1 || count > COMMENT_WINDOW_MAX) return { error: `count must be from 1 to ${COMMENT_WINDOW_MAX}`, where: 'querystring.count' };
  const indexes: number[] = [];
  for (let i = from; i < Math.min(shown, from + count); i++) indexes.push(i);
  return { indexes };
}

export function registerThreadReadRoutes(app: FastifyInstance, store: Store, engines: Engines, reads: ThreadReads): void {
  const notFound = (reply: FastifyReply, id: string) => fail(reply, 404, `no thread with id "${id}"`, 'params.id');
  const stale = (reply: FastifyReply, id: string, asked: string, now: string) =>
    fail(reply, 409, `thread "${id}" changed since version ${asked} (it is at ${now}): load its index again`, 'querystring.version');

  /** True when `version` is the thread's current one: else the 404 or 409 answer has been sent. */
  const checked = async (reply: FastifyReply, id: string, version: string): Promise<boolean> => {
    const current = (await store.ensureReadModel(id)) ? await currentVersion(store, id, engines) : null;
    if (!current) notFound(reply, id);
    else if (current.version !== version) stale(reply, id, version, current.version);
    return current !== null && current.version === version;
  };

  app.get<{ Params: { id: string } }>('/api/threads/:id/index', { config: { access: 'read' }, schema: { params: threadParams } }, async (request, reply) => {
    const { id } = request.params;
    const json = await reads.indexes.json(store, id, engines);
    if (json === null) return notFound(reply, id);
    // The search columns are read ahead in steps, after the answer is on its way: the first search finds them ready.
    const state = await store.threadState(id);
    if (state) setImmediate(() => void reads.searches.readAhead(store, id, state, yieldToEventLoop).catch((error: unknown) => request.log.warn({ err: error, threadId: id }, 'reading the search columns ahead failed; the first search reads them')));
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get<{ Params: { id: string }; Querystring: WindowQuery }>('/api/threads/:id/comments', { config: { access: 'read' }, schema: { params: threadParams, querystring: windowQuery } }, async (request, reply) => {
    const { id } = request.params;
    const { version } = request.query;
    if (!(await checked(reply, id, version))) return reply;
    const answer = await store.snapshot(async (snap) => {
      const current = await currentVersion(snap, id, engines);
      if (!current || current.version !== version) return null;
      const asked = requestedIndexes(request.query, await snap.displayCount(id, current.state.gen));
      if ('error' in asked) return asked;
      const body: CommentWindow = { version, comments: await windowComments(snap, id, current.state, asked.indexes, engines) };
      return body;
    });
    if (answer === null) return stale(reply, id, version, (await currentVersion(store, id, engines))?.version ?? 'none');
    if ('error' in answer) return fail(reply, 400, answer.error, answer.where);
    return answer;
  });

  app.get<{ Params: { id: string }; Querystring: SearchQuery }>('/api/threads/:id/search', { config: { access: 'read' }, schema: { params: threadParams, querystring: searchQuery } }, async (request, reply) => {
    const { id } = request.params;
    const { version, q } = request.query;
    if (!(await checked(reply, id, version))) return reply;
    const state = await store.threadState(id);
    if (state) await reads.searches.readAhead(store, id, state, yieldToEventLoop);
    const current = await currentVersion(store, id, engines);
    const matches = current && current.version === version ? await reads.searches.search(store, id, current.state, q) : null;
    if (matches === null) return stale(reply, id, version, (await currentVersion(store, id, engines))?.version ?? 'none');
    const body: SearchResponse = { version, query: q, matches };
    return body;
  });
}
