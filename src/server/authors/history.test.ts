import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTHOR_TEXT_MAX, type ApiError, type AuthorHistory } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../core/flags.ts';
import type { Comment, Thread } from '../../core/model.ts';
import { buildApp } from '../app.ts';
import { storeImport } from '../../app/pipeline.ts';
import { writeTeamThresholds } from '../settings/team-thresholds.ts';
import type { Store } from '../../app/store/store.ts';
import { comment, fakeDetector, fakeScorer, importResultOf, useEngineStore } from '../../app/testing/helpers.ts';
import { AUTHOR_NAME_MAX, authorHistory, cutText } from '../../app/authors/history.ts';
import { HISTORY_SQL } from '../../app/store/author-history.ts';
import { describeEachEngine } from '../../app/store/testing/databases.ts';

const engines = { scorer: fakeScorer(), detector: fakeDetector() };
const by = (author: string, createdAt: string | null) => ({ author, createdAt });
const thread = (id: string, title: string, comments: Comment[]): Thread => ({ id, title, url: null, articleText: '', sourceFormat: 'test', comments });

/** Ann writes in two threads; "ann" and "Ann " are other people (exact match). */
function threadOne(firstText = 'You are a loser.'): Thread {
  return thread('t1', 'Thread one', [
    comment('a1', null, firstText, by('Ann', '2026-01-01T10:00:00Z')),
    comment('b1', null, 'They are vermin.', by('Bob', '2026-01-01T11:00:00Z')),
    comment('a2', 'b1', 'Exactly.', by('Ann', '2026-01-01T12:00:00Z')),
    comment('a3', null, 'x'.repeat(400), by('Ann', null)),
    comment('l1', null, 'Lower-case ann.', by('ann', '2026-01-02T00:00:00Z')),
  ]);
}
function threadTwo(): Thread {
  return thread('t2', 'Thread two', [
    comment('a4', null, 'A civil remark.', by('Ann', '2026-02-01T09:00:00Z')),
    comment('a5', null, 'Another civil remark.', by('Ann', '2026-01-15T09:00:00Z')),
    comment('s1', null, 'Trailing space.', by('Ann ', '2026-03-01T00:00:00Z')),
  ]);
}

async function seed(store: Store): Promise<void> {
  await storeImport(store, importResultOf([threadOne()]), engines);
  await storeImport(store, importResultOf([threadTwo()]), engines);
  const decide = (threadId: string, commentId: string, action: 'approve' | 'reject' | 'escalate' | 'reset', moderator: string, n: number) =>
    store.appendDecision(threadId, { id: `decision-${String(n).padStart(4, '0')}`, commentId, action, moderator }, `2026-04-01T00:00:0${n}Z`);
  await decide('t1', 'a1', 'escalate', 'mo', 1);
  await decide('t1', 'a1', 'reject', 'ed', 2);
  await decide('t2', 'a4', 'approve', 'mo', 3);
  await decide('t2', 'a5', 'escalate', 'mo', 4);
  await decide('t2', 'a5', 'reset', 'mo', 5);
  await decide('t1', 'a2', 'escalate', 'mo', 6);
}

const history = (store: Store, author = 'Ann', thresholds: Thresholds = DEFAULT_THRESHOLDS, limit?: number) =>
  authorHistory(store, author, engines, { thresholds, ...(limit === undefined ? {} : { limit }) });

describeEachEngine('authorHistory', (engine) => {
  const ctx = useEngineStore(engine);
  beforeEach(async () => seed(ctx.store));

  it('lists the author exactly as imported, across threads, newest first, with flags, decisions and counts', async () => {
    const h = await history(ctx.store);
    expect(h.author).toBe('Ann');
    expect(h.comments.map((c) => c.commentId)).toEqual(['a4', 'a5', 'a2', 'a1', 'a3']);
    expect(h.counts).toEqual({ comments: 5, approved: 1, rejected: 1, escalated: 1, flagged: 2 });
    expect(h.truncated).toBe(false);
    const [a4, a5, a2, a1, a3] = h.comments;
    expect(a4).toMatchObject({ threadId: 't2', threadTitle: 'Thread two', displayIndex: 0, postedAt: '2026-02-01T09:00:00Z', decision: 'approved', decidedBy: 'mo', flagged: false, flagReasons: [] });
    // Escalated, then reset: no decision.
    expect(a5).toMatchObject({ decision: null, decidedBy: null });
    // A reply endorsing a trope-flagged parent is flagged by context, as in the thread index.
    expect(a2).toMatchObject({ threadId: 't1', displayIndex: 2, flagged: true, decision: 'escalated', decidedBy: 'mo' });
    expect(a2!.flagReasons).toHaveLength(1);
    expect(a2!.flagReasons[0]).toMatch(/^Trope Dehumanisation \(S\d\): Endorses a flagged comment by Bob/);
    expect(a1).toMatchObject({ text: 'You are a loser.', flagged: true, decision: 'rejected', decidedBy: 'ed' });
    expect(a1!.flagReasons).toEqual(['TOXICITY 0.80 ≥ 0.70', 'INSULT 0.90 ≥ 0.60']);
    expect(a3!.postedAt).toBeNull();
    expect(a3!.text).toHaveLength(AUTHOR_TEXT_MAX);
    expect(a3!.text.endsWith('…')).toBe(true);
    expect((await history(ctx.store, 'ann')).comments.map((c) => c.commentId)).toEqual(['l1']);
    expect((await history(ctx.store, 'Ann ')).comments.map((c) => c.commentId)).toEqual(['s1']);
    expect((await history(ctx.store, 'nobody'))).toEqual({ author: 'nobody', counts: { comments: 0, approved: 0, rejected: 0, escalated: 0, flagged: 0 }, comments: [], truncated: false });
  });

  it('flags under the thresholds it is given', async () => {
    const strict: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.85, INSULT: 0.95 }, tropeMinSeverity: 4 };
    const h = await history(ctx.store, 'Ann', strict);
    expect(h.counts.flagged).toBe(0);
    expect(h.comments.every((c) => !c.flagged && c.flagReasons.length === 0)).toBe(true);
    const loose: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.05 }, tropeMinSeverity: 1 };
    // Every text scores at least TOXICITY 0.1 with the fake scorer.
    expect((await history(ctx.store, 'Ann', loose)).counts.flagged).toBe(5);
  });

  it('lists at most `limit` comments (truncated), while the counts cover them all', async () => {
    const h = await history(ctx.store, 'Ann', DEFAULT_THRESHOLDS, 2);
    expect(h.comments.map((c) => c.commentId)).toEqual(['a4', 'a5']);
    expect(h.truncated).toBe(true);
    expect(h.counts.comments).toBe(5);
    expect(h.counts.rejected).toBe(1);
  });

  it('reads the current generation only: a re-import shows the new text once, decisions kept', async () => {
    await storeImport(ctx.store, importResultOf([threadOne('You are a civil person.')]), engines);
    const h = await history(ctx.store);
    expect(h.counts.comments).toBe(5);
    const a1 = h.comments.find((c) => c.commentId === 'a1')!;
    expect(a1).toMatchObject({ text: 'You are a civil person.', flagged: false, decision: 'rejected' });
  });
});

describeEachEngine('authorHistory at size', (engine) => {
  const ctx = useEngineStore(engine);

  it('finds the author through the comments_by_author index, and answers 1,000 of 3,000 comments with the newest 500', async () => {
    if (engine === 'sqlite') {
      const plan = await ctx.store.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${HISTORY_SQL}`, [1, 's', '1', 'd', '1', 'd', '1', 'x']);
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH c USING INDEX comments_by_author \(author=\?/);
    }
    const comments = Array.from({ length: 3000 }, (_, i) => {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60) % 24).padStart(2, '0');
      const day = String(1 + Math.floor(i / 1440)).padStart(2, '0');
      return comment(`c${i}`, i % 2 === 1 ? `c${i - 1}` : null, i % 7 === 0 ? 'You are a loser.' : `Remark number ${i}.`, by(`author ${i % 3}`, `2026-05-${day}T${hour}:${minute}:00Z`));
    });
    await storeImport(ctx.store, importResultOf([thread('big', 'Big', comments)]), engines);
    const h = await history(ctx.store, 'author 0');
    expect(h.counts.comments).toBe(1000);
    expect(h.comments).toHaveLength(500);
    expect(h.truncated).toBe(true);
    expect(h.comments[0]!.commentId).toBe('c2997');
    expect(h.counts.flagged).toBe(comments.filter((c, i) => i % 3 === 0 && c.text.includes('loser')).length);
  });
});

describe('cutText', () => {
  it('keeps short texts, cuts long ones with an ellipsis and never splits a surrogate pair', async () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('abcd', 3)).toBe('ab…');
    expect(cutText('a😀b', 3)).toBe('a…');
  });
});

describeEachEngine('GET /api/authors/history', (engine) => {
  const ctx = useEngineStore(engine);
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: ctx.store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(os.tmpdir(), 'threadscope-no-ui') });
    await seed(ctx.store);
  });
  afterEach(async () => {
    await app.close();
  });
  const get = (query: string) => app.inject({ method: 'GET', url: `/api/authors/history${query}` });

  it('answers the history of an author', async () => {
    const response = await get(`?author=${encodeURIComponent('Ann')}`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as AuthorHistory;
    expect(body.counts.comments).toBe(5);
    expect(body.comments[0]!.commentId).toBe('a4');
  });

  it("flags under the team's thresholds", async () => {
    expect(((await get('?author=Ann')).json() as AuthorHistory).counts.flagged).toBe(2);
    await writeTeamThresholds(ctx.store, { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.85, INSULT: 0.95 }, tropeMinSeverity: 4 }, 'ada', new Date().toISOString());
    expect(((await get('?author=Ann')).json() as AuthorHistory).counts.flagged).toBe(0);
  });

  it('refuses a missing, empty, repeated or too long author with 400 naming the parameter', async () => {
    for (const query of ['', '?author=', '?author=a&author=b', `?author=${'x'.repeat(AUTHOR_NAME_MAX + 1)}`, '?author=Ann&other=1']) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      const body = response.json() as ApiError;
      expect(body.error.length).toBeGreaterThan(0);
      expect(body.where ?? '', query).toMatch(/^querystring/);
    }
    expect((await get(`?author=${'x'.repeat(AUTHOR_NAME_MAX)}`)).statusCode).toBe(200);
  });
});
