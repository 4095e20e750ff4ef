import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { PERSPECTIVE_FAILURES } from '../../app/remote/testing/fake-perspective.ts';
import { GOOGLE_ERRORS, type GoogleError, retryAfterSeconds, sendGoogleError } from './google-errors.ts';

/** The fake copies the real service's bodies: ours must match them where both exist. */
function fakeBody(reply: { status: number; body: unknown }) {
  return { status: reply.status, body: reply.body };
}

function ours(error: GoogleError) {
  return { status: error.httpStatus, body: error.body };
}

describe('Google-shaped errors', () => {
  it('an unknown key is the service\'s 400 API_KEY_INVALID, byte for byte', () => {
    expect(ours(GOOGLE_ERRORS.invalidKey())).toEqual(fakeBody(PERSPECTIVE_FAILURES.badKey()));
  });

  it('a missing key is 403 PERMISSION_DENIED "The request is missing a valid API key."', () => {
    expect(GOOGLE_ERRORS.missingKey().body).toEqual({ error: { code: 403, message: 'The request is missing a valid API key.', status: 'PERMISSION_DENIED' } });
    expect(GOOGLE_ERRORS.missingKey().httpStatus).toBe(403);
  });

  it('over the rate is 429 RESOURCE_EXHAUSTED with a Retry-After of whole seconds', () => {
    const error = GOOGLE_ERRORS.rateExceeded('coral', 10, 1);
    expect(error.httpStatus).toBe(429);
    expect(error.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(error.headers['retry-after']).toBe('1');
    expect(retryAfterSeconds(2001)).toBe(3);
    expect(retryAfterSeconds(0)).toBe(1);
  });

  it('comment and language errors carry Perspective\'s errorType detail', () => {
    expect(GOOGLE_ERRORS.commentEmpty().body.error.details).toEqual([expect.objectContaining({ errorType: 'COMMENT_EMPTY' })]);
    expect(GOOGLE_ERRORS.commentTooLong().body.error.details).toEqual([expect.objectContaining({ errorType: 'COMMENT_TOO_LONG' })]);
    const language = GOOGLE_ERRORS.languageNotSupported('TOXICITY', ['fr']);
    expect(language.body.error.message).toBe('Attribute TOXICITY does not support request languages: fr');
    expect(language.body.error.details).toEqual([expect.objectContaining({
      errorType: 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE',
      languageNotSupportedByAttributeError: { detectedLanguages: ['fr'], attribute: 'TOXICITY' },
    })]);
  });

  it('every builder keeps code and HTTP status equal and has no empty details', () => {
    const all = [
      GOOGLE_ERRORS.missingKey(), GOOGLE_ERRORS.invalidKey(), GOOGLE_ERRORS.rateExceeded('a', 1, 500), GOOGLE_ERRORS.commentEmpty(),
      GOOGLE_ERRORS.commentTooLong(), GOOGLE_ERRORS.noRequestedAttributes(), GOOGLE_ERRORS.unknownAttribute('FOO'),
      GOOGLE_ERRORS.languageNotSupported('INSULT', ['fr']), GOOGLE_ERRORS.invalidPayload('Unexpected token.', 'comment'),
      GOOGLE_ERRORS.invalidArgument('x'), GOOGLE_ERRORS.notFound(), GOOGLE_ERRORS.internal(), GOOGLE_ERRORS.unavailable(),
    ];
    for (const error of all) {
      expect(error.body.error.code).toBe(error.httpStatus);
      expect(Object.keys(error.body)).toEqual(['error']);
      if ('details' in error.body.error) expect(error.body.error.details!.length).toBeGreaterThan(0);
    }
  });

  it('sendGoogleError writes status, headers and the JSON body', async () => {
    const app = Fastify();
    app.get('/x', async (_request, reply) => sendGoogleError(reply, GOOGLE_ERRORS.rateExceeded('a', 2, 1500)));
    const response = await app.inject({ method: 'GET', url: '/x' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual(GOOGLE_ERRORS.rateExceeded('a', 2, 1500).body);
    await app.close();
  });
});
