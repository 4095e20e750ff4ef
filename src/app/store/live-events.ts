/**
 * The `live_events` table (migration 7) and the PostgreSQL notification channel of the bus between console servers
 * (ADR 0031; the bus itself is src/app/live/pg-live-bus.ts). The only place the live bus speaks SQL or holds a `pg`
 * connection.
 *
 * Contract:
 * - `appendLiveEvent(sql, event)` writes the event and, on PostgreSQL, `NOTIFY threadscope_live, '<id>'` in one
 *   statement, inside a transaction holding the advisory lock `threadscope:live`: ids are therefore committed in id
 *   order (an event is never made visible after a higher id a reader may already have passed). The payload is the id
 *   only (NOTIFY payloads are limited to 8000 bytes; a queue snapshot can be larger): readers read the row.
 * - `liveEventsAfter(sql, afterId, limit)` reads rows with `id > afterId` in id order; a row whose JSON does not parse
 *   comes back with `event: null` (skipped by the bus, never a crash).
 * - `pruneLiveEvents` deletes rows older than a time and all but the newest `keepRows`.
 * - `openLiveChannel(url, handlers)` opens one dedicated connection (a `pg.Client`, not from the pool: LISTEN needs a
 *   session of its own), runs `LISTEN threadscope_live` and calls `onNotify` for every notification and `onLost` once
 *   when the connection fails or ends; `ping(ms)` checks that it still answers. It does not reconnect: the bus decides
 *   when. Errors never carry the URL.
 */
import pg from 'pg';
import type { LiveEvent } from '../../core/api.ts';
import type { Sql } from './sql.ts';
import { poolOptions } from './pg-sql.ts';

/** The NOTIFY channel of the bus. */
export const LIVE_CHANNEL = 'threadscope_live';
/** The advisory lock that orders publishers (sql.ts `lockKey`). */
const LIVE_LOCK = 'threadscope:live';
/** Names the channel's connections in pg_stat_activity. */
export const LIVE_APPLICATION_NAME = 'threadscope-live';

export interface LiveEventRow {
  id: number;
  at: string;
  /** The event, or null when the stored JSON is not an object with a type. */
  event: LiveEvent | null;
}

function parseEvent(text: string): LiveEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return typeof (value as { type?: unknown }).type === 'string' ? (value as LiveEvent) : null;
  } catch {
    return null;
  }
}

/** Writes the event (and notifies the other servers on PostgreSQL); returns its id. */
export async function appendLiveEvent(sql: Sql, event: LiveEvent, at: string = new Date().toISOString()): Promise<number> {
  const json = JSON.stringify(event);
  const insert = sql.dialect === 'postgres'
    ? `WITH added AS (INSERT INTO live_events (at, event) VALUES (?, ?) RETURNING id)
       SELECT id, pg_notify('${LIVE_CHANNEL}', id::text) FROM added`
    : 'INSERT INTO live_events (at, event) VALUES (?, ?) RETURNING id';
  const id = await sql.transaction((tx) => tx.value<number>(insert, [at, json]), { immediate: true, lockKey: LIVE_LOCK });
  if (typeof id !== 'number') throw new Error('live_events: the insert returned no id');
  return id;
}

/** The rows after `afterId`, in id order, at most `limit`. */
export async function liveEventsAfter(sql: Sql, afterId: number, limit: number): Promise<LiveEventRow[]> {
  const rows = await sql.all<{ id: number; at: string; event: string }>('SELECT id, at, event FROM live_events WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit]);
  return rows.map((row) => ({ id: row.id, at: row.at, event: parseEvent(row.event) }));
}

/** The smallest and largest id kept (null when the table is empty). */
export async function liveEventBounds(sql: Sql): Promise<{ min: number | null; max: number | null }> {
  const row = await sql.get<{ low: number | null; high: number | null }>('SELECT min(id) AS low, max(id) AS high FROM live_events');
  return { min: row?.low ?? null, max: row?.high ?? null };
}

/** The largest id kept, or 0. */
export async function lastLiveEventId(sql: Sql): Promise<number> {
  return (await liveEventBounds(sql)).max ?? 0;
}

/** Deletes rows written before `before` (ISO time) and all but the newest `keepRows`; returns how many went. */
export async function pruneLiveEvents(sql: Sql, options: { before: string; keepRows: number }): Promise<number> {
  const max = await lastLiveEventId(sql);
  const byCount = await sql.run('DELETE FROM live_events WHERE id <= ?', [max - options.keepRows]);
  const byAge = await sql.run('DELETE FROM live_events WHERE at < ?', [options.before]);
  return byCount.changes + byAge.changes;
}

export interface LiveChannelHandlers {
  /** A notification arrived (its payload is an id; the reader reads the rows anyway). */
  onNotify(): void;
  /** The connection failed or ended; called once. */
  onLost(reason: string): void;
}

export interface LiveChannel {
  /** The connection's backend process id (what pg_terminate_backend takes). */
  readonly pid: number;
  /** Asks the server `SELECT 1` on this connection; rejects when it does not answer within `ms`. */
  ping(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A dedicated LISTEN connection to the database of `url` (a postgres:// URL; `?pool=` is ignored). */
export async function openLiveChannel(url: string, handlers: LiveChannelHandlers): Promise<LiveChannel> {
  const { connectionString } = poolOptions(url);
  const client = new pg.Client({ connectionString, application_name: LIVE_APPLICATION_NAME, keepAlive: true });
  let lost = false;
  let closing = false;
  const lose = (reason: string) => {
    if (lost || closing) return;
    lost = true;
    handlers.onLost(reason);
  };
  // Without an 'error' listener a dropped connection would end the process.
  client.on('error', (error: Error) => lose(error.message));
  client.on('end', () => lose('the connection ended'));
  client.on('notification', (message) => {
    if (message.channel === LIVE_CHANNEL && !lost) handlers.onNotify();
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = result.rows[0]!.pid;
    return {
      pid,
      async ping(ms: number) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        });
        try {
          await Promise.race([client.query('SELECT 1'), late]);
        } finally {
          clearTimeout(timer);
        }
      },
      async close() {
        closing = true;
        await client.end().catch(() => undefined);
      },
    };
  } catch (error) {
    closing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
}
