/**
 * The commenter history's query over `Sql` (docs/adr/0026-commenter-history-and-statements-of-reasons.md): every
 * shown comment whose author is exactly the name asked for, in the current generation of each thread, joined with the
 * score and trope caches of the engines, its tree parent's tropes and the newest decision event of the comment. The
 * rules (flags, context hits, order, counts) are src/app/authors/history.ts's. Both engines.
 */
import { ATTRIBUTES, type ScorerInfo } from '../../core/scoring.ts';
import type { DecisionAction } from '../../core/decisions.ts';
import type { Sql } from './sql.ts';
import { SCORE_COLUMNS, type ScoreColumnsRow } from './store-rows.ts';
import { textsAt } from './thread-queries.ts';

/** One comment of the history query; its score columns as the read model keeps them (ScoreColumnsRow). */
export interface HistoryRow extends ScoreColumnsRow {
  thread_id: string;
  title: string;
  imported_at: string;
  gen: number;
  id: string;
  display_index: number;
  created_at: string | null;
  /** The text's first `textLength` characters. */
  text: string;
  scorable: number;
  /** 1 when the score cache holds scores for the text. */
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
  c.scorable, CASE WHEN s.result_json IS NOT NULL THEN 1 ELSE 0 END AS scored, ${ATTRIBUTES.map((a) => `s.${SCORE_COLUMNS[a]}`).join(', ')}, s.language, s.language_unsupported,
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

/** The history rows of `author` (texts cut to `textLength` characters). */
export function historyRows(sql: Sql, author: string, textLength: number, scorer: ScorerInfo, detector: ScorerInfo): Promise<HistoryRow[]> {
  return sql.all<HistoryRow>(HISTORY_SQL, [textLength, scorer.name, scorer.version, detector.name, detector.version, detector.name, detector.version, author]);
}

/** Full texts by thread, generation and display index: `${threadId}\n${gen}\n${index}` -> text. Read in batches per thread. */
export async function historyTexts(sql: Sql, wanted: ReadonlyArray<{ threadId: string; gen: number; index: number }>): Promise<Map<string, string>> {
  const byThread = new Map<string, { threadId: string; gen: number; indexes: number[] }>();
  for (const w of wanted) {
    const key = `${w.threadId}\n${w.gen}`;
    let entry = byThread.get(key);
    if (!entry) byThread.set(key, (entry = { threadId: w.threadId, gen: w.gen, indexes: [] }));
    entry.indexes.push(w.index);
  }
  const out = new Map<string, string>();
  for (const { threadId, gen, indexes } of byThread.values()) {
    for (const [index, text] of await textsAt(sql, threadId, gen, indexes)) out.set(`${threadId}\n${gen}\n${index}`, text);
  }
  return out;
}
