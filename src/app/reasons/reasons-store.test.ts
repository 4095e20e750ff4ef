/** The team's reasons on both store engines (issue 15): seeding once, replacing under the rules, codes in use. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ReasonDef } from '../../core/api.ts';
import { DEFAULT_REASONS } from '../../core/reasons.ts';
import { migrate } from '../store/pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from '../store/testing/databases.ts';
import { describeReasonChange, readReasons, replaceReasons, usedReasonCodes } from './reasons-store.ts';

const spam: ReasonDef = { code: 'spam', label: 'Spam', ground: 'incompatible', needsNote: false, retired: false };
const scam: ReasonDef = { code: 'scam', label: 'Scam', ground: 'illegal', needsNote: true, retired: false };

describeEachEngine('reasons', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());

  it('seeds the defaults into an empty table once, even when read at once', async () => {
    const reads = await Promise.all([readReasons(db), readReasons(db), readReasons(db)]);
    for (const list of reads) expect(list).toEqual(DEFAULT_REASONS);
    expect(await db.sql.value('SELECT count(*) FROM reasons')).toBe(DEFAULT_REASONS.length);
  });

  it('replaces the list in its order; a refused list changes nothing', async () => {
    const result = await replaceReasons(db, [scam, spam]);
    expect(result).toEqual({ ok: true, reasons: [scam, spam], before: DEFAULT_REASONS });
    expect(await readReasons(db)).toEqual([scam, spam]);
    const refused = await replaceReasons(db, [spam, spam]);
    expect(refused).toMatchObject({ ok: false, problems: [{ where: 'reasons[1].code' }] });
    expect(await readReasons(db)).toEqual([scam, spam]);
  });

  it('counts the codes decisions name: such a reason can be retired, not removed', async () => {
    await replaceReasons(db, [scam, spam]);
    await db.sql.run("INSERT INTO threads (id, title, article_text, source_format, imported_at) VALUES ('t1', 'T', '', 'test', '2026-12-07T08:00:00Z')");
    await db.sql.run("INSERT INTO decisions (id, thread_id, comment_id, action, moderator, reason, at) VALUES ('d1', 't1', 'c1', 'reject', 'ada', 'spam', '2026-12-07T08:00:00Z')");
    await db.sql.run("INSERT INTO decisions (id, thread_id, comment_id, action, moderator, reason, at) VALUES ('d2', 't1', 'c2', 'reject', 'ada', 'free text', '2026-12-07T08:00:00Z')");
    expect([...(await usedReasonCodes(db))]).toEqual(['spam']);
    expect(await replaceReasons(db, [scam])).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/"spam": a reason in use cannot be removed/) }] });
    const retired = await replaceReasons(db, [scam, { ...spam, retired: true }]);
    expect(retired.ok).toBe(true);
    if (retired.ok) expect(describeReasonChange(retired.before, retired.reasons)).toBe('retired "spam"');
  });
});
