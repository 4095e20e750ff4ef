import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

/** Written by hand from the documented Status shape (no real context sample exists); ids are snowflakes past 2^53. */
function status(id: string, inReplyTo: string | null, acct: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, created_at: '2024-02-01T12:00:00.000Z', in_reply_to_id: inReplyTo, in_reply_to_account_id: inReplyTo === null ? null : '109000000000000001',
    sensitive: false, spoiler_text: '', visibility: 'public', language: 'en', uri: `https://social.example/users/${acct}/statuses/${id}`, url: `https://social.example/@${acct}/${id}`,
    replies_count: 0, reblogs_count: 0, favourites_count: 0, content,
    account: { id: '109000000000000002', username: acct, acct, display_name: acct.toUpperCase(), url: `https://social.example/@${acct}` },
    media_attachments: [], mentions: [], tags: [], emojis: [], card: null, poll: null, ...extra,
  };
}

const CONTEXT = `{"ancestors": [${JSON.stringify(status('111111111111111111', null, 'ann', '<p>Root post</p>'))}],
 "descendants": [
  ${JSON.stringify(status('111111111111111113', '111111111111111112', 'cy', '<p><span class="h-card"><a href="https://social.example/@bo" class="u-url mention">@<span>bo</span></a></span> third</p>'))},
  ${JSON.stringify(status('111111111111111112', '111111111111111111', 'bo@other.example', '<p>second <script>x()</script></p>', { spoiler_text: 'politics', sensitive: true }))},
  ${JSON.stringify(status('111111111111111114', '111111111111111199', 'di', '<p>reply to a deleted post</p>'))}
 ]}`;

describe('mastodon: status context', () => {
  it('is detected, keeps snowflake ids as exact strings and builds the tree from in_reply_to_id', () => {
    const result = importInput({ text: CONTEXT, fileName: 'context.json' });
    expect(result).toMatchObject({ ok: true, format: 'mastodon' });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.parentId])).toEqual([
      ['111111111111111111', null], ['111111111111111113', '111111111111111112'], ['111111111111111112', '111111111111111111'], ['111111111111111114', '111111111111111199'],
    ]);
    const tree = buildTree(thread!.comments);
    expect(tree.maxDepth).toBe(2);
    expect(tree.byId.get('111111111111111114')!.orphan).toBe(true);
    expect(thread).toMatchObject({ id: 'mastodon:https://social.example/users/ann/statuses/111111111111111111', url: 'https://social.example/@ann/111111111111111111' });
  });

  it('keeps the content warning in the text, names authors by display name and acct, and sanitizes content', () => {
    const [thread] = imported(importInput({ text: CONTEXT }));
    const second = thread!.comments.find((c) => c.id === '111111111111111112')!;
    expect(second).toMatchObject({ author: 'BO@OTHER.EXAMPLE (@bo@other.example)', text: 'CW: politics\n\nsecond', createdAt: '2024-02-01T12:00:00.000Z' });
    expect(second.html).not.toContain('script');
    expect(thread!.comments.find((c) => c.id === '111111111111111113')!.text).toBe('@bo third');
  });

  it('reads numbers as ids exactly, and accepts the focal status under "status"', () => {
    const text = '{"ancestors": [], "status": {"id": 123456789012345678901, "in_reply_to_id": null, "content": "<p>focal</p>", "account": {"acct": "z"}}, "descendants": [{"id": "5", "in_reply_to_id": 123456789012345678901, "content": "r", "account": {"acct": "y"}}]}';
    const [thread] = imported(importInput({ text }));
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.author])).toEqual([['123456789012345678901', null, '@z'], ['5', '123456789012345678901', '@y']]);
  });

  it('rejects an empty context and a context of the wrong shape with one message', () => {
    expect(importInput({ text: '{"ancestors": [], "descendants": []}', fileName: 'c.json' })).toMatchObject({ ok: false, format: 'mastodon', message: 'c.json, line 1: The context has no status. (read as mastodon)' });
    expect(importInput({ text: '{"ancestors": {}, "descendants": []}', format: 'mastodon' })).toMatchObject({ ok: false, where: 'line 1' });
  });
});
