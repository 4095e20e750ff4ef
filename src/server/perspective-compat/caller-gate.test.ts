import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempStore } from '../../app/testing/helpers.ts';
import { apiKeysFor } from '../../app/perspective-compat/api-keys.ts';
import { callerGate } from './caller-gate.ts';
import { GOOGLE_ERRORS } from './google-errors.ts';

describe('caller gate', () => {
  const temp = useTempStore();
  let app: FastifyInstance | null = null;
  let now = 0;

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function gatedApp(): Promise<FastifyInstance> {
    app = Fastify();
    app.post('/v1alpha1/comments:analyze', { preHandler: callerGate(temp.store, { clock: () => now }) }, async (request) => ({ caller: request.caller }));
    await app.ready();
    return app;
  }

  it('a missing key gets 403 PERMISSION_DENIED; an unknown key 400 API_KEY_INVALID', async () => {
    const server = await gatedApp();
    const missing = await server.inject({ method: 'POST', url: '/v1alpha1/comments:analyze', payload: {} });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual(GOOGLE_ERRORS.missingKey().body);
    const empty = await server.inject({ method: 'POST', url: '/v1alpha1/comments:analyze?key=', payload: {} });
    expect(empty.statusCode).toBe(403);
    const unknown = await server.inject({ method: 'POST', url: '/v1alpha1/comments:analyze?key=tsk_nope', payload: {} });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual(GOOGLE_ERRORS.invalidKey().body);
    expect(unknown.body).not.toContain('tsk_nope');
  });

  it('a live key in ?key= or x-goog-api-key puts the caller on the request; a revoked key is unknown', async () => {
    const server = await gatedApp();
    const { key } = await apiKeysFor(temp.store).create('coral', 5);
    const byQuery = await server.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json().caller).toEqual({ id: expect.any(Number), label: 'coral', qps: 5 });
    const byHeader = await server.inject({ method: 'POST', url: '/v1alpha1/comments:analyze', headers: { 'x-goog-api-key': key }, payload: {} });
    expect(byHeader.statusCode).toBe(200);
    await apiKeysFor(temp.store).revoke('coral');
    const revoked = await server.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} });
    expect(revoked.statusCode).toBe(400);
    expect(revoked.json().error.status).toBe('INVALID_ARGUMENT');
  });

  it('a burst over the key\'s rate gets 429 RESOURCE_EXHAUSTED with Retry-After, and passes again once refilled', async () => {
    const server = await gatedApp();
    const { key } = await apiKeysFor(temp.store).create('burst', 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await server.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await server.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} });
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(refused.body).not.toContain(key);
    now += 1000;
    expect((await server.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${key}`, payload: {} })).statusCode).toBe(200);
    expect((await apiKeysFor(temp.store).list())[0]!.requests).toBe(4);
  });
});
