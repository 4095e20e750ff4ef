import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideFlags, DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { buildTree } from '../../core/tree.ts';
import { importInput } from '../../importers/registry.ts';
import { contextFlags, endorsement, type ContextComment } from './context.ts';
import { detectTropes } from './detector.ts';

const PARENT = 'putin is controlled by chabad, expect the worst';

function thread(replies: string[]): ContextComment[] {
  const parent: ContextComment = { id: 'p', parentId: null, author: 'Hy', text: PARENT, tropes: detectTropes(PARENT) };
  return [parent, ...replies.map((text, i) => ({ id: `r${i}`, parentId: 'p', author: `R${i}`, text, tropes: detectTropes(text) }))];
}

describe('endorsement', () => {
  it.each([
    ['exactly', 'exactly'], ['Exactly!!', 'Exactly'], ['This.', 'This'], ['this 👆', 'this 👆'], ['👆', '👆'], ['💯', '💯'], ['100%', '100%'],
    ['Based.', 'Based'], ['So true', 'So true'], ['finally someone says it', 'finally someone says it'],
    ['Wow, finally someone said it out loud', 'finally someone said it'], ['Still nobodys gots the courage to fire back at them.', 'fire back at them'],
    ['Couldn’t agree more', 'Couldn’t agree more'], ['Exactly. And they laugh at us', 'Exactly'], ['you\u200b are right', 'you\u200b are right'],
  ])('%j endorses, evidence %j', (text, evidence) => {
    const ev = endorsement(text);
    expect(ev?.text).toBe(evidence);
    expect(ev?.role).toBe('context');
    expect(text.slice(ev!.start, ev!.end)).toBe(ev!.text);
  });

  it.each([
    "that's antisemitic", 'This is a conspiracy theory', 'this is antisemitic garbage', 'Exactly the kind of trope we should report',
    'not exactly', 'No. This is a lie.', 'right', 'so', 'This is so wrong', "You're not right about this", 'Yes, but where is the evidence?',
    'Interesting article about missile defence.', '', 'I disagree, so true it is not',
  ])('%j does not endorse', (text) => {
    expect(endorsement(text)).toBeNull();
  });
});

describe('contextFlags', () => {
  it('gives an endorsing reply a context hit one severity lower, pointing at the parent, and leaves counter-speech alone', () => {
    const comments = thread(['Exactly.', "That's antisemitic, reported.", 'this is a conspiracy theory', 'Nice weather today']);
    const flags = contextFlags(comments);
    expect([...flags.keys()]).toEqual(['r0']);
    const [hit] = flags.get('r0')!;
    expect(hit).toMatchObject({
      id: 'covert-control-of-leaders',
      severity: 2,
      explanation: 'Endorses a flagged comment by Hy: "Secret control of leaders"',
      contextOf: { commentId: 'p', tropeId: 'covert-control-of-leaders' },
      evidence: [{ start: 0, end: 7, text: 'Exactly', role: 'context' }],
    });
  });

  it('needs a flagged parent, never chains through context hits, and keeps severity at least 1', () => {
    const civil: ContextComment = { id: 'a', parentId: null, author: 'A', text: 'Good article', tropes: [] };
    const low: ContextComment = {
      id: 'b', parentId: null, author: '', text: 'chemtrails', tropes: [{ id: 'chemtrails-weather-control', name: 'Chemtrails / weather control', severity: 1, evidence: [], explanation: '' }],
    };
    const flags = contextFlags([civil, low, { id: 'c', parentId: 'a', author: 'C', text: 'exactly', tropes: [] }, { id: 'd', parentId: 'b', author: 'D', text: '💯', tropes: [] }]);
    expect(flags.has('c')).toBe(false);
    expect(flags.get('d')?.[0]).toMatchObject({ severity: 1, explanation: 'Endorses a flagged comment by an unnamed commenter: "Chemtrails / weather control"' });
    const chained = contextFlags([
      { id: 'p', parentId: null, author: 'P', text: 'x', tropes: [{ ...flags.get('d')![0]! }] },
      { id: 'q', parentId: 'p', author: 'Q', text: 'exactly', tropes: [] },
    ]);
    expect(chained.size).toBe(0);
  });

  it('on the seed: James Willy\'s "fire back at them" reply to John C Carleton gets a context flag that flags it at the default minimum severity', () => {
    const bytes = new Uint8Array(readFileSync(resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt')));
    const result = importInput({ bytes, fileName: 'seed.txt' });
    if (!result.ok) throw new Error(result.message);
    const tree = buildTree(result.threads[0]!.comments);
    const comments = tree.flat.map((n) => ({ id: n.comment.id, parentId: n.treeParentId, author: n.comment.author, text: n.comment.text, tropes: detectTropes(n.comment.text) }));
    const flags = contextFlags(comments);
    expect(flags.size).toBe(1);
    const [replyId, hits] = [...flags][0]!;
    const reply = comments.find((c) => c.id === replyId)!;
    const parent = comments.find((c) => c.id === reply.parentId)!;
    expect(reply.author).toBe('James Willy');
    expect(reply.text).toContain('fire back at them');
    expect(parent.author).toBe('John C Carleton');
    const hit = hits[0]!;
    expect(hit.contextOf).toEqual({ commentId: parent.id, tropeId: hit.id });
    expect(parent.tropes.map((h) => h.id)).toContain(hit.id);
    expect(hit.severity).toBe(2);
    expect(hit.explanation).toMatch(/^Endorses a flagged comment by John C Carleton: "/);
    expect(reply.text.slice(hit.evidence[0]!.start, hit.evidence[0]!.end)).toBe('fire back at them');
    expect(decideFlags(null, hits, DEFAULT_THRESHOLDS).flagged).toBe(true);
  });
});
