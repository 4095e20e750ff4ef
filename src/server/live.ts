/**
 * The server's live events (issue 14, docs/adr/0025-queue-states-and-live-updates.md): routes publish what changed
 * (a decision, a claim, an import), GET /api/events streams it to every open console. In-process: one server, one
 * bus (a later multi-process server relays through its shared store). A listener that throws is dropped, never the
 * publisher's request.
 */
import type { LiveEvent } from '../core/api.ts';

export type LiveListener = (event: LiveEvent) => void;

export class LiveBus {
  private readonly listeners = new Set<LiveListener>();

  /** Sends `event` to every listener now. */
  publish(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  /** Adds a listener; the function returned removes it. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size;
  }
}
