import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ScoringStatus, ThreadView } from '../../core/api.ts';
import { buildApp } from '../app.ts';
import { importAndScore } from '../../app/pipeline.ts';
import { Store } from '../../app/store/store.ts';
import { countingScorer, fakeDetector, fakeScorer, tempDir } from '../../app/testing/helpers.ts';
import type { ChosenScorer, ScorerChoice } from '../../app/remote/registry.ts';
import { ScorerSwitch } from '../../app/remote/scorer-switch.ts';

const KEY = 'sk-switch-test-key-0123456789';

describe('ScorerSwitch.fromEnv', () => {
  it('offers the embedded scorer always and a remote one only with its key, saying which variable is missing', () => {
    const local = { scorer: fakeScorer(), remote: null, notice: null };
    const scorers = ScorerSwitch.fromEnv('local', local, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9' });
    const list = scorers.list();
    expect(list.map((o) => [o.name, o.available])).toEqual([['local', true], ['perspective', false], ['openai', true]]);
    expect(list.find((o) => o.name === 'perspective')!.detail).toMatch(/PERSPECTIVE_API_KEY/);
    expect(JSON.stringify(list)).not.toContain(KEY);
    expect(() => scorers.select('perspective')).toThrow(/not available on this server: .*PERSPECTIVE_API_KEY/);
    expect(() => scorers.select('nonsense')).toThrow(/unknown scorer "nonsense"/);
    expect(scorers.choice).toBe('local');
    expect(scorers.select('openai').scorer.name).toBe('openai-moderation');
    expect(scorers.choice).toBe('openai');
  });
});

describe('PUT /api/scoring/scorer', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  const first = countingScorer(fakeScorer('1'));
  const second = countingScorer({ ...fakeScorer('2'), name: 'other' });

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(path.join(tmp.dir, 'data'));
    const scorers = new ScorerSwitch('local', new Map<ScorerChoice, ChosenScorer | string>([
      ['local', { scorer: first, remote: null, notice: null }],
      ['openai', { scorer: second, remote: null, notice: null }],
      ['perspective', 'the perspective scorer needs an API key in the environment variable PERSPECTIVE_API_KEY'],
    ]));
    app = await buildApp({ store, scorer: first, detector: fakeDetector(), scorers, uiDir: path.join(tmp.dir, 'no-ui') });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  it('switches the scorer: health, status and the next thread view use it, scoring only what it has not scored', async () => {
    const outcome = await importAndScore(store, { text: 'id,text\n1,You are a loser.\n2,Nice article.\n3,\n', fileName: 't.csv' }, { scorer: first, detector: fakeDetector() });
    if (!outcome.ok) throw new Error(outcome.message);
    const id = outcome.response.threads[0]!.id;
    const before = (await app.inject({ method: 'GET', url: `/api/threads/${id}` })).json() as ThreadView;
    expect(before.scorer.name).toBe('fake');

    const status = (await app.inject({ method: 'GET', url: '/api/scoring' })).json() as ScoringStatus;
    expect(status.choice).toBe('local');
    expect(status.options.map((o) => [o.name, o.available])).toEqual([['local', true], ['openai', true], ['perspective', false]]);

    const res = await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'openai' } });
    expect(res.statusCode).toBe(200);
    expect((res.json() as ScoringStatus).choice).toBe('openai');
    expect(((await app.inject({ method: 'GET', url: '/api/health' })).json() as { scorer: { name: string } }).scorer.name).toBe('other');
    const after = (await app.inject({ method: 'GET', url: `/api/threads/${id}` })).json() as ThreadView;
    expect(after.scorer).toMatchObject({ name: 'other', version: '2' });
    expect(after.comments.find((c) => c.id === '1')!.score?.scores.INSULT).toBe(0.9);
    expect(second.texts.sort()).toEqual(['Nice article.', 'You are a loser.']);

    // Back to the first: its scores are still cached, nothing is scored again.
    const calls = first.calls;
    await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'local' } });
    expect(((await app.inject({ method: 'GET', url: `/api/threads/${id}` })).json() as ThreadView).scorer.name).toBe('fake');
    expect(first.calls).toBe(calls);
  });

  it('refuses an unavailable or unknown scorer with the reason, and a bad body, with 400', async () => {
    const unavailable = await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'perspective' } });
    expect(unavailable.statusCode).toBe(400);
    expect(unavailable.json()).toMatchObject({ error: expect.stringMatching(/PERSPECTIVE_API_KEY/), where: 'body.name' });
    expect((await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'gpt' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'local', extra: 1 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: 'local', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(415);
    expect(((await app.inject({ method: 'GET', url: '/api/scoring' })).json() as ScoringStatus).choice).toBe('local');
  });
});
