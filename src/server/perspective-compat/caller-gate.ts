/**
 * The caller gate of the Perspective-compatible API: a Fastify preHandler that reads the caller's key (the `?key=`
 * query parameter, as Perspective's clients send it, or the `x-goog-api-key` header), verifies it (api-keys.ts),
 * applies the key's rate (rate-limit.ts) and puts the caller on the request as `request.caller`. Refusals are in
 * Google's error shape: no key 403 PERMISSION_DENIED, an unknown or revoked key 400 API_KEY_INVALID, over the rate
 * 429 RESOURCE_EXHAUSTED with Retry-After. The key is never logged nor echoed.
 *
 *   app.post('/v1alpha1/comments:analyze', { preHandler: callerGate(store), config: { callerAuth: 'api-key' } }, ...)
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Store } from '../../app/store/store.ts';
import { type ApiKeys, apiKeysFor, type Caller } from '../../app/perspective-compat/api-keys.ts';
import { GOOGLE_ERRORS, type GoogleError, sendGoogleError } from './google-errors.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

export type { Caller } from '../../app/perspective-compat/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API caller, set by the caller gate on the routes that use it. */
    caller?: Caller;
  }
}

/** The first value of a query parameter or header that may repeat. */
function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** The key a request carries: `?key=` first, then the `x-goog-api-key` header; undefined when neither (or empty). */
export function requestKey(request: Pick<FastifyRequest, 'query' | 'headers'>): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const key = first(query?.key) ?? first(request.headers['x-goog-api-key']);
  return key === undefined || key.trim() === '' ? undefined : key.trim();
}

/** The outcome of the gate for one key: the caller, or the error to answer. */
export async function admit(key: string | undefined, keys: ApiKeys, limiter: RateLimiter): Promise<Caller | GoogleError> {
  if (key === undefined) return GOOGLE_ERRORS.missingKey();
  const caller = await keys.verify(key);
  if (!caller) return GOOGLE_ERRORS.invalidKey();
  const outcome = limiter.take(caller.id, caller.qps);
  if (!outcome.allowed) return GOOGLE_ERRORS.rateExceeded(caller.label, caller.qps, outcome.retryAfterMs);
  keys.recordUse(caller.id);
  return caller;
}

export interface CallerGateOptions {
  /** The clock of the rate limiter, in ms (default `Date.now`); only the first gate of a store sets it. */
  clock?: () => number;
}

/** One rate limiter per store, so every route of a key draws from the same bucket. */
const limiters = new WeakMap<Store, RateLimiter>();

function limiterFor(store: Store, clock?: () => number): RateLimiter {
  let limiter = limiters.get(store);
  if (!limiter) {
    limiter = createRateLimiter(clock);
    limiters.set(store, limiter);
  }
  return limiter;
}

/** A preHandler admitting requests with a live key under its rate; sets `request.caller`. */
export function callerGate(store: Store, options: CallerGateOptions = {}): preHandlerAsyncHookHandler {
  const keys = apiKeysFor(store);
  const limiter = limiterFor(store, options.clock);
  return async function gate(request: FastifyRequest, reply: FastifyReply) {
    const outcome = await admit(requestKey(request), keys, limiter);
    if ('body' in outcome) return sendGoogleError(reply, outcome);
    request.caller = outcome;
  };
}
