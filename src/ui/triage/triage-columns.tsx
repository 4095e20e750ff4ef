/**
 * The triage queue's columns as data: accessors, sizes, sort and filter functions, and cell renderers (text only).
 */
import { createColumnHelper, type Table } from '@tanstack/react-table';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import { needsHumanText } from '../../core/flags.ts';
import { authorLabel, excerptOf, type DecisionValue, type TriageFeatures, type TriageRow } from './triage-table.ts';

const col = createColumnHelper<TriageFeatures, TriageRow>();

/** Short visible headers for the attribute columns. */
export const ATTRIBUTE_SHORT: Record<Attribute, string> = {
  TOXICITY: 'TOX',
  SEVERE_TOXICITY: 'SEV',
  IDENTITY_ATTACK: 'IDENT',
  INSULT: 'INSULT',
  PROFANITY: 'PROF',
  THREAT: 'THREAT',
};

export const DECISION_LABEL: Record<DecisionValue, string> = {
  undecided: 'Undecided',
  approved: 'Approved',
  rejected: 'Rejected',
  escalated: 'Escalated',
};

/** Columns that exist for filtering only; never shown or offered in the column menu. */
export const FILTER_ONLY_COLUMNS = ['tropeIds', 'overThreshold', 'needsHuman', 'disagrees'] as const;

/**
 * Shown when nothing was chosen in this browser: the queue, Decision and Flag included, fits beside the thread from
 * 1024 px up (the depth shows as indentation in the thread; the Columns menu brings its column back).
 */
export const DEFAULT_COLUMN_VISIBILITY: Record<string, boolean> = {
  depth: false,
  ...Object.fromEntries(ATTRIBUTES.map((a) => [a, false])),
  ...Object.fromEntries(FILTER_ONLY_COLUMNS.map((c) => [c, false])),
};

const formatScore = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

function SelectAllVisible({ table }: { table: Table<TriageFeatures, TriageRow> }) {
  const visible = table.getRowModel().rows;
  const selectedCount = visible.filter((row) => row.getIsSelected()).length;
  const all = visible.length > 0 && selectedCount === visible.length;
  return (
    <input
      type="checkbox"
      aria-label="Select all visible"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = selectedCount > 0 && !all;
      }}
      onChange={() =>
        table.setRowSelection((prev) => {
          const next = { ...prev };
          for (const row of visible) {
            if (all) delete next[row.id];
            else next[row.id] = true;
          }
          return next;
        })
      }
    />
  );
}

function scoreColumn(attribute: Attribute) {
  return col.accessor(attribute, {
    id: attribute,
    header: ATTRIBUTE_SHORT[attribute],
    size: 64,
    sortFn: 'nullableNumber',
    sortDescFirst: true,
    enableGlobalFilter: false,
    meta: { label: attribute, short: ATTRIBUTE_SHORT[attribute], numeric: true },
    cell: (info) => {
      const value = info.getValue();
      const over = info.row.original.overThreshold.includes(attribute);
      return <span className={over ? 'score score-over' : 'score'}>{formatScore(value)}</span>;
    },
  });
}

export const triageColumns = col.columns([
  col.display({
    id: 'select',
    size: 34,
    enableHiding: false,
    enableSorting: false,
    meta: { label: 'Select' },
    header: ({ table }) => <SelectAllVisible table={table} />,
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select comment by ${authorLabel(row.original)}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
        onClick={(event) => event.stopPropagation()}
        tabIndex={-1}
      />
    ),
  }),
  col.accessor('author', {
    header: 'Author',
    size: 100,
    sortFn: 'text',
    enableHiding: false,
    meta: { label: 'Author', grow: 1 },
    cell: (info) => <span className={info.getValue() ? 'author' : 'author excerpt-muted'}>{authorLabel(info.row.original)}</span>,
  }),
  col.accessor('text', {
    id: 'excerpt',
    header: 'Comment',
    size: 120,
    sortFn: 'text',
    enableHiding: false,
    meta: { label: 'Comment', grow: 4 },
    cell: (info) => {
      const row = info.row.original;
      const empty = row.text.trim().length === 0 || row.kind !== 'comment';
      const excerpt = <span className={empty ? 'excerpt excerpt-muted' : 'excerpt'}>{excerptOf(row)}</span>;
      if (!row.needsHuman) return excerpt;
      return (
        <span className="chips">
          <span className="chip chip-human">{needsHumanText(row.needsHuman)}</span>
          {excerpt}
        </span>
      );
    },
  }),
  col.accessor('depth', {
    header: 'Depth',
    size: 52,
    sortFn: 'basic',
    enableGlobalFilter: false,
    meta: { label: 'Depth', numeric: true },
    cell: (info) => info.getValue(),
  }),
  col.accessor('highest', {
    header: 'Highest',
    size: 72,
    sortFn: 'nullableNumber',
    sortDescFirst: true,
    enableGlobalFilter: false,
    meta: { label: 'Highest score', short: 'Highest', numeric: true },
    cell: (info) => {
      const row = info.row.original;
      if (row.scoreError) return <span className="score score-error" title={row.scoreError}>error</span>;
      return <span className={row.overThreshold.length > 0 ? 'score score-over' : 'score'}>{formatScore(info.getValue())}</span>;
    },
  }),
  ...ATTRIBUTES.map(scoreColumn),
  col.accessor((row) => row.tropes.join(', '), {
    id: 'tropes',
    header: 'Tropes',
    size: 90,
    sortFn: 'text',
    enableGlobalFilter: false,
    meta: { label: 'Tropes' },
    cell: (info) => {
      const names = info.row.original.tropes;
      if (names.length === 0) return <span className="muted">—</span>;
      return (
        <span className="chips" title={names.join('\n')}>
          <span className="chip chip-trope">{names[0]}</span>
          {names.length > 1 ? <span className="chip chip-trope chip-more">+{names.length - 1}</span> : null}
          <span className="sr-only">{names.slice(1).join(', ')}</span>
        </span>
      );
    },
  }),
  col.accessor('tropeIds', { header: 'Trope ids', filterFn: 'hasItem', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Trope ids' } }),
  col.accessor('overThreshold', { header: 'Over threshold', filterFn: 'hasItem', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Over threshold' } }),
  col.accessor((row) => row.needsHuman !== null, { id: 'needsHuman', header: 'Needs a human', filterFn: 'equals', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Needs a human' } }),
  col.accessor('disagrees', { header: 'Model and moderators disagree', filterFn: 'equals', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Model and moderators disagree' } }),
  col.accessor('decision', {
    header: 'Decision',
    size: 90,
    sortFn: 'text',
    filterFn: 'equals',
    enableGlobalFilter: false,
    meta: { label: 'Decision' },
    cell: (info) => {
      const value = info.getValue();
      const pending = info.row.original.pending;
      return (
        <span className={`decision decision-${value}`}>
          {DECISION_LABEL[value]}
          {pending ? <span className="pending-mark" title="Waiting to be saved"> · saving</span> : null}
        </span>
      );
    },
  }),
  col.accessor('flagged', {
    header: 'Flag',
    size: 78,
    sortFn: 'basic',
    sortDescFirst: true,
    filterFn: 'equals',
    enableGlobalFilter: false,
    meta: { label: 'Flagged' },
    cell: (info) =>
      info.getValue() ? (
        <span className="flag-badge" title={info.row.original.reasons.join('\n')}>
          Flagged
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  }),
]);
