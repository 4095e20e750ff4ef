/**
 * The console's import and thread routes on every engine of the run (conversion.md §5): the server's store opened
 * with `Store.open(locator)`, an import through the import worker (which reopens the store from its locator: on
 * PostgreSQL a pool of its own), then the thread list, index and a window read back through the routes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ImportResponse, ThreadIndex, ThreadSummary } from '../core/api.ts';
import { buildApp } from './app.ts';
import { sharedDatabase } from './import-progress-routes.ts';
import { describeEachEngine } from '../app/store/testing/databases.ts';
import { fakeDetector, fakeScorer, useEngineStore } from '../app/testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

describeEachEngine('import and thread routes', (engine) => {
  const ctx = useEngineStore(engine);
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(os.tmpdir(), 'threadscope-no-ui') });
  });
  afterEach(async () => {
    await app.close();
  });

  it('imports the seed in the worker, on this engine, and serves the thread list, index and a window', async () => {
    expect(sharedDatabase(ctx.store)).toEqual(ctx.store.locator);
    const imported = await app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt', payload: fs.readFileSync(SEED), headers: { 'content-type': 'application/octet-stream' } });
    expect(imported.statusCode).toBe(201);
    const thread = (imported.json() as ImportResponse).threads[0]!;
    expect(thread).toMatchObject({ commentCount: 15, existed: false, revision: 1 });

    const list = (await app.inject({ method: 'GET', url: '/api/threads' })).json() as ThreadSummary[];
    expect(list.map((t) => [t.id, t.commentCount])).toEqual([[thread.id, 15]]);
    const index = (await app.inject({ method: 'GET', url: `/api/threads/${encodeURIComponent(thread.id)}/index` })).json() as ThreadIndex;
    expect(index.ids).toHaveLength(15);
    const window = await app.inject({ method: 'GET', url: `/api/threads/${encodeURIComponent(thread.id)}/comments?version=${encodeURIComponent(index.version)}&from=0&count=5` });
    expect(window.statusCode).toBe(200);
    expect((window.json() as { comments: Array<{ id: string }> }).comments.map((c) => c.id)).toEqual(index.ids.slice(0, 5));
    // Saved by the worker's connection, read here: the comments are in this engine's database.
    expect(await ctx.store.sql.value('SELECT count(*) FROM comments')).toBe(15);
  });
});
