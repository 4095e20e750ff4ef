// POST /v1alpha1/comments:analyze on the real app: every error by status and body shape, the seed's scores equal to
// the embedded scorer's (also through the project's own Perspective adapter and through perspective-api-client on
// loopback), spans, tropes, the score cache, doNotStore leaving no trace in the data directory, and the key and the
// texts in no response nor log line.
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
/// <reference path="../remote/perspective-api-client.d.ts" />
import Perspective from 'perspective-api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyzeCommentResponse, GoogleErrorBody } from '../../core/perspective-api.ts';
import { ATTRIBUTES, type CommentScore } from '../../core/scoring.ts';
import { importInput } from '../../importers/registry.ts';
import { createEmbeddedScorer, createTropeDetector } from '../../scoring/index.ts';
import { buildApp } from '../app.ts';
import { PerspectiveScorer } from '../../app/remote/perspective-scorer.ts';
import { withPerspectiveCall } from '../../app/remote/perspective-redirect.ts';
import { Store } from '../../app/store/store.ts';
import { countingScorer, fakeScorer, tempDir } from '../../app/testing/helpers.ts';
import { ANALYZE_PATH, registerAnalyzeRoutes } from './analyze-route.ts';
import { apiKeysFor } from '../../app/perspective-compat/api-keys.ts';
import { GOOGLE_ERRORS } from './google-errors.ts';

const SEED = path.resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const ALL = Object.fromEntries(ATTRIBUTES.map((a) => [a, {}]));

/** The seed's distinct non-empty comment texts, as the CLI imports them. */
function seedTexts(): string[] {
  const result = importInput({ text: fs.readFileSync(SEED, 'utf8'), fileName: 'seed.txt' });
  if (!result.ok) throw new Error(result.message);
  return [...new Set(result.threads.flatMap((t) => t.comments.map((c) => c.text)).filter((t) => t.trim() !== ''))];
}

describe('POST /v1alpha1/comments:analyze', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let key: string;
  const logs: string[] = [];
  const seen: string[] = [];
  const embedded = createEmbeddedScorer();

  beforeEach(async () => {
    tmp = tempDir();
    dataDir = path.join(tmp.dir, 'data');
    store = await Store.open(dataDir);
    key = (await apiKeysFor(store).create('tests', 100_000)).key;
    logs.length = 0;
    seen.length = 0;
    // The console's scorer is a fake: the route must still answer with the embedded scorer's numbers.
    app = await buildApp({ store, scorer: fakeScorer(), detector: createTropeDetector(), uiDir: path.join(tmp.dir, 'no-ui'), logger: { level: 'trace', stream: { write: (line: string) => { logs.push(line); } } } });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    // No key and no text in any answer or log line of any test.
    expect([...seen, ...logs].join('\n')).not.toContain(key);
    tmp.remove();
  });

  async function post(body: unknown, options: { url?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<LightMyRequestResponse> {
    const request: InjectOptions = {
      method: 'POST',
      url: options.url ?? `${ANALYZE_PATH}?key=${key}`,
      headers: { 'content-type': 'application/json', ...options.headers },
      payload: options.raw ?? JSON.stringify(body),
    };
    const res = await app.inject(request);
    seen.push(JSON.stringify(res.headers), res.body);
    return res;
  }

  const analyze = async (body: unknown) => {
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    return res.json() as AnalyzeCommentResponse;
  };

  function expectGoogleError(res: LightMyRequestResponse, code: number, status: string, errorType?: string): GoogleErrorBody {
    expect(res.statusCode).toBe(code);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as GoogleErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code, status, message: expect.any(String) });
    expect(Object.keys(body.error).every((k) => ['code', 'message', 'status', 'details'].includes(k))).toBe(true);
    if (errorType) expect(body.error.details).toContainEqual(expect.objectContaining({ '@type': 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error', errorType }));
    return body;
  }

  describe('errors, by status and body', () => {
    it('no key 403 PERMISSION_DENIED, an unknown or revoked key 400 API_KEY_INVALID, also in x-goog-api-key', async () => {
      const request = { comment: { text: 'Hello there.' }, requestedAttributes: { TOXICITY: {} } };
      expect(expectGoogleError(await post(request, { url: ANALYZE_PATH }), 403, 'PERMISSION_DENIED')).toEqual(GOOGLE_ERRORS.missingKey().body);
      expect(expectGoogleError(await post(request, { url: `${ANALYZE_PATH}?key=tsk_wrong` }), 400, 'INVALID_ARGUMENT')).toEqual(GOOGLE_ERRORS.invalidKey().body);
      expect((await post(request, { url: ANALYZE_PATH, headers: { 'x-goog-api-key': key } })).statusCode).toBe(200);
      const revoked = (await apiKeysFor(store).create('gone', 10)).key;
      expect((await post(request, { url: `${ANALYZE_PATH}?key=${revoked}` })).statusCode).toBe(200);
      await apiKeysFor(store).revoke('gone');
      expectGoogleError(await post(request, { url: `${ANALYZE_PATH}?key=${revoked}` }), 400, 'INVALID_ARGUMENT');
    });

    it('a burst over the key\'s rate gets 429 RESOURCE_EXHAUSTED with Retry-After', async () => {
      const slow = (await apiKeysFor(store).create('slow', 2)).key;
      const request = { comment: { text: 'Hello there.' }, requestedAttributes: { TOXICITY: {} } };
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await post(request, { url: `${ANALYZE_PATH}?key=${slow}` }));
      expect(answers[0]!.statusCode).toBe(200);
      const limited = answers.filter((r) => r.statusCode === 429);
      expect(limited.length).toBeGreaterThan(0);
      expectGoogleError(limited[0]!, 429, 'RESOURCE_EXHAUSTED');
      expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('the key is checked before the body: a malformed body without a key gets the key\'s error', async () => {
      expectGoogleError(await post(null, { url: ANALYZE_PATH, raw: '{"comment":' }), 403, 'PERMISSION_DENIED');
    });

    it('a malformed body, an empty one, a form and a body over the limit get 400 INVALID_ARGUMENT', async () => {
      const malformed = expectGoogleError(await post(null, { raw: '{"comment": {"text": "secret words"' }), 400, 'INVALID_ARGUMENT');
      expect(malformed.error.message).toMatch(/^Invalid JSON payload received\./);
      expect(JSON.stringify(malformed)).not.toContain('secret words');
      expectGoogleError(await post(null, { raw: '' }), 400, 'INVALID_ARGUMENT');
      expectGoogleError(await post(null, { raw: 'comment=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'INVALID_ARGUMENT');
      expectGoogleError(await post(null, { raw: '[1,2]' }), 400, 'INVALID_ARGUMENT');
      const huge = expectGoogleError(await post({ comment: { text: 'x'.repeat(600 * 1024) }, requestedAttributes: ALL }), 400, 'INVALID_ARGUMENT');
      expect(huge.error.message).toMatch(/^Request payload size exceeds the limit/);
    });

    it('a body without a content type is read as JSON, as the service did', async () => {
      const res = await app.inject({ method: 'POST', url: `${ANALYZE_PATH}?key=${key}`, payload: JSON.stringify({ comment: { text: 'You idiot.' }, requestedAttributes: { INSULT: {} } }) });
      seen.push(res.body);
      expect(res.statusCode).toBe(200);
      expect((res.json() as AnalyzeCommentResponse).attributeScores.INSULT!.summaryScore.value).toBeGreaterThan(0.5);
    });

    it.each([
      ['no comment', { requestedAttributes: ALL }, 'COMMENT_EMPTY'],
      ['an empty text', { comment: { text: '' }, requestedAttributes: ALL }, 'COMMENT_EMPTY'],
      ['HTML with no text', { comment: { text: '<p><br></p>', type: 'HTML' }, requestedAttributes: ALL }, 'COMMENT_EMPTY'],
      ['a text over 20,480 bytes', { comment: { text: `${'ü'.repeat(10_240)}!` }, requestedAttributes: ALL }, 'COMMENT_TOO_LONG'],
      ['a language other than English', { comment: { text: 'You idiot.' }, requestedAttributes: ALL, languages: ['fr'] }, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'],
      ['French text', { comment: { text: 'Je pense que le gouvernement devrait faire beaucoup plus pour les familles qui ont des difficultés.' }, requestedAttributes: ALL }, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'],
      ['French text said to be English', { comment: { text: 'Je pense que le gouvernement devrait faire beaucoup plus pour les familles qui ont des difficultés.' }, requestedAttributes: ALL, languages: ['en'] }, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'],
      ['an attribute the service had, Threadscope not', { comment: { text: 'You idiot.' }, requestedAttributes: { TOXICITY: {}, SEXUALLY_EXPLICIT: {} } }, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'],
      ['an _EXPERIMENTAL attribute', { comment: { text: 'You idiot.' }, requestedAttributes: { TOXICITY_EXPERIMENTAL: {} } }, 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'],
    ])('%s: 400 INVALID_ARGUMENT with the service\'s error type', async (_label, request, errorType) => {
      const body = expectGoogleError(await post(request), 400, 'INVALID_ARGUMENT', errorType);
      if (errorType === 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE') {
        const detail = body.error.details!.find((d) => d.languageNotSupportedByAttributeError)!.languageNotSupportedByAttributeError!;
        // The language named: the caller's or the detected one for a language refusal, English for an attribute Threadscope lacks.
        const attribute = Object.keys((request as { requestedAttributes: object }).requestedAttributes).find((a) => !(ATTRIBUTES as readonly string[]).includes(a));
        expect(detail).toEqual(attribute === undefined ? { attribute: 'TOXICITY', detectedLanguages: ['fr'] } : { attribute, detectedLanguages: ['en'] });
      }
    });

    it('names the detected language of French text, and gives no score', async () => {
      const body = expectGoogleError(await post({ comment: { text: 'Je pense que le gouvernement devrait faire beaucoup plus pour les familles qui ont des difficultés.' }, requestedAttributes: { INSULT: {} } }), 400, 'INVALID_ARGUMENT');
      expect(body).toEqual(GOOGLE_ERRORS.languageNotSupported('INSULT', ['fr']).body);
    });

    it('an unknown attribute and no attributes: 400 INVALID_ARGUMENT as the service words them', async () => {
      expect(expectGoogleError(await post({ comment: { text: 'Hi' }, requestedAttributes: { NASTINESS: {} } }), 400, 'INVALID_ARGUMENT')).toEqual(GOOGLE_ERRORS.unknownAttribute('NASTINESS').body);
      expect(expectGoogleError(await post({ comment: { text: 'Hi' }, requestedAttributes: {} }), 400, 'INVALID_ARGUMENT')).toEqual(GOOGLE_ERRORS.noRequestedAttributes().body);
      expect(expectGoogleError(await post({ comment: { text: 'Hi' } }), 400, 'INVALID_ARGUMENT')).toEqual(GOOGLE_ERRORS.noRequestedAttributes().body);
    });

    it('another method or path under /v1alpha1 gets the service\'s 404 NOT_FOUND, not the console\'s page', async () => {
      for (const [method, url] of [['GET', `${ANALYZE_PATH}?key=${key}`], ['POST', `/v1alpha1/threads:analyze?key=${key}`], ['GET', '/v1alpha1/']] as const) {
        const res = await app.inject({ method, url });
        seen.push(res.body);
        expect([method, url, res.json()]).toEqual([method, url, GOOGLE_ERRORS.notFound().body]);
        expect(res.statusCode).toBe(404);
      }
    });

    it('a scorer failure is 503 UNAVAILABLE and the log names no text', async () => {
      const bare = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => { logs.push(line); } } } });
      const failing = { ...fakeScorer(), score: async () => [{ ok: false as const, error: 'boom for text secret-failure-text' }] };
      registerAnalyzeRoutes(bare, store, { detector: createTropeDetector(), scorer: failing });
      const res = await bare.inject({ method: 'POST', url: `${ANALYZE_PATH}?key=${key}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ comment: { text: 'secret-failure-text' }, requestedAttributes: ALL }) });
      seen.push(res.body);
      expectGoogleError(res, 503, 'UNAVAILABLE');
      await bare.close();
      expect(logs.some((l) => l.includes('scoring failed'))).toBe(true);
      expect(logs.join('\n')).not.toContain('secret-failure-text');
    });
  });

  describe('answers', () => {
    it('scores the seed\'s comments with the embedded scorer\'s numbers (the CLI report\'s), with spans and languages', async () => {
      const texts = seedTexts();
      expect(texts.length).toBeGreaterThan(10);
      const expected = await embedded.score(texts.map((text, i) => ({ key: String(i), text })));
      for (const [i, text] of texts.entries()) {
        const outcome = expected[i]!;
        if (!outcome.ok) throw new Error(outcome.error);
        const res = await post({ comment: { text }, requestedAttributes: ALL, spanAnnotations: true, clientToken: `c${i}` });
        if (outcome.score.languageUnsupported) {
          expectGoogleError(res, 400, 'INVALID_ARGUMENT', 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE');
          continue;
        }
        expect(res.statusCode).toBe(200);
        const body = res.json() as AnalyzeCommentResponse;
        const values = Object.fromEntries(Object.entries(body.attributeScores).map(([a, s]) => [a, s.summaryScore.value]));
        expect([i, values]).toEqual([i, outcome.score.scores]);
        expect(body).toMatchObject({ languages: ['en'], detectedLanguages: ['en'], clientToken: `c${i}` });
        for (const attribute of ATTRIBUTES) {
          const spans = body.attributeScores[attribute]!.spanScores!;
          const evidence = outcome.score.evidence[attribute] ?? [];
          const cps = [...text];
          if (evidence.length === 0) expect(spans).toEqual([{ begin: 0, end: cps.length, score: { value: outcome.score.scores[attribute], type: 'PROBABILITY' } }]);
          else expect(spans.map((s) => cps.slice(s.begin, s.end).join('')).sort()).toEqual(evidence.map((e) => e.text).sort());
        }
      }
    });

    it('spans count code points (emoji before the evidence) and HTML is scored as its text', async () => {
      const text = 'Hey 👩‍👩‍👧 you are an idiot and a moron';
      const body = await analyze({ comment: { text }, requestedAttributes: { INSULT: {} }, spanAnnotations: true });
      const spans = body.attributeScores.INSULT!.spanScores!;
      const [outcome] = await embedded.score([{ key: 'e', text }]);
      const evidence = outcome!.ok ? outcome!.score.evidence.INSULT ?? [] : [];
      expect(evidence.map((e) => e.text)).toContain('an idiot');
      expect(evidence.some((e) => e.start !== [...text.slice(0, e.start)].length)).toBe(true);
      expect(spans.map((s) => [...text].slice(s.begin, s.end).join(''))).toEqual(evidence.map((e) => e.text));
      const html = await analyze({ comment: { text: '<p>Hey you are an <b>idiot</b> and a moron</p>', type: 'HTML' }, requestedAttributes: { INSULT: {} } });
      const plain = await analyze({ comment: { text: 'Hey you are an idiot and a moron' }, requestedAttributes: { INSULT: {} } });
      expect(html.attributeScores).toEqual(plain.attributeScores);
    });

    it('THREADSCOPE_TROPE: the detector\'s findings, only when asked, never among the six', async () => {
      const text = 'Putin is controlled by Chabad.';
      // Asked first without the trope attribute (the detector does not run), then with it (the remembered text gets its hits).
      const first = await analyze({ comment: { text }, requestedAttributes: ALL });
      expect(first).not.toHaveProperty('threadscopeTropes');
      const body = await analyze({ comment: { text }, requestedAttributes: { TOXICITY: {}, THREADSCOPE_TROPE: {} }, spanAnnotations: true });
      expect(body.attributeScores.THREADSCOPE_TROPE!.summaryScore).toEqual({ value: 0.75, type: 'PROBABILITY' });
      expect(body.attributeScores.THREADSCOPE_TROPE!.spanScores).toEqual([{ begin: 0, end: 29, score: { value: 0.75, type: 'PROBABILITY' } }]);
      expect(body.threadscopeTropes).toEqual([expect.objectContaining({ id: 'covert-control-of-leaders', severity: 3, begin: 0, end: 29, name: 'Secret control of leaders', explanation: expect.stringContaining('"Chabad" is said to control "Putin"') })]);
      const plain = await analyze({ comment: { text }, requestedAttributes: ALL });
      expect(Object.keys(plain.attributeScores).sort()).toEqual([...ATTRIBUTES].sort());
      expect(plain).not.toHaveProperty('threadscopeTropes');
    });

    it('scoreThreshold leaves out attributes below it', async () => {
      const body = await analyze({ comment: { text: 'You idiot.' }, requestedAttributes: { INSULT: { scoreThreshold: 0.5 }, THREAT: { scoreThreshold: 0.5 } } });
      expect(Object.keys(body.attributeScores)).toEqual(['INSULT']);
    });

    it('answers a page of another origin that has the key (the route is exempt from the Origin rule), not a foreign Host', async () => {
      const request = { comment: { text: 'Hello there.' }, requestedAttributes: { TOXICITY: {} } };
      expect((await post(request, { headers: { host: 'localhost', origin: 'https://news.example', 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
      expect((await post(request, { headers: { host: 'evil.example' } })).statusCode).toBe(421);
    });
  });

  describe('the score cache and doNotStore', () => {
    /** Every file of the data directory (database, -wal, -shm) as one string. */
    function dataDirContent(): string {
      return fs.readdirSync(dataDir).map((f) => fs.readFileSync(path.join(dataDir, f)).toString('latin1')).join('\n');
    }

    it('doNotStore leaves no trace of the text in the data directory; without it the score is cached', async () => {
      const secret = 'You idiot, zq-do-not-store-4711 is a moron';
      const kept = 'You idiot, zq-kept-text-0815 is a moron';
      await analyze({ comment: { text: secret }, requestedAttributes: ALL, spanAnnotations: true, doNotStore: true });
      await analyze({ comment: { text: secret }, requestedAttributes: { INSULT: {}, THREADSCOPE_TROPE: {} }, doNotStore: true });
      await analyze({ comment: { text: kept }, requestedAttributes: ALL });
      await app.close();
      await store.close();
      const { createHash } = await import('node:crypto');
      const hash = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
      const files = fs.readdirSync(dataDir);
      expect(files.length).toBeGreaterThan(0);
      const content = dataDirContent();
      expect(content).not.toContain('zq-do-not-store-4711');
      expect(content).not.toContain(hash(secret));
      // The control: the same kind of request without doNotStore is in the cache (by hash), so the search can find things.
      expect(content).toContain(hash(kept));
      expect(logs.join('\n')).not.toContain('zq-');
      store = await Store.open(dataDir);
      app = await buildApp({ store, scorer: fakeScorer(), detector: createTropeDetector(), uiDir: path.join(tmp.dir, 'no-ui') });
    });

    it('scores a text once: the LRU, then the store\'s cache after a restart; doNotStore texts are scored every time', async () => {
      const counting = countingScorer(createEmbeddedScorer());
      const detector = createTropeDetector();
      const request = (text: string, doNotStore = false) => ({ method: 'POST' as const, url: `${ANALYZE_PATH}?key=${key}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ comment: { text }, requestedAttributes: ALL, doNotStore }) });
      const first = Fastify();
      registerAnalyzeRoutes(first, store, { detector, scorer: counting, cache: { flushMs: 60_000 } });
      const a = (await first.inject(request('You are a moron.'))).json() as AnalyzeCommentResponse;
      await first.inject(request('You are a moron.'));
      expect(counting.calls).toBe(1);
      await first.inject(request('Another text to forget.', true));
      await first.inject(request('Another text to forget.', true));
      expect(counting.calls).toBe(3);
      await first.close(); // flushes the pending write
      const second = Fastify();
      registerAnalyzeRoutes(second, store, { detector, scorer: counting });
      const b = (await second.inject(request('You are a moron.'))).json() as AnalyzeCommentResponse;
      expect(b).toEqual(a);
      expect(counting.calls).toBe(3);
      await second.inject(request('Another text to forget.', true));
      expect(counting.calls).toBe(4);
      await second.close();
    });
  });

  describe('Perspective clients pointed at Threadscope', () => {
    async function listen(): Promise<string> {
      await app.listen({ port: 0, host: '127.0.0.1' });
      return `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
    }

    it('the project\'s own Perspective adapter (PERSPECTIVE_BASE_URL) scores the seed with the embedded scorer\'s numbers', async () => {
      const baseUrl = await listen();
      const adapter = new PerspectiveScorer({ apiKey: key, baseUrl, scheduler: { qps: 1000 } });
      const texts = seedTexts();
      const batch = texts.map((text, i) => ({ key: String(i), text }));
      const [remote, local] = await Promise.all([adapter.score(batch), embedded.score(batch)]);
      let compared = 0;
      for (const [i, outcome] of local.entries()) {
        if (!outcome.ok) throw new Error(outcome.error);
        const got = remote[i]!;
        if (outcome.score.languageUnsupported) {
          expect(got.ok).toBe(false);
          continue;
        }
        if (!got.ok) throw new Error(got.error);
        expect([i, got.score.scores]).toEqual([i, outcome.score.scores]);
        expectSameStrongEvidence(got.score, outcome.score);
        compared++;
      }
      expect(compared).toBeGreaterThan(10);
      expect(adapter.fatalError).toBeNull();
    });

    it('perspective-api-client gets scores (and the answer for a wrong key)', async () => {
      const baseUrl = await listen();
      const client = new Perspective({ apiKey: key });
      const call = <T>(fn: () => Promise<T>) => withPerspectiveCall(baseUrl, new AbortController().signal, fn);
      const result = await call(() => client.analyze('You are a complete idiot.', { attributes: ['TOXICITY', 'INSULT'] }));
      expect(result.attributeScores?.INSULT?.summaryScore?.value).toBeGreaterThan(0.5);
      expect(result.attributeScores?.TOXICITY?.summaryScore?.type).toBe('PROBABILITY');
      expect(result.languages).toEqual(['en']);
      const spans = await call(() => client.analyze({ comment: { text: 'You are a complete idiot.' }, requestedAttributes: { INSULT: {} }, spanAnnotations: true }));
      expect(spans.attributeScores?.INSULT?.spanScores?.length).toBeGreaterThan(0);
      const wrong = new Perspective({ apiKey: 'tsk_not-a-key' });
      const failure = await call(() => wrong.analyze('Hello.')).catch((error: unknown) => error as { response?: { status: number; data: GoogleErrorBody } });
      expect(failure).toMatchObject({ response: { status: 400, data: GOOGLE_ERRORS.invalidKey().body } });
    });
  });
});

/** Spans the adapter keeps (span score >= 0.5) are the embedded scorer's evidence of the attributes at 0.5 or more. */
function expectSameStrongEvidence(remote: CommentScore, local: CommentScore): void {
  for (const attribute of ATTRIBUTES) {
    const value = local.scores[attribute] ?? 0;
    const evidence = local.evidence[attribute] ?? [];
    if (value < 0.5 || evidence.length === 0) continue;
    const key = (s: { start: number; end: number }) => `${s.start}-${s.end}`;
    expect([attribute, (remote.evidence[attribute] ?? []).map(key).sort()]).toEqual([attribute, evidence.map(key).sort()]);
  }
}
