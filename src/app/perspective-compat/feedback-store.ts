/**
 * The `score_feedback` table (schema 3): suggestions from comments:suggestscore, one row per attribute, keyed by the
 * text's hash (the text itself only when the caller did not ask for doNotStore). Rows are appended, never changed;
 * how they add up per text is feedback.ts's `summarizeFeedback`.
 */
import type Database from 'better-sqlite3';
import type { Attribute } from '../../core/scoring.ts';
import type { Store } from '../store/store.ts';

/** One suggestion for one attribute of one text, as stored. */
export interface FeedbackRow {
  keyLabel: string;
  textHash: string;
  /** Null when the caller asked for doNotStore. */
  text: string | null;
  attribute: Attribute;
  suggested: number;
  clientToken: string | null;
  communityId: string | null;
  /** ISO time it was received. */
  at: string;
}

/** A stored row, with its place in the log. */
export interface StoredFeedback extends FeedbackRow {
  seq: number;
}

const COLUMNS = 'seq, key_label AS keyLabel, text_hash AS textHash, text, attribute, suggested, client_token AS clientToken, community_id AS communityId, at';

function statements(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO score_feedback (key_label, text_hash, text, attribute, suggested, client_token, community_id, at)
      VALUES (@keyLabel, @textHash, @text, @attribute, @suggested, @clientToken, @communityId, @at)`),
    // Scans the feedback (in seq order) and probes comments_by_hash: 0.6 ms with 50 rows and 15 ms with 100,000 rows
    // for a 100,000-comment thread, where `text_hash IN (the thread's hashes)` took 160 ms whatever the feedback.
    ofThread: db.prepare(`SELECT ${COLUMNS} FROM score_feedback f
      WHERE EXISTS (SELECT 1 FROM comments c WHERE c.text_hash = f.text_hash AND c.thread_id = ?) ORDER BY seq`),
    ofHash: db.prepare(`SELECT ${COLUMNS} FROM score_feedback WHERE text_hash = ? ORDER BY seq`),
    version: db.prepare('SELECT coalesce(max(seq), 0) FROM score_feedback').pluck(),
  };
}

/** Prepared once per database connection. */
const prepared = new WeakMap<Database.Database, ReturnType<typeof statements>>();

function stmt(store: Store): ReturnType<typeof statements> {
  let s = prepared.get(store.db);
  if (!s) {
    s = statements(store.db);
    prepared.set(store.db, s);
  }
  return s;
}

/** Appends the rows of one suggestion in one transaction. */
export function insertFeedback(store: Store, rows: readonly FeedbackRow[]): void {
  const { insert } = stmt(store);
  store.db.transaction(() => {
    for (const row of rows) insert.run(row);
  }).immediate();
}

/** Every suggestion for a text of this thread, oldest first. */
export function feedbackOfThread(store: Store, threadId: string): StoredFeedback[] {
  return stmt(store).ofThread.all(threadId) as StoredFeedback[];
}

/** Every suggestion for one text hash, oldest first. */
export function feedbackOfHash(store: Store, textHash: string): StoredFeedback[] {
  return stmt(store).ofHash.all(textHash) as StoredFeedback[];
}

/** The latest row's seq (0 when none): changes whenever feedback arrives, so cached views can tell. */
export function feedbackVersion(store: Store): number {
  return stmt(store).version.get() as number;
}
