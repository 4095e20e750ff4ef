import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResponse } from '../core/api.ts';
import { buildApp } from './app.ts';
import { Store } from '../app/store/store.ts';
import { fakeDetector, fakeScorer, tempDir } from '../app/testing/helpers.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

describe('POST /api/threads/:id/report with the reader\'s time zone', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let id: string;

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(path.join(tmp.dir, 'data'));
    app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(tmp.dir, 'no-ui') });
    const res = await app.inject({ method: 'POST', url: '/api/imports?fileName=seed.txt', payload: fs.readFileSync(SEED), headers: { 'content-type': 'application/octet-stream' } });
    id = (res.json() as ImportResponse).threads[0]!.id;
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  const report = (body: object) => app.inject({ method: 'POST', url: `/api/threads/${encodeURIComponent(id)}/report`, payload: body });

  it('writes the HTML report\'s times in the given zone with the offset, and in UTC without one', async () => {
    const kolkata = await report({ format: 'html', timeZone: 'Asia/Kolkata' });
    expect(kolkata.statusCode).toBe(200);
    expect(kolkata.body).toContain('<dt>Times</dt><dd>in Asia/Kolkata</dd>');
    expect(kolkata.body).toMatch(/<time datetime="[^"]+Z" title="[^"]*">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \(UTC\+05:30\)<\/time>/);
    const utc = await report({ format: 'html' });
    expect(utc.body).toContain('<dt>Times</dt><dd>in UTC</dd>');
    expect(utc.body).toContain('(UTC+00:00)</time>');
  });

  it('refuses an unknown or malformed zone with 400 naming the field; JSON keeps UTC times', async () => {
    const bad = await report({ format: 'html', timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ where: 'body.timeZone' });
    expect((bad.json() as { error: string }).error).toContain('unknown time zone "Mars/Olympus"');
    expect((await report({ format: 'html', timeZone: '' })).statusCode).toBe(400);
    expect((await report({ format: 'html', timeZone: 7 })).statusCode).toBe(400);
    const json = await report({ format: 'json', timeZone: 'Europe/Berlin' });
    expect(json.statusCode).toBe(200);
    expect((json.json() as { generatedAt: string }).generatedAt).toMatch(/Z$/);
  });
});
