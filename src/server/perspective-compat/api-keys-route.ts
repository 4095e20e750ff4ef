/**
 * GET /api/api-keys for the console: the live keys of the Perspective-compatible API with their rate and usage
 * (src/core/api.ts ApiKeysResponse), never a key or its hash. Keys are made and revoked with the apikey command line
 * only. Closing the app writes the usage counted since the last flush.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiKeysResponse } from '../../core/api.ts';
import type { Store } from '../../app/store/store.ts';
import { apiKeysFor } from '../../app/perspective-compat/api-keys.ts';

export function registerApiKeyRoutes(app: FastifyInstance, store: Store): void {
  const keys = apiKeysFor(store);
  app.get('/api/api-keys', { config: { access: 'administer' } }, async (): Promise<ApiKeysResponse> => ({ keys: await keys.list() }));
  app.addHook('onClose', async () => keys.close());
}
