/**
 * The triage queue screen: the filtered, sorted, virtualized table of a thread's comments with live flags,
 * the cursor shared with the thread view, keyboard and button decisions (optionally advancing to the next undecided
 * comment), bulk checks, and the way back to the queue from any field (Escape, Enter).
 *
 * Sized for 100,000 comments (docs/adr/0020-browser-model-for-size.md): the order is computed from the thread
 * index's columns (queue-model.ts), search is the server's (debounced, intersected with the other filters), and
 * only the rows on screen are built, from the index and the windows of full comments the store has read.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import type { QueueStatus, ThreadIndex } from '../../core/api.ts';
import type { DecisionState } from '../../core/decisions.ts';
import type { Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import { searchThread, isStale, type ApiFailure } from '../api/client.ts';
import { useQueueState } from '../live/use-queue-state.ts';
import { useCan, useSession } from '../session/session-context.tsx';
import { useStoreRevision } from '../state/comment-store.ts';
import { readJson, STORAGE_KEYS, writeString } from '../state/local-settings.ts';
import type { DecisionRequest, DecisionsState } from '../state/use-decisions.ts';
import type { OpenThread } from '../state/use-threads.ts';
import { DecisionBar, type DecideAction } from './decision-bar.tsx';
import {
  authorLabelAt,
  decisionColumn,
  filteredIndexes,
  heldByOther,
  NO_FILTERS,
  QUEUE_STATUSES,
  queueStatus,
  snoozedMask,
  sortedIndexes,
  statusColumn,
  type QueueColumns,
  type QueueFilters,
} from './queue-model.ts';
import { claimTargets, QueueActions } from './queue-actions.tsx';
import { CheckContext, DEFAULT_COLUMN_VISIBILITY, FILTER_ONLY_COLUMNS, triageColumns, type CheckState } from './triage-columns.tsx';
import { describeFilters, TriageFilters } from './triage-filters.tsx';
import { ROW_HEIGHT, TriageGrid } from './triage-grid.tsx';
import { buildTriageRow, triageFeatures, type DecisionValue, type RowQueue, type TriageRow } from './triage-table.ts';
import { useTriageKeys } from './use-triage-keys.ts';

/** What the current filter shows, for "export what the filter shows". */
export interface QueueScope {
  /** How many comments the filters show. */
  count: number;
  /** Their ids in the queue's order (made when an export asks). */
  commentIds: () => string[];
  note: string;
  filtered: boolean;
}

interface Props {
  thread: OpenThread;
  /** 1 where the comment is flagged under the live thresholds (queue-model.ts flaggedColumn). */
  flagged: Uint8Array;
  decisions: DecisionsState;
  thresholds: Thresholds;
  selectedId: string | null;
  onSelect: (commentId: string) => void;
  /** Records decisions; returns false when they could not be made (e.g. no moderator name). */
  onDecide: (requests: DecisionRequest[]) => boolean;
  onUndo: () => void;
  onHelp: () => void;
  onScopeChange: (scope: QueueScope) => void;
  /** A search failed (other than a stale index, which reloads it). */
  onError?: (failure: ApiFailure) => void;
  /** False while a dialog is open. */
  shortcutsEnabled: boolean;
  /** After a single decision, select the next undecided comment (a setting, on by default). */
  advance: boolean;
  /** Makes the queue visible when the window shows one pane at a time (before focus moves to it). */
  onRevealQueue?: () => void;
  /** Words for the page's live region (claims and snoozes). */
  onAnnounce?: (message: string) => void;
  /** Comments to check at once, replacing the checks (the commenter panel's "Select all of this author's comments"); each new `serial` applies. */
  checkRequest?: CheckRequest | null;
}

/** A request to check these comments for a bulk decision. */
export interface CheckRequest {
  ids: readonly string[];
  serial: number;
}

/** The next item after position `from` in the queue's order that has no decision (wrapping to the top), or null. */
export function nextUndecided<T>(order: ArrayLike<T>, from: number, isUndecided: (item: T) => boolean, skip: T): T | null {
  for (let step = 1; step <= order.length; step += 1) {
    const item = order[(Math.max(from, -1) + step + order.length) % order.length];
    if (item !== undefined && item !== skip && isUndecided(item)) return item;
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

/** Wait after the last keystroke before the search goes to the server. */
export const SEARCH_DEBOUNCE_MS = 120;
/** Rows read ahead of the viewport, above and below, so that scrolling rarely shows a placeholder. */
const PREFETCH_ROWS = 40;
const NO_CHECKS: ReadonlySet<string> = new Set();
const NO_DECISIONS = new Uint8Array(0);

const filterValue = (filters: ColumnFiltersState, id: string): unknown => filters.find((f) => f.id === id)?.value;
const isDecision = (value: unknown): value is DecisionState | 'undecided' => value === 'undecided' || value === 'approved' || value === 'rejected' || value === 'escalated';
const isStatusFilter = (value: unknown): value is QueueStatus | 'all' => value === 'all' || (QUEUE_STATUSES as unknown[]).includes(value);

/** The queue-model filters from the table's filter state and the search's matches. */
function queueFilters(filters: ColumnFiltersState, matches: readonly number[] | null): QueueFilters {
  const over = filterValue(filters, 'overThreshold');
  const trope = filterValue(filters, 'tropeIds');
  const decision = filterValue(filters, 'decision');
  return {
    ...NO_FILTERS,
    flagged: filterValue(filters, 'flagged') === true,
    needsHuman: filterValue(filters, 'needsHuman') === true,
    disagrees: filterValue(filters, 'disagrees') === true,
    overThreshold: typeof over === 'string' && (ATTRIBUTES as readonly string[]).includes(over) ? (over as Attribute) : null,
    trope: typeof trope === 'string' ? trope : null,
    decision: isDecision(decision) ? decision : null,
    status: isStatusFilter(filterValue(filters, 'status')) ? (filterValue(filters, 'status') as QueueStatus | 'all') : null,
    matches,
  };
}

interface SearchResult {
  query: string;
  version: string;
  matches: readonly number[];
}

/** The server's matches for the search box's text (debounced); null while the box is empty. */
function useServerSearch(thread: OpenThread, text: string, onError?: (failure: ApiFailure) => void): { matches: readonly number[] | null; applied: string; searching: boolean } {
  const query = text.trim();
  const { index, store } = thread;
  const [result, setResult] = useState<SearchResult | null>(null);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);
  useEffect(() => {
    if (query === '') return undefined;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void searchThread(index.thread.id, index.version, query).then((answer) => {
        if (cancelled) return;
        if (answer.ok) setResult({ query, version: index.version, matches: answer.value.matches });
        else if (isStale(answer.failure)) store.stale();
        else onErrorRef.current?.(answer.failure);
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [query, index, store]);
  if (query === '') return { matches: null, applied: '', searching: false };
  const fresh = result !== null && result.query === query && result.version === index.version;
  // Until the answer comes, the last answer stays (the queue does not flash empty between keystrokes); `applied`
  // names the search the matches are of, for the scope of an export.
  return { matches: result?.matches ?? null, applied: result?.query ?? '', searching: !fresh };
}

/** Rows on screen, built once per display index and reused while what they show is unchanged. */
function useRowCache(index: ThreadIndex): Map<number, CachedRow> {
  // A memo of rows, one per index; filled while rendering the rows it caches.
  return useMemo(() => new Map<number, CachedRow>(), [index]); // eslint-disable-line react-hooks/exhaustive-deps -- a new cache per index
}

export function TriageQueue(props: Props) {
  const { thread, flagged, decisions, thresholds, selectedId, onSelect, onDecide, onScopeChange } = props;
  const { index, positions, store } = thread;
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [globalFilter, setGlobalFilter] = useState('');
  const [columnVisibility, setColumnVisibility] = useState<Record<string, boolean>>(initialVisibility);
  const [checked, setChecked] = useState<ReadonlySet<string>>(NO_CHECKS);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [legalGround, setLegalGround] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastIndex = useRef(0);
  useStoreRevision(store);
  // Checks asked from outside (the commenter panel), applied once per request while rendering.
  const [appliedCheck, setAppliedCheck] = useState(0);
  if (props.checkRequest && props.checkRequest.serial !== appliedCheck) {
    setAppliedCheck(props.checkRequest.serial);
    setChecked(new Set(props.checkRequest.ids));
  }

  useEffect(() => {
    writeString(STORAGE_KEYS.columns, JSON.stringify(columnVisibility));
  }, [columnVisibility]);

  const search = typeof globalFilter === 'string' ? globalFilter : '';
  const { matches, applied, searching } = useServerSearch(thread, search, props.onError);
  const { current: decided, pendingIds } = decisions;
  const filters = useMemo(() => queueFilters(columnFilters, matches), [columnFilters, matches]);
  // The team's claims and snoozes of this thread (ADR 0025), kept live.
  const me = useSession().user.username;
  const canDecide = useCan('decide');
  const { state: queueState, apply: applyQueue } = useQueueState(index.thread.id, props.onError);
  // The decision and status columns only matter to the order when filtered or sorted by: otherwise a decision
  // changes its own row and nothing else.
  const byStatus = (filters.status !== null && filters.status !== 'all') || sorting.some((s) => s.id === 'status');
  const byDecision = byStatus || filters.decision !== null || sorting.some((s) => s.id === 'decision');
  const decisionCodes = useMemo(() => (byDecision ? decisionColumn(index.count, decided, positions) : NO_DECISIONS), [byDecision, index.count, decided, positions]);
  const statusCodes = useMemo(() => (byStatus ? statusColumn(decisionCodes, queueState, positions) : undefined), [byStatus, decisionCodes, queueState, positions]);
  // Snoozed comments leave the queue unless the Status filter asks for them.
  const hideSnoozed = filters.status === null;
  const snoozed = useMemo(() => (hideSnoozed ? snoozedMask(index.count, queueState, decided, positions) : null), [hideSnoozed, index.count, queueState, decided, positions]);
  const columns: QueueColumns = useMemo(() => ({ flagged, decisions: decisionCodes, status: statusCodes, snoozed }), [flagged, decisionCodes, statusCodes, snoozed]);
  const filtered = useMemo(() => filteredIndexes(index, filters, columns, thresholds), [index, filters, columns, thresholds]);
  const order = useMemo(() => sortedIndexes(index, filtered, sorting, columns), [index, filtered, sorting, columns]);
  const tropeNames = useMemo(() => new Map(index.tropeKinds.map((k) => [k.id, k.name])), [index]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer hands out fresh functions each render; rows get plain values.
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (position) => order[position] ?? -1 - position,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  // The rows on screen, from the index and, once here, their full comments.
  const rowCache = useRowCache(index);
  const data = items.flatMap((item) => {
    const i = order[item.index];
    if (i === undefined) return [];
    const id = index.ids[i] ?? '';
    const decision = decided.get(id);
    const claim = queueState.claims.get(id);
    const snooze = queueState.snoozes.get(id);
    const queue: RowQueue = {
      status: queueStatus(decision?.state ?? 'undecided', claim !== undefined, snooze !== undefined),
      claimedBy: claim?.by ?? null,
      heldByOther: heldByOther(queueState, id, me),
      snoozedUntil: snooze?.until ?? null,
    };
    const inputs = {
      comment: store.get(i),
      flagged: flagged[i] === 1,
      decision: (decision?.state ?? 'undecided') as DecisionValue,
      pending: decision ? pendingIds.has(decision.event.id) : false,
      thresholds,
      queue,
    };
    const cached = rowCache.get(i);
    if (cached && sameInputs(cached, inputs)) return [cached.row];
    const row = buildTriageRow(index, i, inputs);
    rowCache.set(i, { row, ...inputs });
    return [row];
  });
  if (rowCache.size > 4 * Math.max(50, data.length)) for (const key of [...rowCache.keys()].slice(0, rowCache.size - 2 * data.length)) rowCache.delete(key);

  // Read the full comments on screen and around it.
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    const wanted: number[] = [];
    for (let p = Math.max(0, first - PREFETCH_ROWS); p <= Math.min(order.length - 1, last + PREFETCH_ROWS); p++) wanted.push(order[p]!);
    store.want(wanted);
  }, [store, order, first, last]);

  const table = useTable({
    features: triageFeatures,
    columns: triageColumns,
    data,
    getRowId: (row: TriageRow) => String(row.index),
    state: { sorting, columnFilters, globalFilter, columnVisibility },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange: setColumnVisibility,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: true,
    enableMultiSort: false,
    autoResetSorting: false,
  });

  const scopeNote = describeFilters(table, tropeNames, applied);
  const isFiltered = columnFilters.length > 0 || applied.length > 0;
  useEffect(() => {
    onScopeChange({ count: order.length, commentIds: () => Array.from(order, (i) => index.ids[i] ?? ''), note: scopeNote, filtered: isFiltered });
  }, [order, index, scopeNote, isFiltered, onScopeChange]);

  const selectedIndex = selectedId === null ? undefined : positions.get(selectedId);
  const currentPosition = useMemo(() => (selectedIndex === undefined ? -1 : order.indexOf(selectedIndex)), [order, selectedIndex]);
  useEffect(() => {
    if (currentPosition >= 0) lastIndex.current = currentPosition;
  }, [currentPosition]);
  const idAt = (position: number): string | undefined => {
    const i = order[position];
    return i === undefined ? undefined : index.ids[i];
  };

  // Checked rows the filters show (a bulk decision takes only those).
  const shownMask = useMemo(() => {
    if (checked.size === 0) return null;
    const mask = new Uint8Array(index.count);
    for (const i of order) mask[i] = 1;
    return mask;
  }, [checked.size === 0, order, index.count]); // eslint-disable-line react-hooks/exhaustive-deps -- only whether anything is checked matters
  const visibleChecked = useMemo(() => {
    if (shownMask === null) return [];
    return [...checked].filter((id) => {
      const at = positions.get(id);
      return at !== undefined && shownMask[at] === 1;
    });
  }, [checked, shownMask, positions]);

  const move = (delta: 1 | -1) => {
    if (order.length === 0) return;
    let next: number;
    if (currentPosition >= 0) next = currentPosition + delta;
    else next = delta === 1 ? Math.min(lastIndex.current, order.length - 1) : lastIndex.current - 1;
    next = Math.max(0, Math.min(order.length - 1, next));
    const id = idAt(next);
    if (id !== undefined) onSelect(id);
  };

  const withDetails = (commentIds: string[], action: DecideAction): DecisionRequest[] =>
    commentIds.map((commentId) => ({ commentId, action, ...(reason ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}), ...(legalGround.trim() ? { legalGround: legalGround.trim() } : {}) }));

  // Open for me: undecided, not claimed by someone else, not snoozed (advance and "next unclaimed" skip the rest).
  const isUndecided = (i: number) => {
    const id = index.ids[i] ?? '';
    return !decided.has(id) && !heldByOther(queueState, id, me) && !queueState.snoozes.has(id);
  };
  const nextOpen = () => {
    const from = currentPosition >= 0 ? currentPosition : lastIndex.current - 1;
    const next = nextUndecided(order, from, isUndecided, selectedIndex ?? -1);
    if (next !== null) onSelect(index.ids[next]!);
    else props.onAnnounce?.('No unclaimed comment left in the queue.');
  };
  // Claims, releases and snoozes act on the checked comments the filters show, else on the current one.
  const queueTargets = (): string[] => (visibleChecked.length > 0 ? visibleChecked : selectedId !== null && selectedIndex !== undefined ? [selectedId] : []);
  const queueTargetLabel =
    visibleChecked.length > 0
      ? `${visibleChecked.length} checked ${visibleChecked.length === 1 ? 'comment' : 'comments'}`
      : selectedIndex !== undefined
        ? `the comment by ${authorLabelAt(index, selectedIndex)}`
        : 'no comment';
  const announce = (message: string) => props.onAnnounce?.(message);
  const claim = () => {
    if (!canDecide) return;
    void claimTargets(index.thread.id, queueTargets(), applyQueue, props.onError).then(announce);
  };
  const decide = (action: DecideAction) => {
    if (selectedId === null || selectedIndex === undefined) return;
    if (onDecide(withDetails([selectedId], action))) {
      setReason('');
      setNote('');
      setLegalGround('');
      if (props.advance) {
        const from = currentPosition >= 0 ? currentPosition : lastIndex.current - 1;
        const next = nextUndecided(order, from, isUndecided, selectedIndex);
        if (next !== null) onSelect(index.ids[next]!);
      }
    }
  };
  const bulk = (action: DecideAction) => {
    if (visibleChecked.length === 0) return;
    if (onDecide(withDetails(visibleChecked, action))) {
      setReason('');
      setNote('');
      setLegalGround('');
      setChecked(NO_CHECKS);
    }
  };
  const toggle = useCallback((id: string) => {
    setChecked((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const toggleCheck = () => {
    if (selectedId !== null && selectedIndex !== undefined) toggle(selectedId);
  };
  const checkState: CheckState = useMemo(
    () => ({
      shown: order.length,
      checkedShown: visibleChecked.length,
      checked,
      toggle,
      toggleAll: () =>
        setChecked((prev) => {
          const next = new Set(prev);
          const all = order.length > 0 && visibleChecked.length === order.length;
          for (const i of order) {
            const id = index.ids[i];
            if (id === undefined) continue;
            if (all) next.delete(id);
            else next.add(id);
          }
          return next;
        }),
    }),
    [order, visibleChecked.length, checked, toggle, index],
  );

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
    claim,
    nextOpen,
    escape,
    toQueue: focusQueue,
  });

  return (
    <section className="queue" aria-label="Triage queue" ref={sectionRef}>
      <CheckContext.Provider value={checkState}>
        <TriageFilters table={table} searchRef={searchRef} index={index} flagged={flagged} shown={order.length} total={index.count} searching={searching} />
        <TriageGrid
          table={table}
          shown={order.length}
          virtualizer={virtualizer}
          scrollRef={scrollRef}
          selectedPosition={currentPosition}
          selectedId={selectedId}
          checked={checked}
          onSelect={onSelect}
          onMove={move}
        />
      </CheckContext.Provider>
      <DecisionBar
        reason={reason}
        note={note}
        legalGround={legalGround}
        onReason={setReason}
        onNote={setNote}
        onLegalGround={setLegalGround}
        currentState={selectedId === null ? null : (decided.get(selectedId)?.state ?? null)}
        currentAuthor={selectedIndex === undefined ? null : authorLabelAt(index, selectedIndex)}
        currentHidden={selectedIndex !== undefined && currentPosition < 0}
        checkedCount={visibleChecked.length}
        hiddenCheckedCount={checked.size - visibleChecked.length}
        canUndo={decisions.canUndo}
        onDecide={decide}
        onBulk={bulk}
        onUndo={props.onUndo}
        onClearChecked={() => setChecked(NO_CHECKS)}
      />
      {canDecide ? (
        <QueueActions
          threadId={index.thread.id}
          targets={queueTargets}
          targetLabel={queueTargetLabel}
          disabled={visibleChecked.length === 0 && selectedIndex === undefined}
          onSnapshot={applyQueue}
          onAnnounce={announce}
          onError={props.onError}
        />
      ) : null}
    </section>
  );
}

interface CachedRow {
  row: TriageRow;
  comment: unknown;
  flagged: boolean;
  decision: DecisionValue;
  pending: boolean;
  thresholds: Thresholds;
  queue: RowQueue;
}

const sameQueue = (a: RowQueue, b: RowQueue): boolean => a.status === b.status && a.claimedBy === b.claimedBy && a.heldByOther === b.heldByOther && a.snoozedUntil === b.snoozedUntil;

function sameInputs(cached: CachedRow, inputs: Omit<CachedRow, 'row'>): boolean {
  return cached.comment === inputs.comment && cached.flagged === inputs.flagged && cached.decision === inputs.decision && cached.pending === inputs.pending && cached.thresholds === inputs.thresholds && sameQueue(cached.queue, inputs.queue);
}

