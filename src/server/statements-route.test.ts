import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, AuditEntry } from '../core/api.ts';
import type { StatementOfReasons } from '../core/statements.ts';
import { CSV_BOM } from '../exporters/csv.ts';
import { buildApp } from './app.ts';
import { storeImport } from '../app/pipeline.ts';
import { comment, fakeDetector, fakeScorer, importResultOf, useTempStore } from '../app/testing/helpers.ts';

const engines = { scorer: fakeScorer(), detector: fakeDetector() };
const COMMENTS = [
  comment('a', null, 'You are a loser.', { author: 'Ann', createdAt: '2026-01-01T10:00:00Z' }),
  comment('b', null, 'They are vermin.', { author: 'Bob', createdAt: '2026-01-01T11:00:00Z' }),
  comment('c', null, 'A civil remark.', { author: '=cmd', createdAt: null }),
  comment('d', null, 'Approved text.', { author: 'Dee', createdAt: '2026-01-02T00:00:00Z' }),
];

describe('POST /api/threads/:id/statements', () => {
  const ctx = useTempStore();
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui') });
    await storeImport(ctx.store, importResultOf([{ id: 't1', title: 'The thread', url: 'https://example.org/t1', articleText: '', sourceFormat: 'test', comments: COMMENTS }]), engines);
    let n = 0;
    const decide = async (commentId: string, action: string, extra: Record<string, string> = {}) => {
      n += 1;
      const response = await app.inject({ method: 'POST', url: '/api/threads/t1/decisions', payload: { id: `decision-${String(n).padStart(4, '0')}`, commentId, action, ...extra } });
      expect(response.statusCode, response.body).toBe(201);
    };
    await decide('a', 'reject', { reason: 'illegal', legalGround: 'StGB § 185', note: 'Insult.' });
    await decide('b', 'reject', { reason: 'hate-speech' });
    await decide('c', 'reject');
    await decide('d', 'reject', { reason: 'spam' });
    await decide('d', 'approve');
  });
  afterEach(async () => {
    await app.close();
  });
  const post = (payload: unknown, id = 't1') => app.inject({ method: 'POST', url: `/api/threads/${id}/statements`, payload: payload as object });

  it('streams a JSON file of the rejected comments in display order, with a download name, and audits the export', async () => {
    const response = await post({ format: 'json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="statements-of-reasons-the-thread-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = response.json() as { thread_id: string; statements: StatementOfReasons[] };
    expect(body.thread_id).toBe('t1');
    expect(body.statements.map((s) => s.details.commentId)).toEqual(['a', 'b', 'c']);
    const [a, b, c] = body.statements;
    expect(a).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'StGB § 185', illegal_content_explanation: 'Insult.', automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED' });
    // The single-user mode's local administrator decided.
    expect(a!.details).toMatchObject({ decidedBy: 'local', decidedByRole: 'admin', threadUrl: 'https://example.org/t1', author: 'Ann' });
    expect(a!.details.automatedMeans).toBe('flagged for review by scorer fake 1 (TOXICITY 0.80 ≥ 0.70; INSULT 0.90 ≥ 0.60)');
    expect(b).toMatchObject({ decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', incompatible_content_ground: 'Hate speech', automated_detection: 'Yes' });
    expect(b!.details.automatedMeans).toContain('trope detector fake-tropes 1');
    expect(c).toMatchObject({ automated_detection: 'No', content_date: null });
    expect(c!.details.warnings).toHaveLength(2);
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?action=export' })).json() as AuditEntry[];
    expect(audit.some((e) => e.action === 'export' && e.threadId === 't1' && e.what === 'statements of reasons as json: 3 rejected comments')).toBe(true);
  });

  it('takes only the rejected comments among commentIds, and a redress text; CSV through the formula-safe writer', async () => {
    const response = await post({ format: 'csv', commentIds: ['c', 'd'], redress: 'Write to appeals@example.org.' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/\.csv"$/);
    expect(response.body.startsWith(CSV_BOM)).toBe(true);
    const lines = response.body.slice(CSV_BOM.length).split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",'=cmd,");
    expect(lines[1]).toContain('Write to appeals@example.org.');
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?action=export' })).json() as AuditEntry[];
    expect(audit.some((e) => e.what === 'statements of reasons as csv: 1 rejected comment of 2 selected')).toBe(true);
  });

  it('refuses a bad request with 400 naming the field, and an unknown thread with 404', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'body'],
      [{ format: 'html' }, 'body.format'],
      [{ format: 'json', commentIds: ['a', 'nope'] }, 'body.commentIds[1]'],
      [{ format: 'json', commentIds: [''] }, 'body.commentIds'],
      [{ format: 'json', redress: 'x'.repeat(2001) }, 'body.redress'],
      [{ format: 'json', other: 1 }, 'body'],
    ];
    for (const [payload, where] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect((response.json() as ApiError).where ?? '', JSON.stringify(payload)).toContain(where);
    }
    const missing = await post({ format: 'json' }, 'nope');
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as ApiError).where).toBe('params.id');
  });
});
