import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMENT_WINDOW_MAX, type ApiError, type CommentWindow, type SearchResponse, type ThreadIndex, type ThreadView } from '../core/api.ts';
import { buildApp } from './app.ts';
import type { Comment, Thread } from '../core/model.ts';
import { storeImport } from '../app/pipeline.ts';
import { keptIndexKey } from '../app/thread-read.ts';
import { comment, fakeDetector, fakeScorer, importResultOf, useEngineStore } from '../app/testing/helpers.ts';
import { describeEachEngine } from '../app/store/testing/databases.ts';

const NO_UI = path.join(os.tmpdir(), 'threadscope-no-ui');

const COMMENTS = [comment('a', null, 'You are a loser.'), comment('b', 'a', 'They are vermin.'), comment('c', 'b', 'Exactly.'), comment('d', null, 'A civil remark about LOSERS.'), comment('e', 'zz', 'An orphan.')];
const thread = (comments: Comment[]): Thread => ({ id: 't1', title: 'T', url: null, articleText: '', sourceFormat: 'test', comments });
const engines = { scorer: fakeScorer(), detector: fakeDetector() };

describeEachEngine('GET /api/threads/:id/index, /comments and /search', (engine) => {
  const ctx = useEngineStore(engine);
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI });
    await storeImport(ctx.store, importResultOf([thread(COMMENTS)]), engines);
  });
  afterEach(async () => {
    await app.close();
  });
  const threadId = async () => ((await app.inject({ method: 'GET', url: '/api/threads' })).json() as Array<{ id: string }>)[0]!.id;
  const get = (url: string) => app.inject({ method: 'GET', url });

  it('serves the index, windows by range and by list, and search, equal to the full view, with the decisions of the moment', async () => {
    const id = encodeURIComponent(await threadId());
    const view = (await get(`/api/threads/${id}`)).json() as ThreadView;
    const index = (await get(`/api/threads/${id}/index`)).json() as ThreadIndex;
    expect(index.ids).toEqual(view.comments.map((c) => c.id));
    expect(index.treeParent).toEqual([-1, 0, 1, -1, -1]);
    expect(index.decisions).toEqual([]);
    const range = (await get(`/api/threads/${id}/comments?version=${index.version}&from=1&count=10`)).json() as CommentWindow;
    expect(range.comments.map((c) => c.index)).toEqual([1, 2, 3, 4]);
    expect(range.comments.map(({ index: _index, ...c }) => c)).toEqual(view.comments.slice(1));
    const list = (await get(`/api/threads/${id}/comments?version=${index.version}&at=4,0`)).json() as CommentWindow;
    expect(list.comments.map((c) => [c.index, c.id])).toEqual([[4, 'e'], [0, 'a']]);
    expect(list.comments[0]!.orphan).toBe(true);
    expect(((await get(`/api/threads/${id}/search?version=${index.version}&q=LoSeR`)).json() as SearchResponse)).toEqual({ version: index.version, query: 'LoSeR', matches: [0, 3] });

    const decided = await app.inject({ method: 'POST', url: `/api/threads/${id}/decisions`, payload: { id: 'decision-0001', commentId: 'b', action: 'reject', moderator: 'Mo' } });
    expect(decided.statusCode).toBe(201);
    const again = (await get(`/api/threads/${id}/index`)).json() as ThreadIndex;
    expect(again.version).toBe(index.version);
    expect(again.decisions.map((d) => d.commentId)).toEqual(['b']);
  });

  it('keeps a built index in the store: a restarted server serves that row, and never one of another version', async () => {
    const id = await threadId();
    const first = (await get(`/api/threads/${encodeURIComponent(id)}/index`)).json() as ThreadIndex;
    const key = keptIndexKey(first.version);
    const kept = await ctx.store.savedIndex(id, key);
    expect(kept).not.toBeNull();
    // Mark the kept row, then restart (a new app and caches on the same store): the marked row is what is served.
    const marked = JSON.stringify({ ...(JSON.parse(kept!) as object), title: 'served from the kept row' });
    await ctx.store.saveIndex(id, key, marked, new Date().toISOString());
    await app.close();
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: NO_UI });
    const restarted = (await get(`/api/threads/${encodeURIComponent(id)}/index`)).json() as ThreadIndex & { title?: string };
    expect(restarted.title).toBe('served from the kept row');
    expect(restarted.ids).toEqual(first.ids);
    // A new import is a new version: the index is built again (and kept in place of the old row).
    await storeImport(ctx.store, importResultOf([thread([...COMMENTS, comment('f', 'a', 'A late reply.')])]), engines);
    const rebuilt = (await get(`/api/threads/${encodeURIComponent(id)}/index`)).json() as ThreadIndex & { title?: string };
    expect(rebuilt.version).not.toBe(first.version);
    expect(rebuilt.title).toBeUndefined();
    expect(rebuilt.ids).toContain('f');
    expect(await ctx.store.savedIndex(id, key)).toBeNull();
    expect(await ctx.store.savedIndex(id, keptIndexKey(rebuilt.version))).not.toBeNull();
  });

  it('answers 409 for a version the thread has left, 404 for an unknown thread and 400 naming the bad parameter', async () => {
    const id = encodeURIComponent(await threadId());
    const { version } = (await get(`/api/threads/${id}/index`)).json() as ThreadIndex;
    const bad = async (url: string, status: number, where: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect((res.json() as ApiError).where, url).toBe(where);
    };
    await bad(`/api/threads/${id}/comments?version=${version}`, 400, 'querystring.from');
    await bad(`/api/threads/${id}/comments?version=${version}&from=0`, 400, 'querystring.count');
    await bad(`/api/threads/${id}/comments?version=${version}&from=0&count=${COMMENT_WINDOW_MAX + 1}`, 400, 'querystring.count');
    await bad(`/api/threads/${id}/comments?version=${version}&from=-1&count=2`, 400, 'querystring.from');
    await bad(`/api/threads/${id}/comments?version=${version}&at=1,x`, 400, 'querystring.at');
    await bad(`/api/threads/${id}/comments?version=${version}&at=5`, 400, 'querystring.at');
    await bad(`/api/threads/${id}/comments?version=${version}&at=1&from=0&count=1`, 400, 'querystring.at');
    await bad(`/api/threads/${id}/comments?version=${version}&at=${Array.from({ length: COMMENT_WINDOW_MAX + 1 }, () => '0').join(',')}`, 400, 'querystring.at');
    await bad(`/api/threads/${id}/comments?from=0&count=1`, 400, 'querystring.version');
    await bad(`/api/threads/${id}/search?version=${version}&q=`, 400, 'querystring.q');
    await bad(`/api/threads/${id}/search?version=${version}`, 400, 'querystring.q');
    await bad(`/api/threads/nope/index`, 404, 'params.id');
    await bad(`/api/threads/nope/comments?version=${version}&from=0&count=1`, 404, 'params.id');
    await bad(`/api/threads/${'x'.repeat(501)}/index`, 400, 'params.id');
    await bad(`/api/threads/${id}/comments?version=AAAAAAAAAAAAAAAAAAAAAA&from=0&count=1`, 409, 'querystring.version');

    // A re-import changes the version: windows and searches of the old one answer 409 until the index is loaded again.
    await storeImport(ctx.store, importResultOf([thread([...COMMENTS, comment('f', null, 'New.')])]), engines);
    await bad(`/api/threads/${id}/comments?version=${version}&from=0&count=1`, 409, 'querystring.version');
    await bad(`/api/threads/${id}/search?version=${version}&q=a`, 409, 'querystring.version');
    const next = (await get(`/api/threads/${id}/index`)).json() as ThreadIndex;
    expect(next.version).not.toBe(version);
    expect(next.count).toBe(6);
  });

  it('scores what the caches lack for a new scorer version before it answers the index', async () => {
    const upgraded = await buildApp({ store: ctx.store, scorer: fakeScorer('2'), detector: fakeDetector(), uiDir: NO_UI });
    try {
      expect(await ctx.store.uncachedTexts('t1', fakeScorer('2'), fakeDetector())).toHaveLength(5);
      const index = (await upgraded.inject({ method: 'GET', url: '/api/threads/t1/index' })).json() as ThreadIndex;
      expect(index.thread.scorer.version).toBe('2');
      expect(index.scores.INSULT).toEqual([0.9, 0.05, 0.05, 0.05, 0.05]);
      expect(await ctx.store.uncachedTexts('t1', fakeScorer('2'), fakeDetector())).toHaveLength(0);
    } finally {
      await upgraded.close();
    }
  });
});
