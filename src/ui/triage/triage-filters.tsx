/**
 * The queue's filter bar (search, flagged only and needs a human with their counts, model and moderators disagree
 * when some comment has feedback, attribute over threshold, trope, decision, columns) and the words that describe the
 * active filters in an exported report.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ReactTable } from '@tanstack/react-table';
import type { ThreadIndex } from '../../core/api.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';
import { QUEUE_STATUSES, reviewCounts } from './queue-model.ts';
import { DECISION_LABEL, FILTER_ONLY_COLUMNS, STATUS_LABEL } from './triage-columns.tsx';
import type { DecisionValue, TriageFeatures, TriageRow } from './triage-table.ts';

type QueueTable = ReactTable<TriageFeatures, TriageRow>;

const DECISION_CHOICES: Array<DecisionValue | ''> = ['', 'undecided', 'approved', 'rejected', 'escalated'];

const filterValue = (table: QueueTable, id: string): unknown => table.state.columnFilters.find((f) => f.id === id)?.value;

/** Describes the current filters in words, e.g. "flagged only; decision undecided; search 'war'" (`search`: the search whose matches the queue shows). */
export function describeFilters(table: QueueTable, tropeNames: ReadonlyMap<string, string>, search: string): string {
  const parts: string[] = [];
  if (filterValue(table, 'flagged') === true) parts.push('flagged only');
  if (filterValue(table, 'needsHuman') === true) parts.push('needs a human only');
  if (filterValue(table, 'disagrees') === true) parts.push('model and moderators disagree only');
  const over = filterValue(table, 'overThreshold');
  if (typeof over === 'string') parts.push(`${over} at or over its threshold`);
  const trope = filterValue(table, 'tropeIds');
  if (typeof trope === 'string') parts.push(`trope "${tropeNames.get(trope) ?? trope}"`);
  const decision = filterValue(table, 'decision');
  if (typeof decision === 'string') parts.push(`decision ${decision}`);
  const status = filterValue(table, 'status');
  if (typeof status === 'string') parts.push(status === 'all' ? 'snoozed comments included' : `status ${status}`);
  if (search.trim()) parts.push(`search "${search.trim()}"`);
  return parts.length === 0 ? 'all comments (no filter)' : parts.join('; ');
}

function ColumnMenu({ table }: { table: QueueTable }) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const onDown = (event: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide() && !(FILTER_ONLY_COLUMNS as readonly string[]).includes(c.id));
  return (
    <div
      className="menu-wrap"
      ref={wrapper}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button type="button" ref={button} aria-expanded={open} aria-controls="column-menu" onClick={() => setOpen((v) => !v)}>
        Columns
      </button>
      {open ? (
        <fieldset id="column-menu" className="menu-panel">
          <legend>Visible columns</legend>
          {columns.map((column) => (
            <label key={column.id} className="check">
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
              {column.columnDef.meta?.label ?? column.id}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

interface Props {
  table: QueueTable;
  searchRef: RefObject<HTMLInputElement | null>;
  /** The thread's index: its tropes, and the counts beside the checkboxes. */
  index: ThreadIndex;
  /** 1 where the comment is flagged under the live thresholds. */
  flagged: Uint8Array;
  shown: number;
  total: number;
  /** The server has not answered the search box's current text yet. */
  searching: boolean;
}

/** A yes/no filter of a queue column, with the thread's count beside it (the count describes the checkbox). */
function CountedCheck({ table, column, label, title, count, countTitle }: { table: QueueTable; column: 'flagged' | 'needsHuman' | 'disagrees'; label: string; title?: string; count: number; countTitle: string }) {
  const countId = `${column.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-count`;
  return (
    <>
      <label className="check" title={title}>
        <input
          type="checkbox"
          aria-describedby={countId}
          checked={filterValue(table, column) === true}
          onChange={(event) => table.getColumn(column)?.setFilterValue(event.target.checked ? true : undefined)}
        />
        {label}
      </label>
      <span className="count" id={countId} title={countTitle}>
        ({count})
      </span>
    </>
  );
}

export function TriageFilters({ table, searchRef, index, flagged, shown, total, searching }: Props) {
  const setFilter = (id: string, value: unknown) => table.getColumn(id)?.setFilterValue(value === '' || value === false ? undefined : value);
  const search = typeof table.state.globalFilter === 'string' ? table.state.globalFilter : '';
  const over = filterValue(table, 'overThreshold');
  const trope = filterValue(table, 'tropeIds');
  const decision = filterValue(table, 'decision');
  const status = filterValue(table, 'status');
  const byPriority = table.state.sorting[0]?.id === 'priority';
  const active = table.state.columnFilters.length > 0 || search.length > 0;
  const counts = useMemo(() => reviewCounts(index, flagged), [index, flagged]);
  return (
    <div className="filter-bar" role="search" aria-label="Filter the queue">
      <input
        ref={searchRef}
        type="search"
        className="search"
        aria-label="Search comments"
        aria-keyshortcuts="/"
        data-enter-to-queue=""
        placeholder="Search comments  ( / )"
        value={search}
        onChange={(event) => table.setGlobalFilter(event.target.value)}
      />
      <CountedCheck table={table} column="flagged" label="Flagged only" count={counts.flagged} countTitle="Flagged comments in the thread" />
      <CountedCheck
        table={table}
        column="needsHuman"
        label="Needs a human"
        title="Comments the scorer cannot judge: their language is not supported"
        count={counts.needsHuman}
        countTitle="Comments in a language the scorer does not support"
      />
      {counts.disagrees > 0 || filterValue(table, 'disagrees') === true ? (
        // One item of the wrapping bar, so the count never lands on the next line alone.
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <CountedCheck
            table={table}
            column="disagrees"
            label="Model and moderators disagree"
            title="Moderators elsewhere (comments:suggestscore) and the model are 0.5 or more apart on some attribute"
            count={counts.disagrees}
            countTitle="Comments where moderators elsewhere and the model disagree"
          />
        </span>
      ) : null}
      <label className="field">
        <span>Over threshold</span>
        <select value={typeof over === 'string' ? over : ''} onChange={(event) => setFilter('overThreshold', event.target.value)}>
          <option value="">Any score</option>
          {ATTRIBUTES.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Trope</span>
        <select value={typeof trope === 'string' ? trope : ''} onChange={(event) => setFilter('tropeIds', event.target.value)}>
          <option value="">Any</option>
          {index.tropeKinds.map(({ id, name }) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Decision</span>
        <select value={typeof decision === 'string' ? decision : ''} onChange={(event) => setFilter('decision', event.target.value)}>
          {DECISION_CHOICES.map((d) => (
            <option key={d || 'any'} value={d}>
              {d === '' ? 'Any' : DECISION_LABEL[d]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Status</span>
        <select value={typeof status === 'string' ? status : ''} onChange={(event) => setFilter('status', event.target.value)}>
          <option value="">Not snoozed</option>
          {QUEUE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
          <option value="all">All, snoozed too</option>
        </select>
      </label>
      <button
        type="button"
        aria-pressed={byPriority}
        title="Highest priority first: score (half), tropes (0.3) and reader reports (0.2; imported threads carry none)"
        onClick={() => table.setSorting(byPriority ? [] : [{ id: 'priority', desc: true }])}
      >
        Priority first
      </button>
      <ColumnMenu table={table} />
      <span className="count" aria-live="polite">
        {shown === total ? `${total} comments` : `${shown} of ${total} comments`}
      </span>
      {searching ? <span className="muted">Searching…</span> : null}
      {active ? (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            table.resetColumnFilters(true);
            table.setGlobalFilter('');
          }}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
