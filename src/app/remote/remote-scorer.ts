/**
 * What every remote scoring adapter adds to the Scorer interface, and the helpers they share for safe messages.
 */
import type { Scorer } from '../../core/scoring.ts';
import type { SchedulerStats } from './scheduler.ts';

/** A scorer that calls a hosted service through the scheduler. */
export interface RemoteScorer extends Scorer {
  /** Environment variable holding the key, named in messages (never the key itself). */
  readonly keyVariable: string;
  /**
   * Set when the service refused the whole job (key rejected, service gone): `score` then rejects every batch with
   * this message, so nothing is cached as a per-comment error. Null while all is well.
   */
  readonly fatalError: string | null;
  /** True once the service has answered that it no longer exists (HTTP 404/410 on its endpoint). */
  readonly gone: boolean;
  /** Requests per second this scorer keeps to. */
  readonly qps: number;
  /** Scheduler counters for a backlog display. */
  stats(): SchedulerStats;
}

/** The whole job failed; the message is safe to show (no key, no URL). */
export class RemoteJobError extends Error {
  override name = 'RemoteJobError';
}

/** Shortens a message the service sent and removes the key from it if a service echoed it back. */
export function safeServiceText(text: unknown, key: string, max = 200): string {
  if (typeof text !== 'string') return '';
  let clean = text.replace(/\s+/g, ' ').trim();
  if (key !== '') clean = clean.split(key).join('[key]');
  clean = clean.replace(/([?&]key=)[^&\s]*/gi, '$1[key]');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The short network error code inside a client error message (ECONNREFUSED, ...), never the rest of it. */
export function networkCode(message: unknown): string {
  const match = typeof message === 'string' ? /\b(E[A-Z]{3,}|socket hang up|timeout|canceled|aborted)\b/.exec(message) : null;
  return match ? match[1]! : 'network error';
}

/** Validates a service base URL: http(s), no user info, no query; returns it without a trailing slash. */
export function checkBaseUrl(raw: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`${variable} must be an http or https URL, got "${raw.slice(0, 100)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${variable} must be an http or https URL, got "${raw.slice(0, 100)}"`);
  if (url.username !== '' || url.password !== '') throw new Error(`${variable} must not contain a user name or password`);
  if (url.search !== '' || url.hash !== '') throw new Error(`${variable} must not contain a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
