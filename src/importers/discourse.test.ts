import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

const SAMPLE = resolve(process.cwd(), '../shared/formats/discourse/discourse_api-topic.json');

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('discourse: discourse_api-topic.json', () => {
  const raw = readFileSync(SAMPLE, 'utf8');
  const result = importInput({ bytes: new Uint8Array(readFileSync(SAMPLE)), fileName: 'topic.json' });

  it('takes post 1 as the article, leaves the staff action out and keeps the rest as comments', () => {
    expect(result).toMatchObject({ ok: true, format: 'discourse' });
    const threads = imported(result);
    expect(threads).toHaveLength(1);
    // Counted in the raw file: 4 posts ("post_number" keys), one of them post_type 2, one of them post 1.
    expect(count(raw, /"post_number":/g)).toBe(4);
    expect(count(raw, /"post_type":\s*2\b/g)).toBe(1);
    const [thread] = threads;
    expect(thread!.comments.map((c) => c.id)).toEqual(['86', '226']);
    expect(thread).toMatchObject({ id: 'discourse:57', title: 'THIS SITE IS A SANDBOX -- it is reset every day', sourceFormat: 'discourse' });
    expect(thread!.articleText.startsWith('Welcome!\n\nTry is a sandbox')).toBe(true);
    expect(result.problems).toContainEqual(expect.objectContaining({ where: expect.stringMatching(/^post #2 \(id 84, line \d+\)$/), message: expect.stringContaining('topic is now pinned') }));
  });

  it('resolves replies by post number (a reply to post 1 is top level) and reads offsets into UTC', () => {
    const [thread] = imported(result);
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(0);
    expect(thread!.comments.filter((c) => c.kind !== 'comment' || c.status !== 'published')).toEqual([]);
    expect(thread!.comments[1]).toMatchObject({ id: '226', parentId: null, author: 'Stefan Plattner', createdAt: '2013-02-05T17:14:17.364Z', createdAtText: '2013-02-05T12:14:17.364-05:00', text: 'What? So I have to post this every day?' });
  });
});

describe('discourse: numbers, statuses and gaps', () => {
  const post = (id: number, number: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id, post_number: number, post_type: 1, username: `u${id}`, name: '', created_at: '2024-01-01T00:00:00.000Z', cooked: `<p>p${number}</p>`, reply_to_post_number: null, hidden: false, deleted_at: null, user_deleted: false, ...extra,
  });

  it('maps a post number to the id of that post, leaves unresolved numbers as orphans and reads deletion flags', () => {
    const topic = {
      id: 3, title: 'T', post_stream: {
        stream: [10, 11, 12, 13, 14, 15, 16],
        posts: [
          post(10, 1), post(12, 3, { reply_to_post_number: 2 }), post(11, 2), post(13, 4, { reply_to_post_number: 3, user_deleted: true }),
          post(14, 5, { reply_to_post_number: 40, deleted_at: '2024-01-02T00:00:00Z' }), post(15, 6, { hidden: true, post_type: 3, action_code: 'closed.enabled' }), post(16, 7, { hidden: true }),
        ],
      },
    };
    const result = importInput({ text: JSON.stringify(topic) });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.status, c.author])).toEqual([
      ['12', '11', 'published', 'u12'], ['11', null, 'published', 'u11'], ['13', '12', 'deleted', 'u13'], ['14', 'post #40', 'removed', 'u14'], ['16', null, 'removed', 'u16'],
    ]);
    const tree = buildTree(thread!.comments);
    expect(tree.maxDepth).toBe(2);
    expect(tree.byId.get('14')!.orphan).toBe(true);
    const messages = result.problems.map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"closed.enabled"'), expect.stringContaining('Replies to post #40, which is not in this file')]));
    expect(messages.some((m) => m.startsWith('The topic lists'))).toBe(false);
    const partial = importInput({ text: JSON.stringify({ ...topic, post_stream: { ...topic.post_stream, stream: [...topic.post_stream.stream, 17, 18] } }) });
    expect(partial.problems).toContainEqual({ severity: 'warning', where: 'post_stream.stream', message: 'The topic lists 9 posts; 7 are in this file.' });
  });

  it('rejects an object without a post stream, naming the place', () => {
    expect(importInput({ text: '{"post_stream": {"stream": []}}', fileName: 't.json' })).toMatchObject({ ok: false, format: 'discourse', message: expect.stringMatching(/^t\.json, line 1: Expected a Discourse topic/) });
  });
});
