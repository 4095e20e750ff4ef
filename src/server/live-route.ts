/**
 * GET /api/events (`read`; issue 14, docs/adr/0025-queue-states-and-live-updates.md; resumption issue 15, ADR 0031):
 * the live events of app.live as server-sent events. Contract:
 * - `text/event-stream`, `cache-control: no-store`; first a `hello` event naming the user, then every LiveEvent as
 *   one `data: <json>` line (preceded by `id: <n>` when the bus gives ids: the PostgreSQL bus between servers) and a
 *   blank line; a comment line (`: heartbeat`) every LIVE_HEARTBEAT_MS keeps proxies from closing a quiet stream.
 * - Resumption: a reconnecting console names the last id it received (`Last-Event-ID` header, or `?lastEventId=`
 *   since a new EventSource cannot set the header). When the bus can replay what came after it (at most REPLAY_LIMIT
 *   events, still kept), the hello says `replayed: true` and those events follow it, then the live ones, each once
 *   and in order. Otherwise (the in-process bus, an id too old or unknown, too many missed, the database failing) the
 *   hello has no `replayed`: the console reads again what it shows (the resync it does after any reconnection).
 * - The stream ends when the client goes, when the server closes (a preClose hook ends every stream, so app.close()
 *   never waits on one), when the user's session ends (asked of the Authenticator on each heartbeat and before an
 *   event, at most once a second: a logout, a disabled account, an expiry), and when the client reads too slowly
 *   (LIVE_BUFFER_MAX queued).
 * - At most LIVE_STREAMS_PER_USER streams per user at once (429 beyond), so a buggy page cannot exhaust the server.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ApiError, LiveEvent } from '../core/api.ts';
import { actorOf } from './access.ts';
import { type Actor } from '../app/auth/actor.ts';

export const LIVE_HEARTBEAT_MS = 15_000;
export const LIVE_STREAMS_PER_USER = 10;
/** Bytes queued for one slow client before its stream is ended (it reconnects and reloads). */
export const LIVE_BUFFER_MAX = 1024 * 1024;
/** A session found valid is asked again before an event only after this long (the heartbeat always asks). */
const VALID_FOR_MS = 1000;

export interface LiveRouteOptions {
  /** True while the actor's session still stands. */
  stillValid(actor: Actor): boolean | Promise<boolean>;
  heartbeatMs?: number;
  streamsPerUser?: number;
}

/** One event as the stream sends it (with its id when it has one). */
export function sseFrame(event: LiveEvent, id: number | null = null): string {
  const data = `data: ${JSON.stringify(event)}\n\n`;
  return id === null ? data : `id: ${id}\n${data}`;
}

/** The event id a reconnecting console names (header first, then the query), or null when none or not an id. */
export function resumeFrom(header: string | string[] | undefined, query: unknown): number | null {
  const fromQuery = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lastEventId : undefined;
  const text = typeof header === 'string' && header !== '' ? header : typeof fromQuery === 'string' ? fromQuery : '';
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

export function registerLiveRoute(app: FastifyInstance, options: LiveRouteOptions): void {
  const heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS;
  const perUser = options.streamsPerUser ?? LIVE_STREAMS_PER_USER;
  const openByUser = new Map<string, number>();
  const enders = new Set<() => void>();

  app.addHook('preClose', async () => {
    for (const end of [...enders]) end();
  });

  app.get('/api/events', { config: { access: 'read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const key = actor.username.toLowerCase();
    const open = openByUser.get(key) ?? 0;
    if (open >= perUser) {
      const body: ApiError = { error: `too many live streams for ${actor.username} (at most ${perUser}); close other console tabs`, where: 'session' };
      return reply.code(429).send(body);
    }
    openByUser.set(key, open + 1);

    const stream = new PassThrough();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      unsubscribe();
      enders.delete(end);
      const left = (openByUser.get(key) ?? 1) - 1;
      if (left > 0) openByUser.set(key, left);
      else openByUser.delete(key);
      stream.end();
    };
    const write = (text: string) => {
      if (ended) return;
      if (stream.writableLength > LIVE_BUFFER_MAX) return end();
      stream.write(text);
    };
    // Frames go out in order through one chain; the session is asked before an event (at most once a second).
    let chain: Promise<void> = Promise.resolve();
    let validUntil = 0;
    const valid = async (force: boolean): Promise<boolean> => {
      if (!force && Date.now() < validUntil) return true;
      const ok = await Promise.resolve(options.stillValid(actor)).catch(() => false);
      if (ok) validUntil = Date.now() + VALID_FOR_MS;
      return ok;
    };
    const send = (text: string, checked: boolean, force = false) => {
      chain = chain.then(async () => {
        if (ended) return;
        if (checked && !(await valid(force))) return end();
        write(text);
      });
    };

    // Events arriving before the hello (while the missed ones are read) are held, then sent after the replayed ones
    // (those not already replayed).
    const after = resumeFrom(request.headers['last-event-id'], request.query);
    let held: Array<{ id: number | null; event: LiveEvent }> | null = [];
    // The id of the last event sent: events at or below it (already replayed) are not sent again.
    let lastSent = 0;
    const sendEvent = (event: LiveEvent, id: number | null) => {
      if (id !== null) {
        if (id <= lastSent) return;
        lastSent = id;
      }
      send(sseFrame(event, id), true);
    };
    const unsubscribe = app.live.subscribe((event, id) => {
      if (held !== null) held.push({ id, event });
      else sendEvent(event, id);
    });
    const timer = setInterval(() => send(': heartbeat\n\n', true, true), heartbeatMs);
    timer.unref();
    enders.add(end);
    // The response's close, not the request's: a GET's request emits 'close' as soon as it has been read.
    reply.raw.on('close', end);

    const missed = after === null ? null : await app.live.replay(after).catch((error: unknown) => {
      request.log.warn({ err: error }, 'live events: the missed events could not be read; the console reads everything again');
      return null;
    });
    send(sseFrame(missed === null ? { type: 'hello', user: actor.username } : { type: 'hello', user: actor.username, replayed: true }), false);
    if (missed !== null) {
      lastSent = after!;
      for (const { id, event } of missed) sendEvent(event, id);
    }
    // Without a replay, what arrived meanwhile still follows the hello (the console reads everything again anyway).
    const waiting = held;
    held = null;
    for (const { id, event } of waiting) sendEvent(event, id);
    return reply
      .code(200)
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      .send(stream);
  });
}
