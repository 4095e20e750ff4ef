import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedScorer } from '../../scoring/index.ts';
import { FallbackScorer } from './fallback-scorer.ts';
import { createScorer, ScorerConfigError } from './registry.ts';
import { FAKE_PERSPECTIVE_KEY, PERSPECTIVE_FAILURES, startFakePerspective, type FakePerspective } from './testing/fake-perspective.ts';

let fake: FakePerspective;
beforeAll(async () => { fake = await startFakePerspective(); });
afterAll(async () => { await fake.close(); });
afterEach(() => { fake.script.length = 0; fake.requests.length = 0; });

describe('createScorer', () => {
  it('makes the embedded scorer for local, and remote adapters from the environment', () => {
    const local = createScorer('local', {});
    expect(local.remote).toBeNull();
    expect(local.scorer.name).toBe(createEmbeddedScorer().name);
    const p = createScorer('perspective', { PERSPECTIVE_API_KEY: 'k1', PERSPECTIVE_BASE_URL: 'http://127.0.0.1:9/', PERSPECTIVE_QPS: '4' }, { now: Date.parse('2026-11-26') });
    expect(p.scorer.name).toBe('perspective');
    expect(p.scorer.version).toBe('perspective-v1alpha1@http://127.0.0.1:9');
    expect(p.remote?.stats().circuit).toBe('closed');
    expect(p.notice).toBeNull();
    expect(p.scorer.description).toContain('at most 4 requests per second');
    const o = createScorer('openai', { OPENAI_API_KEY: 'sk-1', OPENAI_QPS: '0.5' });
    expect(o.scorer.version).toBe('omni-moderation-latest@https://api.openai.com');
    expect(o.scorer.description).toContain('at most 0.5 requests per second');
  });

  it.each([
    ['perspective', {}, 'the perspective scorer needs an API key in the environment variable PERSPECTIVE_API_KEY'],
    ['openai', { OPENAI_API_KEY: '  ' }, 'the openai scorer needs an API key in the environment variable OPENAI_API_KEY'],
    ['perspective', { PERSPECTIVE_API_KEY: 'secret part2' }, 'PERSPECTIVE_API_KEY contains spaces; it must hold the API key only'],
    ['perspective', { PERSPECTIVE_API_KEY: 'k', PERSPECTIVE_QPS: 'fast' }, 'PERSPECTIVE_QPS must be a number of requests per second above 0 and at most 1000, got "fast"'],
    ['openai', { OPENAI_API_KEY: 'k', OPENAI_QPS: '0' }, 'OPENAI_QPS must be a number of requests per second above 0 and at most 1000, got "0"'],
    ['perspective', { PERSPECTIVE_API_KEY: 'k', PERSPECTIVE_BASE_URL: 'ftp://x' }, 'PERSPECTIVE_BASE_URL must be an http or https URL, got "ftp://x"'],
    ['perspective', { PERSPECTIVE_API_KEY: 'k', PERSPECTIVE_LANGUAGE: 'English!' }, 'PERSPECTIVE_LANGUAGE must be a language code such as "en" or "auto", got "English!"'],
  ] as const)('%s with %j fails with one clear message', (choice, env, message) => {
    expect(() => createScorer(choice, env)).toThrow(ScorerConfigError);
    expect(() => createScorer(choice, env)).toThrow(message);
    try {
      createScorer(choice, env);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('gives a notice when Perspective is chosen after its shutdown date', () => {
    const late = createScorer('perspective', { PERSPECTIVE_API_KEY: 'k' }, { now: Date.parse('2027-01-02T00:00:00Z') });
    expect(late.notice).toMatch(/announced to end after 2026-12-31; .*embedded scorer is used instead/);
    expect(late.scorer.description).toContain('no service after 2026-12-31');
  });
});

describe('FallbackScorer', () => {
  it('switches to the embedded scorer once the service answers that it is gone, and says so once', async () => {
    const messages: string[] = [];
    const { scorer } = createScorer('perspective', { PERSPECTIVE_API_KEY: FAKE_PERSPECTIVE_KEY, PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_QPS: '50' }, { onFallback: (m) => messages.push(m) });
    expect(scorer).toBeInstanceOf(FallbackScorer);
    expect(scorer.name).toBe('perspective');
    for (let i = 0; i < 4; i++) fake.script.push(PERSPECTIVE_FAILURES.gone());
    const outcomes = await scorer.score([{ key: 'a', text: 'You are an idiot.' }, { key: 'b', text: 'Thanks.' }]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const embedded = createEmbeddedScorer();
    expect([scorer.name, scorer.version]).toEqual([embedded.name, embedded.version]);
    expect(scorer.description).toContain('used instead of perspective');
    expect(messages).toEqual([`Perspective answered that the service is gone (HTTP 404); using the embedded scorer ${embedded.name} ${embedded.version} instead`]);
    const before = fake.requests.length;
    await scorer.score([{ key: 'c', text: 'More text.' }]);
    expect(fake.requests.length).toBe(before);
  });

  it('passes other job failures on unchanged (a rejected key is not a shutdown)', async () => {
    const { scorer } = createScorer('perspective', { PERSPECTIVE_API_KEY: 'wrong', PERSPECTIVE_BASE_URL: fake.url, PERSPECTIVE_QPS: '50' });
    await expect(scorer.score([{ key: 'a', text: 'hello' }])).rejects.toThrow('Perspective rejected the API key (PERSPECTIVE_API_KEY)');
    expect(scorer.name).toBe('perspective');
  });
});
