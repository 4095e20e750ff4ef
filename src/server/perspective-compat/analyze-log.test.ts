// Request log lines without callers' keys: the URL's `key` parameter is redacted, whatever its case or escaping.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { redactKeyInUrl, REDACTED, withoutKeys } from './analyze-log.ts';

describe('redactKeyInUrl', () => {
  it.each([
    ['/v1alpha1/comments:analyze?key=tsk_secret', `/v1alpha1/comments:analyze?key=${REDACTED}`],
    ['/v1alpha1/comments:analyze?alt=json&key=tsk_secret&x=1', `/v1alpha1/comments:analyze?alt=json&key=${REDACTED}&x=1`],
    ['/a?KEY=tsk_secret&%6Bey=tsk_secret&key=', `/a?KEY=${REDACTED}&%6Bey=${REDACTED}&key=${REDACTED}`],
    ['/a?key', `/a?key=${REDACTED}`],
    ['/a?monkey=1&keys=2', '/a?monkey=1&keys=2'],
    ['/api/threads', '/api/threads'],
    ['/a?%E0%A4%A=1&key=tsk_secret', `/a?%E0%A4%A=1&key=${REDACTED}`],
  ])('%s', (url, expected) => {
    expect(redactKeyInUrl(url)).toBe(expected);
  });
});

describe('withoutKeys', () => {
  it('keeps logging off when it was, and a logger\'s request lines hold no key on any route or 404', async () => {
    expect(withoutKeys(false)).toBe(false);
    const lines: string[] = [];
    const app = Fastify({ logger: withoutKeys({ level: 'info', stream: { write: (line: string) => { lines.push(line); } } }) });
    app.get('/known', async () => ({ ok: true }));
    // As app.ts does: its own 404 answer (Fastify's default one logs the raw URL in its message).
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'no such route' }));
    await app.inject('/known?key=tsk_secret_1');
    await app.inject('/unknown?x=1&key=tsk_secret_2');
    await app.close();
    expect(lines.some((l) => l.includes(`/known?key=${REDACTED}`))).toBe(true);
    expect(lines.some((l) => l.includes(`/unknown?x=1&key=${REDACTED}`))).toBe(true);
    expect(lines.join('\n')).not.toContain('tsk_secret');
  });
});
