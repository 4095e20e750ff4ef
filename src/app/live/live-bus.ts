/**
 * The live events of the console servers (issue 14, ADR 0025; across servers issue 15, ADR 0031): routes publish what
 * changed (a decision, a claim, an import), GET /api/events streams it to every open console. Nothing here knows
 * HTTP. Two implementations of `LiveBus`:
 * - `LocalLiveBus` (this file): in-process, one server (the SQLite default). Events carry no id and cannot be replayed:
 *   a console that reconnects reads again what it shows.
 * - `PgLiveBus` (pg-live-bus.ts): through the shared PostgreSQL database, so every server's consoles see every
 *   server's events. Events carry their `live_events` id, and the missed ones can be replayed.
 *
 * Contract (both):
 * - `publish(event)` resolves once the event is delivered (local) or durable in the database (PostgreSQL); the route
 *   awaits it before replying. A listener that throws is dropped, never the publisher's request.
 * - Listeners get each event once, in publishing order (PostgreSQL: id order, the events of every server, their own
 *   server's included), with its id (`null` on the local bus).
 * - `replay(afterId)` gives the events after `afterId` in order, or `null` when they cannot all be given (the local
 *   bus, an id too old or unknown, more than `limit` of them): the caller then tells the console to read everything
 *   again.
 * - `listening` is false while a PostgreSQL bus has lost its connection for notifications (readiness); the local bus
 *   always listens. `close()` is idempotent.
 */
import type { LiveEvent } from '../../core/api.ts';

export type LiveListener = (event: LiveEvent, id: number | null) => void;

/** An event as the database keeps it. */
export interface StoredLiveEvent {
  id: number;
  event: LiveEvent;
}

/** At most this many missed events are replayed to a reconnecting console; more, and it reads everything again. */
export const REPLAY_LIMIT = 1000;

export interface LiveBus {
  readonly kind: 'local' | 'postgres';
  publish(event: LiveEvent): Promise<void>;
  /** Adds a listener; the function returned removes it. */
  subscribe(listener: LiveListener): () => void;
  /** The events after `afterId` (at most `limit`), in order, or null when they cannot all be given. */
  replay(afterId: number, limit?: number): Promise<StoredLiveEvent[] | null>;
  readonly listening: boolean;
  /** Listeners subscribed now. */
  readonly size: number;
  close(): Promise<void>;
}

/** Calls each listener with the event; a listener that throws is removed from `listeners`. */
export function deliver(listeners: Set<LiveListener>, event: LiveEvent, id: number | null): void {
  for (const listener of [...listeners]) {
    try {
      listener(event, id);
    } catch {
      listeners.delete(listener);
    }
  }
}

/** One server, in memory: publishing delivers at once. */
export class LocalLiveBus implements LiveBus {
  readonly kind = 'local' as const;
  readonly listening = true;
  private readonly listeners = new Set<LiveListener>();

  async publish(event: LiveEvent): Promise<void> {
    deliver(this.listeners, event, null);
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Nothing is kept: a reconnecting console reads again. */
  async replay(): Promise<null> {
    return null;
  }

  get size(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
