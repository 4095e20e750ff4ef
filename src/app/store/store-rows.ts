/**
 * Row shapes and SELECT texts of the store, and their mapping to core types. Portable SQL (sql.ts): flags are
 * integers 0/1 on both engines, column names lower case.
 */
import type { DecisionAction, DecisionEvent } from '../../core/decisions.ts';
import type { CommentKind, CommentStatus } from '../../core/model.ts';
import { ATTRIBUTES, type Attribute, type CommentScore } from '../../core/scoring.ts';

/** The numeric column of each attribute in the score cache (schema 4): the index reads them, never result_json. */
export const SCORE_COLUMNS: Record<Attribute, string> = {
  TOXICITY: 'toxicity',
  SEVERE_TOXICITY: 'severe_toxicity',
  IDENTITY_ATTACK: 'identity_attack',
  INSULT: 'insult',
  PROFANITY: 'profanity',
  THREAT: 'threat',
};

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

/** A condition as an integer 0/1 on both engines (PostgreSQL would return a boolean for the bare condition). */
function flag(condition: string): string {
  return `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
}

/** Joins of a comment row `c` with its cached score `s` and tropes `t`; parameters: scorer name and version, detector name and version. */
const CACHE_JOINS = `LEFT JOIN scores s ON s.text_hash = c.text_hash AND s.scorer_name = ? AND s.scorer_version = ?
  LEFT JOIN tropes t ON t.text_hash = c.text_hash AND t.detector_name = ? AND t.detector_version = ?`;

const COMMENT_COLUMNS = `c.id, c.parent_id, c.author, c.created_at, c.created_at_text, c.text, c.html, c.kind, c.status,
  c.text_hash, c.missing_since, c.missing_from, ${flag('s.text_hash IS NOT NULL')} AS score_cached, s.result_json, s.error AS score_error,
  ${flag('t.text_hash IS NOT NULL')} AS tropes_cached, t.hits_json, t.error AS trope_error`;

/** Parameters: scorer name, scorer version, detector name, detector version, thread id. The current generation, in stored order. */
export const COMMENT_SQL = `SELECT ${COMMENT_COLUMNS}
  FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
  ${CACHE_JOINS}
  WHERE c.thread_id = ? ORDER BY c.position`;

/** Parameters as COMMENT_SQL, then a comment id: the first record of that id in the current generation. */
export const COMMENT_ONE_SQL = `SELECT ${COMMENT_COLUMNS}
  FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
  ${CACHE_JOINS}
  WHERE c.thread_id = ? AND c.id = ? ORDER BY c.position LIMIT 1`;

/** Parameters as COMMENT_SQL. */
export const UNCACHED_SQL = `SELECT DISTINCT c.text_hash AS hash, c.text
  FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
  ${CACHE_JOINS}
  WHERE c.thread_id = ? AND (s.text_hash IS NULL OR t.text_hash IS NULL)`;

/** A comment row with its read model (schema 4). */
export interface WindowRow extends CommentCacheRow {
  display_index: number;
  depth: number;
  tree_parent: number;
  orphan: number;
  descendants: number;
  scorable: number;
}

/** Parameters: scorer name, scorer version, detector name, detector version, thread id, generation, display index. */
export const WINDOW_ROW_SQL = `SELECT ${COMMENT_COLUMNS}, c.display_index, c.depth, c.tree_parent, c.orphan, c.descendants, c.scorable
  FROM comments c ${CACHE_JOINS}
  WHERE c.thread_id = ? AND c.gen = ? AND c.display_index = ?`;

/** Parameters as WINDOW_ROW_SQL, with a first and last display index instead of one: the rows of a range, in display order. */
export const WINDOW_RANGE_SQL = `SELECT ${COMMENT_COLUMNS}, c.display_index, c.depth, c.tree_parent, c.orphan, c.descendants, c.scorable
  FROM comments c ${CACHE_JOINS}
  WHERE c.thread_id = ? AND c.gen = ? AND c.display_index BETWEEN ? AND ? ORDER BY c.display_index`;

/** What the thread index reads of a comment: no text, no score JSON. */
/** The score columns of a comment row (schema 4): one per attribute, the language and its unsupported mark. */
export type ScoreColumnsRow = { [column in 'toxicity' | 'severe_toxicity' | 'identity_attack' | 'insult' | 'profanity' | 'threat']: number | null } & {
  language: string | null;
  language_unsupported: number | null;
};

/** A score as the read model keeps it, from the numeric columns: scores, language and the unsupported mark (no evidence). */
export function columnScore(row: ScoreColumnsRow): CommentScore {
  const scores: Partial<Record<Attribute, number>> = {};
  for (const attribute of ATTRIBUTES) {
    const value = row[SCORE_COLUMNS[attribute] as keyof ScoreColumnsRow] as number | null;
    if (value !== null) scores[attribute] = value;
  }
  return {
    scores,
    evidence: {},
    ...(row.language !== null ? { language: row.language } : {}),
    ...(row.language_unsupported === 1 ? { languageUnsupported: true } : {}),
  };
}

export interface IndexRow {
  id: string;
  author: string;
  created_at: string | null;
  kind: CommentKind;
  text_hash: string;
  missing_since: string | null;
  missing_from: string | null;
  scorable: number;
  depth: number;
  tree_parent: number;
  orphan: number;
  descendants: number;
  /** 1 when the score cache has a row for this text and scorer version (scores or an error). */
  score_cached: number;
  /** 1 when that row holds scores. */
  scored: number;
  score_error: string | null;
  toxicity: number | null;
  severe_toxicity: number | null;
  identity_attack: number | null;
  insult: number | null;
  profanity: number | null;
  threat: number | null;
  language: string | null;
  language_unsupported: number;
  hits_json: string | null;
  trope_error: string | null;
}

/** Parameters: scorer name, scorer version, detector name, detector version, thread id, generation. In display order. */
export const INDEX_SQL = `SELECT c.id, c.author, c.created_at, c.kind, c.text_hash, c.missing_since, c.missing_from, c.scorable, c.depth,
  c.tree_parent, c.orphan, c.descendants, ${flag('s.text_hash IS NOT NULL')} AS score_cached, ${flag('s.result_json IS NOT NULL')} AS scored, s.error AS score_error,
  s.toxicity, s.severe_toxicity, s.identity_attack, s.insult, s.profanity, s.threat, s.language, s.language_unsupported,
  t.hits_json, t.error AS trope_error
  FROM comments c ${CACHE_JOINS}
  WHERE c.thread_id = ? AND c.gen = ? AND c.display_index IS NOT NULL ORDER BY c.display_index`;

export interface DecisionRow {
  seq: number;
  id: string;
  thread_id: string;
  comment_id: string;
  action: DecisionAction;
  moderator: string;
  reason: string;
  note: string;
  legal_ground: string;
  at: string;
}

export const DECISION_SQL = 'SELECT seq, id, thread_id, comment_id, action, moderator, reason, note, legal_ground, at FROM decisions';

export function decisionFromRow(r: DecisionRow): DecisionEvent {
  return { id: r.id, threadId: r.thread_id, commentId: r.comment_id, action: r.action, moderator: r.moderator, reason: r.reason, note: r.note, legalGround: r.legal_ground, at: r.at, seq: r.seq };
}
