/**
 * The live bus between console servers on one PostgreSQL database (issue 15, ADR 0031): every server publishes into
 * `live_events` (with a NOTIFY carrying the new id) and every server tails the table, so each server's consoles get
 * every server's events. The SQL and the LISTEN connection are in src/app/store/live-events.ts.
 *
 * Contract (beyond LiveBus, live-bus.ts):
 * - `publish(event)` resolves once the row is committed (durable before the route replies); publishers are ordered by
 *   an advisory lock, so ids become visible in id order. Every PRUNE_EVERY publishes or PRUNE_INTERVAL_MS, the
 *   publishing server deletes rows older than `keepMs` and all but the newest `keepRows` (a failure there is reported
 *   through `onError`, never the publisher's).
 * - One reader per bus reads the rows after the last id it delivered, in id order, after each notification, after
 *   each publish of its own, after (re)connecting and every `checkEveryMs`; reads never overlap, so each event reaches
 *   each local listener exactly once and in id order, its own server's included. A bus starts after the newest row
 *   (what was published before it opened is not delivered; `replay` serves it).
 * - The LISTEN connection (one `pg.Client` per bus) is checked every `checkEveryMs` (`SELECT 1`, 2 s); when it fails
 *   or ends, `listening` turns false and the bus reconnects with backoff (`reconnectMs`), then reads what was
 *   published meanwhile. A failed read is retried at the next notification or check.
 * - `close()` stops the timers and the connection and waits for a read in progress; it does not close the `Sql`
 *   (the store owns it).
 */
import type { LiveEvent } from '../../core/api.ts';
import type { Sql } from '../store/sql.ts';
import { appendLiveEvent, lastLiveEventId, liveEventBounds, liveEventsAfter, openLiveChannel, pruneLiveEvents, type LiveChannel } from '../store/live-events.ts';
import { deliver, REPLAY_LIMIT, type LiveBus, type LiveListener, type StoredLiveEvent } from './live-bus.ts';

export const RECONNECT_MS = [100, 250, 500, 1000, 2000, 5000] as const;
export const CHECK_EVERY_MS = 10_000;
const PING_TIMEOUT_MS = 2000;
/** Rows read per statement while catching up. */
const READ_BATCH = 500;
export const KEEP_ROWS = 100_000;
export const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 1000;
const PRUNE_INTERVAL_MS = 60_000;

export interface PgLiveBusOptions {
  /** Waits before reconnecting: attempt n waits reconnectMs[n] (the last one from then on). */
  reconnectMs?: readonly number[];
  checkEveryMs?: number;
  keepRows?: number;
  keepMs?: number;
  /** What went wrong in the background (a lost connection, a failed read or prune); one line, no URL. */
  onError?: (message: string) => void;
  now?: () => Date;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PgLiveBus implements LiveBus {
  readonly kind = 'postgres' as const;
  private readonly listeners = new Set<LiveListener>();
  private channel: LiveChannel | null = null;
  private lastSeen: number;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly check: ReturnType<typeof setInterval>;
  private closed = false;
  private published = 0;
  private lastPrune = 0;
  private readonly reconnectMs: readonly number[];
  private readonly keepRows: number;
  private readonly keepMs: number;
  private readonly onError: (message: string) => void;
  private readonly now: () => Date;

  private constructor(private readonly sql: Sql, private readonly url: string, lastSeen: number, options: PgLiveBusOptions) {
    this.lastSeen = lastSeen;
    this.reconnectMs = options.reconnectMs && options.reconnectMs.length > 0 ? options.reconnectMs : RECONNECT_MS;
    this.keepRows = options.keepRows ?? KEEP_ROWS;
    this.keepMs = options.keepMs ?? KEEP_MS;
    this.onError = options.onError ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.check = setInterval(() => void this.checkChannel(), options.checkEveryMs ?? CHECK_EVERY_MS);
    this.check.unref();
  }

  /**
   * A bus on `sql` (a PostgreSQL `Sql` on the migrated database) listening through a connection of its own to `url`
   * (the same database). Throws when the first connection cannot be made.
   */
  static async open(sql: Sql, url: string, options: PgLiveBusOptions = {}): Promise<PgLiveBus> {
    if (sql.dialect !== 'postgres') throw new Error('PgLiveBus needs a PostgreSQL database; one server on SQLite uses LocalLiveBus');
    const bus = new PgLiveBus(sql, url, 0, options);
    try {
      // LISTEN first, then the newest id: nothing committed in between is lost.
      await bus.connectChannel();
      bus.lastSeen = await lastLiveEventId(sql);
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  get listening(): boolean {
    return this.channel !== null && !this.closed;
  }

  get size(): number {
    return this.listeners.size;
  }

  /** The LISTEN connection's backend process id (tests end it with pg_terminate_backend), or null while down. */
  get listenerPid(): number | null {
    return this.channel?.pid ?? null;
  }

  /** The id of the last event delivered to this server's listeners. */
  get lastDelivered(): number {
    return this.lastSeen;
  }

  async publish(event: LiveEvent): Promise<void> {
    if (this.closed) throw new Error('the live bus is closed');
    await appendLiveEvent(this.sql, event, this.now().toISOString());
    this.published += 1;
    // Deliver our own event without waiting for the notification's round trip (the reader keeps the order).
    this.readNew();
    const now = this.now().getTime();
    if (this.published % PRUNE_EVERY === 0 || now - this.lastPrune >= PRUNE_INTERVAL_MS) {
      this.lastPrune = now;
      try {
        await pruneLiveEvents(this.sql, { before: new Date(now - this.keepMs).toISOString(), keepRows: this.keepRows });
      } catch (error) {
        this.onError(`live bus: pruning old events failed (${reasonOf(error)}); trying again later`);
      }
    }
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async replay(afterId: number, limit: number = REPLAY_LIMIT): Promise<StoredLiveEvent[] | null> {
    if (!Number.isSafeInteger(afterId) || afterId < 0) return null;
    const { min, max } = await liveEventBounds(this.sql);
    // An empty table, an id this database never gave (another database, a reset), or rows already pruned.
    if (min === null || max === null || afterId > max || afterId < min - 1) return null;
    const rows = await liveEventsAfter(this.sql, afterId, limit + 1);
    if (rows.length > limit) return null;
    const events: StoredLiveEvent[] = [];
    for (const row of rows) if (row.event !== null) events.push({ id: row.id, event: row.event });
    return events;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.check);
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const channel = this.channel;
    this.channel = null;
    await channel?.close();
    await this.reading;
    this.listeners.clear();
  }

  /** Reads and delivers the rows after lastSeen; a call during a read makes that read go round once more. */
  private readNew(): void {
    if (this.closed) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readLoop()
      .catch((error: unknown) => this.onError(`live bus: reading new events failed (${reasonOf(error)}); trying again at the next notification`))
      .finally(() => {
        this.reading = null;
      });
  }

  private async readLoop(): Promise<void> {
    do {
      this.readAgain = false;
      for (;;) {
        const rows = await liveEventsAfter(this.sql, this.lastSeen, READ_BATCH);
        for (const row of rows) {
          if (this.closed) return;
          this.lastSeen = row.id;
          if (row.event !== null) deliver(this.listeners, row.event, row.id);
        }
        if (rows.length < READ_BATCH) break;
      }
    } while (this.readAgain && !this.closed);
  }

  /** Opens the LISTEN connection and makes it the bus's (closing it at once if the bus closed meanwhile). */
  private async connectChannel(): Promise<void> {
    let opened: LiveChannel | null = null;
    let lostEarly: string | null = null;
    const channel = await openLiveChannel(this.url, {
      onNotify: () => this.readNew(),
      onLost: (reason) => {
        if (opened === null) lostEarly = reason;
        // Only the channel in use: a late 'end' of one already replaced changes nothing.
        else if (this.channel === opened) this.lost(reason);
      },
    });
    opened = channel;
    if (this.closed) {
      await channel.close();
      return;
    }
    this.channel = channel;
    if (lostEarly !== null) this.lost(lostEarly);
  }

  private lost(reason: string): void {
    const channel = this.channel;
    this.channel = null;
    void channel?.close();
    if (this.closed) return;
    this.onError(`live bus: the notification connection was lost (${reason}); reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry !== null) return;
    const delay = this.reconnectMs[Math.min(this.attempt, this.reconnectMs.length - 1)]!;
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.reconnect();
    }, delay);
    this.retry.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed || this.channel !== null) return;
    try {
      await this.connectChannel();
      if (this.channel === null) return;
      this.attempt = 0;
      // What other servers published while the connection was down.
      this.readNew();
    } catch (error) {
      this.onError(`live bus: reconnecting failed (${reasonOf(error)}); trying again`);
      this.scheduleReconnect();
    }
  }

  private async checkChannel(): Promise<void> {
    const channel = this.channel;
    if (this.closed || channel === null) return;
    try {
      await channel.ping(PING_TIMEOUT_MS);
    } catch (error) {
      if (this.channel === channel) this.lost(`no answer to a check: ${reasonOf(error)}`);
      return;
    }
    // A notification cannot be lost while the connection stands, but a read that failed is retried here.
    this.readNew();
  }
}
