import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

const SAMPLE = resolve(process.cwd(), '../shared/formats/youtube/vsvishal-commentThreads-with-replies.json');

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('youtube: vsvishal-commentThreads-with-replies.json', () => {
  const raw = readFileSync(SAMPLE, 'utf8');
  const result = importInput({ bytes: new Uint8Array(readFileSync(SAMPLE)), fileName: 'threads.json' });

  it('gives one thread per video with every top-level comment and reply', () => {
    expect(result).toMatchObject({ ok: true, format: 'youtube' });
    const threads = imported(result);
    // Counted in the raw file: distinct videoId values, comment threads, and replies (only replies carry "parentId").
    expect(new Set(raw.match(/"videoId":\s*"[^"]+"/g)).size).toBe(threads.length);
    const tops = count(raw, /"kind":\s*"youtube#commentThread"/g);
    const replies = count(raw, /"parentId":/g);
    expect([tops, replies]).toEqual([20, 2]);
    const [thread] = threads;
    expect(thread!.comments).toHaveLength(tops + replies);
    expect(thread).toMatchObject({ id: 'youtube:vVYG8TNN7hg', url: 'https://www.youtube.com/watch?v=vVYG8TNN7hg' });
  });

  it('nests replies one level under their thread, ids <threadId>.<replyId>', () => {
    const [thread] = imported(result);
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(1);
    expect(tree.byId.get('UgyRufAukUEBUkZ4c494AaABAg.9pWDfeu51FG9rEPEBpDLTD')).toMatchObject({ depth: 1, treeParentId: 'UgyRufAukUEBUkZ4c494AaABAg' });
    const reply = tree.byId.get('UgyRufAukUEBUkZ4c494AaABAg.9pWDfeu51FG9r3nG29Mz-s')!.comment;
    expect(reply).toMatchObject({ author: 'Ebrar Gursel', createdAt: '2023-06-17T16:30:03.000Z', createdAtText: '2023-06-17T16:30:03Z', status: 'published', kind: 'comment' });
    expect(thread!.comments.filter((c) => c.status !== 'published' || c.kind !== 'comment')).toEqual([]);
  });

  it('uses textOriginal as text and the sanitized textDisplay as html', () => {
    const [thread] = imported(result);
    // In the file: "textDisplay": "The course I&#39;ve been looking for …", "textOriginal": "The course I've been …".
    const top = thread!.comments.find((c) => c.id === 'UgyRufAukUEBUkZ4c494AaABAg')!;
    expect(top.text).toBe("The course I've been looking for for years. Thank you!");
    expect(top.html).toBe("The course I've been looking for for years. Thank you!");
    expect(top.author).toBe('Mau Ferrusca');
  });
});

describe('youtube: partial replies, moderation status, bad items', () => {
  const comment = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    kind: 'youtube#comment', id, snippet: { videoId: 'v1', textDisplay: 'Hi &lt;b&gt; <b>bold</b>', textOriginal: 'Hi <b> bold', authorDisplayName: `@${id}`, publishedAt: '2024-05-01T00:00:00Z', ...extra },
  });

  it('notes replies that are not in the file on their top-level comment', () => {
    const response = {
      kind: 'youtube#commentThreadListResponse',
      items: [
        { kind: 'youtube#commentThread', id: 't1', snippet: { videoId: 'v1', totalReplyCount: 5, topLevelComment: comment('t1', { moderationStatus: 'heldForReview' }) }, replies: { comments: [comment('t1.r1', { parentId: 't1' })] } },
        { kind: 'youtube#commentThread', id: 't2', snippet: { videoId: 'v1', totalReplyCount: 0 } },
        { kind: 'youtube#commentThread', id: 't3', snippet: { videoId: 'v1', totalReplyCount: 0, topLevelComment: comment('t3', { moderationStatus: 'likelySpam' }) } },
      ],
    };
    const result = importInput({ text: JSON.stringify(response) });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.status])).toEqual([['t1', null, 'pending'], ['t1.r1', 't1', 'published'], ['t3', null, 'spam']]);
    expect(thread!.comments[0]).toMatchObject({ text: 'Hi <b> bold', html: 'Hi &lt;b&gt; <b>bold</b>' });
    expect(result.problems).toContainEqual(expect.objectContaining({ where: 'comment t1', message: expect.stringMatching(/^4 of 5 replies not in this file/) }));
    expect(result.problems).toContainEqual(expect.objectContaining({ where: expect.stringMatching(/^thread t2 \(line 1\)$/) }));
  });

  it('reads a comments.list response (replies of one comment) as flat comments under their parent', () => {
    const response = { kind: 'youtube#commentListResponse', items: [comment('p.1', { parentId: 'p' }), comment('p.2', { parentId: 'p' })] };
    const result = importInput({ text: JSON.stringify(response) });
    expect(result).toMatchObject({ ok: true, format: 'youtube' });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.parentId])).toEqual([['p.1', 'p'], ['p.2', 'p']]);
  });
});
