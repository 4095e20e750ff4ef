import { describe, expect, it } from 'vitest';
import { compareScores, scoreDifferences } from './browser-scoring.ts';
import type { CommentScore } from './scoring.ts';

const base: CommentScore = { scores: { TOXICITY: 0.42, INSULT: 0.9 }, evidence: { INSULT: [{ start: 3, end: 9, text: 'stupid' }] } };

describe('scoreDifferences', () => {
  it('is empty for equal scores, whatever the key order', () => {
    expect(scoreDifferences(base, { evidence: { INSULT: [{ start: 3, end: 9, text: 'stupid' }] }, scores: { INSULT: 0.9, TOXICITY: 0.42 } })).toEqual([]);
  });

  it('names an attribute off by the smallest amount, a missing one, and moved evidence', () => {
    const other: CommentScore = { scores: { TOXICITY: 0.421 }, evidence: { INSULT: [{ start: 3, end: 10, text: 'stupid!' }] } };
    expect(scoreDifferences(base, other)).toEqual([
      'TOXICITY 0.42 on the server, 0.421 in the browser',
      'INSULT 0.9 on the server, absent in the browser',
      'INSULT evidence spans differ',
    ]);
  });

  it('names an explanation that differs', () => {
    const explained: CommentScore = { ...base, explanations: { INSULT: 'Insults "you": "stupid"' } };
    expect(scoreDifferences(explained, explained)).toEqual([]);
    expect(scoreDifferences(explained, base)).toEqual(['INSULT explanation differs']);
  });

  it('names language and unsupported-attribute differences', () => {
    const other: CommentScore = { ...base, language: 'fr', languageUnsupported: true, unsupported: ['THREAT'] };
    expect(scoreDifferences(base, other)).toEqual([
      'language not set on the server, fr in the browser',
      'unsupported-language marker differs',
      'unsupported attributes differ',
    ]);
  });
});

describe('compareScores', () => {
  it('counts compared comments and reports failed or missing browser outcomes as mismatches', () => {
    const server = [
      { key: 'a', score: base },
      { key: 'b', score: base },
      { key: 'c', score: base },
    ];
    const result = compareScores(server, [{ ok: true, score: base }, { ok: false, error: 'boom' }]);
    expect(result.compared).toBe(3);
    expect(result.mismatches).toEqual([
      { key: 'b', differences: ['the browser could not score it: boom'] },
      { key: 'c', differences: ['no browser result'] },
    ]);
  });
});
