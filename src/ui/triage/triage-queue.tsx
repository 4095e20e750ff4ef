/**
 * The triage queue screen: the filtered, sorted, virtualized table of a thread's comments with live flags,
 * the cursor shared with the thread view, keyboard and button decisions (optionally advancing to the next undecided
 * comment), bulk checks, and the way back to the queue from any field (Escape, Enter).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTable, type ColumnFiltersState, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import type { ThreadView } from '../../core/api.ts';
import type { FlagDecision, Thresholds } from '../../core/flags.ts';
import { readJson, STORAGE_KEYS, writeString } from '../state/local-settings.ts';
import type { DecisionRequest, DecisionsState } from '../state/use-decisions.ts';
import { DecisionBar, type DecideAction } from './decision-bar.tsx';
import { DEFAULT_COLUMN_VISIBILITY, FILTER_ONLY_COLUMNS, triageColumns } from './triage-columns.tsx';
import { describeFilters, TriageFilters } from './triage-filters.tsx';
import { TriageGrid } from './triage-grid.tsx';
import { authorLabel, buildTriageRows, triageFeatures, type TriageRow } from './triage-table.ts';
import { useTriageKeys } from './use-triage-keys.ts';

/** What the current filter shows, for "export what the filter shows". */
export interface QueueScope {
  commentIds: string[];
  note: string;
  filtered: boolean;
}

interface Props {
  view: ThreadView;
  flags: ReadonlyMap<string, FlagDecision>;
  decisions: DecisionsState;
  thresholds: Thresholds;
  selectedId: string | null;
  onSelect: (commentId: string) => void;
  /** Records decisions; returns false when they could not be made (e.g. no moderator name). */
  onDecide: (requests: DecisionRequest[]) => boolean;
  onUndo: () => void;
  onHelp: () => void;
  onScopeChange: (scope: QueueScope) => void;
  /** False while a dialog is open. */
  shortcutsEnabled: boolean;
  /** After a single decision, select the next undecided comment (a setting, on by default). */
  advance: boolean;
  /** Makes the queue visible when the window shows one pane at a time (before focus moves to it). */
  onRevealQueue?: () => void;
}

/** The next comment after `from` in the queue's order that has no decision (wrapping to the top), or null. */
export function nextUndecided(order: readonly string[], from: number, isUndecided: (id: string) => boolean, skip: string): string | null {
  for (let step = 1; step <= order.length; step += 1) {
    const id = order[(Math.max(from, -1) + step + order.length) % order.length];
    if (id !== undefined && id !== skip && isUndecided(id)) return id;
  }
  return null;
}

function initialVisibility(): Record<string, boolean> {
  const stored = readJson(STORAGE_KEYS.columns);
  const visibility: Record<string, boolean> = { ...DEFAULT_COLUMN_VISIBILITY };
  if (typeof stored === 'object' && stored !== null) {
    for (const [id, value] of Object.entries(stored)) if (typeof value === 'boolean') visibility[id] = value;
  }
  for (const id of FILTER_ONLY_COLUMNS) visibility[id] = false;
  return visibility;
}

export function TriageQueue(props: Props) {
  const { view, flags, decisions, thresholds, selectedId, onSelect, onDecide, onScopeChange } = props;
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [globalFilter, setGlobalFilter] = useState('');
  const [columnVisibility, setColumnVisibility] = useState<Record<string, boolean>>(initialVisibility);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const lastIndex = useRef(0);

  useEffect(() => {
    writeString(STORAGE_KEYS.columns, JSON.stringify(columnVisibility));
  }, [columnVisibility]);

  const { current: decided, pendingIds } = decisions;
  const data = useMemo(() => buildTriageRows(view.comments, flags, decided, pendingIds, thresholds), [view.comments, flags, decided, pendingIds, thresholds]);
  const tropeNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const comment of view.comments) for (const hit of comment.tropes) names.set(hit.id, hit.name);
    return names;
  }, [view.comments]);

  const table = useTable({
    features: triageFeatures,
    columns: triageColumns,
    data,
    getRowId: (row: TriageRow) => row.id,
    state: { sorting, columnFilters, globalFilter, columnVisibility, rowSelection },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange: setColumnVisibility,
    onRowSelectionChange: setRowSelection,
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => column.id === 'author' || column.id === 'excerpt',
    enableSortingRemoval: true,
    autoResetSorting: false,
  });

  const rows = table.getRowModel().rows;
  const visibleIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const scopeNote = describeFilters(table, tropeNames);
  const filtered = columnFilters.length > 0 || globalFilter.trim().length > 0;
  useEffect(() => {
    onScopeChange({ commentIds: visibleIds, note: scopeNote, filtered });
  }, [visibleIds, scopeNote, filtered, onScopeChange]);

  const currentIndex = selectedId === null ? -1 : visibleIds.indexOf(selectedId);
  useEffect(() => {
    if (currentIndex >= 0) lastIndex.current = currentIndex;
  }, [currentIndex]);
  // The comment to decide on is the selected one even when the filters hide it (it may be picked in the thread view).
  const byId = useMemo(() => new Map(data.map((row) => [row.id, row])), [data]);
  const current = selectedId === null ? undefined : byId.get(selectedId);
  const checkedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const visibleChecked = visibleIds.filter((id) => rowSelection[id]);

  const move = (delta: 1 | -1) => {
    if (visibleIds.length === 0) return;
    let next: number;
    if (currentIndex >= 0) next = currentIndex + delta;
    else next = delta === 1 ? Math.min(lastIndex.current, visibleIds.length - 1) : lastIndex.current - 1;
    next = Math.max(0, Math.min(visibleIds.length - 1, next));
    const id = visibleIds[next];
    if (id !== undefined) onSelect(id);
  };

  const withDetails = (commentIds: string[], action: DecideAction): DecisionRequest[] =>
    commentIds.map((commentId) => ({ commentId, action, ...(reason ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}) }));

  const decide = (action: DecideAction) => {
    if (!current) return;
    if (onDecide(withDetails([current.id], action))) {
      setReason('');
      setNote('');
      if (props.advance) {
        const from = currentIndex >= 0 ? currentIndex : lastIndex.current - 1;
        const next = nextUndecided(visibleIds, from, (id) => byId.get(id)?.decision === 'undecided', current.id);
        if (next !== null) onSelect(next);
      }
    }
  };
  const bulk = (action: DecideAction) => {
    if (visibleChecked.length === 0) return;
    if (onDecide(withDetails(visibleChecked, action))) {
      setReason('');
      setNote('');
      setRowSelection({});
    }
  };
  const toggleCheck = () => {
    if (!current) return;
    setRowSelection((prev) => {
      const next = { ...prev };
      if (next[current.id]) delete next[current.id];
      else next[current.id] = true;
      return next;
    });
  };

  /** Keyboard focus on the current row (or the first one), where the single-key shortcuts act. */
  const focusQueue = () => {
    // A queue hidden in the one-pane layout is shown first (at once: a hidden row cannot take focus).
    const reveal = props.onRevealQueue;
    if (reveal) flushSync(reveal);
    const section = sectionRef.current;
    const row = section?.querySelector<HTMLElement>('tr[data-row-id][tabindex="0"]') ?? section?.querySelector<HTMLElement>('table[role="grid"]');
    row?.focus();
  };
  const escape = (target: EventTarget | null) => {
    const search = typeof table.state.globalFilter === 'string' ? table.state.globalFilter : '';
    if (target === searchRef.current && search.length > 0) table.setGlobalFilter('');
    else focusQueue();
  };

  useTriageKeys(props.shortcutsEnabled, {
    move,
    decide,
    bulk,
    undo: props.onUndo,
    toggleCheck,
    focusSearch: () => searchRef.current?.focus(),
    help: props.onHelp,
    escape,
    toQueue: focusQueue,
  });

  return (
    <section className="queue" aria-label="Triage queue" ref={sectionRef}>
      <TriageFilters table={table} searchRef={searchRef} tropeNames={tropeNames} shown={rows.length} total={data.length} />
      <TriageGrid table={table} selectedId={selectedId} onSelect={onSelect} onMove={move} />
      <DecisionBar
        reason={reason}
        note={note}
        onReason={setReason}
        onNote={setNote}
        currentAuthor={current ? authorLabel(current) : null}
        currentHidden={current !== undefined && currentIndex < 0}
        checkedCount={visibleChecked.length}
        hiddenCheckedCount={checkedIds.length - visibleChecked.length}
        canUndo={decisions.canUndo}
        onDecide={decide}
        onBulk={bulk}
        onUndo={props.onUndo}
        onClearChecked={() => setRowSelection({})}
      />
    </section>
  );
}
