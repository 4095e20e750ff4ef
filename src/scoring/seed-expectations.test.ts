import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideFlags, DEFAULT_THRESHOLDS, type FlagDecision } from '../core/flags.ts';
import type { Comment } from '../core/model.ts';
import type { CommentScore, TropeHit } from '../core/scoring.ts';
import { importInput } from '../importers/registry.ts';
import { createEmbeddedScorer, createTropeDetector } from './index.ts';

const SEED = resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

interface Scored {
  comment: Comment;
  score: CommentScore | null;
  tropes: TropeHit[];
  decision: FlagDecision;
}

let scored: Scored[] = [];

beforeAll(async () => {
  const result = importInput({ bytes: new Uint8Array(readFileSync(SEED)), fileName: 'seed.txt' });
  if (!result.ok) throw new Error(`seed did not import: ${result.message}`);
  const comments = result.threads[0]?.comments ?? [];
  const outcomes = await createEmbeddedScorer().score(comments.map((c) => ({ key: c.id, text: c.text })));
  const detector = createTropeDetector();
  scored = comments.map((comment, i) => {
    const outcome = outcomes[i];
    const score = outcome?.ok ? outcome.score : null;
    const tropes = detector.detect(comment.text);
    return { comment, score, tropes, decision: decideFlags(score, tropes, DEFAULT_THRESHOLDS) };
  });
});

/** Entries by author, in thread order; `containing` picks one by a phrase of its text. */
function by(author: string, containing?: string): Scored[] {
  const list = scored.filter((s) => s.comment.author === author && (containing === undefined || s.comment.text.includes(containing)));
  expect(list.length, `entries by ${author}${containing ? ` with "${containing}"` : ''}`).toBeGreaterThan(0);
  return list;
}

describe('seed thread with the default thresholds (issue 2, point 4)', () => {
  it('scores all 15 entries, each ok', () => {
    expect(scored).toHaveLength(15);
    expect(scored.every((s) => s.score !== null)).toBe(true);
  });

  it('Hyman Griebowitz carries a secret-control trope flag with evidence spans', () => {
    const [s] = by('Hyman Griebowitz');
    expect(s?.decision.flagged).toBe(true);
    const hit = s?.tropes.find((h) => h.id === 'covert-control-of-leaders');
    expect(hit?.evidence.map((e) => e.text)).toEqual(['putin', 'is controlled by', 'chabad']);
    expect(s?.decision.reasons).toContain('Trope Secret control of leaders (S3): "chabad" is said to control "putin" ("is controlled by")');
  });

  it('John C Carleton carries dehumanisation and world-domination flags with evidence spans', () => {
    const [s] = by('John C Carleton');
    expect(s?.decision.flagged).toBe(true);
    expect(s?.tropes.map((h) => h.id).sort()).toEqual(['dehumanization-vermin-disease', 'world-domination-plot']);
    for (const hit of s?.tropes ?? []) {
      for (const e of hit.evidence) expect(s?.comment.text.slice(e.start, e.end)).toBe(e.text);
    }
    expect(s?.decision.reasons.filter((r) => r.startsWith('Trope '))).toHaveLength(2);
  });

  it('Stuart Westercamp\'s insult is flagged as an insult, quoting it', () => {
    const [s] = by('Stuart Westercamp', 'real losers');
    expect(s?.decision.flagged).toBe(true);
    expect(s?.decision.reasons.some((r) => r.startsWith('INSULT') && r.includes('"real losers"'))).toBe(true);
    expect(s?.tropes).toEqual([]);
  });

  it('James Willy\'s "civil war ... body count" comment is flagged as a threat', () => {
    const [s] = by('James Willy', 'body count');
    expect(s?.decision.flagged).toBe(true);
    expect(s?.decision.reasons.some((r) => r.startsWith('THREAT') && r.includes('"civil war"'))).toBe(true);
    expect(s?.score?.evidence.THREAT?.map((e) => e.text)).toEqual(expect.arrayContaining(['civil war', 'body count']));
  });

  it('exactly those four comments are flagged', () => {
    expect(scored.filter((s) => s.decision.flagged).map((s) => s.comment.author)).toEqual([
      'Hyman Griebowitz',
      'John C Carleton',
      'Stuart Westercamp',
      'James Willy',
    ]);
  });

  const civil: [string, string | undefined][] = [
    ['Vish', undefined],
    ['All_has_An _END_.', undefined],
    ['CHUCKMAN', undefined],
    ['thomas malthaus', undefined],
    ['Canosin', undefined],
    ['Benyamin Ben Israel', undefined],
    ['James Willy', 'That really Sucks'],
    ['James Willy', 'terrorize the planet'],
  ];
  for (const [author, phrase] of civil) {
    it(`${author}${phrase ? ` ("${phrase}")` : ''}: not flagged`, () => {
      for (const s of by(author, phrase)) {
        expect(s.decision, s.comment.text).toEqual({ flagged: false, needsHuman: null, reasons: [] });
        expect(s.tropes).toEqual([]);
      }
    });
  }

  it('every CHUCKMAN and Canosin entry is unflagged, incl. the establishment remark and "Foggy Bottom"', () => {
    expect(by('CHUCKMAN')).toHaveLength(2);
    expect(by('CHUCKMAN', 'establishment is just so bad').every((s) => !s.decision.flagged)).toBe(true);
    expect(by('Canosin')).toHaveLength(2);
    expect(by('thomas malthaus', 'Foggy Bottom').every((s) => !s.decision.flagged)).toBe(true);
  });

  it('the empty comment and the pingback are not flagged', () => {
    const empty = scored.filter((s) => s.comment.text.trim() === '');
    expect(empty.length).toBeGreaterThan(0);
    const pingbacks = scored.filter((s) => s.comment.kind === 'pingback');
    expect(pingbacks).toHaveLength(1);
    for (const s of [...empty, ...pingbacks]) expect(s.decision.flagged).toBe(false);
  });
});
