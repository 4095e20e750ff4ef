/**
 * The triage queue's TanStack Table v9 feature set, bound once, in manual mode: the table knows the columns,
 * headers, sorting, filter, visibility and sizing state, but sorts and filters nothing itself. The queue's
 * order comes from the thread index (queue-model.ts) and the table is given only the rows on screen, each built from
 * the index's columns and, once its window has arrived, the full comment (docs/adr/0020-browser-model-for-size.md).
 */
import {
  columnFilteringFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { QueueStatus, ThreadIndex, ViewComment } from '../../core/api.ts';
import { decideFlags, type NeedsHuman, type Thresholds } from '../../core/flags.ts';
import { COMMENT_BITS, highestAt, needsHumanAt, overThresholdAt } from '../../core/thread-index.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import type { DecisionState } from '../../core/decisions.ts';
import { authorLabelAt, priorityAt } from './queue-model.ts';

/** Decision column values; "undecided" when no decision applies. */
export type DecisionValue = DecisionState | 'undecided';

/** One row of the queue. Attribute scores are flat fields so that each is its own column. */
export interface TriageRow extends Record<Attribute, number | null> {
  /** Display index in the thread. */
  index: number;
  id: string;
  /** Who wrote it, for display (authorLabel). */
  author: string;
  /** The author field is empty (shown muted). */
  anonymous: boolean;
  /** Full text once the comment's window has arrived; null until then (the cell shows a placeholder). */
  text: string | null;
  depth: number;
  createdAt: number | null;
  kind: ViewComment['kind'];
  status: ViewComment['status'];
  /** Highest attribute score, null when unscored. */
  highest: number | null;
  /** Why scoring failed, when it did ("unscored" until the comment's window says more). */
  scoreError: string | null;
  /** Trope names (display). */
  tropes: string[];
  /** Attributes at or over the current threshold. */
  overThreshold: Attribute[];
  flagged: boolean;
  /** The flag policy's reasons, from the full comment (empty until its window has arrived). */
  reasons: string[];
  /** Set when the comment needs a human (its language is not supported); the queue's "Needs a human" filter. */
  needsHuman: NeedsHuman | null;
  /** Moderators elsewhere (comments:suggestscore) and the model are 0.5 or more apart on some attribute (core/feedback.ts). */
  disagrees: boolean;
  decision: DecisionValue;
  /** The decision is not yet confirmed by the server. */
  pending: boolean;
  /** Where it stands in the team's queue (queue-model.ts queueStatus), and who holds it. */
  queue: RowQueue;
  /** Priority 0..1 (src/core/priority.ts). */
  priority: number;
}

/** A row's place in the team's queue (ADR 0025). */
export interface RowQueue {
  status: QueueStatus;
  /** Who holds a live claim on it, or null. */
  claimedBy: string | null;
  /** The claim is someone else's: the row is dimmed and skipped by "next unclaimed". */
  heldByOther: boolean;
  /** When its snooze ends, or null. */
  snoozedUntil: string | null;
}

export const UNREVIEWED: RowQueue = { status: 'unreviewed', claimedBy: null, heldByOther: false, snoozedUntil: null };

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
  columnMeta: {} as TriageColumnMeta,
});

export type TriageFeatures = typeof triageFeatures;

const EXCERPT_LENGTH = 140;

/** What a row shows while its comment's window is on its way. */
export const LOADING_EXCERPT = 'Loading…';

/** A one-line excerpt of a comment for names and cells. */
export function excerptOf(comment: { text: string | null; kind: ViewComment['kind']; status: ViewComment['status'] }, length = EXCERPT_LENGTH): string {
  if (comment.text === null) return LOADING_EXCERPT;
  const flat = comment.text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) {
    if (comment.status === 'deleted' || comment.status === 'removed') return `(${comment.status})`;
    return comment.kind === 'comment' ? '(empty comment)' : `(${comment.kind})`;
  }
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function kindAt(index: ThreadIndex, i: number): ViewComment['kind'] {
  const bits = index.bits[i] ?? 0;
  return bits & COMMENT_BITS.PINGBACK ? 'pingback' : bits & COMMENT_BITS.TRACKBACK ? 'trackback' : 'comment';
}

/** What a row is built from besides the index: the live flag, the decision, and the full comment when it is here. */
export interface RowInputs {
  comment: ViewComment | undefined;
  flagged: boolean;
  decision: DecisionValue;
  pending: boolean;
  thresholds: Thresholds;
  /** Its place in the team's queue; unreviewed when absent. */
  queue?: RowQueue;
}

/** Builds the queue row of display index `i`. */
export function buildTriageRow(index: ThreadIndex, i: number, inputs: RowInputs): TriageRow {
  const { comment, thresholds } = inputs;
  const perAttribute = Object.fromEntries(ATTRIBUTES.map((a) => [a, index.scores[a][i] ?? null])) as Record<Attribute, number | null>;
  const bits = index.bits[i] ?? 0;
  const authorName = index.authors[index.author[i] ?? -1];
  return {
    ...perAttribute,
    index: i,
    id: index.ids[i] ?? '',
    author: authorLabelAt(index, i),
    anonymous: typeof authorName !== 'string' || authorName === '',
    text: comment?.text ?? null,
    depth: index.depth[i] ?? 0,
    createdAt: index.createdAt[i] ?? null,
    kind: comment?.kind ?? kindAt(index, i),
    status: comment?.status ?? 'published',
    highest: highestAt(index, i),
    scoreError: bits & COMMENT_BITS.SCORE_ERROR ? (comment?.scoreError ?? 'unscored') : null,
    tropes: (index.tropes[i] ?? []).map(([k]) => index.tropeKinds[k]?.name ?? 'unknown trope'),
    overThreshold: overThresholdAt(index, i, thresholds),
    flagged: inputs.flagged,
    reasons: comment && inputs.flagged ? decideFlags(comment.score, comment.tropes, thresholds).reasons : [],
    needsHuman: needsHumanAt(index, i),
    disagrees: (bits & COMMENT_BITS.DISAGREES) !== 0,
    decision: inputs.decision,
    pending: inputs.pending,
    queue: inputs.queue ?? UNREVIEWED,
    priority: priorityAt(index, i),
  };
}

/** Accessible name of a row: who wrote it and what it starts with. */
export function rowLabel(row: Pick<TriageRow, 'author' | 'text' | 'kind' | 'status'>): string {
  return `${row.author}: ${excerptOf(row, 80)}`;
}

