/**
 * The queue's virtualized table: a real <table> with grid roles, sortable header buttons with aria-sort,
 * and rows named by author and excerpt. Only the rows in view are in the DOM, and only they are rows of the
 * TanStack table (manual mode: the order comes from the thread index); a row re-renders only when what it shows
 * changes (a decision re-renders its own row, not the table).
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type CSSProperties, type KeyboardEvent, type RefObject } from 'react';
import type { Header, ReactTable, Row } from '@tanstack/react-table';
import { rowLabel, type TriageFeatures, type TriageRow } from './triage-table.ts';

export const ROW_HEIGHT = 30;

type QueueTable = ReactTable<TriageFeatures, TriageRow>;

interface Props {
  table: QueueTable;
  /** Rows the filters show (the virtualizer's count). */
  shown: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Position of the selected comment in the queue's order, or -1. */
  selectedPosition: number;
  selectedId: string | null;
  /** Comment ids checked for a bulk decision. */
  checked: ReadonlySet<string>;
  onSelect: (id: string) => void;
  /** Moves the cursor by one row (ArrowUp/ArrowDown on a focused row). */
  onMove: (delta: 1 | -1) => void;
}

function cellStyle(size: number, grow: number | undefined): CSSProperties {
  return grow ? { flex: `${grow} 1 ${size}px`, minWidth: size } : { flex: `0 0 ${size}px`, width: size };
}

function ariaSort(header: Header<TriageFeatures, TriageRow, unknown>): 'ascending' | 'descending' | 'none' | undefined {
  if (!header.column.getCanSort()) return undefined;
  const sorted = header.column.getIsSorted();
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

interface RowProps {
  table: QueueTable;
  row: Row<TriageFeatures, TriageRow>;
  /** Position in the queue's order (aria-rowindex). */
  position: number;
  start: number;
  current: boolean;
  checked: boolean;
  focusable: boolean;
  /** Changes when the visible columns or their sizes change. */
  columnsKey: string;
  onSelect: (id: string) => void;
  onKey: (event: KeyboardEvent<HTMLTableRowElement>, id: string) => void;
}

function QueueRowImpl({ table, row, position, start, current, checked, focusable, onSelect, onKey }: RowProps) {
  const data = row.original;
  const classes = ['grid-row', 'body-row'];
  if (current) classes.push('is-current');
  if (data.flagged) classes.push('is-flagged');
  if (checked) classes.push('is-checked');
  if (data.decision !== 'undecided') classes.push(`is-${data.decision}`);
  // Claimed by another moderator, or snoozed (shown on asking): dimmed, still readable (ADR 0025).
  if (data.queue.heldByOther || data.queue.status === 'snoozed') classes.push('is-held');
  return (
    <tr
      role="row"
      data-row-id={data.id}
      aria-rowindex={position + 2}
      aria-selected={current}
      aria-label={rowLabel(data)}
      tabIndex={focusable ? 0 : -1}
      className={classes.join(' ')}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(data.id)}
      onKeyDown={(event) => onKey(event, data.id)}
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <td key={cell.id} role="gridcell" className={meta?.numeric ? 'grid-td numeric' : 'grid-td'} style={cellStyle(cell.column.getSize(), meta?.grow)}>
            <table.FlexRender cell={cell} />
          </td>
        );
      })}
    </tr>
  );
}

/** TanStack makes new Row objects with each data array; what a row shows is its data object and these props. */
const QueueRow = memo(
  QueueRowImpl,
  (a, b) =>
    a.row.original === b.row.original &&
    a.position === b.position &&
    a.start === b.start &&
    a.current === b.current &&
    a.checked === b.checked &&
    a.focusable === b.focusable &&
    a.columnsKey === b.columnsKey &&
    a.onSelect === b.onSelect &&
    a.onKey === b.onKey,
);

export function TriageGrid({ table, shown, virtualizer, scrollRef, selectedPosition, selectedId, checked, onSelect, onMove }: Props) {
  // Keep the cursor row in view, and keep keyboard focus on it when focus was in the table.
  useEffect(() => {
    if (selectedPosition < 0) return undefined;
    virtualizer.scrollToIndex(selectedPosition, { align: 'auto' });
    const scroller = scrollRef.current;
    if (!scroller || !scroller.contains(document.activeElement)) return undefined;
    const frame = requestAnimationFrame(() => {
      const el = Array.from(scroller.querySelectorAll<HTMLElement>('tr[data-row-id]')).find((tr) => tr.dataset.rowId === selectedId);
      el?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedPosition, selectedId, virtualizer, scrollRef]);

  const { select, onRowKey } = useStableRowHandlers(onMove, onSelect);
  const headerGroups = table.getHeaderGroups();
  const rows = table.getRowModel().rows;
  const byIndex = new Map(rows.map((row) => [row.id, row]));
  const items = virtualizer.getVirtualItems();
  const firstId = rows[0]?.original.id ?? null;
  const focusableId = selectedPosition >= 0 ? selectedId : firstId;
  const columnsKey = table
    .getVisibleLeafColumns()
    .map((c) => `${c.id}:${c.getSize()}`)
    .join(',');

  return (
    <div className="grid-scroll" ref={scrollRef}>
      <table className="grid" tabIndex={-1} style={{ minWidth: table.getTotalSize() }} role="grid" aria-label="Triage queue" aria-rowcount={shown + 1}>
        <thead className="grid-head">
          {headerGroups.map((group) => (
            <tr key={group.id} role="row" aria-rowindex={1} className="grid-row">
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const canSort = header.column.getCanSort();
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    role="columnheader"
                    scope="col"
                    aria-sort={ariaSort(header)}
                    className={meta?.numeric ? 'grid-th numeric' : 'grid-th'}
                    style={cellStyle(header.getSize(), meta?.grow)}
                    title={meta?.short && meta.label !== meta.short ? meta.label : undefined}
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {meta?.short && meta.short !== meta.label ? (
                          <>
                            <span aria-hidden="true">{meta.short}</span>
                            <span className="sr-only">{meta.label}</span>
                          </>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            // Rows are keyed by display index (ids may repeat in a repaired thread).
            const row = byIndex.get(String(item.key));
            if (!row) return null;
            const id = row.original.id;
            return (
              <QueueRow
                key={row.id}
                table={table}
                row={row}
                position={item.index}
                start={item.start}
                current={id === selectedId}
                checked={checked.has(id)}
                focusable={id === focusableId}
                columnsKey={columnsKey}
                onSelect={select}
                onKey={onRowKey}
              />
            );
          })}
        </tbody>
      </table>
      {shown === 0 ? <p className="empty-note">No comments match the filters.</p> : null}
    </div>
  );
}

/**
 * The rows' click and key handlers, the same functions on every render (so that memoized rows stay as they are):
 * ArrowUp/ArrowDown move the cursor; Enter or Space select the focused row.
 */
function useStableRowHandlers(onMove: (delta: 1 | -1) => void, onSelect: (id: string) => void) {
  const latest = useRef({ onMove, onSelect });
  useEffect(() => {
    latest.current = { onMove, onSelect };
  });
  const select = useCallback((id: string) => latest.current.onSelect(id), []);
  const onRowKey = useCallback((event: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      latest.current.onMove(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      latest.current.onSelect(id);
    }
  }, []);
  return { select, onRowKey };
}
