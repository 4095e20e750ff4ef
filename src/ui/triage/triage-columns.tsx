/**
 * The triage queue's columns as data: accessors, sizes, sort and filter functions, and cell renderers (text only).
 */
import { createColumnHelper } from '@tanstack/react-table';
import { createContext, useContext } from 'react';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import { needsHumanText } from '../../core/flags.ts';
import type { QueueStatus } from '../../core/api.ts';
import { excerptOf, LOADING_EXCERPT, type DecisionValue, type RowQueue, type TriageFeatures, type TriageRow } from './triage-table.ts';

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

export const STATUS_LABEL: Record<QueueStatus, string> = {
  unreviewed: 'Unreviewed',
  claimed: 'Claimed',
  escalated: 'Escalated',
  resolved: 'Resolved',
  snoozed: 'Snoozed',
};

const CLOCK = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** What the Status cell says: "Claimed by bob", "Claimed by you", "Snoozed until Tue 09:00", "Escalated · claimed by eve". */
export function statusText(queue: RowQueue): string {
  const by = queue.claimedBy === null ? null : queue.heldByOther ? queue.claimedBy : 'you';
  if (queue.status === 'claimed') return `Claimed by ${by ?? 'someone'}`;
  if (queue.status === 'snoozed' && queue.snoozedUntil) return `Snoozed until ${CLOCK.format(new Date(queue.snoozedUntil))}`;
  const label = STATUS_LABEL[queue.status];
  return by !== null && queue.status === 'escalated' ? `${label} · claimed by ${by}` : label;
}

/** Columns that exist for filtering only; never shown or offered in the column menu. */
export const FILTER_ONLY_COLUMNS = ['tropeIds', 'overThreshold', 'needsHuman', 'disagrees'] as const;

/**
 * "Select all visible" of the whole filtered queue, not only the rows on screen: how many of the rows the filters
 * show are checked, and the way to check or uncheck them all (ids from the index).
 */
export interface CheckState {
  shown: number;
  checkedShown: number;
  toggleAll: () => void;
  /** Comment ids checked for a bulk decision. */
  checked: ReadonlySet<string>;
  toggle: (commentId: string) => void;
}

export const CheckContext = createContext<CheckState>({ shown: 0, checkedShown: 0, toggleAll: () => undefined, checked: new Set(), toggle: () => undefined });

/**
 * Shown when nothing was chosen in this browser: the queue, Decision and Flag included, fits beside the thread from
 * 1024 px up (the depth shows as indentation in the thread; the Columns menu brings its column back).
 */
export const DEFAULT_COLUMN_VISIBILITY: Record<string, boolean> = {
  depth: false,
  priority: false,
  createdAt: false,
  ...Object.fromEntries(ATTRIBUTES.map((a) => [a, false])),
  ...Object.fromEntries(FILTER_ONLY_COLUMNS.map((c) => [c, false])),
};

const formatScore = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

function SelectAllVisible() {
  const { shown, checkedShown, toggleAll } = useContext(CheckContext);
  const all = shown > 0 && checkedShown === shown;
  return (
    <input
      type="checkbox"
      aria-label="Select all visible"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = checkedShown > 0 && !all;
      }}
      onChange={toggleAll}
    />
  );
}

function RowCheck({ id, author }: { id: string; author: string }) {
  const { checked, toggle } = useContext(CheckContext);
  return <input type="checkbox" aria-label={`Select comment by ${author}`} checked={checked.has(id)} onChange={() => toggle(id)} onClick={(event) => event.stopPropagation()} tabIndex={-1} />;
}

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function scoreColumn(attribute: Attribute) {
  return col.accessor(attribute, {
    id: attribute,
    header: ATTRIBUTE_SHORT[attribute],
    size: 64,
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
    header: () => <SelectAllVisible />,
    cell: ({ row }) => <RowCheck id={row.original.id} author={row.original.author} />,
  }),
  col.accessor('author', {
    header: 'Author',
    size: 100,
    enableHiding: false,
    meta: { label: 'Author', grow: 1 },
    cell: (info) => <span className={info.row.original.anonymous ? 'author excerpt-muted' : 'author'}>{info.getValue()}</span>,
  }),
  col.accessor((row) => row.text ?? '', {
    id: 'excerpt',
    header: 'Comment',
    size: 120,
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Comment', grow: 4 },
    cell: (info) => {
      const row = info.row.original;
      const excerptText = excerptOf(row);
      const muted = row.text === null || row.text.trim().length === 0 || row.kind !== 'comment';
      const excerpt = (
        <span className={muted ? 'excerpt excerpt-muted' : 'excerpt'} aria-busy={excerptText === LOADING_EXCERPT || undefined}>
          {excerptText}
        </span>
      );
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
    enableGlobalFilter: false,
    meta: { label: 'Depth', numeric: true },
    cell: (info) => info.getValue(),
  }),
  col.accessor('createdAt', {
    header: 'Time',
    size: 120,
    sortDescFirst: true,
    enableGlobalFilter: false,
    meta: { label: 'Time' },
    cell: (info) => {
      const value = info.getValue();
      return value === null ? <span className="muted">—</span> : <time dateTime={new Date(value).toISOString()}>{TIME_FORMAT.format(value)}</time>;
    },
  }),
  col.accessor('highest', {
    header: 'Highest',
    size: 72,
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
  // Filter-only columns: the filter bar keeps their filter values in the table's state; queue-model.ts applies them.
  col.accessor(() => null, { id: 'tropeIds', header: 'Trope ids', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Trope ids' } }),
  col.accessor('overThreshold', { header: 'Over threshold', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Over threshold' } }),
  col.accessor((row) => row.needsHuman !== null, { id: 'needsHuman', header: 'Needs a human', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Needs a human' } }),
  col.accessor('disagrees', { header: 'Model and moderators disagree', enableSorting: false, enableHiding: false, enableGlobalFilter: false, meta: { label: 'Model and moderators disagree' } }),
  col.accessor('decision', {
    header: 'Decision',
    size: 90,
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
  col.accessor('priority', {
    header: 'Priority',
    size: 64,
    sortDescFirst: true,
    enableGlobalFilter: false,
    meta: { label: 'Priority (score, tropes, reports)', short: 'Priority', numeric: true },
    cell: (info) => <span className="score">{info.getValue().toFixed(2)}</span>,
  }),
  col.accessor('flagged', {
    header: 'Flag',
    size: 78,
    sortDescFirst: true,
    enableGlobalFilter: false,
    meta: { label: 'Flagged' },
    cell: (info) =>
      info.getValue() ? (
        <span className="flag-badge" title={info.row.original.reasons.join('\n') || undefined}>
          Flagged
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  }),
  // After Flag: at 1024 px Decision and Flag stay in view, the team's Status next to them (layout.spec.ts).
  col.accessor((row) => row.queue.status, {
    id: 'status',
    header: 'Status',
    size: 110,
    enableGlobalFilter: false,
    meta: { label: 'Status' },
    cell: (info) => {
      const queue = info.row.original.queue;
      return <span className={`queue-status queue-${queue.status}${queue.heldByOther ? ' queue-held' : ''}`}>{statusText(queue)}</span>;
    },
  }),
]);
