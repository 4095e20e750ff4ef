import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResponse, RemoveMissingResponse, ThreadView } from '../core/api.ts';
import { buildApp } from './app.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../app/testing/helpers.ts';
import { REIMPORT_COMMENTS, REIMPORT_THREAD_ID, reimportWxr } from '../app/testing/reimport-wxr.ts';

const threadUrl = `/api/threads/${encodeURIComponent(REIMPORT_THREAD_ID)}`;

describe('re-import over HTTP: the import answer and POST /api/threads/:id/missing/remove', () => {
  const ctx = useTempStore();
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui') });
  });
  afterEach(async () => {
    await app.close();
  });

  const importWxr = async (keep: number, fileName: string): Promise<ImportResponse> => {
    const res = await app.inject({ method: 'POST', url: '/api/imports', payload: { content: reimportWxr(keep), fileName } });
    expect(res.statusCode).toBe(201);
    return res.json() as ImportResponse;
  };
  const view = async (): Promise<ThreadView> => (await app.inject({ method: 'GET', url: threadUrl })).json() as ThreadView;
  const remove = (body: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `${threadUrl}/missing/remove`, payload: body as object, headers });

  it('answers per thread whether it existed, its revision and the added, changed, missing and unchanged ids', async () => {
    const first = await importWxr(10, 'ferry.xml');
    expect(first.threads).toEqual([
      expect.objectContaining({ id: REIMPORT_THREAD_ID, commentCount: 10, existed: false, revision: 1, decisionsKept: 0, changes: expect.objectContaining({ added: { count: 10, ids: REIMPORT_COMMENTS.map((c) => String(c.id)) } }) }),
    ]);
    const cut = await importWxr(4, 'ferry-cut.xml');
    const [thread] = cut.threads;
    expect(thread).toMatchObject({ id: REIMPORT_THREAD_ID, commentCount: 4, existed: true, revision: 2 });
    expect(thread!.changes).toEqual({
      added: { count: 0, ids: [] },
      changed: { count: 0, ids: [] },
      unchanged: { count: 4, ids: ['101', '102', '103', '104'] },
      missing: { count: 6, ids: ['105', '106', '107', '108', '109', '110'] },
      restored: { count: 0, ids: [] },
    });
    expect(cut.problems).toContainEqual({ severity: 'warning', where: `thread "${REIMPORT_THREAD_ID}"`, message: expect.stringContaining('6 comments stored from an earlier import are missing from this file') });
    const shown = await view();
    expect(shown.revision).toBe(2);
    expect(shown.comments).toHaveLength(10);
    expect(shown.comments.find((c) => c.id === '110')).toMatchObject({ missing: { since: shown.importedAt, fileName: 'ferry-cut.xml' }, treeParentId: '109' });
    expect(shown.comments.find((c) => c.id === '101')).not.toHaveProperty('missing');
  });

  it('removes the missing comments for the current revision only, and keeps their decisions', async () => {
    await importWxr(10, 'ferry.xml');
    const decided = await app.inject({ method: 'POST', url: `${threadUrl}/decisions`, payload: { id: 'decision-route-1', commentId: '108', action: 'reject', moderator: 'Ada' } });
    expect(decided.statusCode).toBe(201);
    const cut = await importWxr(4, 'ferry-cut.xml');
    expect(await view()).toMatchObject({ comments: expect.arrayContaining([expect.objectContaining({ id: '108', missing: expect.any(Object) })]) });

    const stale = await remove({ revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ error: expect.stringContaining('imported again after revision 1 (it is at revision 2); nothing was removed'), where: 'body.revision' });
    expect((await view()).comments).toHaveLength(10);

    const done = await remove({ revision: cut.threads[0]!.revision });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ removed: 6, revision: 2 } satisfies RemoveMissingResponse);
    const after = await view();
    expect(after.comments.map((c) => c.id)).toEqual(['101', '102', '103', '104']);
    expect(after.decisions.map((d) => d.commentId)).toEqual(['108']);

    const back = await importWxr(10, 'ferry.xml');
    expect(back.threads[0]!.changes.added.count).toBe(6);
    expect((await view()).comments.find((c) => c.id === '108')).not.toHaveProperty('missing');
  });

  it('refuses a body that is not JSON, a bad revision and an unknown thread', async () => {
    await importWxr(10, 'ferry.xml');
    const text = await app.inject({ method: 'POST', url: `${threadUrl}/missing/remove`, payload: '{"revision":1}', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    const empty = await app.inject({ method: 'POST', url: `${threadUrl}/missing/remove` });
    expect(empty.statusCode).toBe(415);
    expect((await remove({ revision: 0 })).statusCode).toBe(400);
    expect((await remove({ revision: '1' })).statusCode).toBe(400);
    expect((await remove({ revision: 1, extra: true })).statusCode).toBe(400);
    const unknown = await app.inject({ method: 'POST', url: '/api/threads/nope/missing/remove', payload: { revision: 1 } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'no thread with id "nope"', where: 'params.id' });
  });
});
