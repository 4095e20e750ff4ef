import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreOutcome } from '../../core/scoring.ts';
import { PERSPECTIVE_KEY_REJECTED, PerspectiveScorer, type PerspectiveOptions } from './perspective-scorer.ts';
import { maxRequestsPerSecond } from './testing/fake-http.ts';
import { FAKE_PERSPECTIVE_KEY, PERSPECTIVE_FAILURES, startFakePerspective, type FakePerspective } from './testing/fake-perspective.ts';

let fake: FakePerspective;
beforeAll(async () => { fake = await startFakePerspective(); });
afterAll(async () => { await fake.close(); });
afterEach(() => { fake.requests.length = 0; fake.script.length = 0; });

const fast = { qps: 50, backoffBaseMs: 20, backoffMaxMs: 200 };
function scorer(options: Partial<PerspectiveOptions> = {}): PerspectiveScorer {
  return new PerspectiveScorer({ apiKey: FAKE_PERSPECTIVE_KEY, baseUrl: fake.url, scheduler: fast, ...options });
}
const texts = (...list: string[]) => list.map((text, i) => ({ key: `c${i}`, text }));
function scoresOf(outcome: ScoreOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`expected scores, got ${JSON.stringify(outcome)}`);
  return outcome.score;
}
/** Every string a caller could see from these outcomes or errors. */
const visible = (...values: unknown[]) => JSON.stringify(values, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v));

describe('PerspectiveScorer against the fake service over HTTP', () => {
  it('asks for the six attributes with doNotStore and the language, and maps summary and span scores', async () => {
    const [insult, civil] = await scorer().score(texts('Well, you are an idiot.', 'Thanks for the careful reply.'));
    const s = scoresOf(insult);
    expect(s.scores.INSULT).toBe(0.91);
    expect(s.scores.THREAT).toBe(0.04);
    expect(s.evidence.INSULT).toEqual([{ start: 17, end: 22, text: 'idiot' }]);
    expect(s.unsupported).toBeUndefined();
    expect(Math.max(...Object.values(scoresOf(civil).scores))).toBeLessThan(0.1);
    const sent = fake.analyzeRequests()[0]!;
    expect(sent.key).toBe(FAKE_PERSPECTIVE_KEY);
    expect(sent.body).toMatchObject({ doNotStore: true, languages: ['en'], spanAnnotations: true });
    expect(Object.keys((sent.body as { requestedAttributes: object }).requestedAttributes).sort())
      .toEqual(['IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'SEVERE_TOXICITY', 'THREAT', 'TOXICITY']);
  });

  it('names the endpoint in its version, so scores from one server are never served as another\'s', () => {
    expect(scorer().version).toBe(`perspective-v1alpha1@${fake.url}`);
    expect(new PerspectiveScorer({ apiKey: 'k' }).version).toBe('perspective-v1alpha1@https://commentanalyzer.googleapis.com');
    expect(scorer({ language: 'de' }).version).toBe(`perspective-v1alpha1@${fake.url};lang=de`);
    expect(() => scorer({ baseUrl: 'http://user:pw@127.0.0.1:1' })).toThrow(/must not contain a user name/);
    expect(() => scorer({ apiKey: ' ' })).toThrow(/PERSPECTIVE_API_KEY is empty/);
  });

  it('never sends an empty or blank text (the client would still fire a request)', async () => {
    const [blank] = await scorer().score(texts(' \n\t '));
    expect(blank).toEqual({ ok: false, error: 'empty text: not sent to Perspective' });
    expect(fake.requests).toHaveLength(0);
  });

  it('marks attributes that do not support the language as unsupported, not zero', async () => {
    const [outcome] = await scorer({ language: 'ja' }).score(texts('あなたはばかだ stupid'));
    const s = scoresOf(outcome);
    expect(s.unsupported).toEqual(['SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'THREAT']);
    expect(Object.keys(s.scores).sort()).toEqual(['INSULT', 'PROFANITY', 'TOXICITY']);
    expect(s.scores.INSULT).toBe(0.91);
    expect(fake.analyzeRequests().map((r) => r.status)).toEqual([400, 400, 400, 200]);
    expect(s.language).toBeUndefined();
    fake.requests.length = 0;
    const detected = scoresOf((await scorer({ language: 'auto' }).score(texts('ばか stupid')))[0]);
    expect(detected.language).toBe('ja');
    expect(detected.unsupported).toEqual(['SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'THREAT']);
    expect(fake.analyzeRequests()[0]!.body).not.toHaveProperty('languages');
  });

  it('splits a text over 20,480 UTF-8 bytes on sentence ends and combines: max per attribute, spans moved back', async () => {
    const filler = 'Dès que possible, nous en reparlerons calmement. '.repeat(500);
    const text = `${filler}But you are an idiot.`;
    expect(text.length).toBeLessThan(30_000);
    const s = scoresOf((await scorer().score(texts(text)))[0]);
    const sent = fake.analyzeRequests().map((r) => (r.body as { comment: { text: string } }).comment.text);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.join('')).toBe(text);
    for (const t of sent) expect(Buffer.byteLength(t, 'utf8')).toBeLessThanOrEqual(20_480);
    expect(s.scores.INSULT).toBe(0.91);
    const span = s.evidence.INSULT![0]!;
    expect(text.slice(span.start, span.end)).toBe('idiot');
    expect(span.start).toBe(text.lastIndexOf('idiot'));
  });

  it('survives 503s and 429s by retrying, waiting for Retry-After', async () => {
    fake.script.push(PERSPECTIVE_FAILURES.unavailable(), PERSPECTIVE_FAILURES.unavailable(), PERSPECTIVE_FAILURES.quota(1));
    const [outcome] = await scorer().score(texts('You stupid moron.'));
    expect(scoresOf(outcome).scores.INSULT).toBe(0.91);
    const r = fake.analyzeRequests();
    expect(r.map((x) => x.status)).toEqual([503, 503, 429, 200]);
    expect(r[3]!.at - r[2]!.at).toBeGreaterThanOrEqual(990);
  });

  it('gives one clear error for a rejected key, stops calling, and never shows the key', async () => {
    const wrong = 'wrong-key-ABCDEF987654';
    const s = scorer({ apiKey: wrong });
    const first = await s.score(texts('one', 'two', 'three')).catch((e: unknown) => e as Error);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toBe(PERSPECTIVE_KEY_REJECTED);
    const before = fake.requests.length;
    expect(before).toBeGreaterThanOrEqual(1);
    const second = await s.score(texts('four')).catch((e: unknown) => e as Error);
    expect((second as Error).message).toBe(PERSPECTIVE_KEY_REJECTED);
    expect(fake.requests.length).toBe(before);
    expect(visible(first, second, s.fatalError)).not.toContain(wrong);
    fake.script.push(PERSPECTIVE_FAILURES.forbidden());
    await expect(scorer().score(texts('x'))).rejects.toThrow(PERSPECTIVE_KEY_REJECTED);
  });

  it('opens the circuit on a dead service: per-comment errors, and no more requests after five failures', async () => {
    for (let i = 0; i < 40; i++) fake.script.push(PERSPECTIVE_FAILURES.unavailable());
    const s = scorer({ scheduler: { ...fast, maxRetries: 2, concurrency: 1, breakerThreshold: 5, breakerCooldownMs: 60_000 } });
    const outcomes = await s.score(texts('a', 'b', 'c', 'd', 'e'));
    expect(fake.requests).toHaveLength(5);
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    const errors = outcomes.map((o) => (o.ok ? '' : o.error));
    for (const e of errors) expect(e).toMatch(/service unavailable \(circuit open after 5 failures\)$/);
    expect(errors.filter((e) => e.startsWith('Perspective answered HTTP 503: The service is currently unavailable.'))).toHaveLength(1);
    const later = await s.score(texts('f'));
    expect(later).toEqual([{ ok: false, error: 'service unavailable (circuit open after 5 failures)' }]);
    expect(fake.requests).toHaveLength(5);
    expect(visible(outcomes)).not.toContain(FAKE_PERSPECTIVE_KEY);
    expect(visible(outcomes)).not.toContain('127.0.0.1');
  });

  it('times out a slow answer, and reports an unreachable server without its address or the key', async () => {
    fake.script.push(PERSPECTIVE_FAILURES.slow(3000));
    const slow = await scorer({ scheduler: { ...fast, timeoutMs: 300, maxRetries: 0 } }).score(texts('hello there'));
    expect(slow[0]).toEqual({ ok: false, error: 'Perspective did not answer within 0.3 s' });
    const dead = await startFakePerspective();
    const deadUrl = dead.url;
    await dead.close();
    const [unreachable] = await scorer({ baseUrl: deadUrl, scheduler: { ...fast, maxRetries: 1 } }).score(texts('hello'));
    expect(unreachable).toEqual({ ok: false, error: 'Perspective could not be reached (ECONNREFUSED); gave up after 2 attempts' });
  });

  it('keeps to PERSPECTIVE_QPS as the server sees it (4 per second over 13 requests)', async () => {
    const s = scorer({ scheduler: { qps: 4, concurrency: 4 } });
    const outcomes = await s.score(texts(...Array.from({ length: 13 }, (_, i) => `comment number ${i}`)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(fake.requests).toHaveLength(13);
    expect(maxRequestsPerSecond(fake.requests)).toBeLessThanOrEqual(4);
  }, 10_000);
});
