/**
 * "The server says this browser has no session" (a 401 from any API call: the session expired, was revoked, or the
 * account was disabled). The API client reports it here; the session gate listens and brings the login page back.
 * The decisions outbox lives in localStorage (src/ui/state/decisions-outbox.ts), so nothing waiting is lost.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

/** Called by the API client for every 401 answer. */
export function reportUnauthorized(): void {
  for (const listener of [...listeners]) listener();
}

/** Adds a listener; the function returned removes it. */
export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
