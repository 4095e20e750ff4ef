/**
 * The queue's virtualized table: a real <table> with grid roles, sortable header buttons with aria-sort,
 * and rows named by author and excerpt; only the rows in view are in the DOM.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import type { Header } from '@tanstack/react-table';
import type { ReactTable } from '@tanstack/react-table';
import { rowLabel, type TriageFeatures, type TriageRow } from './triage-table.ts';

const ROW_HEIGHT = 30;

type QueueTable = ReactTable<TriageFeatures, TriageRow>;

interface Props {
  table: QueueTable;
  selectedId: string | null;
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

export function TriageGrid({ table, selectedId, onSelect, onMove }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  // The virtualizer hands out fresh functions each render; this component is not compiled or memoized, so that is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
  });

  const selectedIndex = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId);

  // Keep the cursor row in view, and keep keyboard focus on it when focus was in the table.
  useEffect(() => {
    if (selectedIndex < 0) return undefined;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    const scroller = scrollRef.current;
    if (!scroller || !scroller.contains(document.activeElement)) return undefined;
    const frame = requestAnimationFrame(() => {
      const el = Array.from(scroller.querySelectorAll<HTMLElement>('tr[data-row-id]')).find((tr) => tr.dataset.rowId === selectedId);
      el?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedIndex, selectedId, virtualizer]);

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      onMove(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };

  const headerGroups = table.getHeaderGroups();
  const focusableId = selectedIndex >= 0 ? selectedId : (rows[0]?.id ?? null);

  return (
    <div className="grid-scroll" ref={scrollRef}>
      <table className="grid" tabIndex={-1} style={{ minWidth: table.getTotalSize() }} role="grid" aria-label="Triage queue" aria-rowcount={rows.length + 1}>
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
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const data = row.original;
            const current = row.id === selectedId;
            const classes = ['grid-row', 'body-row'];
            if (current) classes.push('is-current');
            if (data.flagged) classes.push('is-flagged');
            if (row.getIsSelected()) classes.push('is-checked');
            if (data.decision !== 'undecided') classes.push(`is-${data.decision}`);
            return (
              <tr
                key={row.id}
                role="row"
                data-row-id={row.id}
                aria-rowindex={item.index + 2}
                aria-selected={current}
                aria-label={rowLabel(data)}
                tabIndex={row.id === focusableId ? 0 : -1}
                className={classes.join(' ')}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect(row.id)}
                onKeyDown={(event) => onRowKey(event, row.id)}
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
          })}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="empty-note">No comments match the filters.</p> : null}
    </div>
  );
}
