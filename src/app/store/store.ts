/**
 * Embedded SQLite storage: threads, comments, the score and trope caches keyed by text hash, and the append-only
 * decision log.
 *
 * A thread's comments are kept by generation with their read model (docs/adr/0018-read-model-and-bounded-writes.md):
 * an import writes a new generation in transactions of at most ~WRITE_BUDGET_MS with a pause between them, then
 * makes it current in one small transaction (all threads of the import at once), then deletes the previous one in
 * bounded transactions. A failed or interrupted import leaves the previous state; readers read only the current
 * generation. The Store works from any thread with its own connection on the same file (WAL).
 *
 * Re-importing a thread id that is already stored merges the file into it (ADR 0009): new and changed comments are
 * written, stored comments the file lacks are kept and marked missing until the moderator removes them
 * (`removeMissing`, which names the import revision it was offered for). Decisions are never touched (the log is
 * append-only; decisions on comments that are gone stay in it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DecisionInput, ThreadChanges, ThreadSummary, ThreadView } from '../../core/api.ts';
import type { DecisionRefusal } from '../../core/decision-rules.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import type { Comment, ImportProblem, Thread } from '../../core/model.ts';
import type { CommentScore, ScorerInfo, TropeHit } from '../../core/scoring.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';
import { isScorable } from '../score-texts.ts';
import { migrate } from './store-schema.ts';
import type { DatabaseLocator, Sql } from './sql.ts';
import { SqliteSql } from './sqlite-sql.ts';
import { ABANDONED_AFTER_MS, boundedWrites, Generations, readModelOf, type WriteHooks } from './store-generation.ts';
import { firstImportChanges, planMerge, type CommentRecord } from './store-merge.ts';
import { COMMENT_SQL, type CommentCacheRow, DECISION_SQL, type DecisionRow, decisionFromRow, INDEX_SQL, type IndexRow, SCORE_COLUMNS, UNCACHED_SQL, WINDOW_RANGE_SQL, WINDOW_ROW_SQL, type WindowRow } from './store-rows.ts';

export type { CommentCacheRow, IndexRow, WindowRow } from './store-rows.ts';
export type { WriteHooks } from './store-generation.ts';

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

/** Everything an import writes: all of it becomes visible at once, or none of it. */
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

/** Which rows of a thread are current and what names its state: the generation, the import time, the revision. */
export interface ThreadState {
  gen: number;
  importedAt: string;
  revision: number;
  /** False for a thread stored by an older schema whose read model is not computed yet (`ensureReadModel`). */
  readModel: boolean;
  /** Tree repairs of the current generation, as the view lists them. */
  treeProblems: Array<{ where: string; message: string }>;
}

/** The thread changed (another import, a removal, a live comment) while a write was prepared: nothing was stored. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}

/** Result of appending a decision: recorded, a retry of the same event, or a different event reusing an id. */
export type AppendResult =
  | { kind: 'recorded'; event: DecisionEvent }
  | { kind: 'duplicate'; event: DecisionEvent }
  | { kind: 'conflict'; event: DecisionEvent }
  /** A rule of src/core/decision-rules.ts refused it: nothing recorded. */
  | { kind: 'refused'; refusal: DecisionRefusal };

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
  /** The SQL door to the same connection: what repositories take (conversion.md §4). */
  readonly sql: Sql;
  /** Where the database is: what a worker thread reopens. */
  readonly locator: DatabaseLocator;
  private readonly stmt;
  private readonly generations: Generations;

  private constructor(sql: SqliteSql) {
    const db = sql.database;
    this.sql = sql;
    this.db = db;
    this.file = sql.file;
    this.locator = { kind: 'sqlite', file: sql.file };
    this.generations = new Generations(db);
    this.stmt = {
      upsertThread: db.prepare(`INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json, gen, read_model, tree_problems_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,
        article_text = excluded.article_text, source_format = excluded.source_format, imported_at = excluded.imported_at,
        problems_json = excluded.problems_json, gen = excluded.gen, read_model = 1, tree_problems_json = excluded.tree_problems_json,
        revision = threads.revision + 1`),
      setGeneration: db.prepare('UPDATE threads SET gen = ?, read_model = 1, tree_problems_json = ? WHERE id = ?'),
      threadState: db.prepare('SELECT gen, imported_at, revision, read_model, tree_problems_json FROM threads WHERE id = ?'),
      revision: db.prepare('SELECT revision FROM threads WHERE id = ?').pluck(),
      insertScore: db.prepare(`INSERT INTO scores (text_hash, scorer_name, scorer_version, result_json, error, scored_at,
        ${ATTRIBUTES.map((a) => SCORE_COLUMNS[a]).join(', ')}, language, language_unsupported)
        VALUES (?, ?, ?, ?, ?, ?, ${ATTRIBUTES.map(() => '?').join(', ')}, ?, ?) ON CONFLICT DO NOTHING`),
      insertTropes: db.prepare(`INSERT INTO tropes (text_hash, detector_name, detector_version, hits_json, error, detected_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      hasScore: db.prepare('SELECT 1 FROM scores WHERE text_hash = ? AND scorer_name = ? AND scorer_version = ?').pluck(),
      hasTropes: db.prepare('SELECT 1 FROM tropes WHERE text_hash = ? AND detector_name = ? AND detector_version = ?').pluck(),
      getThread: db.prepare('SELECT id, title, url, article_text, source_format, imported_at, problems_json, revision FROM threads WHERE id = ?'),
      listThreads: db.prepare(`SELECT t.id, t.title, t.url, t.source_format, t.imported_at,
        (SELECT count(*) FROM comments c WHERE c.thread_id = t.id AND c.gen = t.gen) AS comment_count
        FROM threads t ORDER BY t.imported_at DESC, t.id`),
      anyThread: db.prepare('SELECT 1 FROM threads LIMIT 1').pluck(),
      comments: db.prepare(COMMENT_SQL),
      uncached: db.prepare(UNCACHED_SQL),
      commentExists: db.prepare('SELECT 1 FROM comments c JOIN threads t ON t.id = c.thread_id AND t.gen = c.gen WHERE c.thread_id = ? AND c.id = ? LIMIT 1').pluck(),
      countDecisions: db.prepare('SELECT count(*) FROM decisions WHERE thread_id = ?').pluck(),
      insertDecision: db.prepare(`INSERT INTO decisions (id, thread_id, comment_id, action, moderator, reason, note, legal_ground, user_id, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      decisionById: db.prepare(`${DECISION_SQL} WHERE id = ?`),
      commentDecisions: db.prepare(`${DECISION_SQL} WHERE thread_id = ? AND comment_id = ? ORDER BY seq`),
      decisions: db.prepare(`${DECISION_SQL} WHERE thread_id = ? ORDER BY seq`),
      touchLiveThread: db.prepare(`INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json, gen, read_model)
        VALUES (?, ?, ?, '', ?, ?, '[]', ?, 1) ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, imported_at = excluded.imported_at`),
      liveComment: db.prepare('SELECT position, parent_id, text_hash, html, status FROM comments WHERE thread_id = ? AND gen = ? AND id = ? ORDER BY position LIMIT 1'),
      liveCommentRow: db.prepare(`SELECT * FROM (${COMMENT_SQL}) WHERE id = ? LIMIT 1`),
      nextPosition: db.prepare('SELECT coalesce(max(position), -1) + 1 FROM comments WHERE thread_id = ? AND gen = ?').pluck(),
      insertLiveComment: db.prepare(`INSERT INTO comments (thread_id, gen, position, id, parent_id, author, created_at, created_at_text,
        text, html, kind, status, text_hash, scorable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateLiveComment: db.prepare(`UPDATE comments SET parent_id = ?, author = ?, text = ?, html = ?, status = ?, text_hash = ?, scorable = ?,
        missing_since = NULL, missing_from = NULL WHERE thread_id = ? AND gen = ? AND position = ?`),
      treeRows: db.prepare(`SELECT position, id, parent_id, display_index, depth, tree_parent, orphan, descendants
        FROM comments WHERE thread_id = ? AND gen = ? ORDER BY position`),
      clearDisplay: db.prepare('UPDATE comments SET display_index = NULL WHERE thread_id = ? AND gen = ? AND position = ?'),
      setTreeRow: db.prepare('UPDATE comments SET display_index = ?, depth = ?, tree_parent = ?, orphan = ?, descendants = ? WHERE thread_id = ? AND gen = ? AND position = ?'),
      scorableRows: db.prepare('SELECT position, text FROM comments WHERE thread_id = ? AND gen = ?'),
      indexRows: db.prepare(INDEX_SQL),
      windowRow: db.prepare(WINDOW_ROW_SQL),
      windowRange: db.prepare(WINDOW_RANGE_SQL),
      displayCount: db.prepare('SELECT count(*) FROM comments WHERE thread_id = ? AND gen = ? AND display_index IS NOT NULL').pluck(),
      textAt: db.prepare('SELECT text FROM comments WHERE thread_id = ? AND gen = ? AND display_index = ?').pluck(),
      searchRows: db.prepare('SELECT text, author FROM comments WHERE thread_id = ? AND gen = ? AND display_index IS NOT NULL ORDER BY display_index').raw(),
      searchRowsFrom: db.prepare('SELECT text, author FROM comments WHERE thread_id = ? AND gen = ? AND display_index >= ? ORDER BY display_index LIMIT ?').raw(),
      setScorable: db.prepare('UPDATE comments SET scorable = ? WHERE thread_id = ? AND gen = ? AND position = ?'),
      savedIndex: db.prepare('SELECT json FROM thread_indexes WHERE thread_id = ? AND version_key = ?').pluck(),
      saveIndex: db.prepare(`INSERT INTO thread_indexes (thread_id, version_key, json, built_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (thread_id) DO UPDATE SET version_key = excluded.version_key, json = excluded.json, built_at = excluded.built_at`),
    };
  }

  /** Opens (creating if needed) `<dataDir>/threadscope.db`, or an in-memory database for ":memory:". */
  static open(dataDir: string): Store {
    const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DB_FILE_NAME);
    let sql: SqliteSql | undefined;
    try {
      if (file !== ':memory:') fs.mkdirSync(dataDir, { recursive: true });
      sql = SqliteSql.open(file);
      migrate(sql.database);
      return new Store(sql);
    } catch (error) {
      if (sql?.database.open) sql.database.close();
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

  /** The current generation of a thread and what names its state; null when the thread is unknown. */
  threadState(threadId: string): ThreadState | null {
    const r = this.stmt.threadState.get(threadId) as { gen: number; imported_at: string; revision: number; read_model: number; tree_problems_json: string } | undefined;
    if (!r) return null;
    return { gen: r.gen, importedAt: r.imported_at, revision: r.revision, readModel: r.read_model === 1, treeProblems: JSON.parse(r.tree_problems_json) as ThreadState['treeProblems'] };
  }

  /**
   * Saves an import (threads, comments, scores, tropes): each thread's comments are written as a new generation in
   * bounded transactions (pausing between them), the caches likewise, then every thread of the import becomes current
   * in one small transaction, then the previous generations are deleted in bounded transactions. Throws (nothing
   * visible changed) when a write fails, a pause throws (a cancelled import), or a thread changed meanwhile
   * (StoreConflictError).
   */
  async saveImport(batch: ImportBatch, hooks: WriteHooks = {}): Promise<SavedThread[]> {
    await this.dropAbandoned();
    const fileName = batch.fileName ?? null;
    const staged: Staged[] = [];
    try {
      for (const item of batch.threads) {
        const state = this.threadState(item.thread.id);
        const incoming = item.thread.comments.map((c, i) => incomingRecord(c, item.hashes[i], i));
        let rows = incoming;
        let changes = firstImportChanges(incoming);
        if (state) {
          const plan = planMerge(await this.generations.read(item.thread.id, state.gen, hooks), incoming, { at: batch.importedAt, fileName });
          rows = plan.rows;
          changes = plan.changes;
        }
        const model = readModelOf(rows);
        const gen = this.generations.allocate(item.thread.id, new Date().toISOString());
        staged.push({ item, state, gen, changes, treeProblems: model.problems });
        await this.generations.write(item.thread.id, gen, rows, model, hooks);
        await hooks.pause?.();
      }
      await this.writeCachesBounded(batch, hooks);
      this.db.transaction(() => {
        for (const s of staged) this.makeCurrent(s, batch.importedAt);
      }).immediate();
    } catch (error) {
      for (const s of staged) await this.generations.drop(s.item.thread.id, s.gen);
      throw error;
    }
    const saved = staged.map((s): SavedThread => ({
      id: s.item.thread.id,
      existed: s.state !== null,
      revision: this.stmt.revision.get(s.item.thread.id) as number,
      changes: s.changes,
      decisionsKept: s.state ? (this.stmt.countDecisions.get(s.item.thread.id) as number) : 0,
    }));
    for (const s of staged) if (s.state) await this.generations.drop(s.item.thread.id, s.state.gen, hooks.onTransaction ? { onTransaction: hooks.onTransaction } : {});
    return saved;
  }

  /** Inside the flip transaction: refuses a thread that changed since it was read, else makes its staged generation current. */
  private makeCurrent(s: Staged, importedAt: string): void {
    const { thread, problems } = s.item;
    this.checkUnchanged(thread.id, s.state);
    this.stmt.upsertThread.run(thread.id, thread.title, thread.url, thread.articleText, thread.sourceFormat, importedAt, JSON.stringify(problems), s.gen, JSON.stringify(s.treeProblems));
  }

  private checkUnchanged(threadId: string, before: ThreadState | null): void {
    const now = this.threadState(threadId);
    const same = before === null ? now === null : now !== null && now.gen === before.gen && now.importedAt === before.importedAt && now.revision === before.revision;
    if (!same) throw new StoreConflictError(`thread "${threadId}" changed while this write was being prepared (another import, a removal or a live comment); nothing was stored: try again`);
  }

  /** Deletes the rows of generations whose writer died (started over ABANDONED_AFTER_MS ago and never made current). */
  async dropAbandoned(): Promise<number> {
    const stale = this.generations.abandoned(new Date(Date.now() - ABANDONED_AFTER_MS).toISOString());
    for (const { gen, threadId } of stale) await this.generations.drop(threadId, gen);
    return stale.length;
  }

  /**
   * Rewrites a thread's current comments as a new generation with its read model, keeping its import time and
   * revision (a thread stored by an older schema, on first open; or after `keep` drops some). Returns how many
   * records were dropped. StoreConflictError when the thread changed meanwhile.
   */
  private async rewrite(threadId: string, state: ThreadState, keep: (r: CommentRecord) => boolean, hooks: WriteHooks): Promise<number> {
    const stored = await this.generations.read(threadId, state.gen, hooks);
    const rows = stored.filter(keep);
    if (rows.length === stored.length && state.readModel) return 0;
    const model = readModelOf(rows);
    const gen = this.generations.allocate(threadId, new Date().toISOString());
    try {
      await this.generations.write(threadId, gen, rows, model, hooks);
      this.db.transaction(() => {
        this.checkUnchanged(threadId, state);
        this.stmt.setGeneration.run(gen, JSON.stringify(model.problems), threadId);
      }).immediate();
    } catch (error) {
      await this.generations.drop(threadId, gen);
      throw error;
    }
    await this.generations.drop(threadId, state.gen, hooks);
    return stored.length - rows.length;
  }

  /** Computes the read model of a thread stored by an older schema (once; a no-op when it has one). False for an unknown thread. */
  async ensureReadModel(threadId: string, hooks: WriteHooks = {}): Promise<boolean> {
    const state = this.threadState(threadId);
    if (!state) return false;
    if (!state.readModel) await this.rewrite(threadId, state, () => true, hooks);
    return true;
  }

  /** Adds cache entries (for texts scored after import, e.g. by a new scorer version) in one transaction. */
  saveCaches(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string): void {
    this.db.transaction(() => {
      scores.forEach((s) => this.writeScore(scorer, s, at));
      tropes.forEach((t) => this.writeTropes(detector, t, at));
    }).immediate();
  }

  /** Adds cache entries in bounded transactions (entries are keyed and never change, so each transaction stands alone). */
  async saveCachesBounded(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string, hooks: WriteHooks = {}): Promise<void> {
    await boundedWrites(this.db, scores.length, (i) => this.writeScore(scorer, scores[i]!, at), hooks);
    await boundedWrites(this.db, tropes.length, (i) => this.writeTropes(detector, tropes[i]!, at), hooks);
  }

  private async writeCachesBounded(batch: ImportBatch, hooks: WriteHooks): Promise<void> {
    await this.saveCachesBounded(batch.scorer, batch.detector, batch.scores, batch.tropes, batch.importedAt, hooks);
  }

  private writeScore(scorer: ScorerInfo, s: ScoreRecord, at: string): void {
    const result = s.result;
    const numbers = ATTRIBUTES.map((a) => {
      const value = result?.scores[a];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
    this.stmt.insertScore.run(s.hash, scorer.name, scorer.version, result ? JSON.stringify(result) : null, result ? null : s.error ?? 'no result', at,
      ...numbers, typeof result?.language === 'string' ? result.language : null, result?.languageUnsupported === true ? 1 : 0);
  }

  private writeTropes(detector: ScorerInfo, t: TropeRecord, at: string): void {
    this.stmt.insertTropes.run(t.hash, detector.name, detector.version, t.hits ? JSON.stringify(t.hits) : null, t.hits ? null : t.error ?? 'no result', at);
  }

  /**
   * Appends one comment to a live thread (made on first use), or updates the stored comment with its id: never a
   * merge, so the thread's other comments stay as they are (merging a one-comment file would mark them all missing).
   * A repeat of a stored comment with the same content changes nothing. The thread's import time moves to `at`
   * (strictly forward, so cached views are rebuilt); its revision (the count of file imports) stays. The read model
   * is brought up to date in the same transaction (the tree is rebuilt from ids and parents: O(comments), written
   * only where it changed).
   */
  appendLiveComment(thread: LiveThread, c: Comment, at: string): LiveAppendResult {
    return this.db.transaction((): LiveAppendResult => {
      const state = this.threadState(thread.id);
      const hash = hashText(c.text);
      const stored = state === null ? undefined : (this.stmt.liveComment.get(thread.id, state.gen, c.id) as
        | { position: number; parent_id: string | null; text_hash: string; html: string | null; status: string }
        | undefined);
      if (state && stored && stored.text_hash === hash && stored.parent_id === c.parentId && stored.html === c.html && stored.status === c.status) {
        return { kind: 'unchanged', at: state.importedAt };
      }
      const now = laterThan(at, state?.importedAt);
      const gen = state?.gen ?? this.generations.allocate(thread.id, now);
      this.stmt.touchLiveThread.run(thread.id, thread.title, thread.url, thread.sourceFormat, now, gen);
      const scorable = isScorable(c.text) ? 1 : 0;
      let kind: LiveAppendResult['kind'] = 'added';
      if (stored) {
        this.stmt.updateLiveComment.run(c.parentId, c.author, c.text, c.html, c.status, hash, scorable, thread.id, gen, stored.position);
        kind = 'updated';
      } else {
        const position = this.stmt.nextPosition.get(thread.id, gen) as number;
        this.stmt.insertLiveComment.run(thread.id, gen, position, c.id, c.parentId, c.author, c.createdAt, c.createdAtText, c.text, c.html, c.kind, c.status, hash, scorable);
      }
      if (state && !state.readModel) this.refreshScorable(thread.id, gen);
      this.refreshTree(thread.id, gen);
      return { kind, at: now };
    }).immediate();
  }

  /** Recomputes the scorable mark of every row of a generation (rows of an older schema have none). */
  private refreshScorable(threadId: string, gen: number): void {
    for (const r of this.stmt.scorableRows.all(threadId, gen) as Array<{ position: number; text: string }>) {
      this.stmt.setScorable.run(isScorable(r.text) ? 1 : 0, threadId, gen, r.position);
    }
  }

  /** Inside a transaction: rebuilds the tree of a generation from ids and parents and writes the rows whose read model changed. */
  private refreshTree(threadId: string, gen: number): void {
    type TreeRow = { position: number; id: string; parent_id: string | null; display_index: number | null; depth: number; tree_parent: number; orphan: number; descendants: number };
    const rows = this.stmt.treeRows.all(threadId, gen) as TreeRow[];
    const records: Comment[] = rows.map((r) => ({ id: r.id, parentId: r.parent_id, author: '', createdAt: null, createdAtText: null, text: '', html: null, kind: 'comment', status: 'published' }));
    const model = readModelOf(records);
    const changed = rows.filter((r, i) => {
      const m = model.rows[i]!;
      return r.display_index !== m.displayIndex || r.depth !== m.depth || r.tree_parent !== m.treeParent || r.orphan !== (m.orphan ? 1 : 0) || r.descendants !== m.descendants;
    });
    // Display indexes are unique per generation: clear the changed ones first, then write the new ones.
    for (const r of changed) this.stmt.clearDisplay.run(threadId, gen, r.position);
    for (const r of changed) {
      const m = model.rows[rows.indexOf(r)]!;
      this.stmt.setTreeRow.run(m.displayIndex, m.depth, m.treeParent, m.orphan ? 1 : 0, m.descendants, threadId, gen, r.position);
    }
    this.stmt.setGeneration.run(gen, JSON.stringify(model.problems), threadId);
  }

  /**
   * Deletes the comments of a thread that its latest import lacked, if `revision` is still the thread's revision (a
   * click offered for an older import must not remove comments a later import brought back). Decisions stay. The
   * remaining comments are written as a new generation (their tree changes), in bounded transactions.
   */
  async removeMissing(threadId: string, revision: number, hooks: WriteHooks = {}): Promise<RemoveMissingResult> {
    const state = this.threadState(threadId);
    if (!state) return { kind: 'unknown' };
    if (state.revision !== revision) return { kind: 'stale', revision: state.revision };
    try {
      const removed = await this.rewrite(threadId, state, (r) => r.missingSince === null, hooks);
      return { kind: 'removed', removed, revision: state.revision };
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const now = this.threadState(threadId);
      if (!now) return { kind: 'unknown' };
      if (now.revision !== revision) return { kind: 'stale', revision: now.revision };
      throw error;
    }
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

  /** Runs `read` in one read transaction: its statements see one state of the database (a generation cannot vanish midway). */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred();
  }

  /** The index columns of a generation's comments in display order (no text, no score JSON). */
  indexRows(threadId: string, gen: number, scorer: ScorerInfo, detector: ScorerInfo): IndexRow[] {
    return this.stmt.indexRows.all(scorer.name, scorer.version, detector.name, detector.version, threadId, gen) as IndexRow[];
  }

  /** The comment at a display index of a generation, with its cached score and tropes and its read model; null when none. */
  /** The window rows of display indexes `first` to `last` (inclusive) of a generation, in display order (one query). */
  windowRows(threadId: string, gen: number, first: number, last: number, scorer: ScorerInfo, detector: ScorerInfo): WindowRow[] {
    return this.stmt.windowRange.all(scorer.name, scorer.version, detector.name, detector.version, threadId, gen, first, last) as WindowRow[];
  }

  windowRow(threadId: string, gen: number, displayIndex: number, scorer: ScorerInfo, detector: ScorerInfo): WindowRow | null {
    return (this.stmt.windowRow.get(scorer.name, scorer.version, detector.name, detector.version, threadId, gen, displayIndex) as WindowRow | undefined) ?? null;
  }

  /** How many comments a generation shows (records with a repeated id are not shown). */
  displayCount(threadId: string, gen: number): number {
    return this.stmt.displayCount.get(threadId, gen) as number;
  }

  /** The text of the comment at a display index. */
  textAt(threadId: string, gen: number, displayIndex: number): string {
    return (this.stmt.textAt.get(threadId, gen, displayIndex) as string | undefined) ?? '';
  }

  /** [text, author] of every shown comment of a generation, in display order. */
  searchRows(threadId: string, gen: number): Array<[string, string]> {
    return this.stmt.searchRows.all(threadId, gen) as Array<[string, string]>;
  }

  /** Text and author of at most `limit` comments of a generation from display index `from` on, in display order. */
  searchRowsFrom(threadId: string, gen: number, from: number, limit: number): Array<[string, string]> {
    return this.stmt.searchRowsFrom.all(threadId, gen, from, limit) as Array<[string, string]>;
  }

  /** The serialized thread index kept for this thread under `versionKey` (index format and thread version), or null. */
  savedIndex(threadId: string, versionKey: string): string | null {
    return (this.stmt.savedIndex.get(threadId, versionKey) as string | undefined) ?? null;
  }

  /** Keeps a thread's serialized index for `versionKey`, replacing the one of an older version (one row a thread). */
  saveIndex(threadId: string, versionKey: string, json: string, at: string): void {
    this.stmt.saveIndex.run(threadId, versionKey, json, at);
  }

  /**
   * Appends a decision event in one IMMEDIATE transaction. A second submission with the same id records nothing
   * (a duplicate when it is the same decision, a conflict when the id names another): that answer comes first, before
   * `check`. `check` sees the comment's recorded events inside the transaction and may refuse (decision-rules.ts),
   * so that of two moderators deciding on the same events at once exactly one is recorded.
   */
  appendDecision(
    threadId: string,
    input: DecisionInput & { moderator: string },
    at: string,
    options: { userId?: number | null; check?: (commentEvents: DecisionEvent[]) => DecisionRefusal | null } = {},
  ): AppendResult {
    return this.db.transaction((): AppendResult => {
      const existing = this.stmt.decisionById.get(input.id) as DecisionRow | undefined;
      if (existing) {
        const event = decisionFromRow(existing);
        const same = event.threadId === threadId && event.commentId === input.commentId && event.action === input.action
          && event.moderator === input.moderator && event.reason === (input.reason ?? '') && event.note === (input.note ?? '')
          && event.legalGround === (input.legalGround ?? '').trim();
        return { kind: same ? 'duplicate' : 'conflict', event };
      }
      const refusal = options.check?.(this.decisionsOn(threadId, input.commentId)) ?? null;
      if (refusal) return { kind: 'refused', refusal };
      this.stmt.insertDecision.run(input.id, threadId, input.commentId, input.action, input.moderator, input.reason ?? '', input.note ?? '', (input.legalGround ?? '').trim(), options.userId ?? null, at);
      return { kind: 'recorded', event: decisionFromRow(this.stmt.decisionById.get(input.id) as DecisionRow) };
    }).immediate();
  }

  /** The events of one comment, in the order they were recorded. */
  decisionsOn(threadId: string, commentId: string): DecisionEvent[] {
    return (this.stmt.commentDecisions.all(threadId, commentId) as DecisionRow[]).map(decisionFromRow);
  }

  /** The decision log of a thread, in the order it was recorded. */
  decisions(threadId: string): DecisionEvent[] {
    return (this.stmt.decisions.all(threadId) as DecisionRow[]).map(decisionFromRow);
  }
}

/** A thread written under a generation that is not current yet. */
interface Staged {
  item: ThreadToSave;
  /** The thread as it was when the merge read it (null: new). */
  state: ThreadState | null;
  gen: number;
  changes: ThreadChanges;
  treeProblems: Array<{ where: string; message: string }>;
}
