import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import { importInput } from '../importers/registry.ts';
import { DEMO_THREAD_FILE_NAME, DEMO_THREAD_TEXT } from './demo-thread.ts';

describe('demo thread', () => {
  const result = importInput({ text: DEMO_THREAD_TEXT, fileName: DEMO_THREAD_FILE_NAME });
  if (!result.ok) throw new Error(result.message);
  const thread = result.threads[0]!;
  const tree = buildTree(thread.comments);
  const byId = (id: string) => tree.byId.get(id)!.comment;

  it('is detected and read as copied page text without problems', () => {
    expect(result.format).toBe('page-text');
    expect(result.problems).toEqual([]);
    expect(tree.problems).toEqual([]);
    expect(result.threads).toHaveLength(1);
    expect(thread.title).toBe('Harbourton Council Approves the Eastbank Rail Tunnel After a Nine-Hour Session');
  });

  it('nests to depth 4 with 18 entries: 1 pingback, 1 empty and 1 emoji-only comment', () => {
    expect(thread.comments).toHaveLength(18);
    expect(tree.maxDepth).toBe(4);
    expect(thread.comments.filter((c) => c.kind === 'pingback').map((c) => c.id)).toEqual(['1']);
    expect(thread.comments.filter((c) => c.kind === 'comment' && c.text === '').map((c) => `${c.id} ${c.author}`)).toEqual(['5.1.1.1.1 Oskar Wendt']);
    expect(thread.comments.filter((c) => c.text !== '' && /^[\p{Extended_Pictographic}\s]+$/u.test(c.text)).map((c) => c.text)).toEqual(['🚆🚆🎉']);
    expect(tree.byId.get('5.1.1.1.1')!.depth).toBe(4);
  });

  it('keeps the article apart, drops the chrome, and keeps the cases the scorer must see', () => {
    expect(thread.articleText.startsWith('A 2.4-kilometre tunnel under the River Wend')).toBe(true);
    const all = [thread.articleText, ...thread.comments.map((c) => c.text)].join('\n');
    expect(all).not.toMatch(/^Reply$|Leave a Reply|Your email address/m);
    expect(byId('6').text).toContain('puppet controlled by the Rothschilds');
    expect(byId('7').text).toContain('zionist vermin are plotting to take over the whole world');
    expect(byId('7.1').text).toContain('bodies piling up');
    expect(byId('5.1.1').text).toContain('You are a pathetic idiot');
    expect(byId('5').text).toContain('bullshit');
    expect(byId('2.1').text).toBe('I’m not against the tunnel, but I’d like to see that geology survey before we celebrate.\nThe last two cost estimates were wrong in the same direction.');
    expect(byId('2').text).toContain('\n\n');
  });
});
