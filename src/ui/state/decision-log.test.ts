import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecisionEvent } from '../../core/decisions.ts';
import { conflictMessage, mergeEvents, newestSeqOn, withPending } from './decision-log.ts';
import { DecisionOutbox, type OutboxEntry } from './decisions-outbox.ts';
import { useDecisions } from './use-decisions.ts';

const ev = (seq: number, id: string, commentId = 'c1', threadId = 't1', moderator = 'ada'): DecisionEvent => ({
  id, threadId, commentId, action: 'reject', moderator, reason: 'spam', note: '', legalGround: '', at: `2026-12-07T05:00:0${seq % 10}.000Z`, seq,
});
const entry = (id: string, commentId = 'c1', threadId = 't1'): OutboxEntry => ({ threadId, input: { id, commentId, action: 'approve' }, queuedAt: '2026-12-07T05:01:00.000Z', attempts: 0, lastError: null });

describe('decision log', () => {
  it('merges by id without duplicates, in seq order, and keeps the same array when nothing is new', () => {
    const known = [ev(1, 'a'), ev(3, 'c')];
    const merged = mergeEvents(known, [ev(3, 'c'), ev(2, 'b'), ev(2, 'b')]);
    expect(merged.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(mergeEvents(merged, [ev(1, 'a')])).toBe(merged);
  });

  it("lays this thread's unconfirmed outbox entries on top with seq after the newest, named after the session's user", () => {
    const { events, pendingIds } = withPending([ev(4, 'a')], [entry('a'), entry('p1'), entry('x', 'c1', 't2')], 't1', 'mia');
    expect(events.map((e) => [e.id, e.seq, e.moderator])).toEqual([['a', 4, 'ada'], ['p1', 5, 'mia']]);
    expect([...pendingIds]).toEqual(['p1']);
  });

  it('names the newest confirmed seq on a comment, or null', () => {
    expect(newestSeqOn([ev(1, 'a'), ev(5, 'b'), ev(3, 'c'), ev(7, 'd', 'c2')], 'c1')).toBe(5);
    expect(newestSeqOn([ev(1, 'a')], 'c9')).toBeNull();
  });
});

describe('useDecisions receive', () => {
  it("takes in live events of the open thread by id, ignores other threads' and leaves this tab's pending ones pending", () => {
    const outbox = new DecisionOutbox(null);
    outbox.add('t1', { id: 'pending-1', commentId: 'c2', action: 'approve' });
    const initial = [ev(1, 'a')];
    const { result } = renderHook(() => useDecisions({ threadId: 't1', initialEvents: initial, moderator: 'mia', onError: () => undefined, outbox, retryMs: 60_000 }));
    expect(result.current.pendingIds.has('pending-1')).toBe(true);

    act(() => result.current.receive([ev(1, 'a'), ev(2, 'b', 'c3', 't1', 'bo'), ev(3, 'elsewhere', 'c1', 't2')]));
    act(() => result.current.receive([ev(2, 'b', 'c3', 't1', 'bo')]));

    const confirmed = result.current.events.filter((e) => !result.current.pendingIds.has(e.id));
    expect(confirmed.map((e) => e.id)).toEqual(['a', 'b']);
    expect(result.current.current.get('c3')?.event.moderator).toBe('bo');
    // The pending decision stays on top of the new events, after the newest seq.
    const pending = result.current.events.find((e) => e.id === 'pending-1');
    expect(pending?.seq).toBe(3);
    expect(result.current.pendingIds.has('pending-1')).toBe(true);
    expect(result.current.events.some((e) => e.threadId === 't2')).toBe(false);
  });
});

describe('useDecisions and the server\'s answers', () => {
  afterEach(() => vi.unstubAllGlobals());
  const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('sends basedOn, drops a 409 conflict without retrying it, takes in the current event and names who decided', async () => {
    const theirs = ev(2, 'theirs', 'c1', 't1', 'bo');
    const posts: Array<Record<string, unknown>> = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      posts.push(body);
      return json({ error: 'another moderator decided this comment since you looked: bo rejected it', where: 'body.basedOn', current: theirs }, 409);
    }));
    const errors: string[] = [];
    localStorage.clear();
    const outbox = new DecisionOutbox(localStorage, 'test.decision-log.outbox');
    const initial = [ev(1, 'a')];
    const { result } = renderHook(() => useDecisions({ threadId: 't1', initialEvents: initial, moderator: 'mia', onError: (f) => errors.push(f.error), outbox, retryMs: 60_000 }));
    act(() => {
      result.current.decide([{ commentId: 'c1', action: 'approve' }]);
    });
    await waitFor(() => expect(errors).toHaveLength(1));
    expect(posts[0]).toMatchObject({ commentId: 'c1', action: 'approve', basedOn: 1 });
    expect(errors[0]).toMatch(/^Your approval of comment c1 was not saved: bo rejected it at .+ \(spam\)\. The comment now shows their decision/);
    expect(outbox.size()).toBe(0);
    await waitFor(() => expect(result.current.current.get('c1')?.event.id).toBe('theirs'));
    expect(result.current.pendingIds.size).toBe(0);
  });

  it('drops a 403 (an escalation a moderator may not resolve) with its message, and keeps a 503 for a retry', async () => {
    const answers = [json({ error: 'this comment is escalated to the editors', where: 'role' }, 403), json({ error: 'busy' }, 503)];
    vi.stubGlobal('fetch', vi.fn(async () => answers.shift() ?? json({ error: 'busy' }, 503)));
    const errors: string[] = [];
    localStorage.clear();
    const outbox = new DecisionOutbox(localStorage, 'test.decision-log.outbox');
    const none: DecisionEvent[] = [];
    const { result } = renderHook(() => useDecisions({ threadId: 't1', initialEvents: none, moderator: 'mia', onError: (f) => errors.push(f.error), outbox, retryMs: 60_000 }));
    act(() => {
      result.current.decide([{ commentId: 'c1', action: 'approve' }]);
    });
    await waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toContain('this comment is escalated to the editors');
    expect(outbox.size()).toBe(0);
    act(() => {
      result.current.decide([{ commentId: 'c2', action: 'reject' }]);
    });
    await waitFor(() => expect(result.current.lastSendError).toBe('busy'));
    expect(outbox.size()).toBe(1);
  });

  it('says what was not saved when a conflict has no event to show', () => {
    expect(conflictMessage({ action: 'reject', commentId: 'c9' }, 'bo is working on this comment (claimed until 05:10)', null)).toBe('Your rejection of comment c9 was not saved: bo is working on this comment (claimed until 05:10)');
  });
});
