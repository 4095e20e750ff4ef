/**
 * "API keys" in the top bar: a read-only dialog listing the keys callers of the Perspective-compatible API present
 * (label, rate, requests, last use, creation; GET /api/api-keys), with Refresh. Keys are made and revoked with the
 * apikey command line only, which the dialog names; the console never sees a key.
 */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { ApiKeyUsage } from '../../core/api.ts';
import { listApiKeys } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';

/** What the dialog shows. */
export type ApiKeysState = { phase: 'loading'; keys: ApiKeyUsage[] | null } | { phase: 'loaded'; keys: ApiKeyUsage[] } | { phase: 'failed'; error: string; keys: ApiKeyUsage[] | null };

export type ApiKeysAction = { type: 'load' } | { type: 'loaded'; keys: ApiKeyUsage[] } | { type: 'failed'; error: string };

/** The dialog's state: a reload keeps the last list on screen until the new one arrives. */
export function apiKeysReducer(state: ApiKeysState, action: ApiKeysAction): ApiKeysState {
  if (action.type === 'load') return { phase: 'loading', keys: state.keys };
  if (action.type === 'loaded') return { phase: 'loaded', keys: action.keys };
  return { phase: 'failed', error: action.error, keys: state.keys };
}

/** Loads the list on open and on `reload()`. */
function useApiKeys(): { state: ApiKeysState; reload: () => void } {
  const [state, dispatch] = useReducer(apiKeysReducer, { phase: 'loading', keys: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stale = false;
    dispatch({ type: 'load' });
    void listApiKeys().then((result) => {
      if (stale) return;
      dispatch(result.ok ? { type: 'loaded', keys: result.value.keys } : { type: 'failed', error: result.failure.error });
    });
    return () => {
      stale = true;
    };
  }, [round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { state, reload };
}

const when = (iso: string | null): string => {
  if (iso === null) return 'never';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
};

const CREATE_COMMAND = 'npm run --silent apikey -- create <label> [--qps N]';

function KeysTable({ keys }: { keys: readonly ApiKeyUsage[] }) {
  return (
    <table className="keys api-keys">
      <caption className="hint">Live keys of the Perspective-compatible API (POST /v1alpha1/comments:analyze)</caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Rate</th>
          <th scope="col">Requests</th>
          <th scope="col">Last used</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.label}>
            <th scope="row">{key.label}</th>
            <td>{`${key.qps}/s`}</td>
            <td>{key.requests.toLocaleString()}</td>
            <td>{when(key.lastUsedAt)}</td>
            <td>{when(key.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ApiKeysDialog({ onClose }: { onClose: () => void }) {
  const { state, reload } = useApiKeys();
  return (
    <Dialog title="API keys" onClose={onClose} className="api-keys-dialog">
      {state.keys !== null && state.keys.length > 0 ? <KeysTable keys={state.keys} /> : null}
      {state.phase === 'loaded' && state.keys.length === 0 ? <p>No API keys yet.</p> : null}
      {state.phase === 'loading' && state.keys === null ? <p className="muted">Loading…</p> : null}
      {state.phase === 'failed' ? (
        <p className="import-error" role="alert">
          Could not load the API keys: {state.error}
        </p>
      ) : null}
      <p className="hint">
        Make a key with <code>{CREATE_COMMAND}</code>, list them with <code>npm run --silent apikey -- list</code> and revoke one with{' '}
        <code>npm run --silent apikey -- revoke &lt;label&gt;</code>. Usage counts are written at most a second after the requests.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={reload} disabled={state.phase === 'loading'}>
          Refresh
        </button>
      </div>
    </Dialog>
  );
}

/** The top bar's "API keys" button and the dialog it opens. */
export function ApiKeysButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        API keys
      </button>
      {open ? <ApiKeysDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
