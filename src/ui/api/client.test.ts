import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureView } from '../testing/view-fixture.ts';
import { indexOfView } from '../testing/open-thread.ts';
import { getCommentWindow, getThreadIndex, importText, isStale, listThreads, postDecision, requestReport, searchThread } from './client.ts';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('api client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('turns an unreachable server into a message with its route, never a throw', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const result = await listThreads();
    expect(result).toEqual({ ok: false, failure: { error: 'Could not reach the Threadscope server (Failed to fetch).', where: 'GET /api/threads', route: 'GET /api/threads', status: null } });
  });

  it("keeps the server's error and place from a 4xx body", async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ error: 'The format was not recognised', where: 'line 1' }, 400)));
    const result = await importText('x', undefined, 'a.txt');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toMatchObject({ error: 'The format was not recognised', where: 'line 1', status: 400, route: 'POST /api/imports' });
  });

  it('says what came back when the reply is not the expected JSON', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>proxy error</html>', { status: 502, statusText: 'Bad Gateway' })));
    const failed = await getThreadIndex('t1');
    expect(!failed.ok && failed.failure.error).toBe('The server answered 502 Bad Gateway.');

    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ nope: true })));
    const odd = await getThreadIndex('t1');
    expect(!odd.ok && odd.failure.error).toBe('The server sent a reply of an unexpected shape.');
  });

  it('takes a thread index only when every column has one entry per comment', async () => {
    const index = indexOfView(fixtureView());
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(index)));
    const good = await getThreadIndex('t1');
    expect(good.ok && good.value.count).toBe(6);
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ ...index, depth: index.depth.slice(1) })));
    const short = await getThreadIndex('t1');
    expect(!short.ok && short.failure).toMatchObject({ error: 'The server sent a reply of an unexpected shape.', route: 'GET /api/threads/t1/index' });
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ ...index, scores: { ...index.scores, THREAT: [0.1] } })));
    expect((await getThreadIndex('t1')).ok).toBe(false);
  });

  it('asks for windows by range or by list, and searches, under the index version; 409 is stale', async () => {
    const fetchMock = vi.fn().mockResolvedValue(json({ version: 'v 1', comments: [] }));
    vi.stubGlobal('fetch', fetchMock);
    await getCommentWindow('a/b', 'v 1', { from: 100, count: 50 });
    await getCommentWindow('a/b', 'v 1', { at: [3, 17, 42] });
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/threads/a%2Fb/comments?version=v+1&from=100&count=50', '/api/threads/a%2Fb/comments?version=v+1&at=3%2C17%2C42']);
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ error: 'The thread has changed.' }, 409)));
    const stale = await searchThread('a/b', 'v 1', 'war & peace');
    expect(!stale.ok && isStale(stale.failure)).toBe(true);
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json({ version: 'v 1', query: 'x', matches: ['1'] })));
    expect((await searchThread('a/b', 'v 1', 'x')).ok).toBe(false);
  });

  it('escapes ids in paths and posts decisions as JSON', async () => {
    const event = { id: 'abcdefgh-1', threadId: 'a/b', commentId: 'c', action: 'approve', moderator: 'M', reason: '', note: '', at: 'now', seq: 1 };
    const fetchMock = vi.fn().mockResolvedValue(json({ event, duplicate: false }, 201));
    vi.stubGlobal('fetch', fetchMock);
    const result = await postDecision('a/b', { id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'M' });
    expect(result).toEqual({ ok: true, value: { event, duplicate: false } });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/threads/a%2Fb/decisions');
    expect(JSON.parse(String(init.body))).toEqual({ id: 'abcdefgh-1', commentId: 'c', action: 'approve', moderator: 'M' });
  });

  it('names a downloaded report from Content-Disposition, without path characters', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('a,b\n', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="../../evil:report.csv"' } })));
    const result = await requestReport('t1', { format: 'csv' });
    expect(result.ok && result.value.fileName).toBe('.._.._evil_report.csv');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('{}', { status: 200 })));
    const plain = await requestReport('t1', { format: 'json' });
    expect(plain.ok && plain.value.fileName).toBe('threadscope-report-t1.json');
  });
});
