/**
 * The audit view (issue 14, docs/adr/0023-audit-trail.md): "Audit log" in the top bar for editors and administrators
 * (useCan('read-audit'); the server refuses everyone else). A dialog with filters (person, action, thread, time
 * range), a table of entries newest first, "Load older" for the next page, and "Export CSV", a download of the same
 * filter through GET /api/audit?format=csv (which the server audits). State: auditViewReducer (audit-model.ts).
 */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { AuditEntry, AuditQuery, ThreadSummary } from '../../core/api.ts';
import { listAudit } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { useCan } from '../session/session-context.tsx';
import {
  AUDIT_ACTION_CHOICES,
  auditFilterProblem,
  auditQueryOf,
  auditSearch,
  auditViewReducer,
  EMPTY_AUDIT_FILTER,
  initialAuditView,
  pageQuery,
  type AuditFilterForm,
} from './audit-model.ts';

export const when = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
};

/** Loads the first page on each search and the next one on `older()`; an answer to an older request is dropped. */
function useAuditView(initial: AuditFilterForm) {
  const [state, dispatch] = useReducer(auditViewReducer, initial, initialAuditView);
  const [request, setRequest] = useState<{ query: AuditQuery; append: boolean }>(() => ({ query: pageQuery(initialAuditView(initial), false), append: false }));
  useEffect(() => {
    let stale = false;
    const { query, append } = request;
    void listAudit(auditSearch(query)).then((result) => {
      if (stale) return;
      if (result.ok) dispatch({ type: 'loaded', entries: result.value, append, limit: query.limit ?? result.value.length });
      else dispatch({ type: 'failed', error: result.failure.error });
    });
    return () => {
      stale = true;
    };
  }, [request]);
  const search = useCallback((filter: AuditFilterForm) => {
    dispatch({ type: 'search', filter });
    setRequest({ query: pageQuery(initialAuditView(filter), false), append: false });
  }, []);
  const older = () => {
    dispatch({ type: 'older' });
    setRequest({ query: pageQuery(state, true), append: true });
  };
  return { state, search, older };
}

function threadTitle(threads: readonly ThreadSummary[], id: string | null): string {
  if (id === null) return '';
  const thread = threads.find((t) => t.id === id);
  return thread ? thread.title || 'Untitled' : id;
}

function EntriesTable({ entries, threads }: { entries: readonly AuditEntry[]; threads: readonly ThreadSummary[] }) {
  return (
    <div className="audit-table-wrap">
      <table className="keys audit-table">
        <caption className="hint">{`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Thread</th>
            <th scope="col">Comment</th>
            <th scope="col">What</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>
                <time dateTime={e.at}>{when(e.at)}</time>
              </td>
              <td>
                {e.actor}
                {e.actorRole ? <span className="muted"> ({e.actorRole})</span> : null}
              </td>
              <td>{e.action}</td>
              <td title={e.threadId ?? undefined}>{threadTitle(threads, e.threadId)}</td>
              <td>{e.commentId ?? ''}</td>
              <td className="audit-text">{e.what}</td>
              <td className="audit-text">{e.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditLogDialog({ threads, onClose }: { threads: readonly ThreadSummary[]; onClose: () => void }) {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const { state, search, older } = useAuditView(EMPTY_AUDIT_FILTER);
  const set = (field: keyof AuditFilterForm) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));
  const apply = (filter: AuditFilterForm) => {
    const problem = auditFilterProblem(filter);
    setFormProblem(problem);
    if (problem === null) search(filter);
  };
  const csvHref = `/api/audit${auditSearch(auditQueryOf(state.applied, { format: 'csv' }))}`;
  return (
    <Dialog title="Audit log" onClose={onClose} className="audit-dialog">
      <form
        className="audit-filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          apply(form);
        }}
      >
        <label className="field">
          <span>Person</span>
          <input type="text" value={form.actor} onChange={set('actor')} placeholder="user name" autoComplete="off" data-autofocus />
        </label>
        <label className="field">
          <span>Action</span>
          <select value={form.action} onChange={set('action')}>
            {AUDIT_ACTION_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Thread</span>
          <select value={form.threadId} onChange={set('threadId')}>
            <option value="">Any thread</option>
            {threads.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title || 'Untitled'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="datetime-local" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="datetime-local" value={form.to} onChange={set('to')} />
        </label>
        <div className="audit-filter-actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(EMPTY_AUDIT_FILTER);
              apply(EMPTY_AUDIT_FILTER);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {formProblem ? (
        <p className="import-error" role="alert">
          {formProblem}
        </p>
      ) : null}
      {state.entries.length > 0 ? <EntriesTable entries={state.entries} threads={threads} /> : null}
      {state.phase === 'loaded' && state.entries.length === 0 ? <p>No entries match these filters.</p> : null}
      {state.phase === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {state.phase === 'failed' ? (
        <p className="import-error" role="alert">
          Could not load the audit log: {state.error}
        </p>
      ) : null}
      <div className="dialog-actions">
        {state.more ? (
          <button type="button" onClick={older} disabled={state.phase === 'loading'}>
            Load older
          </button>
        ) : null}
        <a className="button-link" href={csvHref} download>
          Export CSV
        </a>
      </div>
    </Dialog>
  );
}

/** The top bar's "Audit log" button and its dialog; nothing for roles that cannot read the audit trail. */
export function AuditLogButton({ threads }: { threads: readonly ThreadSummary[] }) {
  const canRead = useCan('read-audit');
  const [open, setOpen] = useState(false);
  if (!canRead) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Audit log
      </button>
      {open ? <AuditLogDialog threads={threads} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
