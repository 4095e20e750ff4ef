/**
 * A commenter's history across every thread (issue 14, docs/adr/0026-commenter-history-and-statements-of-reasons.md):
 * the comments whose author is exactly `author` (as imported: no case folding, no trimming) in the current generation
 * of each thread (ADR 0018), with their flags under the given thresholds, their current decision and who made it.
 *
 * One indexed read (`comments_by_author`, migration 6) joined with the score and trope caches of the server's engines,
 * the tree parent's tropes (for thread-context hits, as the index computes them) and the newest decision event of
 * each comment. Counts cover every comment; the list is the newest AUTHOR_HISTORY_MAX (by posting time; comments
 * without one last), each text cut to AUTHOR_TEXT_MAX characters. Flags use the same `decideFlags` as the console,
 * fed the score columns (no evidence: reasons read "INSULT 0.90 ≥ 0.60") and the own and context trope hits.
 */
import { AUTHOR_HISTORY_MAX, AUTHOR_TEXT_MAX, type AuthorComment, type AuthorHistory } from '../../core/api.ts';
import type { DecisionAction } from '../../core/decisions.ts';
import { decideFlags, type Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type TropeHit } from '../../core/scoring.ts';
import { contextFlags } from '../../scoring/index.ts';
import type { ReadEngines } from '../thread-read.ts';
import { columnScore, SCORE_COLUMNS, type ScoreColumnsRow } from '../store/store-rows.ts';
import type { Store } from '../store/store.ts';

/** Longest author name the history is asked for (UTF-16 units). */
export const AUTHOR_NAME_MAX = 200;

/** One comment of the history query; its score columns as the read model keeps them (ScoreColumnsRow). */
interface HistoryRow extends ScoreColumnsRow {
  thread_id: string;
  title: string;
  imported_at: string;
  gen: number;
  id: string;
  display_index: number;
  created_at: string | null;
  /** The text's first AUTHOR_TEXT_MAX + 1 characters (enough to tell whether it was cut). */
  text: string;
  scorable: number;
  scored: number;
  hits_json: string | null;
  parent_index: number | null;
  parent_id: string | null;
  parent_author: string | null;
  parent_scorable: number | null;
  parent_hits: string | null;
  last_action: DecisionAction | null;
  last_moderator: string | null;
}

/**
 * Parameters: text length, scorer name and version, detector name and version (own tropes), detector name and
 * version (the parent's tropes), author. Current generations only; comments a tree dropped (a repeated id) are left
 * out, as the console does not show them.
 */
export const HISTORY_SQL = `SELECT c.thread_id, th.title, th.imported_at, c.gen, c.id, c.display_index, c.created_at, substr(c.text, 1, ?) AS text,
  c.scorable, s.result_json IS NOT NULL AS scored, ${ATTRIBUTES.map((a) => `s.${SCORE_COLUMNS[a]}`).join(', ')}, s.language, s.language_unsupported,
  t.hits_json, p.display_index AS parent_index, p.id AS parent_id, p.author AS parent_author, p.scorable AS parent_scorable, pt.hits_json AS parent_hits,
  d.action AS last_action, d.moderator AS last_moderator
  FROM comments c
  JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
  LEFT JOIN scores s ON s.text_hash = c.text_hash AND s.scorer_name = ? AND s.scorer_version = ?
  LEFT JOIN tropes t ON t.text_hash = c.text_hash AND t.detector_name = ? AND t.detector_version = ?
  LEFT JOIN comments p ON c.tree_parent >= 0 AND p.thread_id = c.thread_id AND p.gen = c.gen AND p.display_index = c.tree_parent
  LEFT JOIN tropes pt ON pt.text_hash = p.text_hash AND pt.detector_name = ? AND pt.detector_version = ?
  LEFT JOIN decisions d ON d.seq = (SELECT max(e.seq) FROM decisions e WHERE e.thread_id = c.thread_id AND e.comment_id = c.id)
  WHERE c.author = ? AND c.display_index IS NOT NULL`;

const TEXT_SQL = 'SELECT text FROM comments WHERE thread_id = ? AND gen = ? AND display_index = ?';

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
export function authorHistory(store: Store, author: string, engines: ReadEngines, options: HistoryOptions): AuthorHistory {
  const limit = options.limit ?? AUTHOR_HISTORY_MAX;
  const { scorer, detector } = engines;
  return store.snapshot(() => {
    const rows = store.db.prepare(HISTORY_SQL).all(AUTHOR_TEXT_MAX + 1, scorer.name, scorer.version, detector.name, detector.version, detector.name, detector.version, author) as HistoryRow[];
    const textAt = store.db.prepare(TEXT_SQL).pluck();
    const hitsCache = new Map<string, TropeHit[]>();
    const counts = { comments: rows.length, approved: 0, rejected: 0, escalated: 0, flagged: 0 };
    const items = rows.map((row) => {
      const scorable = row.scorable === 1;
      const own = scorable ? parseHits(row.hits_json, hitsCache) : [];
      let tropes = own;
      const parentHits = row.parent_scorable === 1 ? parseHits(row.parent_hits, hitsCache) : [];
      if (parentHits.length > 0 && row.parent_id !== null && row.parent_index !== null) {
        // A reply endorsing a trope-flagged parent: the same context rule as the thread index (thread-read.ts).
        const parentText = textAt.get(row.thread_id, row.gen, row.parent_index) as string;
        const ownText = textAt.get(row.thread_id, row.gen, row.display_index) as string;
        const extra = contextFlags([
          { id: row.parent_id, parentId: null, author: row.parent_author ?? '', text: parentText, tropes: parentHits },
          { id: row.id, parentId: row.parent_id, author, text: ownText, tropes: own },
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
