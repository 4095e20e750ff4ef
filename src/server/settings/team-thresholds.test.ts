import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, LiveEvent, TeamThresholds } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import type { Role } from '../../core/roles.ts';
import type { Actor } from '../../app/auth/actor.ts';
import { buildApp } from '../app.ts';
import { fakeDetector, fakeScorer, useTempStore } from '../../app/testing/helpers.ts';
import { migrate } from '../../app/store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../../app/store/testing/databases.ts';
import { readTeamThresholds, writeTeamThresholds } from './team-thresholds.ts';

describe('GET and PUT /api/settings/thresholds', () => {
  const ctx = useTempStore();
  const who: { role: Role } = { role: 'admin' };
  let app: FastifyInstance;
  const events: LiveEvent[] = [];
  const auth = {
    actorOf: (): Actor => ({ userId: 1, username: `the-${who.role}`, role: who.role, mode: 'account', sessionHash: 'x', expiresAt: null, mustChangePassword: false }),
    stillValid: () => true,
  };
  const start = async () => {
    app = await buildApp({
      store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(ctx.dir, 'no-ui'),
      auth,
    });
    app.live.subscribe((event) => events.push(event));
  };
  afterEach(async () => {
    await app?.close();
    who.role = 'admin';
    events.length = 0;
  });
  const raised = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.7, THREAT: 0.45 }, tropeMinSeverity: 3 as const };
  const put = (body: unknown) => app.inject({ method: 'PUT', url: '/api/settings/thresholds', payload: body as object });
  const get = async (): Promise<TeamThresholds> => (await app.inject({ method: 'GET', url: '/api/settings/thresholds' })).json() as TeamThresholds;

  it('answers the built-in defaults until an administrator sets them; the change is stored, audited and announced', async () => {
    await start();
    who.role = 'viewer';
    expect(await get()).toEqual({ thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null });

    who.role = 'admin';
    const res = await put({ thresholds: { ...raised, attributes: { ...raised.attributes, EXTRA: 0.1 } }, why: '  too many insults flagged  ' });
    expect(res.statusCode).toBe(200);
    const saved = res.json() as TeamThresholds;
    expect(saved).toEqual({ thresholds: raised, updatedAt: expect.any(String), updatedBy: 'the-admin' });
    who.role = 'moderator';
    expect(await get()).toEqual(saved);
    expect(await readTeamThresholds(ctx.store)).toEqual(saved);
    expect(events).toEqual([{ type: 'thresholds' }]);
    const entries = await app.audit.read({ limit: 10 });
    expect(entries).toEqual([
      expect.objectContaining<Partial<AuditEntry>>({ actor: 'the-admin', actorRole: 'admin', action: 'thresholds.change', what: 'INSULT 0.60 -> 0.70, THREAT 0.50 -> 0.45, Trope severity S2 -> S3', why: 'too many insults flagged' }),
    ]);

    // The same values again: nothing is written, audited or announced.
    who.role = 'admin';
    expect((await put({ thresholds: raised })).json()).toEqual(saved);
    expect(await app.audit.read({ limit: 10 })).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('refuses other roles (403) and bad thresholds (400 naming the field)', async () => {
    await start();
    for (const role of ['viewer', 'moderator', 'editor'] as const) {
      who.role = role;
      expect((await put({ thresholds: raised })).statusCode).toBe(403);
    }
    who.role = 'admin';
    const bad = async (body: unknown, error: RegExp, where: string) => {
      const res = await put(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: expect.stringMatching(error), where });
    };
    await bad({ thresholds: { ...raised, attributes: { ...raised.attributes, INSULT: 1.5 } } }, /^body\.thresholds\.attributes\.INSULT must be a number from 0 to 1$/, 'body.thresholds');
    await bad({ thresholds: { ...raised, tropeMinSeverity: 9 } }, /tropeMinSeverity must be 1, 2, 3 or 4/, 'body.thresholds');
    await bad({ thresholds: raised, why: 'x'.repeat(2001) }, /2000/, 'body.why');
    await bad({ why: 'no thresholds' }, /body\.thresholds is required/, 'body.thresholds');
    await bad({ thresholds: raised, by: 'mallory' }, /body\.by is not an allowed field/, 'body.by');
    expect((await readTeamThresholds(ctx.store)).updatedAt).toBeNull();
    expect(await app.audit.read({ limit: 10 })).toEqual([]);
  });

  it('ignores a stored value that is not valid (a hand-edited database): the defaults again', async () => {
    await start();
    await ctx.store.sql.run("INSERT INTO settings (key, json, updated_at, updated_by) VALUES ('thresholds', '{\"attributes\":{}}', 'x', 'y')");
    expect(await get()).toEqual({ thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null });
  });

  it('a report asked without thresholds uses the team\'s', async () => {
    await start();
    await put({ thresholds: { attributes: { TOXICITY: 0, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, PROFANITY: 0, THREAT: 0 }, tropeMinSeverity: 1 } });
    const imported = await app.inject({ method: 'POST', url: '/api/imports', payload: { content: 'id,text\n1,Nice article.\n', fileName: 't.csv' } });
    const id = (imported.json() as { threads: Array<{ id: string }> }).threads[0]!.id;
    const report = await app.inject({ method: 'POST', url: `/api/threads/${encodeURIComponent(id)}/report`, payload: { format: 'json' } });
    expect(report.statusCode).toBe(200);
    expect((report.json() as { thresholds: { attributes: { INSULT: number } } }).thresholds.attributes.INSULT).toBe(0);
  });
});

describeEachEngine('the team\'s thresholds in the settings table', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());
  const raised = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.7 }, tropeMinSeverity: 3 as const };

  it('reads the defaults until written, then what was written last (only the known fields)', async () => {
    expect(await readTeamThresholds(db)).toEqual({ thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null });
    await writeTeamThresholds(db, { ...raised, extra: 1 } as typeof raised, 'ada', '2026-12-07T08:00:00.000Z');
    const later = { ...raised, tropeMinSeverity: 4 as const };
    expect(await writeTeamThresholds(db, later, 'bob', '2026-12-07T09:00:00.000Z')).toEqual({ thresholds: later, updatedAt: '2026-12-07T09:00:00.000Z', updatedBy: 'bob' });
    expect(await readTeamThresholds(db)).toEqual({ thresholds: later, updatedAt: '2026-12-07T09:00:00.000Z', updatedBy: 'bob' });
    expect(await db.sql.value('SELECT count(*) FROM settings')).toBe(1);
  });

  it('gives the defaults for a stored value that is not JSON', async () => {
    await db.sql.run("INSERT INTO settings (key, json, updated_at, updated_by) VALUES ('thresholds', 'not json', 'x', 'y')");
    expect((await readTeamThresholds(db)).updatedAt).toBeNull();
  });
});
