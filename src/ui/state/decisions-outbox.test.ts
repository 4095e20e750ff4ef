import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecisionInput } from '../../core/api.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import { DecisionOutbox, type OutboxEntry, type SendOutcome } from './decisions-outbox.ts';

const KEY = 'test.outbox';

function input(id: string, commentId = 'c1', action: DecisionInput['action'] = 'approve'): DecisionInput {
  return { id, commentId, action, moderator: 'Mia' };
}

function eventFor(entry: OutboxEntry, seq: number): DecisionEvent {
  const { id, commentId, action, moderator } = entry.input;
  return { id, threadId: entry.threadId, commentId, action, moderator: moderator ?? '', reason: '', note: '', at: '2026-01-01T00:00:00.000Z', seq };
}

describe('DecisionOutbox', () => {
  beforeEach(() => localStorage.clear());

  it('writes a decision to storage before anything is sent, and a new outbox on the same storage sees it', () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as OutboxEntry[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.input.id).toBe('id-00000001');
    expect(new DecisionOutbox(localStorage, KEY).entries().map((e) => e.input.id)).toEqual(['id-00000001']);
  });

  it('sends a decision only from a session of the user who made it; entries from before accounts go with anyone (issue 14)', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    const at = new Date('2026-12-07T06:00:00.000Z');
    outbox.add('t1', input('id-00000001'), at, 'ada');
    outbox.add('t1', input('id-00000002', 'c2'), at, 'bob');
    outbox.add('t1', input('id-00000003', 'c3'), at);
    const sent: string[] = [];
    const send = async (entry: OutboxEntry): Promise<SendOutcome> => {
      sent.push(entry.input.id);
      return { kind: 'confirmed', event: eventFor(entry, sent.length) };
    };
    const result = await outbox.flush(send, 'bob');
    expect(sent).toEqual(['id-00000002', 'id-00000003']);
    expect(result.confirmed.map((c) => c.entry.input.id)).toEqual(['id-00000002', 'id-00000003']);
    // Ada's decision waits, stored, for Ada's next session.
    const left = new DecisionOutbox(localStorage, KEY).entries();
    expect(left.map((e) => [e.input.id, e.by])).toEqual([['id-00000001', 'ada']]);
    await outbox.flush(send, 'ada');
    expect(sent).toEqual(['id-00000002', 'id-00000003', 'id-00000001']);
    expect(outbox.size()).toBe(0);
  });

  it('keeps an entry after a failed send, retries it, and drops it only once the server confirms', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    outbox.add('t1', input('id-00000002', 'c2'));
    const send = vi.fn<(e: OutboxEntry) => Promise<SendOutcome>>().mockResolvedValueOnce({ kind: 'retry', message: 'Could not reach the Threadscope server.' });

    const first = await outbox.flush(send);
    expect(first.retryMessage).toContain('Could not reach');
    expect(first.confirmed).toHaveLength(0);
    // It stopped at the first failure so that the second decision cannot overtake the first.
    expect(send).toHaveBeenCalledTimes(1);
    const kept = new DecisionOutbox(localStorage, KEY).entries();
    expect(kept.map((e) => e.input.id)).toEqual(['id-00000001', 'id-00000002']);
    expect(kept[0]!.attempts).toBe(1);
    expect(kept[0]!.lastError).toContain('Could not reach');

    let seq = 0;
    send.mockImplementation(async (entry) => ({ kind: 'confirmed', event: eventFor(entry, (seq += 1)) }));
    const second = await outbox.flush(send);
    expect(second.confirmed.map((c) => c.entry.input.id)).toEqual(['id-00000001', 'id-00000002']);
    expect(send.mock.calls.map(([e]) => e.input.id)).toEqual(['id-00000001', 'id-00000001', 'id-00000002']);
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(outbox.size()).toBe(0);
  });

  it('drops a decision the server refused for good and reports it, then sends the rest', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    outbox.add('t1', input('id-00000002'));
    const send = vi
      .fn<(e: OutboxEntry) => Promise<SendOutcome>>()
      .mockResolvedValueOnce({ kind: 'refused', message: 'commentId must be a non-empty string' })
      .mockImplementation(async (entry) => ({ kind: 'confirmed', event: eventFor(entry, 7) }));
    const result = await outbox.flush(send);
    expect(result.refused.map((r) => r.message)).toEqual(['commentId must be a non-empty string']);
    expect(result.confirmed.map((c) => c.entry.input.id)).toEqual(['id-00000002']);
    expect(outbox.entries()).toEqual([]);
  });

  it('drops a conflicting decision without retrying it, hands over the current event, and sends the rest', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    outbox.add('t1', input('id-00000002', 'c2'));
    const theirs: DecisionEvent = { id: 'theirs-0001', threadId: 't1', commentId: 'c1', action: 'reject', moderator: 'bo', reason: 'spam', note: '', at: '2026-12-07T05:00:00.000Z', seq: 4 };
    const send = vi
      .fn<(e: OutboxEntry) => Promise<SendOutcome>>()
      .mockResolvedValueOnce({ kind: 'conflict', message: 'another moderator decided this comment since you looked', current: theirs })
      .mockImplementation(async (entry) => ({ kind: 'confirmed', event: eventFor(entry, 5) }));
    const result = await outbox.flush(send);
    expect(result.conflicts).toEqual([{ entry: expect.objectContaining({ input: expect.objectContaining({ id: 'id-00000001' }) }), message: expect.stringContaining('since you looked'), current: theirs }]);
    expect(result.confirmed.map((c) => c.entry.input.id)).toEqual(['id-00000002']);
    expect(new DecisionOutbox(localStorage, KEY).entries()).toEqual([]);
    await outbox.flush(send);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('treats a send that throws as temporary', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    const result = await outbox.flush(() => Promise.reject(new Error('socket hang up')));
    expect(result.retryMessage).toBe('socket hang up');
    expect(outbox.size()).toBe(1);
  });

  it('shares one run between concurrent flushes, so nothing is sent twice by one tab', async () => {
    const outbox = new DecisionOutbox(localStorage, KEY);
    outbox.add('t1', input('id-00000001'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const send = vi.fn(async (entry: OutboxEntry): Promise<SendOutcome> => {
      await gate;
      return { kind: 'confirmed', event: eventFor(entry, 1) };
    });
    const a = outbox.flush(send);
    const b = outbox.flush(send);
    release();
    await Promise.all([a, b]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('ignores corrupt storage instead of crashing, and keeps decisions in memory when storage refuses writes', () => {
    localStorage.setItem(KEY, '{not json');
    const outbox = new DecisionOutbox(localStorage, KEY);
    expect(outbox.entries()).toEqual([]);

    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
      clear: () => undefined,
      key: () => null,
      length: 0,
    } satisfies Storage;
    const memoryOnly = new DecisionOutbox(refusing, KEY);
    expect(memoryOnly.add('t1', input('id-00000009'))).toBe(false);
    expect(memoryOnly.entries().map((e) => e.input.id)).toEqual(['id-00000009']);
  });
});
