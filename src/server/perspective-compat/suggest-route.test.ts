/**
 * POST /v1alpha1/comments:suggestscore against a real app: Coral's request body replayed, every refusal by status
 * and Google's body shape (nothing stored), the rows stored per attribute, doNotStore leaving no trace of the text in
 * the data directory, the client token echoed, and no key or text in the log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { hashText, Store } from '../../app/store/store.ts';
import { fakeDetector, fakeScorer, tempDir } from '../../app/testing/helpers.ts';
import { apiKeysFor } from '../../app/perspective-compat/api-keys.ts';
import { SUGGEST_PATH } from './suggest-route.ts';

const CORAL_TEXT = 'Honestly, the ferry timetable is a disgrace and whoever wrote it should be ashamed.';

/**
 * The body Coral (coralproject/talk, services/perspective) sends when a moderator decides on a comment: the plain
 * text, a context entry with the comment's URL and ids as JSON, the configured model scored 1 for a rejection
 * (DELETED) or 0 for an approval, the tenant as community and `comment:<id>` as client token.
 */
function coralBody(commentId: string, status: 'APPROVED' | 'DELETED', text = CORAL_TEXT): object {
  return {
    comment: { text },
    context: { entries: [{ text: JSON.stringify({ url: `https://news.example/story-1?commentID=${commentId}`, reply_to_id_Coral_comment_id: undefined, Coral_comment_id: commentId }) }] },
    attributeScores: { TOXICITY: { summaryScore: { value: status === 'APPROVED' ? 0 : 1 } } },
    languages: ['en'],
    communityId: 'Coral:https://news.example/',
    clientToken: `comment:${commentId}`,
  };
}

interface Row {
  key_label: string;
  text_hash: string;
  text: string | null;
  attribute: string;
  suggested: number;
  client_token: string | null;
  community_id: string | null;
  at: string;
}

describe('POST /v1alpha1/comments:suggestscore', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let key: string;
  let logLines: string[];

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(tmp.dir);
    logLines = [];
    app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(tmp.dir, 'no-ui'), logger: { level: 'warn', stream: { write: (line: string) => logLines.push(line) } } });
    key = (await apiKeysFor(store).create('newsroom', 1000)).key;
  });

  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  const rows = (): Promise<Row[]> => store.sql.all<Row>('SELECT key_label, text_hash, text, attribute, suggested, client_token, community_id, at FROM score_feedback ORDER BY seq');

  function suggest(body: unknown, options: { key?: string | null; raw?: string; contentType?: string } = {}) {
    const k = options.key === undefined ? key : options.key;
    return app.inject({
      method: 'POST',
      url: k === null ? SUGGEST_PATH : `${SUGGEST_PATH}?key=${encodeURIComponent(k)}`,
      headers: { 'content-type': options.contentType ?? 'application/json' },
      payload: options.raw ?? JSON.stringify(body),
    });
  }

  it('answers only its own method name: POST /v1alpha1/comments:<other> is a 404 and stores nothing', async () => {
    for (const name of ['comments:suggest', 'comments:suggestscores', 'comments:foo']) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1alpha1/${name}?key=${encodeURIComponent(key)}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ comment: { text: 'Hello there' }, attributeScores: { TOXICITY: { summaryScore: { value: 0.9 } } } }),
      });
      expect([name, res.statusCode]).toEqual([name, 404]);
    }
    expect(await rows()).toEqual([]);
  });

  it('takes the body Coral sends on a rejection and on an approval, echoing the client token', async () => {
    const rejected = await suggest(coralBody('c-1', 'DELETED'));
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toEqual({ clientToken: 'comment:c-1', requestedLanguages: ['en'] });
    const approved = await suggest(coralBody('c-2', 'APPROVED', 'A civil reply about the ferry.'));
    expect(approved.json()).toEqual({ clientToken: 'comment:c-2', requestedLanguages: ['en'] });
    expect(await rows()).toEqual([
      expect.objectContaining({ key_label: 'newsroom', text_hash: hashText(CORAL_TEXT), text: CORAL_TEXT, attribute: 'TOXICITY', suggested: 1, client_token: 'comment:c-1', community_id: 'Coral:https://news.example/' }),
      expect.objectContaining({ text: 'A civil reply about the ferry.', suggested: 0, client_token: 'comment:c-2' }),
    ]);
  });

  it('stores one row per attribute, takes the key from x-goog-api-key too, and answers {} without token or languages', async () => {
    const response = await app.inject({
      method: 'POST',
      url: SUGGEST_PATH,
      headers: { 'content-type': 'application/json', 'x-goog-api-key': key },
      payload: JSON.stringify({ comment: { text: 'You are a loser.', type: 'PLAIN_TEXT' }, attributeScores: { INSULT: { summaryScore: { value: 0.7, type: 'PROBABILITY' } }, TOXICITY: { summaryScore: { value: 0.9 } } } }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
    expect((await rows()).map((r) => [r.attribute, r.suggested, r.client_token, r.community_id])).toEqual([['TOXICITY', 0.9, null, null], ['INSULT', 0.7, null, null]]);
  });

  it('reads an HTML comment as its text, so that it matches the imported comment of that text', async () => {
    const response = await suggest({ comment: { text: '<p>You are a <b>loser</b>.</p>', type: 'HTML' }, attributeScores: { INSULT: { summaryScore: { value: 1 } } } });
    expect(response.statusCode).toBe(200);
    expect(await rows()).toEqual([expect.objectContaining({ text_hash: hashText('You are a loser.'), text: 'You are a loser.' })]);
  });

  it('takes Coral\'s body over a real socket, as Coral sends it', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}${SUGGEST_PATH}?key=${encodeURIComponent(key)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(coralBody('c-77', 'DELETED')) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clientToken: 'comment:c-77', requestedLanguages: ['en'] });
    expect(await rows()).toEqual([expect.objectContaining({ client_token: 'comment:c-77', suggested: 1 })]);
  });

  it('takes the highest span score when an attribute has spans and no summary', async () => {
    const response = await suggest({ comment: { text: 'You are a loser, a loser.' }, attributeScores: { INSULT: { spanScores: [{ begin: 8, end: 13, score: { value: 0.8 } }, { begin: 17, end: 22, score: { value: 0.6 } }] } } });
    expect(response.statusCode).toBe(200);
    expect((await rows()).map((r) => r.suggested)).toEqual([0.8]);
  });

  it('keeps only the hash with doNotStore: the text is nowhere in the data directory', async () => {
    const secret = 'Unrepeatable feedback text 7f3a9c about the harbour master.';
    const response = await suggest({ ...coralBody('c-9', 'DELETED', secret), doNotStore: true });
    expect(response.statusCode).toBe(200);
    expect(await rows()).toEqual([expect.objectContaining({ text_hash: hashText(secret), text: null, suggested: 1 })]);
    await store.sql.run('PRAGMA wal_checkpoint(TRUNCATE)');
    for (const file of fs.readdirSync(tmp.dir)) {
      expect(fs.readFileSync(path.join(tmp.dir, file)).includes(Buffer.from('harbour master')), file).toBe(false);
    }
  });

  const refusals: Array<[string, () => { body?: unknown; raw?: string; key?: string | null; contentType?: string }, number, string, RegExp]> = [
    ['no key', () => ({ body: coralBody('c', 'DELETED'), key: null }), 403, 'PERMISSION_DENIED', /missing a valid API key/],
    ['an unknown key', () => ({ body: coralBody('c', 'DELETED'), key: 'tsk_not-a-key' }), 400, 'INVALID_ARGUMENT', /API key not valid/],
    ['no comment', () => ({ body: { attributeScores: { TOXICITY: { summaryScore: { value: 1 } } } } }), 400, 'INVALID_ARGUMENT', /Comment must be non-empty/],
    ['an empty text', () => ({ body: coralBody('c', 'DELETED', '  \n') }), 400, 'INVALID_ARGUMENT', /Comment must be non-empty/],
    ['a text over 20,480 bytes', () => ({ body: coralBody('c', 'DELETED', 'é'.repeat(10_241)) }), 400, 'INVALID_ARGUMENT', /too long/],
    ['a text that is not a string', () => ({ body: { comment: { text: 5 }, attributeScores: { TOXICITY: { summaryScore: { value: 1 } } } } }), 400, 'INVALID_ARGUMENT', /comment\.text/],
    ['no attribute scores', () => ({ body: { comment: { text: 'Hello.' } } }), 400, 'INVALID_ARGUMENT', /attributeScores must not be empty/],
    ['empty attribute scores', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: {} } }), 400, 'INVALID_ARGUMENT', /attributeScores must not be empty/],
    ['an unknown attribute', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: { value: 1 } }, FLIRTATION: { summaryScore: { value: 1 } } } } }), 400, 'INVALID_ARGUMENT', /Unknown attribute: FLIRTATION/],
    ['an empty attribute', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: {} } } }), 400, 'INVALID_ARGUMENT', /attributeScores\.TOXICITY must not be empty/],
    ['a value over 1', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: { value: 1.5 } } } } }), 400, 'INVALID_ARGUMENT', /between 0 and 1; got 1\.5/],
    ['a value under 0', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: { value: -0.1 } } } } }), 400, 'INVALID_ARGUMENT', /between 0 and 1; got -0\.1/],
    ['a score without value', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: {} } } } }), 400, 'INVALID_ARGUMENT', /value must be set/],
    ['a value that is a string', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: { value: '0.5' } } } } }), 400, 'INVALID_ARGUMENT', /summaryScore\.value/],
    ['a span without begin', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { spanScores: [{ end: 3, score: { value: 1 } }] } } } }), 400, 'INVALID_ARGUMENT', /begin must be set/],
    ['languages that are not strings', () => ({ body: { ...coralBody('c', 'DELETED'), languages: [1] } }), 400, 'INVALID_ARGUMENT', /languages/],
    ['a client token that is not a string', () => ({ body: { ...coralBody('c', 'DELETED'), clientToken: 7 } }), 400, 'INVALID_ARGUMENT', /clientToken/],
    ['an unknown field (a misspelt doNotStore)', () => ({ body: { ...coralBody('c', 'DELETED'), doNotstore: true } }), 400, 'INVALID_ARGUMENT', /Unknown name "doNotstore"/],
    ['an unknown field in a score', () => ({ body: { comment: { text: 'Hello.' }, attributeScores: { TOXICITY: { summaryScore: { value: 1, weight: 2 } } } } }), 400, 'INVALID_ARGUMENT', /Unknown name "weight"/],
    ['a body that is not JSON', () => ({ raw: '{"comment": {"text": "Hello."' }), 400, 'INVALID_ARGUMENT', /not valid JSON/],
    ['an empty body', () => ({ raw: '' }), 400, 'INVALID_ARGUMENT', /body is empty/],
    ['a JSON list', () => ({ body: [coralBody('c', 'DELETED')] }), 400, 'INVALID_ARGUMENT', /a JSON object/],
    ['another content type', () => ({ raw: 'comment=hello', contentType: 'application/x-www-form-urlencoded' }), 400, 'INVALID_ARGUMENT', /application\/json/],
  ];

  it.each(refusals)('refuses %s with Google\'s error shape and stores nothing', async (_name, make, code, status, message) => {
    const { body, ...options } = make();
    const response = await suggest(body, options);
    expect(response.statusCode).toBe(code);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const answer = response.json() as { error: { code: number; status: string; message: string } };
    expect(Object.keys(answer)).toEqual(['error']);
    expect(answer.error).toMatchObject({ code, status });
    expect(answer.error.message).toMatch(message);
    expect(await rows()).toEqual([]);
  });

  it('never writes the key or a text to the log, whatever the request', async () => {
    await suggest(coralBody('c-1', 'DELETED'));
    await suggest({ ...coralBody('c-2', 'DELETED'), doNotStore: true });
    for (const [, make] of refusals) {
      const { body, ...options } = make();
      await suggest(body, options);
    }
    const log = logLines.join('\n');
    expect(log).not.toContain(key);
    expect(log).not.toContain('ferry timetable');
    expect(log).not.toContain('Hello.');
  });

  it('is exempt from the Origin rule (a server calls it with a key), not from the Host allow-list', async () => {
    const fromPage = await app.inject({ method: 'POST', url: `${SUGGEST_PATH}?key=${key}`, headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' }, payload: JSON.stringify(coralBody('c-1', 'DELETED')) });
    expect(fromPage.statusCode).toBe(200);
    const foreignHost = await app.inject({ method: 'POST', url: `${SUGGEST_PATH}?key=${key}`, headers: { 'content-type': 'application/json', host: 'evil.example' }, payload: JSON.stringify(coralBody('c-2', 'DELETED')) });
    expect(foreignHost.statusCode).toBe(421);
    expect(await rows()).toHaveLength(1);
  });
});
