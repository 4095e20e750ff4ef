/**
 * The page's one connection to GET /api/events (issue 14, docs/adr/0025-queue-states-and-live-updates.md): an
 * EventSource that hands every live event to its listeners and reconnects with backoff (BACKOFF_MS) after an error,
 * whatever the cause (network, a restarted server, a refused stream). No React here: use-live.ts holds the hooks.
 *
 * Contract:
 * - Listeners get decision, queue, thread, reasons and thresholds events as the server sends them; a malformed
 *   event is dropped.
 * - A `hello` reaches listeners only after a reconnection (not the first one): events may have been missed while
 *   the stream was down, so a listener reads again what it shows. Unless the server replayed them (issue 15, ADR
 *   0031): a reconnection names the last event id received (`?lastEventId=`; a new EventSource cannot send the
 *   Last-Event-ID header), and a hello with `replayed: true` means the missed events follow it, so it is not passed
 *   on. Servers whose events carry no id (one server on SQLite) always answer with a plain hello.
 * - Status: 'off' (no EventSource in this environment, or stopped), 'connecting' (the first time), 'live' (hello
 *   received), 'reconnecting' (after an error, until the next hello).
 */
import type { LiveEvent } from '../../core/api.ts';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/** The part of EventSource used here (tests pass a fake). */
export interface EventSourceLike {
  /** `lastEventId`: the id of the event (or the last one before it), '' when the server gives none. */
  onmessage: ((event: { data: unknown; lastEventId?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export const LIVE_URL = '/api/events';
/** Waits before reconnecting: the n-th attempt waits BACKOFF_MS[n] (the last one from then on). */
export const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const;

export const backoffDelay = (attempt: number): number => BACKOFF_MS[Math.min(Math.max(0, attempt), BACKOFF_MS.length - 1)]!;

const LIVE_TYPES = new Set(['hello', 'decision', 'queue', 'thread', 'reasons', 'thresholds']);

/** The event a `data:` line carries, or null when it is not one. */
export function parseLiveEvent(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const event = value as Record<string, unknown>;
  if (typeof event.type !== 'string' || !LIVE_TYPES.has(event.type)) return null;
  if ((event.type === 'decision' || event.type === 'queue' || event.type === 'thread') && typeof event.threadId !== 'string') return null;
  if (event.type === 'decision' && (typeof event.event !== 'object' || event.event === null)) return null;
  if (event.type === 'queue' && (typeof event.snapshot !== 'object' || event.snapshot === null)) return null;
  return value as LiveEvent;
}

export interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const browserTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class LiveConnection {
  private source: EventSourceLike | null = null;
  private retry: unknown = null;
  private attempt = 0;
  private helloSeen = false;
  /** The last event id the server gave ('' when none): what a reconnection asks to resume from. */
  private lastEventId = '';
  private running = false;
  private current: LiveStatus = 'off';
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly statusListeners = new Set<() => void>();

  constructor(private readonly factory: EventSourceFactory | null, private readonly timers: Timers = browserTimers) {}

  get status(): LiveStatus {
    return this.current;
  }

  /** Opens the stream (once; further calls do nothing while it runs). */
  start(): void {
    if (this.running || this.factory === null) return;
    this.running = true;
    this.setStatus(this.helloSeen ? 'reconnecting' : 'connecting');
    this.open();
  }

  /** Closes the stream and stops reconnecting. */
  stop(): void {
    this.running = false;
    if (this.retry !== null) this.timers.clear(this.retry);
    this.retry = null;
    this.source?.close();
    this.source = null;
    this.setStatus('off');
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  private open(): void {
    const source = this.factory!(this.lastEventId === '' ? LIVE_URL : `${LIVE_URL}?lastEventId=${encodeURIComponent(this.lastEventId)}`);
    this.source = source;
    source.onmessage = (message) => {
      if (this.source !== source) return;
      const event = parseLiveEvent(message.data);
      if (event === null) return;
      if (typeof message.lastEventId === 'string' && /^\d{1,15}$/.test(message.lastEventId)) this.lastEventId = message.lastEventId;
      if (event.type === 'hello') {
        const resumed = this.helloSeen;
        this.helloSeen = true;
        this.attempt = 0;
        this.setStatus('live');
        // The first hello, or one whose missed events follow: nothing to read again.
        if (!resumed || event.replayed === true) return;
      }
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch {
          // One listener's failure is not the others'.
        }
      }
    };
    source.onerror = () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      if (!this.running) return;
      this.setStatus('reconnecting');
      this.retry = this.timers.set(() => {
        this.retry = null;
        if (this.running) this.open();
      }, backoffDelay(this.attempt++));
    };
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of [...this.statusListeners]) listener();
  }
}
