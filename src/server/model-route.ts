/**
 * `GET /api/model`: the embedded model's artefact (the committed weights, derived from public data), which the
 * browser's scoring worker loads so that it scores exactly as the server does (docs/adr/0004-model-in-the-browser.md).
 * It carries no key and no configuration of the server; remote scorers never run in the browser.
 */
import type { FastifyInstance } from 'fastify';
import { MODEL_PATH } from '../core/browser-scoring.ts';
import { embeddedArtefact } from '../scoring/model-scorer.ts';

export function registerModelRoute(app: FastifyInstance): void {
  let body: string | null = null;
  let etag = '';
  app.get(MODEL_PATH, { config: { access: 'read' } }, async (request, reply) => {
    if (body === null) {
      const artefact = embeddedArtefact() as { payloadSha256?: unknown };
      body = JSON.stringify(artefact);
      etag = `"${String(artefact.payloadSha256)}"`;
    }
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
