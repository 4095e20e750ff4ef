import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../core/api.ts';
import { backoffDelay, BACKOFF_MS, LiveConnection, parseLiveEvent, type EventSourceLike, type Timers } from './live-connection.ts';

class FakeSource implements EventSourceLike {
  onmessage: ((event: { data: unknown; lastEventId?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
  constructor(readonly url: string) {}
  send(event: unknown, lastEventId = '') {
    this.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event), lastEventId });
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const pending: Array<{ run: () => void; ms: number }> = [];
  const timers: Timers = { set: (run, ms) => pending.push({ run, ms }), clear: () => pending.splice(0) };
  const connection = new LiveConnection((url) => {
    expect(url).toMatch(/^\/api\/events(\?lastEventId=\d+)?$/);
    const source = new FakeSource(url);
    sources.push(source);
    return source;
  }, timers);
  const events: LiveEvent[] = [];
  connection.subscribe((e) => events.push(e));
  return { connection, sources, pending, events };
}

const decision = { type: 'decision', threadId: 't1', event: { id: 'e1' } };

describe('LiveConnection', () => {
  it('hands events to listeners, live after hello; the first hello is not passed on', () => {
    const { connection, sources, events } = harness();
    expect(connection.status).toBe('off');
    connection.start();
    expect(connection.status).toBe('connecting');
    sources[0]!.send({ type: 'hello', user: 'ada' });
    expect(connection.status).toBe('live');
    sources[0]!.send(decision);
    sources[0]!.send({ type: 'thread', threadId: 't1' });
    expect(events).toEqual([decision, { type: 'thread', threadId: 't1' }]);
  });

  it('reconnects with growing backoff after errors, and passes the next hello on (read again what may be missed)', () => {
    const { connection, sources, pending, events } = harness();
    connection.start();
    sources[0]!.send({ type: 'hello', user: 'ada' });
    sources[0]!.onerror?.({});
    expect(sources[0]!.closed).toBe(true);
    expect(connection.status).toBe('reconnecting');
    expect(pending.map((p) => p.ms)).toEqual([BACKOFF_MS[0]]);
    pending.shift()!.run();
    sources[1]!.onerror?.({});
    expect(pending.map((p) => p.ms)).toEqual([BACKOFF_MS[1]]);
    pending.shift()!.run();
    sources[2]!.send({ type: 'hello', user: 'ada' });
    expect(connection.status).toBe('live');
    expect(events).toEqual([{ type: 'hello', user: 'ada' }]);
    sources[2]!.onerror?.({});
    expect(pending.map((p) => p.ms)).toEqual([BACKOFF_MS[0]]);
  });

  it('resumes from the last event id; a hello saying the missed events were replayed is not passed on', () => {
    const { connection, sources, pending, events } = harness();
    connection.start();
    expect(sources[0]!.url).toBe('/api/events');
    sources[0]!.send({ type: 'hello', user: 'ada' });
    sources[0]!.send(decision, '41');
    sources[0]!.send({ type: 'reasons' }, '42');
    sources[0]!.onerror?.({});
    pending.shift()!.run();
    expect(sources[1]!.url).toBe('/api/events?lastEventId=42');
    sources[1]!.send({ type: 'hello', user: 'ada', replayed: true });
    sources[1]!.send({ type: 'thresholds' }, '43');
    expect(connection.status).toBe('live');
    expect(events).toEqual([decision, { type: 'reasons' }, { type: 'thresholds' }]);
    // The server could not replay (a plain hello): listeners read again.
    sources[1]!.onerror?.({});
    pending.shift()!.run();
    expect(sources[2]!.url).toBe('/api/events?lastEventId=43');
    sources[2]!.send({ type: 'hello', user: 'ada' });
    expect(events.at(-1)).toEqual({ type: 'hello', user: 'ada' });
    // An id that is not a whole number is never sent back.
    sources[2]!.send({ type: 'reasons' }, 'x/../1');
    sources[2]!.onerror?.({});
    pending.shift()!.run();
    expect(sources[3]!.url).toBe('/api/events?lastEventId=43');
  });

  it('stops: closes the stream, cancels a pending retry, ignores a late event', () => {
    const { connection, sources, pending, events } = harness();
    connection.start();
    sources[0]!.onerror?.({});
    connection.stop();
    expect(pending).toEqual([]);
    expect(connection.status).toBe('off');
    connection.start();
    sources[1]!.send({ type: 'hello', user: 'ada' });
    connection.stop();
    expect(sources[1]!.closed).toBe(true);
    sources[1]!.send(decision);
    expect(events).toEqual([]);
  });

  it('drops malformed events and keeps going', () => {
    const { connection, sources, events } = harness();
    connection.start();
    for (const bad of ['not json', '[]', '{"type":"nope"}', '{"type":"decision","threadId":"t1"}', '{"type":"queue","threadId":3,"snapshot":{}}', 42]) sources[0]!.send(bad);
    sources[0]!.send({ type: 'reasons' });
    expect(events).toEqual([{ type: 'reasons' }]);
    expect(parseLiveEvent(7)).toBeNull();
  });

  it('stays off without EventSource', () => {
    const connection = new LiveConnection(null);
    connection.start();
    expect(connection.status).toBe('off');
    expect(backoffDelay(99)).toBe(BACKOFF_MS.at(-1));
  });
});
