/**
 * GET /api/events (`read`; issue 14, docs/adr/0025-queue-states-and-live-updates.md): the live events of app.live as
 * server-sent events. Contract:
 * - `text/event-stream`, `cache-control: no-store`; first a `hello` event naming the user, then every LiveEvent as
 *   one `data: <json>` line and a blank line; a comment line (`: heartbeat`) every LIVE_HEARTBEAT_MS keeps proxies
 *   from closing a quiet stream.
 * - The stream ends when the client goes, when the server closes (a preClose hook ends every stream, so app.close()
 *   never waits on one), when the user's session ends (asked of the Authenticator on each heartbeat and before each
 *   event: a logout, a disabled account, an expiry), and when the client reads too slowly (LIVE_BUFFER_MAX queued).
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

export interface LiveRouteOptions {
  /** True while the actor's session still stands. */
  stillValid(actor: Actor): boolean;
  heartbeatMs?: number;
  streamsPerUser?: number;
}

/** One event as the stream sends it. */
export function sseFrame(event: LiveEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
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
    const unsubscribe = app.live.subscribe((event) => {
      if (!options.stillValid(actor)) return end();
      write(sseFrame(event));
    });
    const timer = setInterval(() => {
      if (!options.stillValid(actor)) return end();
      write(': heartbeat\n\n');
    }, heartbeatMs);
    timer.unref();
    enders.add(end);
    // The response's close, not the request's: a GET's request emits 'close' as soon as it has been read.
    reply.raw.on('close', end);

    write(sseFrame({ type: 'hello', user: actor.username }));
    return reply
      .code(200)
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      .send(stream);
  });
}
