/**
 * Embedded SQLite storage: threads, comments, the score and trope caches keyed by text hash, and the append-only
 * decision log. Every write is one transaction.
 *
 * Re-importing a thread id that is already stored merges the file into it in one transaction (ADR 0009): new and
 * changed comments are written, stored comments the file lacks are kept and marked missing until the moderator removes
 * them (`removeMissing`, which names the import revision it was offered for). Decisions are never touched (the log is
 * append-only; decisions on comments that are gone stay in it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DecisionInput, ThreadChanges, ThreadSummary, ThreadView } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import type { Comment, ImportProblem, Thread } from '../core/model.ts';
import type { CommentScore, ScorerInfo, TropeHit } from '../core/scoring.ts';
import { migrate } from './store-schema.ts';
import { firstImportChanges, planMerge, type CommentRecord } from './store-merge.ts';
import { COMMENT_SQL, type CommentCacheRow, DECISION_SQL, type DecisionRow, decisionFromRow, STORED_COMMENTS_SQL, UNCACHED_SQL } from './store-rows.ts';

export type { CommentCacheRow } from './store-rows.ts';

/** File name of the database inside the data directory. */
export const DB_FILE_NAME = 'threadscope.db';

/** The store could not be opened; the message names the file. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** sha256 of a comment text, hex: the key of the score and trope caches (the same text is scored once). */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One thread of an import, with the problems the importer reported and each comment's text hash. */
export interface ThreadToSave {
  thread: Thread;
  problems: ImportProblem[];
  /** `hashes[i]` is `hashText(thread.comments[i].text)`. */
  hashes: readonly string[];
}

/** A scorer outcome for one distinct text. */
export interface ScoreRecord {
  hash: string;
  result: CommentScore | null;
  error: string | null;
}

/** A detector outcome for one distinct text. */
export interface TropeRecord {
  hash: string;
  hits: TropeHit[] | null;
  error: string | null;
}

/** Everything an import writes, saved in one transaction. */
export interface ImportBatch {
  threads: ThreadToSave[];
  importedAt: string;
  /** Name of the imported file (null or absent for pasted text): recorded on the comments it lacked. */
  fileName?: string | null;
  scorer: ScorerInfo;
  detector: ScorerInfo;
  scores: ScoreRecord[];
  tropes: TropeRecord[];
}

/** What happened to one thread of an import. */
export interface SavedThread {
  id: string;
  /** True when the id was already stored and the file was merged into it. */
  existed: boolean;
  /** The thread's import count after this import (1 when new). */
  revision: number;
  changes: ThreadChanges;
  /** Decisions already in the log for this thread (kept). */
  decisionsKept: number;
}

/** Result of removing a thread's missing comments: done, a stale revision (imported again since), or no such thread. */
export type RemoveMissingResult =
  | { kind: 'removed'; removed: number; revision: number }
  | { kind: 'stale'; revision: number }
  | { kind: 'unknown' };

/** Stored thread row. */
export type ThreadRecord = Pick<ThreadView, 'id' | 'title' | 'url' | 'articleText' | 'sourceFormat' | 'importedAt'> & { problems: ImportProblem[]; revision: number };

/** Result of appending a decision: recorded, a retry of the same event, or a different event reusing an id. */
export type AppendResult =
  | { kind: 'recorded'; event: DecisionEvent }
  | { kind: 'duplicate'; event: DecisionEvent }
  | { kind: 'conflict'; event: DecisionEvent };

/** A thread that an integration fills one comment at a time (Coral's story: `coral:<storyId>`). */
export interface LiveThread {
  id: string;
  title: string;
  url: string | null;
  sourceFormat: string;
}

/** What appending one comment to a live thread did; `at` is the thread's new import time (unchanged: the old one). */
export interface LiveAppendResult {
  kind: 'added' | 'updated' | 'unchanged';
  at: string;
}

/** `at`, or 1 ms after `previous` when `at` is not later (a live thread's time only moves forward; view keys hold it). */
function laterThan(at: string, previous: string | undefined): string {
  if (previous === undefined || at > previous) return at;
  return new Date(Date.parse(previous) + 1).toISOString();
}

/** A comment of the file as the store writes it (present: no missing mark). */
function incomingRecord(c: Comment, hash: string | undefined, index: number): CommentRecord {
  if (hash === undefined) throw new Error(`missing text hash for comment ${index}`);
  return { id: c.id, parentId: c.parentId, author: c.author, createdAt: c.createdAt, createdAtText: c.createdAtText, text: c.text, html: c.html, kind: c.kind, status: c.status, textHash: hash, missingSince: null, missingFrom: null };
}

export class Store {
  readonly db: Database.Database;
  /** Absolute path of the database file (or ":memory:"). */
  readonly file: string;
  private readonly stmt;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
    this.stmt = {
      upsertThread: db.prepare(`INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,
        article_text = excluded.article_text, source_format = excluded.source_format, imported_at = excluded.imported_at,
        problems_json = excluded.problems_json, revision = threads.revision + 1`),
      threadExists: db.prepare('SELECT 1 FROM threads WHERE id = ?').pluck(),
      revision: db.prepare('SELECT revision FROM threads WHERE id = ?').pluck(),
      storedComments: db.prepare(STORED_COMMENTS_SQL),
      deleteComments: db.prepare('DELETE FROM comments WHERE thread_id = ?'),
      deleteMissing: db.prepare('DELETE FROM comments WHERE thread_id = ? AND missing_since IS NOT NULL'),
      insertComment: db.prepare(`INSERT INTO comments (thread_id, position, id, parent_id, author, created_at, created_at_text,
        text, html, kind, status, text_hash, missing_since, missing_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertScore: db.prepare(`INSERT INTO scores (text_hash, scorer_name, scorer_version, result_json, error, scored_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      insertTropes: db.prepare(`INSERT INTO tropes (text_hash, detector_name, detector_version, hits_json, error, detected_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      hasScore: db.prepare('SELECT 1 FROM scores WHERE text_hash = ? AND scorer_name = ? AND scorer_version = ?').pluck(),
      hasTropes: db.prepare('SELECT 1 FROM tropes WHERE text_hash = ? AND detector_name = ? AND detector_version = ?').pluck(),
      getThread: db.prepare('SELECT id, title, url, article_text, source_format, imported_at, problems_json, revision FROM threads WHERE id = ?'),
      listThreads: db.prepare(`SELECT t.id, t.title, t.url, t.source_format, t.imported_at,
        (SELECT count(*) FROM comments c WHERE c.thread_id = t.id) AS comment_count
        FROM threads t ORDER BY t.imported_at DESC, t.id`),
      anyThread: db.prepare('SELECT 1 FROM threads LIMIT 1').pluck(),
      comments: db.prepare(COMMENT_SQL),
      uncached: db.prepare(UNCACHED_SQL),
      commentExists: db.prepare('SELECT 1 FROM comments WHERE thread_id = ? AND id = ? LIMIT 1').pluck(),
      countDecisions: db.prepare('SELECT count(*) FROM decisions WHERE thread_id = ?').pluck(),
      insertDecision: db.prepare(`INSERT INTO decisions (id, thread_id, comment_id, action, moderator, reason, note, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      decisionById: db.prepare(`${DECISION_SQL} WHERE id = ?`),
      decisions: db.prepare(`${DECISION_SQL} WHERE thread_id = ? ORDER BY seq`),
      importedAt: db.prepare('SELECT imported_at FROM threads WHERE id = ?').pluck(),
      touchLiveThread: db.prepare(`INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json)
        VALUES (?, ?, ?, '', ?, ?, '[]') ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, imported_at = excluded.imported_at`),
      liveComment: db.prepare('SELECT position, parent_id, text_hash, html, status FROM comments WHERE thread_id = ? AND id = ? ORDER BY position LIMIT 1'),
      liveCommentRow: db.prepare(`SELECT * FROM (${COMMENT_SQL}) WHERE id = ? LIMIT 1`),
      nextPosition: db.prepare('SELECT coalesce(max(position), -1) + 1 FROM comments WHERE thread_id = ?').pluck(),
      updateLiveComment: db.prepare(`UPDATE comments SET parent_id = ?, author = ?, text = ?, html = ?, status = ?, text_hash = ?,
        missing_since = NULL, missing_from = NULL WHERE thread_id = ? AND position = ?`),
    };
  }

  /** Opens (creating if needed) `<dataDir>/threadscope.db`, or an in-memory database for ":memory:". */
  static open(dataDir: string): Store {
    const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DB_FILE_NAME);
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') fs.mkdirSync(dataDir, { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new Store(db, file);
    } catch (error) {
      db?.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`cannot open the database ${file}: ${reason}`);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** True when no thread is stored yet. */
  isEmpty(): boolean {
    return this.stmt.anyThread.get() === undefined;
  }

  /** True when `hash` has a cached outcome (scores or error) for this scorer version. */
  hasScore(hash: string, scorer: ScorerInfo): boolean {
    return this.stmt.hasScore.get(hash, scorer.name, scorer.version) !== undefined;
  }

  /** True when `hash` has a cached detector outcome for this detector version. */
  hasTropes(hash: string, detector: ScorerInfo): boolean {
    return this.stmt.hasTropes.get(hash, detector.name, detector.version) !== undefined;
  }

  /** Saves an import (threads, comments, scores, tropes) in ONE transaction: all of it or nothing. */
  saveImport(batch: ImportBatch): SavedThread[] {
    return this.db.transaction((): SavedThread[] => {
      this.writeCaches(batch.scorer, batch.detector, batch.scores, batch.tropes, batch.importedAt);
      return batch.threads.map((item) => this.writeThread(item, batch.importedAt, batch.fileName ?? null));
    }).immediate();
  }

  /** Adds cache entries (for texts scored after import, e.g. by a new scorer version) in one transaction. */
  saveCaches(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string): void {
    this.db.transaction(() => this.writeCaches(scorer, detector, scores, tropes, at)).immediate();
  }

  private writeCaches(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string): void {
    for (const s of scores) {
      this.stmt.insertScore.run(s.hash, scorer.name, scorer.version, s.result ? JSON.stringify(s.result) : null, s.result ? null : s.error ?? 'no result', at);
    }
    for (const t of tropes) {
      this.stmt.insertTropes.run(t.hash, detector.name, detector.version, t.hits ? JSON.stringify(t.hits) : null, t.hits ? null : t.error ?? 'no result', at);
    }
  }

  /** Writes one thread: a new one as it is, a stored one merged by comment id (store-merge.ts). */
  private writeThread({ thread, problems, hashes }: ThreadToSave, importedAt: string, fileName: string | null): SavedThread {
    const existed = this.stmt.threadExists.get(thread.id) !== undefined;
    const incoming = thread.comments.map((c, i) => incomingRecord(c, hashes[i], i));
    let rows = incoming;
    let changes = firstImportChanges(incoming);
    if (existed) {
      const plan = planMerge(this.stmt.storedComments.all(thread.id) as CommentRecord[], incoming, { at: importedAt, fileName });
      rows = plan.rows;
      changes = plan.changes;
      this.stmt.deleteComments.run(thread.id);
    }
    this.stmt.upsertThread.run(thread.id, thread.title, thread.url, thread.articleText, thread.sourceFormat, importedAt, JSON.stringify(problems));
    const insert = this.stmt.insertComment;
    rows.forEach((r, i) => {
      insert.run(thread.id, i, r.id, r.parentId, r.author, r.createdAt, r.createdAtText, r.text, r.html, r.kind, r.status, r.textHash, r.missingSince, r.missingFrom);
    });
    const decisionsKept = existed ? (this.stmt.countDecisions.get(thread.id) as number) : 0;
    return { id: thread.id, existed, revision: this.stmt.revision.get(thread.id) as number, changes, decisionsKept };
  }

  /**
   * Appends one comment to a live thread (made on first use), or updates the stored comment with its id: never a
   * merge, so the thread's other comments stay as they are (merging a one-comment file would mark them all missing).
   * A repeat of a stored comment with the same content changes nothing. The thread's import time moves to `at`
   * (strictly forward, so cached views are rebuilt); its revision (the count of file imports) stays.
   */
  appendLiveComment(thread: LiveThread, c: Comment, at: string): LiveAppendResult {
    return this.db.transaction((): LiveAppendResult => {
      const previous = this.stmt.importedAt.get(thread.id) as string | undefined;
      const hash = hashText(c.text);
      const stored = previous === undefined ? undefined : (this.stmt.liveComment.get(thread.id, c.id) as
        | { position: number; parent_id: string | null; text_hash: string; html: string | null; status: string }
        | undefined);
      if (stored && stored.text_hash === hash && stored.parent_id === c.parentId && stored.html === c.html && stored.status === c.status) {
        return { kind: 'unchanged', at: previous! };
      }
      const now = laterThan(at, previous);
      this.stmt.touchLiveThread.run(thread.id, thread.title, thread.url, thread.sourceFormat, now);
      if (stored) {
        this.stmt.updateLiveComment.run(c.parentId, c.author, c.text, c.html, c.status, hash, thread.id, stored.position);
        return { kind: 'updated', at: now };
      }
      const position = this.stmt.nextPosition.get(thread.id) as number;
      this.stmt.insertComment.run(thread.id, position, c.id, c.parentId, c.author, c.createdAt, c.createdAtText, c.text, c.html, c.kind, c.status, hash, null, null);
      return { kind: 'added', at: now };
    }).immediate();
  }

  /**
   * Deletes the comments of a thread that its latest import lacked, if `revision` is still the thread's revision (a
   * click offered for an older import must not remove comments a later import brought back). Decisions stay.
   */
  removeMissing(threadId: string, revision: number): RemoveMissingResult {
    return this.db.transaction((): RemoveMissingResult => {
      const current = this.stmt.revision.get(threadId) as number | undefined;
      if (current === undefined) return { kind: 'unknown' };
      if (current !== revision) return { kind: 'stale', revision: current };
      const removed = this.stmt.deleteMissing.run(threadId).changes;
      return { kind: 'removed', removed, revision: current };
    }).immediate();
  }

  listThreads(): ThreadSummary[] {
    const rows = this.stmt.listThreads.all() as Array<{ id: string; title: string; url: string | null; source_format: string; imported_at: string; comment_count: number }>;
    return rows.map((r) => ({ id: r.id, title: r.title, url: r.url, sourceFormat: r.source_format, commentCount: r.comment_count, importedAt: r.imported_at }));
  }

  getThread(id: string): ThreadRecord | null {
    const r = this.stmt.getThread.get(id) as
      | { id: string; title: string; url: string | null; article_text: string; source_format: string; imported_at: string; problems_json: string; revision: number }
      | undefined;
    if (!r) return null;
    return { id: r.id, title: r.title, url: r.url, articleText: r.article_text, sourceFormat: r.source_format, importedAt: r.imported_at, problems: JSON.parse(r.problems_json) as ImportProblem[], revision: r.revision };
  }

  /** Comments of a thread in source order, each with its cached score and tropes for these versions (null when absent). */
  comments(threadId: string, scorer: ScorerInfo, detector: ScorerInfo): CommentCacheRow[] {
    return this.stmt.comments.all(scorer.name, scorer.version, detector.name, detector.version, threadId) as CommentCacheRow[];
  }

  /** Distinct texts of a thread that lack a cached score or trope result for these versions (empty ones included). */
  uncachedTexts(threadId: string, scorer: ScorerInfo, detector: ScorerInfo): Array<{ hash: string; text: string }> {
    return this.stmt.uncached.all(scorer.name, scorer.version, detector.name, detector.version, threadId) as Array<{ hash: string; text: string }>;
  }

  /** One comment of a thread with its cached score and tropes for these versions (the first, should an id repeat); null when absent. */
  comment(threadId: string, commentId: string, scorer: ScorerInfo, detector: ScorerInfo): CommentCacheRow | null {
    return (this.stmt.liveCommentRow.get(scorer.name, scorer.version, detector.name, detector.version, threadId, commentId) as CommentCacheRow | undefined) ?? null;
  }

  commentExists(threadId: string, commentId: string): boolean {
    return this.stmt.commentExists.get(threadId, commentId) !== undefined;
  }

  /** Appends a decision event; a second submission with the same id records nothing. */
  appendDecision(threadId: string, input: DecisionInput, at: string): AppendResult {
    return this.db.transaction((): AppendResult => {
      const info = this.stmt.insertDecision.run(input.id, threadId, input.commentId, input.action, input.moderator, input.reason ?? '', input.note ?? '', at);
      const event = decisionFromRow(this.stmt.decisionById.get(input.id) as DecisionRow);
      if (info.changes === 1) return { kind: 'recorded', event };
      const same = event.threadId === threadId && event.commentId === input.commentId && event.action === input.action
        && event.moderator === input.moderator && event.reason === (input.reason ?? '') && event.note === (input.note ?? '');
      return { kind: same ? 'duplicate' : 'conflict', event };
    }).immediate();
  }

  /** The decision log of a thread, in the order it was recorded. */
  decisions(threadId: string): DecisionEvent[] {
    return (this.stmt.decisions.all(threadId) as DecisionRow[]).map(decisionFromRow);
  }
}
