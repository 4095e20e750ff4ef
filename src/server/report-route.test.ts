/**
 * POST /api/threads/:id/report streamed (docs/adr/0021-streaming-reports.md): the same text, status and headers as
 * the one-string report, and a client that goes away stops the rendering and the reading of comments.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadView, ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { buildFlagReport, viewReportSource, type ReportThreadSource } from '../core/report.ts';
import { renderReport } from '../exporters/index.ts';
import { registerReportRoute } from './report-route.ts';
import { SINGLE_USER_ACTOR } from '../app/auth/actor.ts';
import { ThreadChangedError } from '../app/report-source.ts';
import type { AuditInput, AuditLog } from '../app/audit/audit-log.ts';

function viewComment(i: number, filler: string): ViewComment {
  return {
    id: `c${i}`, parentId: null, author: `author ${i % 7}`, createdAt: '2026-01-01T00:00:00.000Z', createdAtText: null, text: `comment ${i}: ${filler}`,
    html: null, kind: 'comment', status: 'published', depth: 0, treeParentId: null, orphan: false, descendantCount: 0,
    score: { scores: { TOXICITY: (i % 10) / 10, INSULT: 0.7 }, evidence: { INSULT: [{ start: 0, end: 7, text: 'comment' }] } }, scoreError: null, tropes: [],
  };
}

function view(count: number, textLength = 40): ThreadView {
  const filler = 'x'.repeat(textLength);
  return {
    id: 't1', title: 'Ferry tolls: what next?', url: 'https://example.org/ferry', articleText: '', sourceFormat: 'generic-csv', importedAt: '2026-01-01T00:00:00.000Z',
    scorer: { name: 'fake', version: '1', description: 'Test.' }, detector: { name: 'fake-tropes', version: '1' },
    comments: Array.from({ length: count }, (_, i) => viewComment(i, filler)),
    problems: [], decisions: [{ id: 'e1-abcdef', threadId: 't1', commentId: 'c1', action: 'reject', moderator: 'mo', reason: '', note: '', at: '2026-01-02T00:00:00.000Z', seq: 1 }],
    defaultThresholds: DEFAULT_THRESHOLDS,
  };
}

/** The view's source, counting the comments read and noting when a read was closed before its end. */
function counted(v: ThreadView): { source: ReportThreadSource; log: { read: number; closedEarly: boolean } } {
  const inner = viewReportSource(v);
  const log = { read: 0, closedEarly: false };
  const source: ReportThreadSource = {
    index: inner.index,
    *comments() {
      let done = false;
      try {
        for (const c of inner.comments()) {
          log.read += 1;
          yield c;
        }
        done = true;
      } finally {
        if (!done) log.closedEarly = true;
      }
    },
  };
  return { source, log };
}

describe('POST /api/threads/:id/report (streamed)', () => {
  let app: FastifyInstance;
  /** The thread t1 the route reads. */
  let current: ReportThreadSource | null = null;
  /** What the route appended to the audit trail. */
  const audited: AuditInput[] = [];
  beforeAll(async () => {
    app = Fastify();
    // What app.ts provides: the session's actor, and the audit trail the route appends its export to.
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      request.actor = SINGLE_USER_ACTOR;
    });
    app.decorate('audit', { append: async (input: AuditInput) => void audited.push(input) } as unknown as AuditLog);
    registerReportRoute(app, async (id) => (id === 't1' ? current : null));
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  function appWith(source: ReportThreadSource): void {
    current = source;
  }

  it.each(['json', 'csv', 'html'] as const)('answers %s with the one-string text, its content type and file name', async (format) => {
    const v = view(40);
    appWith(viewReportSource(v));
    const res = await app.inject({ method: 'POST', url: '/api/threads/t1/report', payload: { format, commentIds: ['c5', 'c1', 'c25'], timeZone: 'Europe/Berlin' } });
    expect(res.statusCode).toBe(200);
    // The one time the view does not hold is the report's.
    const generatedAt = (res.body.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g) ?? []).find((t) => !t.startsWith('2026-01-0')) ?? '';
    const expected = renderReport(
      buildFlagReport({ views: [v], thresholds: DEFAULT_THRESHOLDS, commentIds: ['c5', 'c1', 'c25'], scope: '3 selected comments', generatedAt, generator: /threadscope [^"<,]+\(server\)/.exec(res.body)?.[0] ?? '' }),
      format,
      { timeZone: 'Europe/Berlin' },
    );
    expect(res.body).toBe(expected.text);
    expect(res.headers['content-type']).toBe(expected.mimeType);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="threadscope-ferry-tolls-what-next-${generatedAt.slice(0, 10)}.${format}"`);
    expect(audited.at(-1)).toEqual({ actor: 'local', actorRole: 'admin', action: 'export', threadId: 't1', what: `report as ${format}: 3 comments, 3 selected comments` });
  });

  /** The view's source read asynchronously, window by window, as from a store; the thread "changes" at comment `changeAt`. */
  function windowed(v: ThreadView, changeAt: number | null): ReportThreadSource {
    const inner = viewReportSource(v);
    return {
      index: inner.index,
      async *comments() {
        for (let from = 0; from < v.comments.length; from += 200) {
          await new Promise((resolve) => setImmediate(resolve));
          if (changeAt !== null && from + 200 > changeAt) throw new ThreadChangedError('thread "t1" changed while its report was read; make the report again');
          yield* v.comments.slice(from, from + 200);
        }
      },
    };
  }

  it('streams a source read asynchronously as the one-string text; a thread changed before the first chunk is a 409, after it the response is cut', async () => {
    const v = view(3000, 200);
    appWith(windowed(v, null));
    const whole = await app.inject({ method: 'POST', url: '/api/threads/t1/report', payload: { format: 'csv' } });
    expect(whole.statusCode).toBe(200);
    const generatedAt = (whole.body.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g) ?? []).find((t) => !t.startsWith('2026-01-0')) ?? '';
    const generator = /threadscope [^",]+\(server\)/.exec(whole.body)?.[0] ?? '';
    expect(whole.body).toBe(renderReport(buildFlagReport({ views: [v], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt, generator }), 'csv').text);

    const auditedBefore = audited.length;
    appWith(windowed(v, 0));
    const refused = await app.inject({ method: 'POST', url: '/api/threads/t1/report', payload: { format: 'json' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ error: 'thread "t1" changed while its report was read; make the report again', where: 'params.id' });
    expect(audited.length).toBe(auditedBefore);

    appWith(windowed(v, 2000));
    const { port } = app.server.address() as AddressInfo;
    const received = await new Promise<{ status: number; bytes: number; aborted: boolean }>((resolve, reject) => {
      const request = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/api/threads/t1/report', headers: { 'content-type': 'application/json' } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('error', () => resolve({ status: response.statusCode ?? 0, bytes, aborted: true }));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, aborted: !response.complete }));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ format: 'json' }));
    });
    expect(received.status).toBe(200);
    expect(received.bytes).toBeGreaterThan(0);
    expect(received.aborted).toBe(true);
    for (let waited = 0; audited.length === auditedBefore && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(audited.at(-1)).toMatchObject({ action: 'export', what: 'report as json: 3000 comments, whole thread (interrupted: the thread changed while the report was written)' });
  });

  it('refuses an unknown thread, comment or time zone with 404/400 as before', async () => {
    appWith(viewReportSource(view(3)));
    const cases: Array<[string, object, number, string]> = [
      ['nope', { format: 'json' }, 404, 'no thread with id "nope"'],
      ['t1', { format: 'json', commentIds: ['c1', 'zz'] }, 400, 'comment "zz" is not in thread "t1"'],
      ['t1', { format: 'html', timeZone: 'Mars/Olympus' }, 400, 'unknown time zone "Mars/Olympus"'],
    ];
    for (const [id, payload, status, message] of cases) {
      const res = await app.inject({ method: 'POST', url: `/api/threads/${id}/report`, payload });
      expect(res.statusCode).toBe(status);
      expect((res.json() as { error: string }).error).toContain(message);
    }
  });

  it('stops rendering and reading comments when the client goes away', async () => {
    // About 20 MB of JSON: more than the socket buffers hold, so the server is still rendering when the client leaves.
    const v = view(5000, 4000);
    const { source, log } = counted(v);
    appWith(source);
    const { port } = app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const request = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/api/threads/t1/report', headers: { 'content-type': 'application/json' } }, (response) => {
        expect(response.statusCode).toBe(200);
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      request.end(JSON.stringify({ format: 'json' }));
    });
    for (let waited = 0; !log.closedEarly && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.closedEarly).toBe(true);
    expect(log.read).toBeLessThan(v.comments.length / 2);
    for (let waited = 0; !audited.some((a) => a.what.includes('interrupted')) && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(audited.at(-1)).toMatchObject({ actor: 'local', action: 'export', threadId: 't1', what: 'report as json: 5000 comments, whole thread (interrupted: the client left before the end)' });
  });
});
