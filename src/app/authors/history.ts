/**
 * A commenter's history across every thread (issue 14, docs/adr/0026-commenter-history-and-statements-of-reasons.md):
 * the comments whose author is exactly `author` (as imported: no case folding, no trimming) in the current generation
 * of each thread (ADR 0018), with their flags under the given thresholds, their current decision and who made it.
 *
 * One indexed read (`comments_by_author`, migration 6; the query is src/app/store/author-history.ts) joined with the score and trope caches of the server's engines,
 * the tree parent's tropes (for thread-context hits, as the index computes them) and the newest decision event of
 * each comment. Counts cover every comment; the list is the newest AUTHOR_HISTORY_MAX (by posting time; comments
 * without one last), each text cut to AUTHOR_TEXT_MAX characters. Flags use the same `decideFlags` as the console,
 * fed the score columns (no evidence: reasons read "INSULT 0.90 ≥ 0.60") and the own and context trope hits.
 */
import { AUTHOR_HISTORY_MAX, AUTHOR_TEXT_MAX, type AuthorComment, type AuthorHistory } from '../../core/api.ts';
import type { DecisionAction } from '../../core/decisions.ts';
import { decideFlags, type Thresholds } from '../../core/flags.ts';
import type { TropeHit } from '../../core/scoring.ts';
import { contextFlags } from '../../scoring/index.ts';
import type { ReadEngines } from '../thread-read.ts';
import { historyRows, historyTexts, type HistoryRow } from '../store/author-history.ts';
import { columnScore } from '../store/store-rows.ts';
import type { Store } from '../store/store.ts';

/** Longest author name the history is asked for (UTF-16 units). */
export const AUTHOR_NAME_MAX = 200;

const STATE_OF: Record<Exclude<DecisionAction, 'reset'>, NonNullable<AuthorComment['decision']>> = { approve: 'approved', reject: 'rejected', escalate: 'escalated' };

/** Why an author name cannot be asked for, or null when it can. */
export function authorNameProblem(author: unknown): string | null {
  if (typeof author !== 'string' || author.length === 0) return 'author must be a name (exactly as imported)';
  if (author.length > AUTHOR_NAME_MAX) return `author must be at most ${AUTHOR_NAME_MAX} characters`;
  return null;
}

/** `text` cut to `max` UTF-16 units with an ellipsis (never splitting a surrogate pair). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function parseHits(json: string | null, cache: Map<string, TropeHit[]>): TropeHit[] {
  if (json === null || json === '[]') return [];
  let hits = cache.get(json);
  if (!hits) {
    hits = JSON.parse(json) as TropeHit[];
    cache.set(json, hits);
  }
  return hits;
}

/** Milliseconds of an ISO time, or null when unknown or unreadable. */
function timeOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** Newest first; comments without a time last; then the newer import, then display order. */
function newestFirst(a: { at: number | null; row: HistoryRow }, b: { at: number | null; row: HistoryRow }): number {
  if (a.at !== b.at) {
    if (a.at === null) return 1;
    if (b.at === null) return -1;
    return b.at - a.at;
  }
  if (a.row.imported_at !== b.row.imported_at) return a.row.imported_at < b.row.imported_at ? 1 : -1;
  if (a.row.thread_id !== b.row.thread_id) return a.row.thread_id < b.row.thread_id ? -1 : 1;
  return a.row.display_index - b.row.display_index;
}

export interface HistoryOptions {
  thresholds: Thresholds;
  /** Most comments listed (default AUTHOR_HISTORY_MAX). */
  limit?: number;
}

/** The history of `author` (validated by the caller with authorNameProblem), read in one snapshot. */
export function authorHistory(store: Store, author: string, engines: ReadEngines, options: HistoryOptions): Promise<AuthorHistory> {
  const limit = options.limit ?? AUTHOR_HISTORY_MAX;
  const { scorer, detector } = engines;
  return store.snapshot(async (snap) => {
    const rows = await historyRows(snap.sql, author, AUTHOR_TEXT_MAX + 1, scorer, detector);
    const hitsCache = new Map<string, TropeHit[]>();
    const parentHitsOf = (row: HistoryRow): TropeHit[] => (row.parent_scorable === 1 ? parseHits(row.parent_hits, hitsCache) : []);
    // A reply endorsing a trope-flagged parent needs both full texts (the same context rule as the thread index,
    // thread-read.ts): read in batches for the rows that have such a parent, never one query per row.
    const wanted = rows.filter((row) => row.parent_id !== null && row.parent_index !== null && parentHitsOf(row).length > 0)
      .flatMap((row) => [{ threadId: row.thread_id, gen: row.gen, index: row.parent_index! }, { threadId: row.thread_id, gen: row.gen, index: row.display_index }]);
    const texts = await historyTexts(snap.sql, wanted);
    const textAt = (row: HistoryRow, index: number): string => texts.get(`${row.thread_id}\n${row.gen}\n${index}`) ?? '';
    const counts = { comments: rows.length, approved: 0, rejected: 0, escalated: 0, flagged: 0 };
    const items = rows.map((row) => {
      const scorable = row.scorable === 1;
      const own = scorable ? parseHits(row.hits_json, hitsCache) : [];
      let tropes = own;
      const parentHits = parentHitsOf(row);
      if (parentHits.length > 0 && row.parent_id !== null && row.parent_index !== null) {
        const extra = contextFlags([
          { id: row.parent_id, parentId: null, author: row.parent_author ?? '', text: textAt(row, row.parent_index), tropes: parentHits },
          { id: row.id, parentId: row.parent_id, author, text: textAt(row, row.display_index), tropes: own },
        ]).get(row.id);
        if (extra) tropes = [...own, ...extra];
      }
      const flags = decideFlags(scorable && row.scored === 1 ? columnScore(row) : null, tropes, options.thresholds);
      const decision = row.last_action === null || row.last_action === 'reset' ? null : STATE_OF[row.last_action];
      if (flags.flagged) counts.flagged += 1;
      if (decision !== null) counts[decision] += 1;
      return { at: timeOf(row.created_at), row, flags, decision };
    });
    items.sort(newestFirst);
    const comments = items.slice(0, limit).map(({ row, flags, decision }): AuthorComment => ({
      threadId: row.thread_id,
      threadTitle: row.title,
      commentId: row.id,
      displayIndex: row.display_index,
      postedAt: row.created_at,
      text: cutText(row.text, AUTHOR_TEXT_MAX),
      flagged: flags.flagged,
      flagReasons: flags.reasons,
      decision,
      decidedBy: decision === null ? null : row.last_moderator,
    }));
    return { author, counts, comments, truncated: items.length > limit };
  });
}
