import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ApiKeysResponse } from '../../core/api.ts';
import { useTempStore } from '../../app/testing/helpers.ts';
import { apiKeysFor, hashKey, KEY_PREFIX } from '../../app/perspective-compat/api-keys.ts';
import { registerApiKeyRoutes } from './api-keys-route.ts';
import { callerGate } from './caller-gate.ts';

describe('GET /api/api-keys', () => {
  const temp = useTempStore();

  it('lists the live keys with their usage, never a key or its hash; closing the app writes the usage', async () => {
    const app = Fastify();
    registerApiKeyRoutes(app, temp.store);
    app.post('/v1alpha1/comments:analyze', { preHandler: callerGate(temp.store) }, async () => ({}));
    const keys = apiKeysFor(temp.store);
    const coral = (await keys.create('coral', 50)).key;
    await keys.create('wp', 2);
    await keys.create('gone');
    await keys.revoke('gone');
    for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: `/v1alpha1/comments:analyze?key=${coral}`, payload: {} });

    const response = await app.inject({ method: 'GET', url: '/api/api-keys' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as ApiKeysResponse;
    expect(body.keys.map((k) => [k.label, k.qps, k.requests])).toEqual([['coral', 50, 3], ['wp', 2, 0]]);
    expect(body.keys[0]!.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(body.keys[1]!.lastUsedAt).toBeNull();
    expect(Object.keys(body.keys[0]!).sort()).toEqual(['createdAt', 'label', 'lastUsedAt', 'qps', 'requests']);
    expect(response.body).not.toContain(coral.slice(KEY_PREFIX.length));
    expect(response.body).not.toContain(hashKey(coral));

    expect(await temp.store.sql.value("SELECT requests FROM api_keys WHERE label = 'coral'")).toBe(0);
    await app.close();
    expect(await temp.store.sql.value("SELECT requests FROM api_keys WHERE label = 'coral'")).toBe(3);
  });
});
