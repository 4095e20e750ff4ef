/**
 * The queue's order over a ThreadIndex: which display indexes the filters keep, in the order the sort asks for,
 * computed from the index's columns with typed arrays (no comment text, no row objects), so that 100,000 rows
 * filter and sort within one short main-thread task (docs/adr/0020-browser-model-for-size.md; the bench measures it).
 * Flags come from `flaggedAt` (src/core/thread-index.ts), the same answer as the flag policy on full comments.
 */
import type { Claim, QueueSnapshot, QueueStatus, Snooze, ThreadIndex } from '../../core/api.ts';
import type { CurrentDecision, DecisionState } from '../../core/decisions.ts';
import type { Thresholds } from '../../core/flags.ts';
import { priorityOf } from '../../core/priority.ts';
import { COMMENT_BITS, flaggedAt, highestAt } from '../../core/thread-index.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';

/** Decision column codes; 0 is undecided. */
export const DECISION_CODES: Record<DecisionState | 'undecided', number> = { undecided: 0, approved: 1, rejected: 2, escalated: 3 };

/** Display index of each comment id (the first, should an id repeat). */
export function positionsById(index: ThreadIndex): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < index.count; i++) {
    const id = index.ids[i];
    if (id !== undefined && !map.has(id)) map.set(id, i);
  }
  return map;
}

/** 1 where the flag policy flags the comment under `thresholds`. */
export function flaggedColumn(index: ThreadIndex, thresholds: Thresholds): Uint8Array {
  const out = new Uint8Array(index.count);
  for (let i = 0; i < index.count; i++) if (flaggedAt(index, i, thresholds)) out[i] = 1;
  return out;
}

/** Decision code of each comment (DECISION_CODES) from the current decisions by comment id. */
export function decisionColumn(count: number, current: ReadonlyMap<string, CurrentDecision>, positions: ReadonlyMap<string, number>): Uint8Array {
  const out = new Uint8Array(count);
  for (const [commentId, decision] of current) {
    const at = positions.get(commentId);
    if (at !== undefined) out[at] = DECISION_CODES[decision.state];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Queue states (issue 14, docs/adr/0025-queue-states-and-live-updates.md): derived from decisions, claims and snoozes.

/** Status codes of statusColumn, in the order the Status filter offers them. */
export const STATUS_CODES: Record<QueueStatus, number> = { unreviewed: 0, claimed: 1, escalated: 2, resolved: 3, snoozed: 4 };
export const QUEUE_STATUSES = Object.keys(STATUS_CODES) as QueueStatus[];

/** The open thread's live claims and snoozes by comment id (expired ones left out by queueStateOf). */
export interface QueueState {
  claims: ReadonlyMap<string, Claim>;
  snoozes: ReadonlyMap<string, Snooze>;
  /** The earliest time (ms) one of them ends, when the state must be derived again; Infinity without any. */
  nextChange: number;
}

export const EMPTY_QUEUE_STATE: QueueState = { claims: new Map(), snoozes: new Map(), nextChange: Number.POSITIVE_INFINITY };

/** The claims and snoozes of a snapshot still live at `now` (ms). */
export function queueStateOf(snapshot: QueueSnapshot | null, now: number): QueueState {
  if (!snapshot || (snapshot.claims.length === 0 && snapshot.snoozes.length === 0)) return EMPTY_QUEUE_STATE;
  let nextChange = Number.POSITIVE_INFINITY;
  const claims = new Map<string, Claim>();
  for (const claim of snapshot.claims) {
    const end = Date.parse(claim.expiresAt);
    if (!(end > now)) continue;
    claims.set(claim.commentId, claim);
    nextChange = Math.min(nextChange, end);
  }
  const snoozes = new Map<string, Snooze>();
  for (const snooze of snapshot.snoozes) {
    const end = Date.parse(snooze.until);
    if (!(end > now)) continue;
    snoozes.set(snooze.commentId, snooze);
    nextChange = Math.min(nextChange, end);
  }
  return { claims, snoozes, nextChange };
}

/**
 * The one rule of a comment's status: approved or rejected is resolved (whatever else holds it); else a snoozed
 * comment is snoozed; else an escalation is escalated (an editor's claim on it shows beside it); else a claimed one
 * is claimed; else unreviewed.
 */
export function queueStatus(decision: DecisionState | 'undecided', claimed: boolean, snoozed: boolean): QueueStatus {
  if (decision === 'approved' || decision === 'rejected') return 'resolved';
  if (snoozed) return 'snoozed';
  if (decision === 'escalated') return 'escalated';
  return claimed ? 'claimed' : 'unreviewed';
}

const DECISION_BY_CODE: Array<DecisionState | 'undecided'> = ['undecided', 'approved', 'rejected', 'escalated'];

/** Status code (STATUS_CODES) of every comment from the decision column (decisionColumn) and the queue state. */
export function statusColumn(decisions: Uint8Array, state: QueueState, positions: ReadonlyMap<string, number>): Uint8Array {
  const out = new Uint8Array(decisions.length);
  // Without claims or snoozes: resolved, escalated or unreviewed by the decision alone.
  const byDecision = DECISION_BY_CODE.map((d) => STATUS_CODES[queueStatus(d, false, false)]);
  for (let i = 0; i < decisions.length; i++) out[i] = byDecision[decisions[i] ?? 0]!;
  const apply = (commentId: string) => {
    const at = positions.get(commentId);
    if (at === undefined || at >= out.length) return;
    const decision = DECISION_BY_CODE[decisions[at] ?? 0]!;
    out[at] = STATUS_CODES[queueStatus(decision, state.claims.has(commentId), state.snoozes.has(commentId))];
  };
  for (const id of state.claims.keys()) apply(id);
  for (const id of state.snoozes.keys()) apply(id);
  return out;
}

/**
 * 1 where a comment is snoozed and not resolved (the queue hides them unless the Status filter asks), or null when
 * nothing is snoozed. Reads only the snoozes and their decisions: no pass over the thread.
 */
export function snoozedMask(count: number, state: QueueState, current: ReadonlyMap<string, CurrentDecision>, positions: ReadonlyMap<string, number>): Uint8Array | null {
  if (state.snoozes.size === 0) return null;
  const out = new Uint8Array(count);
  for (const id of state.snoozes.keys()) {
    const at = positions.get(id);
    const decision = current.get(id)?.state ?? 'undecided';
    if (at !== undefined && at < count && queueStatus(decision, false, true) === 'snoozed') out[at] = 1;
  }
  return out;
}

/** True when someone other than `me` holds a live claim on the comment (names compare without case, as accounts do). */
export function heldByOther(state: QueueState, commentId: string, me: string): boolean {
  const claim = state.claims.get(commentId);
  return claim !== undefined && claim.by.toLowerCase() !== me.toLowerCase();
}

/** The queue's filters, as the filter bar sets them. */
export interface QueueFilters {
  flagged: boolean;
  needsHuman: boolean;
  disagrees: boolean;
  overThreshold: Attribute | null;
  /** A trope id (tropeKinds[k].id). */
  trope: string | null;
  decision: DecisionState | 'undecided' | null;
  /** One queue status; 'all' for every comment; null (the default): every comment but the snoozed ones. */
  status?: QueueStatus | 'all' | null;
  /** Display indexes the search matched (ascending), or null without a search. */
  matches: readonly number[] | null;
}

export const NO_FILTERS: QueueFilters = { flagged: false, needsHuman: false, disagrees: false, overThreshold: null, trope: null, decision: null, status: null, matches: null };

/** Columns the filters and sorts read besides the index. */
export interface QueueColumns {
  flagged: Uint8Array;
  decisions: Uint8Array;
  /** statusColumn, built only while a status filter or sort needs it. */
  status?: Uint8Array;
  /** snoozedMask: hides snoozed comments under the default status filter; absent or null when none is snoozed. */
  snoozed?: Uint8Array | null;
}

const hasBit = (index: ThreadIndex, i: number, bit: number): boolean => ((index.bits[i] ?? 0) & bit) !== 0;

/** A filter as a small named test of one display index, or null when it keeps everything. */
type RowTest = (i: number) => boolean;

function tests(index: ThreadIndex, filters: QueueFilters, columns: QueueColumns, thresholds: Thresholds): RowTest[] {
  const out: RowTest[] = [];
  if (filters.flagged) out.push((i) => columns.flagged[i] === 1);
  if (filters.needsHuman) out.push((i) => hasBit(index, i, COMMENT_BITS.NEEDS_HUMAN));
  if (filters.disagrees) out.push((i) => hasBit(index, i, COMMENT_BITS.DISAGREES));
  const over = filters.overThreshold;
  if (over !== null) {
    const scores = index.scores[over];
    const threshold = thresholds.attributes[over];
    out.push((i) => {
      const value = scores[i];
      return value !== null && value !== undefined && value >= threshold;
    });
  }
  if (filters.trope !== null) {
    const kind = index.tropeKinds.findIndex((k) => k.id === filters.trope);
    out.push((i) => kind >= 0 && (index.tropes[i]?.some(([k]) => k === kind) ?? false));
  }
  if (filters.decision !== null) {
    const code = DECISION_CODES[filters.decision];
    out.push((i) => columns.decisions[i] === code);
  }
  const status = filters.status ?? null;
  if (status === null) {
    const snoozed = columns.snoozed;
    if (snoozed) out.push((i) => snoozed[i] !== 1);
  } else if (status !== 'all') {
    const code = STATUS_CODES[status];
    const codes = columns.status;
    out.push((i) => codes !== undefined && codes[i] === code);
  }
  return out;
}

/** Display indexes the filters keep, in display order. */
export function filteredIndexes(index: ThreadIndex, filters: QueueFilters, columns: QueueColumns, thresholds: Thresholds): Int32Array {
  const checks = tests(index, filters, columns, thresholds);
  const candidates = filters.matches;
  const out = new Int32Array(candidates === null ? index.count : candidates.length);
  let n = 0;
  const limit = candidates === null ? index.count : candidates.length;
  for (let k = 0; k < limit; k++) {
    const i = candidates === null ? k : candidates[k]!;
    if (i < 0 || i >= index.count) continue;
    let keep = true;
    for (const check of checks) {
      if (!check(i)) {
        keep = false;
        break;
      }
    }
    if (keep) out[n++] = i;
  }
  return out.subarray(0, n);
}

/** One sort of the queue (TanStack's SortingState entry). */
export interface QueueSort {
  id: string;
  desc: boolean;
}

/** Columns the queue can sort by. */
export const SORTABLE_COLUMNS = ['author', 'depth', 'createdAt', 'highest', ...ATTRIBUTES, 'tropes', 'decision', 'flagged', 'status', 'priority'] as const;

/** Keys that depend on the index alone, kept per index (a second sort by the same column reuses its key). */
const keyCache = new WeakMap<ThreadIndex, Map<string, Float64Array>>();
const INDEX_ONLY_KEYS = new Set<string>(['author', 'depth', 'createdAt', 'highest', 'tropes', 'priority', ...ATTRIBUTES]);

/** Numeric sort key of each comment for a column (NaN: no value, sorted below every number). */
function numericKey(index: ThreadIndex, id: string, columns: QueueColumns): Float64Array | null {
  if (!INDEX_ONLY_KEYS.has(id)) return computeKey(index, id, columns);
  let keys = keyCache.get(index);
  if (!keys) keyCache.set(index, (keys = new Map()));
  let key = keys.get(id);
  if (!key) {
    key = computeKey(index, id, columns) ?? undefined;
    if (key) keys.set(id, key);
  }
  return key ?? null;
}

function computeKey(index: ThreadIndex, id: string, columns: QueueColumns): Float64Array | null {
  const key = new Float64Array(index.count);
  const fill = (value: (i: number) => number | null | undefined) => {
    for (let i = 0; i < index.count; i++) {
      const v = value(i);
      key[i] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
    }
    return key;
  };
  if (id === 'depth') return fill((i) => index.depth[i]);
  if (id === 'createdAt') return fill((i) => index.createdAt[i]);
  if (id === 'highest') {
    // highestAt per row, column by column (the same answer, without a lookup per attribute per row).
    key.fill(Number.NaN);
    for (const attribute of ATTRIBUTES) {
      const scores = index.scores[attribute];
      for (let i = 0; i < index.count; i++) {
        const v = scores[i];
        if (v !== null && v !== undefined && Number.isFinite(v) && !(v <= key[i]!)) key[i] = v;
      }
    }
    return key;
  }
  if (id === 'flagged') return fill((i) => columns.flagged[i]);
  if (id === 'status') {
    const codes = columns.status;
    return codes ? fill((i) => codes[i]) : null;
  }
  if (id === 'priority') return fill((i) => priorityAt(index, i));
  if ((ATTRIBUTES as readonly string[]).includes(id)) {
    const scores = index.scores[id as Attribute];
    return fill((i) => scores[i]);
  }
  if (id === 'author') return fill((i) => authorRanks(index)[index.author[i] ?? -1]);
  if (id === 'decision') {
    // Alphabetical by the decision's name, as the column shows it.
    const rank = [3, 0, 2, 1]; // undecided, approved, rejected, escalated -> approved < escalated < rejected < undecided
    return fill((i) => rank[columns.decisions[i] ?? 0]);
  }
  if (id === 'tropes') {
    const names = new Map<string, number>();
    const label = (i: number) => (index.tropes[i] ?? []).map(([k]) => index.tropeKinds[k]?.name ?? '').join(', ').toLowerCase();
    const labels = new Set<string>(['']);
    for (const key of Object.keys(index.tropes)) labels.add(label(Number(key)));
    [...labels].sort().forEach((name, rank) => names.set(name, rank));
    return fill((i) => (index.tropes[i] === undefined ? 0 : names.get(label(i))));
  }
  return null;
}

/** The priority of comment i (src/core/priority.ts) from the index: its scores and trope hits (the index has no reader reports). */
export function priorityAt(index: ThreadIndex, i: number): number {
  const bits = index.bits[i] ?? 0;
  return priorityOf({
    highest: highestAt(index, i),
    scoreFailed: (bits & COMMENT_BITS.SCORE_ERROR) !== 0,
    tropes: (index.tropes[i] ?? []).map(([, severity]) => severity),
    reports: null,
  });
}

const rankCache = new WeakMap<ThreadIndex, Float64Array>();

/** Rank of each distinct author name, case-insensitively (names compare once, not once per pair of rows). */
function authorRanks(index: ThreadIndex): Float64Array {
  let ranks = rankCache.get(index);
  if (ranks) return ranks;
  const order = index.authors.map((name, k) => ({ k, name: String(name).toLowerCase() }));
  order.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  ranks = new Float64Array(index.authors.length);
  let rank = 0;
  order.forEach((entry, n) => {
    if (n > 0 && entry.name !== order[n - 1]!.name) rank++;
    ranks![entry.k] = rank;
  });
  rankCache.set(index, ranks);
  return ranks;
}

/**
 * Rank of each row's key among the rows' distinct keys (1..distinct, ascending), 0 for a missing key (NaN): the
 * native sort of a Float64Array (no comparator) and a binary search per row.
 */
function ranksOf(rows: Int32Array, key: Float64Array): { ranks: Uint32Array; distinct: number } {
  const values = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) values[k] = key[rows[k]!]!;
  const sorted = values.slice().sort(); // NaN last
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k]!;
    if (v !== v) break;
    if (distinct === 0 || v !== sorted[distinct - 1]) sorted[distinct++] = v;
  }
  const ranks = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const v = values[k]!;
    if (v !== v) continue;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[k] = lo + 1;
  }
  return { ranks, distinct };
}

/** A stable counting sort of `rows` by one key (ties keep their order; missing first ascending, last descending). */
function sortByKey(rows: Int32Array, key: Float64Array, desc: boolean): Int32Array {
  const { ranks, distinct } = ranksOf(rows, key);
  const buckets = distinct + 2;
  const bucketOf = (rank: number) => (desc ? (rank === 0 ? distinct + 1 : distinct + 1 - rank) : rank);
  const starts = new Uint32Array(buckets + 1);
  for (let k = 0; k < rows.length; k++) starts[bucketOf(ranks[k]!) + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[starts[bucketOf(ranks[k]!)]!++] = rows[k]!;
  return out;
}

/**
 * The rows in the order of `sorts` (the first sort first; ties keep display order). A number column puts comments
 * without a value first ascending and last descending, as the queue always did. Returns `rows` itself without a sort.
 * Linear apart from one native numeric sort per key: 100,000 rows sort in a few tens of milliseconds.
 */
export function sortedIndexes(index: ThreadIndex, rows: Int32Array, sorts: readonly QueueSort[], columns: QueueColumns): Int32Array {
  let out = rows;
  // Stable sorts applied from the last key to the first give the order of all the keys.
  for (const sort of [...sorts].reverse()) {
    const key = numericKey(index, sort.id, columns);
    if (key !== null) out = sortByKey(out, key, sort.desc);
  }
  return out;
}

/** How many of all the thread's comments (whatever the filters) are flagged, need a human, or have moderators disagreeing. */
export function reviewCounts(index: ThreadIndex, flagged: Uint8Array): { flagged: number; needsHuman: number; disagrees: number } {
  let f = 0;
  let needsHuman = 0;
  let disagrees = 0;
  for (let i = 0; i < index.count; i++) {
    if (flagged[i] === 1) f++;
    const bits = index.bits[i] ?? 0;
    if (bits & COMMENT_BITS.NEEDS_HUMAN) needsHuman++;
    if (bits & COMMENT_BITS.DISAGREES) disagrees++;
  }
  return { flagged: f, needsHuman, disagrees };
}

/** Who wrote comment i, for display: its author, else "Pingback"/"Trackback" for linkbacks, else "Anonymous". */
export function authorLabelAt(index: ThreadIndex, i: number): string {
  const name = index.authors[index.author[i] ?? -1];
  if (typeof name === 'string' && name !== '') return name;
  if (hasBit(index, i, COMMENT_BITS.PINGBACK)) return 'Pingback';
  if (hasBit(index, i, COMMENT_BITS.TRACKBACK)) return 'Trackback';
  return 'Anonymous';
}
