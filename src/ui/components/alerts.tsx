/**
 * The dismissible alert region: failed requests and refused actions as "what went wrong — where" messages.
 */
import { useCallback, useRef, useState } from 'react';

/** A message to show, shaped like an API error. */
export interface AlertMessage {
  error: string;
  where?: string;
  /** A button in the alert that takes the user where the fix is (focus moves only when they choose it). */
  action?: { label: string; run: () => void };
}

interface ShownAlert extends AlertMessage {
  id: number;
  /** How many times the same message arrived. */
  count: number;
}

/** Alert state: `push` adds (collapsing repeats of the same message), `dismiss` removes one. */
export function useAlerts(): { alerts: ShownAlert[]; push: (message: AlertMessage) => void; dismiss: (id: number) => void } {
  const [alerts, setAlerts] = useState<ShownAlert[]>([]);
  const nextId = useRef(1);
  const push = useCallback((message: AlertMessage) => {
    setAlerts((prev) => {
      const same = prev.find((a) => a.error === message.error && a.where === message.where);
      if (same) return prev.map((a) => (a === same ? { ...a, count: a.count + 1 } : a));
      const id = nextId.current;
      nextId.current += 1;
      return [...prev.slice(-4), { ...message, id, count: 1 }];
    });
  }, []);
  const dismiss = useCallback((id: number) => setAlerts((prev) => prev.filter((a) => a.id !== id)), []);
  return { alerts, push, dismiss };
}

export function AlertRegion({ alerts, onDismiss }: { alerts: ShownAlert[]; onDismiss: (id: number) => void }) {
  return (
    <div className="alerts" role="alert" aria-live="assertive">
      {alerts.map((alert) => (
        <div key={alert.id} className="alert">
          <span className="alert-text">
            {alert.error}
            {alert.where ? <span className="alert-where"> — {alert.where}</span> : null}
            {alert.count > 1 ? <span className="alert-count"> (×{alert.count})</span> : null}
          </span>
          {alert.action ? (
            <button type="button" className="link-button" onClick={alert.action.run}>
              {alert.action.label}
            </button>
          ) : null}
          <button type="button" className="icon-button" aria-label="Dismiss message" onClick={() => onDismiss(alert.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
