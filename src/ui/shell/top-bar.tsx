/**
 * The console's top bar: product name, thread picker, Import, scorer identity, save status, API keys,
 * the account (name and role, its menu), help.
 */
import { useState } from 'react';
import type { ThreadHeader, ThreadSummary } from '../../core/api.ts';
import type { ApiFailure } from '../api/client.ts';
import { AuditLogButton } from '../audit/audit-dialog.tsx';
import { AccountMenu } from '../session/account-menu.tsx';
import { useCan } from '../session/session-context.tsx';
import { ApiKeysButton } from './api-keys-dialog.tsx';
import { ScorerSwitch } from './scorer-switch.tsx';
import { ScoringBacklog } from './scoring-backlog.tsx';

interface Props {
  threads: readonly ThreadSummary[];
  /** The open thread (its header), or null. */
  view: ThreadHeader | null;
  loadingId: string | null;
  onPick: (threadId: string) => void;
  onImport: () => void;
  /** Opens "Score a text" (scored in the browser). */
  onScoreText: () => void;
  waiting: number;
  lastSendError: string | null;
  onHelp: () => void;
  /** The server switched scorer (the console reloads the open thread). */
  onScorerSwitched: (scorerName: string) => void;
  onError: (failure: ApiFailure) => void;
}

const shortDate = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
};

export function SaveStatus({ waiting, lastSendError }: { waiting: number; lastSendError: string | null }) {
  const text = waiting === 0 ? 'All decisions saved' : `${waiting} ${waiting === 1 ? 'decision' : 'decisions'} waiting to be saved`;
  return (
    <span className={waiting === 0 ? 'save-status' : 'save-status waiting'} role="status" title={waiting > 0 && lastSendError ? `Last attempt: ${lastSendError}` : undefined}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function TopBar({ threads, view, loadingId, onPick, onImport, onScoreText, waiting, lastSendError, onHelp, onScorerSwitched, onError }: Props) {
  // The scorer chosen with the switch, until the reloaded thread view names it.
  const [switchedTo, setSwitchedTo] = useState<string | null>(null);
  // What the role cannot do is left out (the server refuses it anyway, ADR 0022).
  const canImport = useCan('import');
  const canAdminister = useCan('administer');
  const ordered = [...threads].sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0));
  return (
    <header className="top-bar">
      <h1 className="brand">Threadscope</h1>
      <label className="field thread-picker">
        <span>Thread</span>
        <select value={view?.id ?? ''} onChange={(event) => onPick(event.target.value)} disabled={threads.length === 0}>
          {view === null ? <option value="">{threads.length === 0 ? 'No threads yet' : 'Choose a thread'}</option> : null}
          {ordered.map((t) => (
            <option key={t.id} value={t.id}>
              {`${t.title || 'Untitled'} · ${t.commentCount} · ${shortDate(t.importedAt)}`}
            </option>
          ))}
        </select>
      </label>
      {loadingId !== null ? <span className="muted">Loading…</span> : null}
      {canImport ? (
        <button type="button" className="primary" onClick={onImport}>
          Import…
        </button>
      ) : null}
      <button type="button" onClick={onScoreText}>
        Score a text…
      </button>
      <span className="spacer" />
      {view ? (
        <span className="scorer" title={`${view.scorer.name} ${view.scorer.version} — ${view.scorer.description}`}>
          Scorer: {view.scorer.name} {view.scorer.version}
        </span>
      ) : null}
      {canAdminister ? (
        <ScorerSwitch
          onError={onError}
          onSwitched={(name) => {
            setSwitchedTo(name);
            onScorerSwitched(name);
          }}
        />
      ) : null}
      <ScoringBacklog scorerName={switchedTo ?? view?.scorer.name ?? null} />
      <SaveStatus waiting={waiting} lastSendError={lastSendError} />
      <AuditLogButton threads={threads} />
      {canAdminister ? <ApiKeysButton /> : null}
      <AccountMenu />
      <button type="button" className="icon-button help-button" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={onHelp}>
        ?
      </button>
    </header>
  );
}
