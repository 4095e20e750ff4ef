/**
 * The server's structured log (log-settings.ts): JSON lines, and no secret or comment text in them. A whole app logs
 * at trace level (every request line) through a login, an import, a decision, requests carrying keys in headers and
 * the URL, and a route that fails with an error holding a failing row and a database URL; the captured log is then
 * searched for each secret.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { safeLogger, serializeError } from './log-settings.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { Accounts } from '../app/auth/accounts.ts';
import { TEST_SCRYPT_PARAMS } from '../app/auth/passwords.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../app/testing/helpers.ts';

const COMMENT_TEXT = 'Zebra-comment-text-91823 you utter fool';
const NOTE_TEXT = 'note-text-5521 about this commenter';
const DB_PASSWORD = 'dbpass-77-secret';

const CONTEXT = JSON.stringify({
  ancestors: [{ id: '1', in_reply_to_id: null, uri: 'https://example.social/@a/1', content: '<p>Opening post.</p>', account: { acct: 'a' } }],
  descendants: [{ id: '2', in_reply_to_id: '1', uri: 'https://example.social/@a/1/2', content: `<p>${COMMENT_TEXT}</p>`, account: { acct: 'b' } }],
});

describe('serializeError', () => {
  it('keeps type, code, a bounded message with URL passwords masked, and the stack frames; drops every other field', () => {
    const error = Object.assign(new Error(`connect failed for postgres://ts:${DB_PASSWORD}@db:5432/ts ${'x'.repeat(400)}`), {
      code: '23514',
      detail: `Failing row contains (${COMMENT_TEXT})`,
      parameters: [COMMENT_TEXT],
    });
    const logged = serializeError(error);
    expect(logged.type).toBe('Error');
    expect(logged.code).toBe('23514');
    expect(logged.message.length).toBeLessThanOrEqual(300);
    expect(logged.message).toContain('postgres://ts:***@db');
    expect(logged.stack).toMatch(/^Error: connect failed[^\n]*\n\s+at /);
    expect(JSON.stringify(logged)).not.toContain(DB_PASSWORD);
    expect(JSON.stringify(logged)).not.toContain('Zebra');
    expect(serializeError('plain')).toEqual({ type: 'string', message: 'plain' });
  });

  it('leaves a logger that is off, off', () => {
    expect(safeLogger(false)).toBe(false);
    expect(safeLogger(undefined)).toBe(false);
  });
});

describe('the server log', () => {
  const ctx = useTempStore();
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('is JSON lines with no password, session token, cookie, API key, database password, note or comment text', async () => {
    const lines: string[] = [];
    const accounts = new Accounts(ctx.store, new AuditLog(ctx.store), { scrypt: TEST_SCRYPT_PARAMS });
    const { password } = await accounts.create('mona', 'moderator', { name: 'test', role: null });
    const a = await buildApp({
      store: ctx.store,
      scorer: fakeScorer(),
      detector: fakeDetector(),
      uiDir: '/nonexistent',
      auth: sessionAuthenticator(ctx.store, { singleUser: false }),
      logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    });
    // A route that fails the way a database error can: the failing row in `detail`, a URL with its password.
    a.get('/api/log-probe', { config: { access: 'read' } }, async () => {
      throw Object.assign(new Error(`lost postgres://ts:${DB_PASSWORD}@db/ts`), { detail: `Failing row contains (${COMMENT_TEXT})` });
    });
    app = a;

    const login = await a.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: { username: 'mona', password } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const token = cookie.slice(cookie.indexOf('=') + 1);
    expect(token.length).toBeGreaterThan(10);
    const headers = { cookie, authorization: 'Bearer bearer-secret-3141', 'x-goog-api-key': 'goog-key-secret-2718', 'x-api-key': 'api-key-secret-1618' };

    const imported = await a.inject({ method: 'POST', url: '/api/imports', headers: { ...headers, 'content-type': 'application/json' }, payload: { content: CONTEXT, fileName: 'context.json' } });
    expect(imported.statusCode).toBe(201);
    const threadId: string = imported.json().threads[0].id;
    const view = await a.inject({ url: `/api/threads/${encodeURIComponent(threadId)}?key=query-key-secret-1414`, headers });
    const commentId: string = view.json().comments[1].id;
    const decided = await a.inject({
      method: 'POST',
      url: `/api/threads/${encodeURIComponent(threadId)}/decisions`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: { id: 'log-check-0001', commentId, action: 'reject', note: NOTE_TEXT },
    });
    expect(decided.statusCode).toBe(201);
    expect((await a.inject({ url: '/api/log-probe', headers })).statusCode).toBe(500);
    a.log.info({ headers: { cookie, authorization: 'Bearer bearer-secret-3141' } }, 'a line that names headers');
    const wrongLogin = await a.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: { username: 'mona', password: 'wrong-password-secret-9' } });
    expect(wrongLogin.statusCode).toBe(401);

    const log = lines.join('');
    const parsed = log.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // The log saw the requests and the failure: the checks below are about something that was written.
    expect(parsed.filter((l) => l.msg === 'incoming request').length).toBeGreaterThanOrEqual(6);
    expect(parsed.some((l) => l.msg === 'request failed' && (l.err as { message?: string }).message?.includes('postgres://ts:***@db'))).toBe(true);
    expect(parsed.some((l) => l.msg === 'a line that names headers' && (l.headers as Record<string, string>).cookie === '[redacted]')).toBe(true);
    for (const secret of [password, token, 'bearer-secret-3141', 'goog-key-secret-2718', 'api-key-secret-1618', 'query-key-secret-1414', DB_PASSWORD, 'wrong-password-secret-9', 'Zebra-comment', 'fool', 'note-text-5521']) {
      expect([secret, log.includes(secret)]).toEqual([secret, false]);
    }
  });
});
