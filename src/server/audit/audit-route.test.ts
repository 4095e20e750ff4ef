import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ImportResponse } from '../../core/api.ts';
import type { Role } from '../../core/roles.ts';
import { CSV_BOM } from '../../exporters/csv.ts';
import type { Authenticator } from '../access.ts';
import type { Actor } from '../../app/auth/actor.ts';
import { buildApp } from '../app.ts';
import { ScorerSwitch } from '../../app/remote/scorer-switch.ts';
import type { ChosenScorer, ScorerChoice } from '../../app/remote/registry.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../../app/testing/helpers.ts';
import { REIMPORT_THREAD_ID, reimportWxr } from '../../app/testing/reimport-wxr.ts';
import { AUDIT_CSV_COLUMNS } from '../../app/audit/audit-csv.ts';

/** Acts as whoever `who.current` names (an account of that role). */
function switchableAuth(who: { current: { username: string; role: Role } }): Authenticator {
  const auth = {
    actorOf: (): Actor => ({ userId: 1, username: who.current.username, role: who.current.role, mode: 'account', sessionHash: 'x', expiresAt: null, mustChangePassword: false }),
    stillValid: () => true,
  };
  return auth;
}

describe('GET /api/audit and the acts this engineer audits', () => {
  const ctx = useTempStore();
  const who = { current: { username: 'root', role: 'admin' as Role } };
  let app: FastifyInstance;
  const start = async (scorers?: ScorerSwitch) => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui'), auth: switchableAuth(who), scorers });
  };
  afterEach(async () => {
    await app?.close();
    who.current = { username: 'root', role: 'admin' };
  });
  const as = (username: string, role: Role) => {
    who.current = { username, role };
  };
  const audit = async (query = ''): Promise<AuditEntry[]> => {
    const res = await app.inject({ method: 'GET', url: `/api/audit${query}` });
    expect(res.statusCode).toBe(200);
    return res.json() as AuditEntry[];
  };
  const importWxr = async (keep: number, fileName: string): Promise<ImportResponse> => {
    const res = await app.inject({ method: 'POST', url: '/api/imports', payload: { content: reimportWxr(keep), fileName } });
    expect(res.statusCode).toBe(201);
    return res.json() as ImportResponse;
  };
  const threadUrl = `/api/threads/${encodeURIComponent(REIMPORT_THREAD_ID)}`;

  it('audits import, export, missing.remove and rescore with the session user, the thread and what was done', async () => {
    await start();
    as('mo', 'moderator');
    await importWxr(10, 'ferry.xml');
    const cut = await importWxr(4, 'ferry-cut.xml');
    const report = await app.inject({ method: 'POST', url: `${threadUrl}/report`, payload: { format: 'csv', commentIds: ['101', '102'], scopeNote: 'flagged only' } });
    expect(report.statusCode).toBe(200);
    const removed = await app.inject({ method: 'POST', url: `${threadUrl}/missing/remove`, payload: { revision: cut.threads[0]!.revision } });
    expect(removed.json()).toEqual({ removed: 6, revision: 2 });
    // A removal that finds nothing to remove changes nothing and is not audited.
    await app.inject({ method: 'POST', url: `${threadUrl}/missing/remove`, payload: { revision: 2 } });
    expect((await app.inject({ method: 'POST', url: `${threadUrl}/rescore` })).statusCode).toBe(200);

    as('ed', 'editor');
    const entries = await audit();
    expect(entries.map((e) => [e.actor, e.actorRole, e.action, e.threadId, e.commentId])).toEqual([
      ['mo', 'moderator', 'rescore', REIMPORT_THREAD_ID, null],
      ['mo', 'moderator', 'missing.remove', REIMPORT_THREAD_ID, null],
      ['mo', 'moderator', 'export', REIMPORT_THREAD_ID, null],
      ['mo', 'moderator', 'import', REIMPORT_THREAD_ID, null],
      ['mo', 'moderator', 'import', REIMPORT_THREAD_ID, null],
    ]);
    expect(entries[4]!.what).toMatch(/^imported 10 comments \(10 new, 0 changed, 0 missing\) from ferry\.xml as wxr$/);
    expect(entries[3]!.what).toMatch(/^imported 4 comments \(0 new, 0 changed, 6 missing\) from ferry-cut\.xml as wxr, revision 2$/);
    expect(entries[2]!.what).toBe('report as csv: 2 comments, flagged only');
    expect(entries[1]!.what).toBe('removed 6 comments missing from revision 2');
    expect(entries[0]!.what).toMatch(/^scored 0 texts again with fake 1; 0 still unscored$/);
    for (const e of entries) expect(Date.parse(e.at)).not.toBeNaN();
  });

  it('audits a scorer switch by an administrator', async () => {
    const local = fakeScorer('1');
    const other = { ...fakeScorer('2'), name: 'other' };
    await start(new ScorerSwitch('local', new Map<ScorerChoice, ChosenScorer | string>([
      ['local', { scorer: local, remote: null, notice: null }],
      ['openai', { scorer: other, remote: null, notice: null }],
    ])));
    expect((await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'openai' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: '/api/scoring/scorer', payload: { name: 'nonsense' } })).statusCode).toBe(400);
    expect(await audit()).toEqual([expect.objectContaining({ actor: 'root', actorRole: 'admin', action: 'scorer.switch', what: 'fake 1 -> other 2' })]);
  });

  it('filters by actor, action (or prefix), thread, comment, time and pages with before and limit', async () => {
    await start();
    const log = app.audit;
    await log.append({ actor: 'Ada', actorRole: 'moderator', action: 'decision.reject', threadId: 't1', commentId: 'c1', what: 'rejected', why: 'spam' });
    await log.append({ actor: 'bob', actorRole: 'moderator', action: 'decision.approve', threadId: 't1', commentId: 'c2', what: 'approved' });
    await log.append({ actor: 'ada', actorRole: 'moderator', action: 'claim', threadId: 't1', commentId: 'c1', what: 'claimed' });
    await log.append({ actor: 'ada', actorRole: 'moderator', action: 'decision.undo', threadId: 't2', commentId: 'c1', what: 'undone' });
    const seqs = async (query: string) => (await audit(query)).map((e) => e.seq);
    expect(await seqs('')).toEqual([4, 3, 2, 1]);
    expect(await seqs('?actor=ADA')).toEqual([4, 3, 1]);
    expect(await seqs('?action=decision.')).toEqual([4, 2, 1]);
    expect(await seqs('?action=claim')).toEqual([3]);
    expect(await seqs('?threadId=t1&commentId=c1')).toEqual([3, 1]);
    expect(await seqs('?actor=ada&action=decision.&threadId=t1')).toEqual([1]);
    expect(await seqs('?limit=2')).toEqual([4, 3]);
    expect(await seqs('?limit=2&before=3')).toEqual([2, 1]);
    const now = Date.now();
    expect(await seqs(`?from=${new Date(now - 60_000).toISOString()}`)).toEqual([4, 3, 2, 1]);
    expect(await seqs(`?to=${new Date(now - 60_000).toISOString()}`)).toEqual([]);
    expect(await seqs('?from=2020-01-01&to=2020-01-02')).toEqual([]);
  });

  it('answers 400 naming the parameter for a bad query, and 403 to a moderator', async () => {
    await start();
    const bad = async (query: string, where: string, message: RegExp) => {
      const res = await app.inject({ method: 'GET', url: `/api/audit${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: expect.stringMatching(message), where });
    };
    await bad('?action=decide', 'querystring.action', /unknown action "decide": give one of login, .*or a prefix such as .*decision\./);
    await bad('?action=nothing.', 'querystring.action', /unknown action/);
    await bad('?from=yesterday', 'querystring.from', /from "yesterday" is not an ISO-8601 time/);
    await bad('?to=2026-13-45', 'querystring.to', /not an ISO-8601 time/);
    await bad('?from=2026-12-07&to=2026-12-06', 'querystring.to', /must be later than from/);
    await bad('?limit=0', 'querystring.limit', /limit must be a whole number from 1 to 1000, not "0"/);
    await bad('?limit=1001', 'querystring.limit', /from 1 to 1000/);
    await bad('?before=-3', 'querystring.before', /before must be a whole number/);
    await bad('?actor=%20', 'querystring.actor', /actor is empty/);
    await bad('?format=xml', 'querystring.format', /must be one of json, csv/);
    await bad('?who=ada', 'querystring.who', /not an allowed field/);
    await bad(`?actor=${'a'.repeat(201)}`, 'querystring.actor', /200/);
    as('mo', 'moderator');
    const refused = await app.inject({ method: 'GET', url: '/api/audit' });
    expect(refused.statusCode).toBe(403);
    as('viewer', 'viewer');
    expect((await app.inject({ method: 'GET', url: '/api/audit?format=csv' })).statusCode).toBe(403);
  });

  it('exports the same rows as CSV, neutralizing formulas, as an attachment, and audits the export', async () => {
    await start();
    await app.audit.append({ actor: '=HYPERLINK("http://x")', actorRole: 'moderator', action: 'import', threadId: 't1', what: 'imported 3 comments from +evil.csv, "quoted"', why: '' });
    await app.audit.append({ actor: 'ada', actorRole: 'moderator', action: 'decision.reject', threadId: 't1', commentId: 'c1', what: 'rejected', why: 'spam; @SUM(A1)' });
    const res = await app.inject({ method: 'GET', url: '/api/audit?format=csv&threadId=t1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="threadscope-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(`${CSV_BOM}${AUDIT_CSV_COLUMNS.join(',')}`);
    expect(lines[1]).toMatch(/^2,[^,]+,ada,moderator,decision\.reject,t1,c1,rejected,"spam; '@SUM\(A1\)"$/);
    expect(lines[2]).toMatch(/^1,[^,]+,"'=HYPERLINK\(""http:\/\/x""\)",moderator,import,t1,,"imported 3 comments from \+evil\.csv, ""quoted""",$/);
    expect(lines.slice(3)).toEqual(['']);
    const [exported] = await audit();
    expect(exported).toMatchObject({ actor: 'root', action: 'export', threadId: null, what: 'audit log as CSV: 2 entries (thread=t1)' });
  });
});
