import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreOutcome } from '../../core/scoring.ts';
import { mapCategories, OPENAI_KEY_REJECTED, OpenAiModerationScorer, type OpenAiModerationOptions } from './openai-moderation-scorer.ts';
import { maxRequestsPerSecond } from './testing/fake-http.ts';
import { FAKE_OPENAI_KEY, MODERATION_FAILURES, startFakeModeration, type FakeModeration } from './testing/fake-moderation.ts';

let fake: FakeModeration;
beforeAll(async () => { fake = await startFakeModeration(); });
afterAll(async () => { await fake.close(); });
afterEach(() => { fake.requests.length = 0; fake.script.length = 0; });

const fast = { qps: 50, backoffBaseMs: 20, backoffMaxMs: 200 };
const scorer = (options: Partial<OpenAiModerationOptions> = {}) => new OpenAiModerationScorer({ apiKey: FAKE_OPENAI_KEY, baseUrl: fake.url, scheduler: fast, ...options });
const texts = (...list: string[]) => list.map((text, i) => ({ key: `c${i}`, text }));
function scoreOf(outcome: ScoreOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`expected scores, got ${JSON.stringify(outcome)}`);
  return outcome.score;
}

describe('mapCategories', () => {
  it('maps by the documented table, takes the highest category and names it; no PROFANITY', () => {
    const { scores, sources } = mapCategories({ harassment: 0.2, 'harassment/threatening': 0.7, violence: 0.4, hate: 0.1, 'hate/threatening': 0.05, 'self-harm': 0.99, sexual: 0.3 });
    expect(scores).toEqual({ TOXICITY: 0.7, SEVERE_TOXICITY: 0.05, IDENTITY_ATTACK: 0.1, INSULT: 0.2, THREAT: 0.7 });
    expect(sources).toEqual({ TOXICITY: 'harassment/threatening', SEVERE_TOXICITY: 'hate/threatening', IDENTITY_ATTACK: 'hate', INSULT: 'harassment', THREAT: 'harassment/threatening' });
    expect(mapCategories({ harassment: 'high', hate: Number.NaN })).toEqual({ scores: {}, sources: {} });
  });
});

describe('OpenAiModerationScorer against the fake endpoint over HTTP', () => {
  it('sends the model and the texts as one array request, with the key only in the Authorization header', async () => {
    const s = scorer();
    const [insult, threat, civil] = await s.score(texts('You stupid moron.', 'I will kill you.', 'Thanks for the link.'));
    expect(scoreOf(insult).scores.INSULT).toBe(0.87);
    expect(scoreOf(insult).sources?.INSULT).toBe('harassment');
    expect(scoreOf(threat).scores.THREAT).toBe(0.87);
    expect(scoreOf(threat).sources).toMatchObject({ THREAT: 'violence', TOXICITY: 'violence' });
    expect(scoreOf(civil).scores.TOXICITY).toBe(0.002);
    expect(scoreOf(civil).scores.PROFANITY).toBeUndefined();
    expect(s.attributes).not.toContain('PROFANITY');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toEqual({ model: 'omni-moderation-latest', input: ['You stupid moron.', 'I will kill you.', 'Thanks for the link.'] });
    expect(s.version).toBe(`omni-moderation-latest@${fake.url}`);
  });

  it('survives 503 and 429 with retries, never sends an empty text, keeps to the rate', async () => {
    fake.script.push(MODERATION_FAILURES.unavailable(), MODERATION_FAILURES.rateLimit(1));
    const [empty, ok] = await scorer().score(texts('', 'you idiot'));
    expect(empty).toEqual({ ok: false, error: 'empty text: not sent to OpenAI' });
    expect(scoreOf(ok).scores.INSULT).toBe(0.87);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(fake.requests[2]!.at - fake.requests[1]!.at).toBeGreaterThanOrEqual(990);
    fake.requests.length = 0;
    const many = Array.from({ length: 120 }, (_, i) => `text number ${i}`);
    const outcomes = await scorer({ scheduler: { qps: 4 } }).score(texts(...many));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(fake.requests.length).toBeGreaterThan(4);
    expect(maxRequestsPerSecond(fake.requests)).toBeLessThanOrEqual(4);
  }, 15_000);

  it('rejects the job with one clear error for a bad key, even though the service echoes the key back', async () => {
    const wrong = 'sk-wrong-key-zyxw98765';
    const s = scorer({ apiKey: wrong });
    const error = await s.score(texts('hello')).then(() => new Error('no error'), (e: unknown) => e as Error);
    expect(error.message).toBe(OPENAI_KEY_REJECTED);
    expect(JSON.stringify(fake.requests.map((r) => r.status))).toBe('[401]');
    expect(`${error.message} ${String(error.stack)} ${s.fatalError}`).not.toContain(wrong);
  });

  it('stops on an exhausted account instead of retrying, and reports an unreachable server without the key', async () => {
    fake.script.push(MODERATION_FAILURES.noQuota());
    await expect(scorer().score(texts('hello'))).rejects.toThrow('OpenAI: the account has no quota left (insufficient_quota)');
    expect(fake.requests).toHaveLength(1);
    const dead = await startFakeModeration();
    await dead.close();
    const [outcome] = await scorer({ baseUrl: dead.url, scheduler: { ...fast, maxRetries: 0 } }).score(texts('hello'));
    expect(outcome).toEqual({ ok: false, error: 'OpenAI could not be reached (ECONNREFUSED)' });
    fake.script.push(MODERATION_FAILURES.slow(2000));
    const [slow] = await scorer({ scheduler: { ...fast, timeoutMs: 200, maxRetries: 0 } }).score(texts('hello'));
    expect(slow).toEqual({ ok: false, error: 'OpenAI did not answer within 0.2 s' });
  });
});
