/**
 * Hooks over the page's one LiveConnection (live-connection.ts): `useLiveConnection()` keeps it open while a console
 * is mounted, `useLiveEvents(listener)` is the tiny subscription any part of the console uses (decisions, the queue's
 * claims, the thread index, reasons, thresholds), `useLiveStatus()` says whether it is live.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveEvent } from '../../core/api.ts';
import { LiveConnection, type EventSourceLike, type LiveStatus } from './live-connection.ts';

let shared: LiveConnection | null = null;

/** The page's connection (made on first use; without EventSource, as in unit tests, it stays 'off'). */
export function liveConnection(): LiveConnection {
  // The browser's EventSource has the members EventSourceLike names (its handlers take a MessageEvent, which has `data`).
  shared ??= new LiveConnection(typeof EventSource === 'undefined' ? null : (url) => new EventSource(url) as unknown as EventSourceLike);
  return shared;
}

/** Keeps the page's stream open while the calling component is mounted. */
export function useLiveConnection(): void {
  useEffect(() => {
    const connection = liveConnection();
    connection.start();
    return () => connection.stop();
  }, []);
}

/** Calls `listener` with every live event (the latest listener: no need to memoize it). */
export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => liveConnection().subscribe((event) => latest.current(event)), []);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (onChange) => liveConnection().onStatus(onChange),
    () => liveConnection().status,
    () => 'off' as const,
  );
}

const STATUS_TEXT: Record<LiveStatus, string> = { off: '', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** A quiet word on the live stream's state, for the tool bar. */
export function LiveStatusText() {
  const status = useLiveStatus();
  return (
    <span role="status" className={`live-status live-${status}`} title={status === 'live' ? 'Decisions and claims by others appear as they happen' : undefined}>
      {STATUS_TEXT[status]}
    </span>
  );
}
