/**
 * Feedback in the thread view: suggestions add up per text (a caller's later one for the same client token replaces
 * its earlier one; the rest are averaged), and GET /api/threads/:id carries them on every comment with that text
 * (matched by hash), also when the view was cached before the feedback arrived.
 */
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadView } from '../../core/api.ts';
import { buildApp } from '../app.ts';
import { storeImport } from '../../app/pipeline.ts';
import { fakeDetector, fakeScorer, importResultOf, sampleThread, useEngineStore } from '../../app/testing/helpers.ts';
import { describeEachEngine } from '../../app/store/testing/databases.ts';
import { apiKeysFor } from '../../app/perspective-compat/api-keys.ts';
import type { StoredFeedback } from '../../app/store/score-feedback.ts';
import { summarizeFeedback } from '../../app/perspective-compat/feedback-summary.ts';
import { SUGGEST_PATH } from './suggest-route.ts';

function row(seq: number, extra: Partial<StoredFeedback>): StoredFeedback {
  return { seq, keyLabel: 'coral', textHash: 'h1', text: null, attribute: 'TOXICITY', suggested: 1, clientToken: null, communityId: null, at: `2026-12-06T10:00:0${seq}.000Z`, ...extra };
}

describe('summarizeFeedback', () => {
  it('averages the suggestions per text and attribute, in the attributes\' order, with the count and the latest time', () => {
    const summary = summarizeFeedback([row(1, { attribute: 'INSULT', suggested: 0.5 }), row(2, { suggested: 1 }), row(3, { suggested: 0 }), row(4, { textHash: 'h2', suggested: 0.25 })]);
    expect(summary.get('h1')).toEqual([
      { attribute: 'TOXICITY', suggested: 0.5, count: 2, latestAt: '2026-12-06T10:00:03.000Z' },
      { attribute: 'INSULT', suggested: 0.5, count: 1, latestAt: '2026-12-06T10:00:01.000Z' },
    ]);
    expect(summary.get('h2')).toEqual([{ attribute: 'TOXICITY', suggested: 0.25, count: 1, latestAt: '2026-12-06T10:00:04.000Z' }]);
  });

  it('counts only a caller\'s latest suggestion per client token and community (a changed decision replaces the first)', () => {
    const summary = summarizeFeedback([
      row(1, { clientToken: 'comment:1', communityId: 'Coral:a', suggested: 1 }),
      row(2, { clientToken: 'comment:1', communityId: 'Coral:a', suggested: 0 }),
      row(3, { clientToken: 'comment:1', communityId: 'Coral:b', suggested: 1 }),
      row(4, { clientToken: 'comment:1', communityId: 'Coral:a', keyLabel: 'other', suggested: 1 }),
    ]);
    expect(summary.get('h1')).toEqual([{ attribute: 'TOXICITY', suggested: 2 / 3, count: 3, latestAt: '2026-12-06T10:00:04.000Z' }]);
  });
});

describeEachEngine('feedback in the thread view', (engine) => {
  const ctx = useEngineStore(engine);
  let app: FastifyInstance;
  let key: string;

  beforeEach(async () => {
    const { store } = ctx;
    app = await buildApp({ store, scorer: fakeScorer(), detector: fakeDetector(), uiDir: path.join(os.tmpdir(), 'threadscope-no-ui') });
    key = (await apiKeysFor(store).create('coral')).key;
    await storeImport(store, importResultOf([sampleThread()]), { scorer: fakeScorer(), detector: fakeDetector() });
  });

  afterEach(async () => {
    await app.close();
  });

  const view = async (): Promise<ThreadView> => (await app.inject({ method: 'GET', url: '/api/threads/t1' })).json() as ThreadView;
  const feedbackOf = (v: ThreadView) => Object.fromEntries(v.comments.map((c) => [c.id, c.feedback?.map((f) => `${f.attribute} ${f.suggested} x${f.count}`) ?? null]));

  async function suggest(text: string, value: number, extra: object = {}): Promise<void> {
    const response = await app.inject({ method: 'POST', url: `${SUGGEST_PATH}?key=${key}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ comment: { text }, attributeScores: { TOXICITY: { summaryScore: { value } } }, ...extra }) });
    expect(response.statusCode).toBe(200);
  }

  it('attaches feedback to each comment whose text it was given for, also to a view cached before it arrived', async () => {
    expect(feedbackOf(await view())).toEqual({ c1: null, c2: null, c3: null, c4: null });
    await suggest('You are a loser.', 0);
    expect(feedbackOf(await view())).toEqual({ c1: null, c2: ['TOXICITY 0 x1'], c3: null, c4: null });
    // c1 and c4 have the same text: both carry it. A text with doNotStore matches by its hash all the same.
    await suggest('First comment, civil.', 1, { doNotStore: true });
    await suggest('First comment, civil.', 0, { clientToken: 'comment:9' });
    const v = await view();
    expect(feedbackOf(v)).toEqual({ c1: ['TOXICITY 0.5 x2'], c2: ['TOXICITY 0 x1'], c3: null, c4: ['TOXICITY 0.5 x2'] });
    expect(v.comments.find((c) => c.id === 'c2')?.feedback?.[0]?.latestAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('ignores feedback for a text the thread does not have, and a near miss of a text', async () => {
    await suggest('You are a loser!', 1);
    await suggest('Something else entirely.', 1);
    expect(feedbackOf(await view())).toEqual({ c1: null, c2: null, c3: null, c4: null });
  });
});
