import { describe, expect, it } from 'vitest';
import type { ThreadHeader, ViewComment } from './api.ts';
import { decideFlags, maxScore, needsHumanOf, type Thresholds } from './flags.ts';
import { ATTRIBUTES, type CommentScore, type TropeHit, type TropeSeverity } from './scoring.ts';
import { COMMENT_BITS, flaggedAt, highestAt, needsHumanAt, overThresholdAt, ThreadIndexBuilder } from './thread-index.ts';

const header: ThreadHeader = {
  id: 't', title: 'T', url: null, articleText: '', sourceFormat: 'generic-json', importedAt: '2026-12-07T00:00:00.000Z',
  scorer: { name: 's', version: '1', description: '' }, detector: { name: 'd', version: '1' }, problems: [],
  defaultThresholds: { attributes: { TOXICITY: 0.7, SEVERE_TOXICITY: 0.5, IDENTITY_ATTACK: 0.5, INSULT: 0.6, PROFANITY: 0.7, THREAT: 0.5 }, tropeMinSeverity: 2 },
};

/** A small deterministic random source (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function comment(i: number, over: Partial<ViewComment>): ViewComment {
  return {
    id: `c${i}`, parentId: null, author: `a${i % 3}`, createdAt: '2026-01-01T00:00:00Z', createdAtText: null, text: 'words', html: null,
    kind: 'comment', status: 'published', depth: 0, treeParentId: null, orphan: false, descendantCount: 0, score: null, scoreError: null, tropes: [], ...over,
  };
}

function randomComments(n: number, random: () => number): ViewComment[] {
  const out: ViewComment[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    let score: CommentScore | null = null;
    if (r > 0.1) {
      const scores: CommentScore['scores'] = {};
      for (const a of ATTRIBUTES) if (random() > 0.2) scores[a] = random() > 0.95 ? Number.NaN : Math.round(random() * 100) / 100;
      score = { scores, evidence: {} };
      const lang = random();
      if (lang > 0.9) Object.assign(score, { language: 'de', languageUnsupported: true });
      else if (lang > 0.85) Object.assign(score, { language: 'en' });
      else if (lang > 0.8) Object.assign(score, { language: 'fr' });
    }
    const tropes: TropeHit[] = random() > 0.7
      ? [{ id: `trope-${Math.floor(random() * 3)}`, name: 'Some trope', severity: (1 + Math.floor(random() * 4)) as TropeSeverity, evidence: [], explanation: 'x' }]
      : [];
    const text = r < 0.05 ? '  ' : 'words';
    out.push(comment(i, { score, tropes, text, scoreError: score === null && text.trim() !== '' ? 'failed' : null }));
  }
  return out;
}

describe('thread index', () => {
  it('flags, needs-human, highest and over-threshold answers equal the policy on the full comment, for many thresholds', () => {
    const random = lcg(7);
    const comments = randomComments(400, random);
    const builder = new ThreadIndexBuilder();
    comments.forEach((c) => builder.add(c));
    const index = builder.finish(header, 'v1', []);
    expect(index.count).toBe(400);
    let flagged = 0;
    const mismatches: string[] = [];
    for (let round = 0; round < 25; round++) {
      const thresholds: Thresholds = {
        attributes: Object.fromEntries(ATTRIBUTES.map((a) => [a, Math.round(random() * 100) / 100])) as Thresholds['attributes'],
        tropeMinSeverity: (1 + Math.floor(random() * 4)) as TropeSeverity,
      };
      comments.forEach((c, i) => {
        const decision = decideFlags(c.score, c.tropes, thresholds);
        if (flaggedAt(index, i, thresholds) !== decision.flagged) mismatches.push(`flag of comment ${i}, round ${round}`);
        if (decision.flagged) flagged++;
        const over = ATTRIBUTES.filter((a) => { const v = c.score?.scores[a]; return v !== undefined && Number.isFinite(v) && v >= thresholds.attributes[a]; });
        if (overThresholdAt(index, i, thresholds).join() !== over.join()) mismatches.push(`over threshold of comment ${i}, round ${round}`);
      });
    }
    expect(mismatches).toEqual([]);
    // The random comments cover both answers.
    expect(flagged).toBeGreaterThan(100);
    expect(flagged).toBeLessThan(400 * 25 - 100);
    comments.forEach((c, i) => {
      expect(needsHumanAt(index, i)).toEqual(needsHumanOf(c.score));
      const best = maxScore(c.score);
      expect(highestAt(index, i)).toBe(best);
    });
  });

  it('keeps tree parents as display indexes, authors and tropes as dictionaries, and marks empty and failed comments', () => {
    const builder = new ThreadIndexBuilder();
    const hit: TropeHit = { id: 'covert-control', name: 'Secret control', severity: 3, evidence: [], explanation: 'x' };
    builder.add(comment(0, { author: 'ann', descendantCount: 2 }));
    builder.add(comment(1, { author: 'bob', depth: 1, treeParentId: 'c0', descendantCount: 1, tropes: [hit], createdAt: null }));
    builder.add(comment(2, { author: 'ann', depth: 2, treeParentId: 'c1', text: '', kind: 'pingback' }));
    builder.add(comment(3, { author: '', orphan: true, scoreError: 'timeout', missing: { since: '2026-12-01T00:00:00Z', fileName: null } }));
    const index = builder.finish(header, 'v2', []);
    expect(index.treeParent).toEqual([-1, 0, 1, -1]);
    expect(index.depth).toEqual([0, 1, 2, 0]);
    expect(index.descendants).toEqual([2, 1, 0, 0]);
    expect(index.authors).toEqual(['ann', 'bob', '']);
    expect(index.author).toEqual([0, 1, 0, 2]);
    expect(index.createdAt[0]).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(index.createdAt[1]).toBeNull();
    expect(index.tropeKinds).toEqual([{ id: 'covert-control', name: 'Secret control' }]);
    expect(index.tropes).toEqual({ 1: [[0, 3]] });
    expect(index.bits[2]! & COMMENT_BITS.EMPTY).toBeTruthy();
    expect(index.bits[2]! & COMMENT_BITS.PINGBACK).toBeTruthy();
    expect(index.bits[0]! & COMMENT_BITS.SCORE_ERROR).toBeTruthy();
    expect(index.bits[3]! & (COMMENT_BITS.ORPHAN | COMMENT_BITS.MISSING | COMMENT_BITS.SCORE_ERROR)).toBe(COMMENT_BITS.ORPHAN | COMMENT_BITS.MISSING | COMMENT_BITS.SCORE_ERROR);
    // JSON round trip keeps every answer (the index travels as JSON; numeric record keys become strings).
    const back = JSON.parse(JSON.stringify(index)) as typeof index;
    expect(flaggedAt(back, 1, header.defaultThresholds)).toBe(true);
    expect(flaggedAt(back, 0, header.defaultThresholds)).toBe(false);
  });
});
