import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResponse, ThreadView } from '../core/api.ts';
import { MAX_THREAD_ID_LENGTH } from '../core/ids.ts';
import { buildApp } from './app.ts';
import { ScorerSwitch } from '../app/remote/scorer-switch.ts';
import { hostAllowList, type HostAllowList } from './request-boundary.ts';
import { Store } from '../app/store/store.ts';
import { countingScorer, fakeDetector, fakeScorer, tempDir } from '../app/testing/helpers.ts';
import { registeredRoutes, type RegisteredRoute } from './testing/routes.ts';

/** A Mastodon context whose thread id is `mastodon:<uri>`; one status says FAIL, so the fake scorer leaves it unscored. */
function mastodonContext(uri: string): string {
  const status = (id: string, parent: string | null, content: string) => ({ id, in_reply_to_id: parent, uri: id === '1' ? uri : `${uri}/${id}`, content: `<p>${content}</p>`, account: { acct: `user${id}` } });
  return JSON.stringify({ ancestors: [status('1', null, 'Opening post.')], descendants: [status('2', '1', 'You are a loser.'), status('3', '1', 'FAIL this one.')] });
}

/** A status URI giving a thread id of exactly `length` characters, with characters that need escaping in a URL. */
function uriForIdLength(length: number): string {
  const start = 'https://example.social/@a b/?q=1&r=%25#frag/é👩/';
  const uri = start + 'x'.repeat(length - 'mastodon:'.length - start.length);
  expect(`mastodon:${uri}`).toHaveLength(length);
  return uri;
}

/** A request for a route with `:id` filled in: a body of the right shape where the route is one we know. */
function requestFor(route: RegisteredRoute, id: string, commentId: string, extra: Partial<InjectOptions> = {}): InjectOptions {
  const url = route.url.replace(':id', encodeURIComponent(id));
  const bodies: Record<string, object> = {
    'POST /api/threads/:id/decisions': { id: `d-${route.method}-12345678`, commentId, action: 'approve', moderator: 'Mo' },
    'POST /api/threads/:id/report': { format: 'csv' },
    'POST /api/imports': { content: mastodonContext('https://example.social/@other/9'), fileName: 'other.json' },
    'PUT /api/scoring/scorer': { name: 'openai' },
  };
  const body = bodies[`${route.method} ${route.url}`];
  const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...(extra.headers ?? {}) };
  return { method: route.method as InjectOptions['method'], url, ...(body ? { payload: JSON.stringify(body) } : {}), ...extra, headers };
}

/** Routes other servers call with an API key or a signature (`config.callerAuth`): exempt from the Origin rule. */
const CALLER_AUTH = (route: RegisteredRoute) => /^\/(v1alpha1|integrations)\//.test(route.url);
const STATE_CHANGING = (route: RegisteredRoute) => !['GET', 'HEAD', 'OPTIONS'].includes(route.method) && !CALLER_AUTH(route);
const THREAD_ROUTE = (route: RegisteredRoute) => route.url.startsWith('/api/threads/:id');

describe('browser boundary', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let scorer: ReturnType<typeof countingScorer>;

  let scorers: ScorerSwitch;

  async function start(hosts?: HostAllowList, uiDir = path.join(tmp.dir, 'no-ui')): Promise<void> {
    await app?.close();
    app = await buildApp({ store, scorer, scorers, detector: fakeDetector(), uiDir, ...(hosts ? { hosts } : {}) });
  }

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(path.join(tmp.dir, 'data'));
    scorer = countingScorer(fakeScorer());
    // A switch between the counting scorer and a second one, so a switch that went through would show.
    scorers = new ScorerSwitch('local', new Map([['local', { scorer, remote: null, notice: null }], ['openai', { scorer: fakeScorer('2'), remote: null, notice: null }]]));
    app = await buildApp({ store, scorer, scorers, detector: fakeDetector(), uiDir: path.join(tmp.dir, 'no-ui') });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  async function importContext(uri: string): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/imports?fileName=context.json', payload: Buffer.from(mastodonContext(uri)), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.statusCode).toBe(201);
    return (res.json() as ImportResponse).threads[0]!.id;
  }

  describe('Host allow-list', () => {
    it.each(['localhost', 'localhost:4317', 'LOCALHOST:4317', 'console.localhost:4317', '127.0.0.1:4317', '127.1.2.3', '[::1]:4317', 'localhost.:80'])('answers Host %s', async (host) => {
      const res = await app.inject({ url: '/api/health', headers: { host } });
      expect(res.statusCode).toBe(200);
    });

    it.each(['evil.example', 'evil.example:4317', 'rebind.attacker.test.:4317', '192.168.1.5:4317', '127.0.0.1.nip.io:4317', 'localhost.evil.example', '0.0.0.0:4317'])(
      'answers Host %s with 421 on the API, pages, the fallback and unknown routes',
      async (host) => {
        const name = host.replace(/:\d+$/, '').replace(/\.$/, '');
        for (const [method, url] of [['GET', '/api/threads'], ['GET', '/api/nothing'], ['POST', '/api/imports'], ['PUT', '/api/scoring/scorer']] as const) {
          const res = await app.inject({ method, url, headers: { host } });
          expect(res.statusCode).toBe(421);
          expect(res.json()).toEqual({ error: expect.stringContaining(`does not answer for host "${host}"`), where: 'headers.host' });
          expect((res.json() as { error: string }).error).toContain(`--allowed-host ${name}`);
        }
        for (const url of ['/', '/threads/abc?x=1']) {
          const page = await app.inject({ url, headers: { host } });
          expect(page.statusCode).toBe(421);
          expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(page.body).toContain(`does not answer for host "${host}"`);
          expect(page.body).not.toContain('Threadscope</h1>');
        }
      },
    );

    it('refuses a foreign Host before static files, the SPA fallback and the router errors', async () => {
      const uiDir = path.join(tmp.dir, 'ui');
      fs.mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Threadscope UI</title>');
      fs.writeFileSync(path.join(uiDir, 'assets', 'app.js'), 'console.log(1)');
      await start(undefined, uiDir);
      for (const url of ['/', '/index.html', '/assets/app.js', '/threads/abc', `/api/threads/${'x'.repeat(MAX_THREAD_ID_LENGTH + 1)}`, '/api/threads/%E0%A4%A']) {
        const foreign = await app.inject({ url, headers: { host: 'evil.example:4317' } });
        expect([url, foreign.statusCode]).toEqual([url, 421]);
        expect(foreign.body).not.toContain('console.log');
        expect(foreign.body).not.toContain('Threadscope UI');
      }
      expect((await app.inject({ url: '/assets/app.js', headers: { host: 'localhost:4317' } })).body).toContain('console.log');
      const broken = await app.inject('/api/threads/%E0%A4%A');
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toEqual({ error: 'the URL is not valid (a broken %-escape)', where: 'url' });
    });

    it('answers the --host address when it is a specific one and the --allowed-host names, and no others', async () => {
      await start(hostAllowList('192.168.1.5', ['Console.Example.org', '[fd00::5]']));
      for (const host of ['192.168.1.5:4317', 'console.example.org', 'CONSOLE.EXAMPLE.ORG:8443', '[fd00::5]:4317', 'localhost:4317']) {
        expect([host, (await app.inject({ url: '/api/health', headers: { host } })).statusCode]).toEqual([host, 200]);
      }
      expect((await app.inject({ url: '/api/health', headers: { host: 'other.example.org' } })).statusCode).toBe(421);
      await start(hostAllowList('0.0.0.0'));
      expect((await app.inject({ url: '/api/health', headers: { host: '0.0.0.0:4317' } })).statusCode).toBe(421);
      expect((await app.inject({ url: '/api/health', headers: { host: '127.0.0.1:4317' } })).statusCode).toBe(200);
    });

    it('answers an HTTP/1.0 request without Host (no browser sends one), and refuses one with a foreign Host', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as net.AddressInfo;
      const raw = (request: string) => new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let response = '';
        socket.on('data', (chunk: Buffer) => { response += chunk.toString('utf8'); });
        socket.on('end', () => resolve(response));
        socket.on('error', reject);
      });
      expect(await raw('GET /api/health HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] 200 /);
      const foreign = await raw('GET /api/health HTTP/1.0\r\nHost: evil.example\r\n\r\n');
      expect(foreign).toMatch(/^HTTP\/1\.[01] 421 /);
      expect(foreign).toContain('does not answer for host \\"evil.example\\"');
    });
  });

  describe('Origin and Sec-Fetch-Site on state-changing requests', () => {
    it('lists the routes it loops over (the state-changing ones we know, and any added later)', () => {
      const changing = registeredRoutes(app).filter(STATE_CHANGING).map((r) => `${r.method} ${r.url}`);
      expect(changing).toEqual(expect.arrayContaining([
        'PUT /api/scoring/scorer', 'POST /api/imports', 'POST /api/threads/:id/decisions', 'POST /api/threads/:id/rescore', 'POST /api/threads/:id/report',
      ]));
    });

    it.each([
      [{ origin: 'http://evil.example' }, 'headers.origin', 'origin "http://evil.example"'],
      [{ origin: 'null' }, 'headers.origin', 'origin "null"'],
      [{ origin: 'http://127.0.0.1:80' }, 'headers.origin', 'origin "http://127.0.0.1:80"'],
      [{ origin: 'https://localhost' }, 'headers.origin', 'origin "https://localhost"'],
      [{ 'sec-fetch-site': 'cross-site' }, 'headers.sec-fetch-site', 'Sec-Fetch-Site: cross-site'],
      [{ 'sec-fetch-site': 'same-site', origin: 'http://localhost' }, 'headers.sec-fetch-site', 'Sec-Fetch-Site: same-site'],
    ])('refuses %j with 403 on every state-changing route, changing nothing', async (headers, where, named) => {
      const threadId = await importContext('https://example.social/@a/1');
      const commentId = ((await app.inject(`/api/threads/${encodeURIComponent(threadId)}`)).json() as ThreadView).comments[0]!.id;
      const calls = scorer.calls;
      for (const route of registeredRoutes(app).filter(STATE_CHANGING)) {
        const res = await app.inject(requestFor(route, threadId, commentId, { headers: { host: 'localhost', ...headers } }));
        expect([route.url, res.statusCode]).toEqual([route.url, 403]);
        expect(res.json()).toEqual({ error: expect.stringContaining(named), where });
      }
      expect(scorer.calls).toBe(calls);
      expect(await store.listThreads()).toHaveLength(1);
      expect(scorers.choice).toBe('local');
      expect((await app.inject(`/api/threads/${encodeURIComponent(threadId)}/decisions`)).json()).toEqual([]);
    });

    it('lets requests through from its own origin, from the Vite dev proxy, and without Origin or Sec-Fetch-Site', async () => {
      const threadId = await importContext('https://example.social/@a/1');
      const commentId = ((await app.inject(`/api/threads/${encodeURIComponent(threadId)}`)).json() as ThreadView).comments[0]!.id;
      const passing: Array<Record<string, string>> = [
        { host: 'localhost' },
        { host: 'localhost', origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
        { host: '127.0.0.1:4317', origin: 'http://127.0.0.1:4317' },
        { host: 'localhost:5173', origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' },
        { host: '[::1]:4317', origin: 'http://[::1]:4317', 'sec-fetch-site': 'none' },
      ];
      for (const headers of passing) {
        for (const route of registeredRoutes(app).filter(STATE_CHANGING)) {
          const res = await app.inject(requestFor(route, threadId, commentId, { headers }));
          expect([route.url, headers, res.statusCode]).not.toEqual([route.url, headers, 403]);
        }
      }
      const read = await app.inject({ url: '/api/threads', headers: { host: 'localhost', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(read.statusCode).toBe(200);
      // What the refused requests would have done, had they passed: a second thread, a decision, the other scorer.
      expect(await store.listThreads()).toHaveLength(2);
      expect(scorers.choice).toBe('openai');
      expect((await app.inject(`/api/threads/${encodeURIComponent(threadId)}/decisions`)).json()).toHaveLength(1);
    });

    it('a foreign page cannot trigger a rescore (a POST without body or content type), the console can', async () => {
      const threadId = await importContext('https://example.social/@a/1');
      const url = `/api/threads/${encodeURIComponent(threadId)}/rescore`;
      const calls = scorer.calls;
      const foreign = await app.inject({ method: 'POST', url, headers: { host: '127.0.0.1:4317', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(foreign.statusCode).toBe(403);
      expect(scorer.calls).toBe(calls);
      const own = await app.inject({ method: 'POST', url, headers: { host: '127.0.0.1:4317', origin: 'http://127.0.0.1:4317', 'sec-fetch-site': 'same-origin' } });
      expect(own.statusCode).toBe(200);
      expect(scorer.calls).toBeGreaterThan(calls);
    });
  });

  describe('routes authenticated by their callers (callerAuth: API key, signature)', () => {
    /** Adds probe routes with each callerAuth before the app is ready; they answer 200 when the boundary lets them through. */
    async function startWithProbes(): Promise<string[]> {
      await start();
      const urls = ['/v1alpha1/probe::analyze', '/integrations/probe/phase'];
      app.post(urls[0]!, { config: { callerAuth: 'api-key' } }, async () => ({ reached: true }));
      app.post(urls[1]!, { config: { callerAuth: 'signature' } }, async () => ({ reached: true }));
      return ['/v1alpha1/probe:analyze', '/integrations/probe/phase'];
    }

    it('are not refused for a foreign Origin or Sec-Fetch-Site (their callers are servers, not the console page)', async () => {
      for (const url of await startWithProbes()) {
        for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site', origin: 'https://coral.example' }]) {
          const res = await app.inject({ method: 'POST', url, headers: { host: 'localhost', ...headers } });
          expect([url, headers, res.statusCode, res.body]).toEqual([url, headers, 200, '{"reached":true}']);
        }
      }
    });

    it('still get 421 for a foreign Host', async () => {
      for (const url of await startWithProbes()) {
        const res = await app.inject({ method: 'POST', url, headers: { host: 'evil.example:4317' } });
        expect([url, res.statusCode]).toEqual([url, 421]);
      }
    });

    it('the exemption is the flag, not the path: an /api route without it is refused, and every registered caller-auth route is under /v1alpha1 or /integrations', async () => {
      await start();
      app.post('/api/probe', { config: { access: 'read' } }, async () => ({ reached: true }));
      const refused = await app.inject({ method: 'POST', url: '/api/probe', headers: { host: 'localhost', origin: 'http://evil.example' } });
      expect(refused.statusCode).toBe(403);
      // Those the Origin loop above skips must really set the flag: a foreign Origin reaches their handler (whatever it answers).
      const callerRoutes = registeredRoutes(app).filter((r) => CALLER_AUTH(r) && r.method === 'POST');
      expect(callerRoutes.map((r) => r.url)).toContain('/v1alpha1/comments:analyze');
      for (const route of callerRoutes) {
        const res = await app.inject({ method: 'POST', url: route.url, headers: { host: 'localhost', origin: 'http://evil.example', 'content-type': 'application/json' }, payload: '{}' });
        expect([route.url, res.statusCode === 403 && 'where' in (res.json() as object)]).toEqual([route.url, false]);
      }
    });
  });

  describe('long thread ids', () => {
    it('opens, decides, rescores and exports the 108-character id of a Mastodon context keyed by a long status URL', async () => {
      const base = 'https://mastodon.example.social/users/a_rather_long_account_name/statuses/';
      const uri = `${base}${'1'.repeat(108 - 'mastodon:'.length - base.length)}`;
      const threadId = await importContext(uri);
      expect(threadId).toHaveLength(108);
      await expectEveryThreadRouteWorks(threadId);
    });

    it(`works on every :id route for an id of the maximum length (${MAX_THREAD_ID_LENGTH}) with /, ?, #, %, spaces and non-ASCII`, async () => {
      const threadId = await importContext(uriForIdLength(MAX_THREAD_ID_LENGTH));
      expect(threadId).toHaveLength(MAX_THREAD_ID_LENGTH);
      expect(threadId).toContain('/@a b/?q=1&r=%25#frag/é👩/');
      await expectEveryThreadRouteWorks(threadId);
    });

    it('stores a longer id shortened to the maximum, and the shortened one works', async () => {
      const threadId = await importContext(uriForIdLength(MAX_THREAD_ID_LENGTH + 300));
      expect(threadId.length).toBeLessThanOrEqual(MAX_THREAD_ID_LENGTH);
      expect(threadId).toMatch(/~[0-9a-f]{16}$/);
      await expectEveryThreadRouteWorks(threadId);
    });

    it.each([
      ['one character over', 'x'.repeat(MAX_THREAD_ID_LENGTH + 1)],
      ['one character over, escaped', `${'é/'.repeat(MAX_THREAD_ID_LENGTH / 2)}?`],
      ['far over', '%'.repeat(10_000)],
    ])('answers an id %s the maximum with a clear 400 on every :id route', async (_label, id) => {
      for (const route of registeredRoutes(app).filter(THREAD_ROUTE)) {
        const res = await app.inject(requestFor(route, id, 'c'));
        expect([route.method, route.url, res.statusCode]).toEqual([route.method, route.url, 400]);
        if (route.method !== 'HEAD') expect(res.json()).toEqual({ error: `params.id must NOT have more than ${MAX_THREAD_ID_LENGTH} characters`, where: 'params.id' });
      }
    });

    /** Every route under /api/threads/:id finds the thread (whatever its body rules), and the known ones succeed. */
    async function expectEveryThreadRouteWorks(threadId: string): Promise<void> {
      const enc = encodeURIComponent(threadId);
      const view = (await app.inject(`/api/threads/${enc}`)).json() as ThreadView;
      expect(view.id).toBe(threadId);
      const commentId = view.comments[1]!.id;
      const routes = registeredRoutes(app).filter(THREAD_ROUTE);
      expect(routes.length).toBeGreaterThanOrEqual(5);
      const expected: Record<string, number> = {
        'GET /api/threads/:id': 200, 'HEAD /api/threads/:id': 200, 'GET /api/threads/:id/decisions': 200, 'HEAD /api/threads/:id/decisions': 200,
        'POST /api/threads/:id/decisions': 201, 'POST /api/threads/:id/rescore': 200, 'POST /api/threads/:id/report': 200,
      };
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        const res = await app.inject(requestFor(route, threadId, commentId));
        // A route added later may want a body we do not know: it must still find the route and the thread.
        if (key in expected) expect([key, res.statusCode]).toEqual([key, expected[key]]);
        else expect([key, res.statusCode < 500 && ![404, 414].includes(res.statusCode)]).toEqual([key, true]);
      }
      const decisions = (await app.inject(`/api/threads/${enc}/decisions`)).json() as Array<{ threadId: string; commentId: string }>;
      expect(decisions).toEqual([expect.objectContaining({ threadId, commentId })]);
      const csv = await app.inject({ method: 'POST', url: `/api/threads/${enc}/report`, payload: { format: 'csv' } });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain(threadId.slice(0, 60));
    }
  });
});
