import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { compareScores, EMBEDDED_SCORER_NAME } from '../core/browser-scoring.ts';
import type { ScoreRequest } from '../core/scoring.ts';
import { importInput } from '../importers/registry.ts';
import { createScorerForModel } from '../scoring/model-scoring.ts';
import { createModelScorer, loadEmbeddedModel } from '../scoring/model-scorer.ts';
import { EmbeddedModel, parseArtefact } from '../scoring/model/runtime.ts';
import { buildApp } from './app.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../app/testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

describe('GET /api/model', () => {
  const temp = useTempStore();
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: temp.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(temp.dir, 'no-ui') });
  });
  afterEach(() => app.close());

  it('serves the shipped artefact with its payload hash as ETag, and 304 when the browser has it', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/model' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const artefact = parseArtefact(res.json());
    expect(artefact.payloadSha256).toBe(loadEmbeddedModel().hash);
    expect(res.headers.etag).toBe(`"${artefact.payloadSha256}"`);
    const again = await app.inject({ method: 'GET', url: '/api/model', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('a scorer built from the served JSON alone scores the seed exactly as the server scorer does', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/model' });
    const browserLike = createScorerForModel(new EmbeddedModel(parseArtefact(JSON.parse(res.body))));
    const server = createModelScorer();
    expect(browserLike.version).toBe(server.version);
    expect(server.name).toBe(EMBEDDED_SCORER_NAME);
    const imported = importInput({ bytes: new Uint8Array(fs.readFileSync(SEED)), fileName: 'seed.txt' });
    if (!imported.ok) throw new Error(imported.message);
    const texts = [...imported.threads.flatMap((t) => t.comments.map((c) => c.text)), 'Les juifs contrôlent les banques du monde entier, tout le monde le sait.'];
    const requests: ScoreRequest[] = texts.map((text, i) => ({ key: String(i), text }));
    const expected = await server.score(requests);
    const got = await browserLike.score(requests);
    const serverScores = expected.flatMap((o, i) => (o.ok ? [{ key: String(i), score: o.score }] : []));
    expect(serverScores).toHaveLength(texts.length);
    expect(serverScores.some((s) => s.score.languageUnsupported)).toBe(true);
    expect(compareScores(serverScores, got)).toEqual({ compared: texts.length, mismatches: [] });
  });
});
