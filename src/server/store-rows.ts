/**
 * Row shapes and SELECT texts of the store, and their mapping to core types.
 */
import type { DecisionAction, DecisionEvent } from '../core/decisions.ts';
import type { CommentKind, CommentStatus } from '../core/model.ts';

/** A comment row joined with its cached score and tropes (null columns when not cached). */
export interface CommentCacheRow {
  id: string;
  parent_id: string | null;
  author: string;
  created_at: string | null;
  created_at_text: string | null;
  text: string;
  html: string | null;
  kind: CommentKind;
  status: CommentStatus;
  text_hash: string;
  /** ISO time of the first import that lacked the comment; null when the latest import had it. */
  missing_since: string | null;
  /** File name of the latest import, which lacked it (null: present, or pasted text). */
  missing_from: string | null;
  /** 1 when the score cache has a row for this text and scorer version. */
  score_cached: number;
  result_json: string | null;
  score_error: string | null;
  /** 1 when the trope cache has a row for this text and detector version. */
  tropes_cached: number;
  hits_json: string | null;
  trope_error: string | null;
}

/** Parameters: scorer name, scorer version, detector name, detector version, thread id. */
export const COMMENT_SQL = `SELECT c.id, c.parent_id, c.author, c.created_at, c.created_at_text, c.text, c.html, c.kind, c.status,
  c.text_hash, c.missing_since, c.missing_from, s.text_hash IS NOT NULL AS score_cached, s.result_json, s.error AS score_error,
  t.text_hash IS NOT NULL AS tropes_cached, t.hits_json, t.error AS trope_error
  FROM comments c
  LEFT JOIN scores s ON s.text_hash = c.text_hash AND s.scorer_name = ? AND s.scorer_version = ?
  LEFT JOIN tropes t ON t.text_hash = c.text_hash AND t.detector_name = ? AND t.detector_version = ?
  WHERE c.thread_id = ? ORDER BY c.position`;

/** Parameter: thread id. The stored comments of a thread as a merge reads them (store-merge.ts). */
export const STORED_COMMENTS_SQL = `SELECT id, parent_id AS parentId, author, created_at AS createdAt, created_at_text AS createdAtText, text, html,
  kind, status, text_hash AS textHash, missing_since AS missingSince, missing_from AS missingFrom
  FROM comments WHERE thread_id = ? ORDER BY position`;

/** Parameters as COMMENT_SQL. */
export const UNCACHED_SQL = `SELECT DISTINCT c.text_hash AS hash, c.text
  FROM comments c
  LEFT JOIN scores s ON s.text_hash = c.text_hash AND s.scorer_name = ? AND s.scorer_version = ?
  LEFT JOIN tropes t ON t.text_hash = c.text_hash AND t.detector_name = ? AND t.detector_version = ?
  WHERE c.thread_id = ? AND (s.text_hash IS NULL OR t.text_hash IS NULL)`;

export interface DecisionRow {
  seq: number;
  id: string;
  thread_id: string;
  comment_id: string;
  action: DecisionAction;
  moderator: string;
  reason: string;
  note: string;
  at: string;
}

export const DECISION_SQL = 'SELECT seq, id, thread_id, comment_id, action, moderator, reason, note, at FROM decisions';

export function decisionFromRow(r: DecisionRow): DecisionEvent {
  return { id: r.id, threadId: r.thread_id, commentId: r.comment_id, action: r.action, moderator: r.moderator, reason: r.reason, note: r.note, at: r.at, seq: r.seq };
}
