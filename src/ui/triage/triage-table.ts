/**
 * The triage queue's TanStack Table v9 feature set, bound once: features, row models, sort and filter functions,
 * and the row shape built from a thread view, its live flags and current decisions.
 */
import {
  columnFilteringFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  constructFilterFn,
  constructSortFn,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_equals,
  filterFn_includesString,
  globalFilteringFeature,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
} from '@tanstack/react-table';
import type { ViewComment } from '../../core/api.ts';
import type { CurrentDecision, DecisionState } from '../../core/decisions.ts';
import type { FlagDecision, NeedsHuman, Thresholds } from '../../core/flags.ts';
import { feedbackDisagrees } from '../../core/feedback.ts';
import { maxScore } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';

/** Decision column values; "undecided" when no decision applies. */
export type DecisionValue = DecisionState | 'undecided';

/** One row of the queue. Attribute scores are flat fields so that each is its own sortable column. */
export interface TriageRow extends Record<Attribute, number | null> {
  id: string;
  author: string;
  /** Full text (the cell shows it truncated); global search looks here and in `author`. */
  text: string;
  depth: number;
  kind: ViewComment['kind'];
  status: ViewComment['status'];
  /** Highest attribute score, null when unscored. */
  highest: number | null;
  scoreError: string | null;
  /** Trope names (display) and ids (filter). */
  tropes: string[];
  tropeIds: string[];
  /** Attributes at or over the current threshold. */
  overThreshold: Attribute[];
  flagged: boolean;
  reasons: string[];
  /** Set when the comment needs a human (its language is not supported); the queue's "Needs a human" filter. */
  needsHuman: NeedsHuman | null;
  /** Moderators elsewhere (comments:suggestscore) and the model are 0.5 or more apart on some attribute (core/feedback.ts). */
  disagrees: boolean;
  decision: DecisionValue;
  /** The decision is not yet confirmed by the server. */
  pending: boolean;
}

/** Numbers with nulls (unscored) always after every number, ascending or descending. */
const sortFn_nullableNumber = constructSortFn({
  sort: (a: number | null, b: number | null) => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return a - b;
  },
});

/** Keeps rows whose array value contains the filter value. */
const filterFn_hasItem = constructFilterFn({
  filter: (value: unknown, wanted: unknown) => Array.isArray(value) && value.includes(wanted),
  autoRemove: (wanted: unknown) => wanted === undefined || wanted === null || wanted === '',
});

/** Per-column data the queue renders from: a full name (menus, screen readers) and a short visible header. */
export interface TriageColumnMeta {
  /** Full name, e.g. "SEVERE_TOXICITY" or "Highest score". */
  label: string;
  /** Visible header when narrower than the label. */
  short?: string;
  /** Right-aligned numeric cells. */
  numeric?: boolean;
  /** Share of the remaining width the column takes (0 or absent: fixed width). */
  grow?: number;
}

export const triageFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  rowSelectionFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic, text: sortFn_text, alphanumeric: sortFn_alphanumeric, nullableNumber: sortFn_nullableNumber },
  filterFns: { includesString: filterFn_includesString, equals: filterFn_equals, hasItem: filterFn_hasItem },
  columnMeta: {} as TriageColumnMeta,
});

export type TriageFeatures = typeof triageFeatures;

const EXCERPT_LENGTH = 140;

/** A one-line excerpt of a comment for names and cells. */
export function excerptOf(comment: Pick<ViewComment, 'text' | 'kind' | 'status'>, length = EXCERPT_LENGTH): string {
  const flat = comment.text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) {
    if (comment.status === 'deleted' || comment.status === 'removed') return `(${comment.status})`;
    return comment.kind === 'comment' ? '(empty comment)' : `(${comment.kind})`;
  }
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** Builds the queue rows from the thread's comments in display order. */
export function buildTriageRows(
  comments: readonly ViewComment[],
  flags: ReadonlyMap<string, FlagDecision>,
  decisions: ReadonlyMap<string, CurrentDecision>,
  pendingIds: ReadonlySet<string>,
  thresholds: Thresholds,
): TriageRow[] {
  return comments.map((comment) => {
    const flag = flags.get(comment.id);
    const decision = decisions.get(comment.id);
    const scores = comment.score?.scores ?? {};
    const perAttribute = Object.fromEntries(ATTRIBUTES.map((a) => [a, scores[a] ?? null])) as Record<Attribute, number | null>;
    return {
      ...perAttribute,
      id: comment.id,
      author: comment.author,
      text: comment.text,
      depth: comment.depth,
      kind: comment.kind,
      status: comment.status,
      highest: maxScore(comment.score),
      scoreError: comment.scoreError,
      tropes: comment.tropes.map((t) => t.name),
      tropeIds: comment.tropes.map((t) => t.id),
      overThreshold: ATTRIBUTES.filter((a) => {
        const value = perAttribute[a];
        return value !== null && value >= thresholds.attributes[a];
      }),
      flagged: flag?.flagged ?? false,
      reasons: flag?.reasons ?? [],
      needsHuman: flag?.needsHuman ?? null,
      disagrees: feedbackDisagrees(comment),
      decision: decision?.state ?? 'undecided',
      pending: decision ? pendingIds.has(decision.event.id) : false,
    };
  });
}

/** Who wrote an entry, for display: the author, else "Pingback"/"Trackback" for linkbacks, else "Anonymous". */
export function authorLabel(row: Pick<TriageRow, 'author' | 'kind'>): string {
  if (row.author) return row.author;
  return row.kind === 'pingback' ? 'Pingback' : row.kind === 'trackback' ? 'Trackback' : 'Anonymous';
}

/** Accessible name of a row: who wrote it and what it starts with. */
export function rowLabel(row: Pick<TriageRow, 'author' | 'text' | 'kind' | 'status'>): string {
  return `${authorLabel(row)}: ${excerptOf(row, 80)}`;
}
