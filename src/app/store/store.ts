/**
 * The store: threads, comments, the score and trope caches keyed by text hash, and the append-only decision log, on
 * SQLite (a data directory's file, the default) or PostgreSQL (a URL), through one `Sql` door (sql.ts; ADR 0028).
 *
 * Contract (conversion.md §4): `Store.open(where)` opens the database (a data directory, ":memory:" or a locator),
 * brings it to the latest schema (`migrate` of pg-schema.ts: SQLite's store-schema.ts migrations exactly as before,
 * PostgreSQL's pg-schema.ts ones) and returns the store; `store.sql` is what repositories take, `store.locator` is what
 * a worker thread reopens. Every data method is async. The SQL is written once, in the dialect both engines accept
 * (sql.ts's header); read-then-write rules (a generation switch, a live comment, a decision) run in `immediate`
 * transactions, so two servers on one PostgreSQL database cannot both pass the same check.
 *
 * A thread's comments are kept by generation with their read model (docs/adr/0018-read-model-and-bounded-writes.md):
 * an import writes a new generation in transactions of at most ~WRITE_BUDGET_MS with a pause between them, then
 * makes it current in one small transaction (all threads of the import at once), then deletes the previous one in
 * bounded transactions. A failed or interrupted import leaves the previous state; readers read only the current
 * generation. The Store works from any thread or process with its own connection (SQLite WAL, or a PostgreSQL pool).
 *
 * Re-importing a thread id that is already stored merges the file into it (ADR 0009): new and changed comments are
 * written, stored comments the file lacks are kept and marked missing until the moderator removes them
 * (`removeMissing`, which names the import revision it was offered for). Decisions are never touched (the log is
 * append-only; decisions on comments that are gone stay in it).
 */
import { createHash } from 'node:crypto';
import type { DecisionInput, ThreadChanges, ThreadSummary, ThreadView } from '../../core/api.ts';
import type { DecisionRefusal } from '../../core/decision-rules.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import type { Comment, ImportProblem, Thread } from '../../core/model.ts';
import type { CommentScore, ScorerInfo, TropeHit } from '../../core/scoring.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';
import { isScorable } from '../score-texts.ts';
import { migrate } from './pg-schema.ts';
import type { DatabaseLocator, Sql, SqlParams } from './sql.ts';
import { describeLocator, locatorFrom, openSql, SQLITE_FILE_NAME } from './open-sql.ts';
import { ABANDONED_AFTER_MS, boundedWrites, Generations, readModelOf, type WriteHooks } from './store-generation.ts';
import { firstImportChanges, planMerge, type CommentRecord } from './store-merge.ts';
import { COMMENT_ONE_SQL, COMMENT_SQL, type CommentCacheRow, DECISION_SQL, type DecisionRow, decisionFromRow, INDEX_SQL, type IndexRow, SCORE_COLUMNS, UNCACHED_SQL, WINDOW_RANGE_SQL, WINDOW_ROW_SQL, type WindowRow } from './store-rows.ts';

export type { CommentCacheRow, IndexRow, WindowRow } from './store-rows.ts';
export type { WriteHooks } from './store-generation.ts';
export type { DatabaseLocator } from './sql.ts';
export { locatorFrom, describeLocator } from './open-sql.ts';

/** File name of the database inside the data directory. */
export const DB_FILE_NAME = SQLITE_FILE_NAME;

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
  /**
   * Awaited inside the transaction that makes the import's threads current, once they are current, with what was
   * saved (revisions and kept decisions read through `tx`). What it writes through `tx` (and only `tx`) commits or
   * rolls back with the import; when it throws, nothing of the import becomes visible and the error goes on. The
   * import job records its outcome and audit entries here (ADR 0033).
   */
  onCommit?(tx: Sql, saved: SavedThread[]): Promise<void>;
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

/** The advisory lock key (PostgreSQL) of the transactions that read a thread's state and then change it. */
const THREADS_LOCK = 'threadscope:threads';
/** The advisory lock key (PostgreSQL) of appending decisions on a thread. */
const decisionsLock = (threadId: string): string => `threadscope:decisions:${threadId}`;

/** Hashes looked up in one query by `cachedOf`. */
const CACHE_LOOKUP_CHUNK = 500;

const SCORE_COLUMN_NAMES = ['text_hash', 'scorer_name', 'scorer_version', 'result_json', 'error', 'scored_at',
  ...ATTRIBUTES.map((a) => SCORE_COLUMNS[a]), 'language', 'language_unsupported'];
const TROPE_COLUMN_NAMES = ['text_hash', 'detector_name', 'detector_version', 'hits_json', 'error', 'detected_at'];
const LIVE_COMMENT_COLUMNS = ['thread_id', 'gen', 'position', 'id', 'parent_id', 'author', 'created_at', 'created_at_text', 'text', 'html', 'kind',
  'status', 'text_hash', 'scorable'];

/** The store's statements (portable SQL, sql.ts). */
const Q = {
  upsertThread: `INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json, gen, read_model, tree_problems_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,
    article_text = excluded.article_text, source_format = excluded.source_format, imported_at = excluded.imported_at,
    problems_json = excluded.problems_json, gen = excluded.gen, read_model = 1, tree_problems_json = excluded.tree_problems_json,
    revision = threads.revision + 1`,
  setGeneration: 'UPDATE threads SET gen = ?, read_model = 1, tree_problems_json = ? WHERE id = ?',
  threadState: 'SELECT gen, imported_at, revision, read_model, tree_problems_json FROM threads WHERE id = ?',
  revision: 'SELECT revision FROM threads WHERE id = ?',
  hasScore: 'SELECT 1 FROM scores WHERE text_hash = ? AND scorer_name = ? AND scorer_version = ?',
  hasTropes: 'SELECT 1 FROM tropes WHERE text_hash = ? AND detector_name = ? AND detector_version = ?',
  getThread: 'SELECT id, title, url, article_text, source_format, imported_at, problems_json, revision FROM threads WHERE id = ?',
  listThreads: `SELECT t.id, t.title, t.url, t.source_format, t.imported_at,
    (SELECT count(*) FROM comments c WHERE c.thread_id = t.id AND c.gen = t.gen) AS comment_count
    FROM threads t ORDER BY t.imported_at DESC, t.id`,
  anyThread: 'SELECT 1 FROM threads LIMIT 1',
  commentExists: 'SELECT 1 FROM comments c JOIN threads t ON t.id = c.thread_id AND t.gen = c.gen WHERE c.thread_id = ? AND c.id = ? LIMIT 1',
  countDecisions: 'SELECT count(*) FROM decisions WHERE thread_id = ?',
  insertDecision: `INSERT INTO decisions (id, thread_id, comment_id, action, moderator, reason, note, legal_ground, user_id, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  decisionById: `${DECISION_SQL} WHERE id = ?`,
  commentDecisions: `${DECISION_SQL} WHERE thread_id = ? AND comment_id = ? ORDER BY seq`,
  decisions: `${DECISION_SQL} WHERE thread_id = ? ORDER BY seq`,
  touchLiveThread: `INSERT INTO threads (id, title, url, article_text, source_format, imported_at, problems_json, gen, read_model)
    VALUES (?, ?, ?, '', ?, ?, '[]', ?, 1) ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, imported_at = excluded.imported_at`,
  liveComment: 'SELECT position, parent_id, text_hash, html, status FROM comments WHERE thread_id = ? AND gen = ? AND id = ? ORDER BY position LIMIT 1',
  nextPosition: 'SELECT coalesce(max(position), -1) + 1 FROM comments WHERE thread_id = ? AND gen = ?',
  updateLiveComment: `UPDATE comments SET parent_id = ?, author = ?, text = ?, html = ?, status = ?, text_hash = ?, scorable = ?,
    missing_since = NULL, missing_from = NULL WHERE thread_id = ? AND gen = ? AND position = ?`,
  treeRows: `SELECT position, id, parent_id, display_index, depth, tree_parent, orphan, descendants
    FROM comments WHERE thread_id = ? AND gen = ? ORDER BY position`,
  clearDisplay: 'UPDATE comments SET display_index = NULL WHERE thread_id = ? AND gen = ? AND position = ?',
  setTreeRow: 'UPDATE comments SET display_index = ?, depth = ?, tree_parent = ?, orphan = ?, descendants = ? WHERE thread_id = ? AND gen = ? AND position = ?',
  scorableRows: 'SELECT position, text FROM comments WHERE thread_id = ? AND gen = ? ORDER BY position',
  setScorable: 'UPDATE comments SET scorable = ? WHERE thread_id = ? AND gen = ? AND position = ?',
  displayCount: 'SELECT count(*) FROM comments WHERE thread_id = ? AND gen = ? AND display_index IS NOT NULL',
  textAt: 'SELECT text FROM comments WHERE thread_id = ? AND gen = ? AND display_index = ?',
  searchRows: 'SELECT text, author FROM comments WHERE thread_id = ? AND gen = ? AND display_index IS NOT NULL ORDER BY display_index',
  searchRowsFrom: 'SELECT text, author FROM comments WHERE thread_id = ? AND gen = ? AND display_index >= ? ORDER BY display_index LIMIT ?',
  savedIndex: 'SELECT json FROM thread_indexes WHERE thread_id = ? AND version_key = ?',
  forgetScoreErrors: `DELETE FROM scores WHERE scorer_name = ? AND scorer_version = ? AND error IS NOT NULL AND scored_at < ?
    AND text_hash IN (SELECT text_hash FROM comments WHERE thread_id = ?)`,
  saveIndex: `INSERT INTO thread_indexes (thread_id, version_key, json, built_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (thread_id) DO UPDATE SET version_key = excluded.version_key, json = excluded.json, built_at = excluded.built_at`,
} as const;

type ThreadStateRow = { gen: number; imported_at: string; revision: number; read_model: number; tree_problems_json: string };

/** The row of a score cache entry, in SCORE_COLUMN_NAMES order. */
function scoreRow(scorer: ScorerInfo, s: ScoreRecord, at: string): SqlParams {
  const result = s.result;
  const numbers = ATTRIBUTES.map((a) => {
    const value = result?.scores[a];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
  return [s.hash, scorer.name, scorer.version, result ? JSON.stringify(result) : null, result ? null : s.error ?? 'no result', at,
    ...numbers, typeof result?.language === 'string' ? result.language : null, result?.languageUnsupported === true ? 1 : 0];
}

/** The row of a trope cache entry, in TROPE_COLUMN_NAMES order. */
function tropeRow(detector: ScorerInfo, t: TropeRecord, at: string): SqlParams {
  return [t.hash, detector.name, detector.version, t.hits ? JSON.stringify(t.hits) : null, t.hits ? null : t.error ?? 'no result', at];
}

/** Where `Store.open` was pointed: a data directory (or ":memory:"), or a locator. */
function locatorOf(where: string | DatabaseLocator): DatabaseLocator {
  if (typeof where !== 'string') return where;
  if (where.trim() === '') throw new StoreError('cannot open the database: no data directory was given');
  return locatorFrom({ dataDir: where });
}

export class Store {
  /** Where the SQLite file is (or ":memory:"), or the PostgreSQL URL without its password: for messages. */
  readonly file: string;
  /** The SQL door: what repositories take (conversion.md §4). Inside `snapshot`, the snapshot's transaction. */
  readonly sql: Sql;
  /** Where the database is: what a worker thread reopens. */
  readonly locator: DatabaseLocator;
  private readonly generations: Generations;
  /** True for the store `snapshot` hands to its reader (bound to one transaction). */
  private readonly inSnapshot: boolean;

  private constructor(sql: Sql, locator: DatabaseLocator, inSnapshot = false) {
    this.sql = sql;
    this.locator = locator;
    this.file = describeLocator(locator);
    this.inSnapshot = inSnapshot;
    this.generations = new Generations(sql);
  }

  /**
   * Opens (creating if needed) `<dataDir>/threadscope.db`, an in-memory database for ":memory:", or the database of
   * a locator (a PostgreSQL URL), and migrates it to the latest schema. Throws StoreError naming the database.
   */
  static async open(where: string | DatabaseLocator): Promise<Store> {
    let locator: DatabaseLocator;
    try {
      locator = locatorOf(where);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(error instanceof Error ? error.message : String(error));
    }
    let sql: Sql;
    try {
      sql = await openSql(locator);
    } catch (error) {
      // openSql's message already reads "cannot open the database <where>: <reason>".
      throw new StoreError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    try {
      await migrate(sql);
      return new Store(sql, locator);
    } catch (error) {
      await sql.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`cannot open the database ${describeLocator(locator)}: ${reason}`, { cause: error });
    }
  }

  /** Closes the connection (idempotent). */
  async close(): Promise<void> {
    if (this.inSnapshot) throw new Error('close() belongs to the store the snapshot was taken on');
    await this.sql.close();
  }

  /** Resolves when the database answers a trivial query (readiness checks); rejects with the driver's error. */
  async ping(): Promise<void> {
    await this.sql.value('SELECT 1');
  }

  /** True when no thread is stored yet. */
  async isEmpty(): Promise<boolean> {
    return (await this.sql.value(Q.anyThread)) === undefined;
  }

  /** True when `hash` has a cached outcome (scores or error) for this scorer version. */
  async hasScore(hash: string, scorer: ScorerInfo): Promise<boolean> {
    return (await this.sql.value(Q.hasScore, [hash, scorer.name, scorer.version])) !== undefined;
  }

  /** True when `hash` has a cached detector outcome for this detector version. */
  async hasTropes(hash: string, detector: ScorerInfo): Promise<boolean> {
    return (await this.sql.value(Q.hasTropes, [hash, detector.name, detector.version])) !== undefined;
  }

  /**
   * Which of `hashes` have a cached score for this scorer version, and which a cached detector outcome: one query per
   * CACHE_LOOKUP_CHUNK hashes (not two a text), with `pause` awaited between chunks.
   */
  async cachedOf(hashes: readonly string[], scorer: ScorerInfo, detector: ScorerInfo, pause?: () => Promise<void>): Promise<{ scored: Set<string>; detected: Set<string> }> {
    const scored = new Set<string>();
    const detected = new Set<string>();
    for (let from = 0; from < hashes.length; from += CACHE_LOOKUP_CHUNK) {
      const chunk = hashes.slice(from, from + CACHE_LOOKUP_CHUNK);
      const marks = chunk.map(() => '?').join(', ');
      for (const r of await this.sql.all<{ text_hash: string }>(`SELECT text_hash FROM scores WHERE scorer_name = ? AND scorer_version = ? AND text_hash IN (${marks})`, [scorer.name, scorer.version, ...chunk])) scored.add(r.text_hash);
      for (const r of await this.sql.all<{ text_hash: string }>(`SELECT text_hash FROM tropes WHERE detector_name = ? AND detector_version = ? AND text_hash IN (${marks})`, [detector.name, detector.version, ...chunk])) detected.add(r.text_hash);
      if (from + CACHE_LOOKUP_CHUNK < hashes.length) await pause?.();
    }
    return { scored, detected };
  }

  /**
   * Forgets a thread's cached score errors for this scorer version recorded before `before` (ISO time), so that
   * those texts are scored again; returns how many entries were dropped.
   */
  async forgetScoreErrors(threadId: string, scorer: ScorerInfo, before = '9999'): Promise<number> {
    return (await this.sql.run(Q.forgetScoreErrors, [scorer.name, scorer.version, before, threadId])).changes;
  }

  /** The current generation of a thread and what names its state; null when the thread is unknown. */
  threadState(threadId: string): Promise<ThreadState | null> {
    return stateOn(this.sql, threadId);
  }

  /**
   * Saves an import (threads, comments, scores, tropes): each thread's comments are written as a new generation in
   * bounded transactions (pausing between them), the caches likewise, then every thread of the import becomes current
   * in one small transaction, then the previous generations are deleted in bounded transactions. Throws (nothing
   * visible changed) when a write fails, a pause throws (a cancelled import), a thread changed meanwhile
   * (StoreConflictError), or `batch.onCommit` throws. The returned SavedThread[] is read inside that transaction and
   * is what `batch.onCommit` (awaited in it, after the threads are current) was given.
   */
  async saveImport(batch: ImportBatch, hooks: WriteHooks = {}): Promise<SavedThread[]> {
    await this.dropAbandoned();
    const fileName = batch.fileName ?? null;
    const staged: Staged[] = [];
    let saved: SavedThread[];
    try {
      for (const item of batch.threads) {
        const state = await this.threadState(item.thread.id);
        const incoming = item.thread.comments.map((c, i) => incomingRecord(c, item.hashes[i], i));
        let rows = incoming;
        let changes = firstImportChanges(incoming);
        if (state) {
          const plan = planMerge(await this.generations.read(item.thread.id, state.gen, hooks), incoming, { at: batch.importedAt, fileName });
          rows = plan.rows;
          changes = plan.changes;
        }
        const model = readModelOf(rows);
        const gen = await this.generations.allocate(item.thread.id, new Date().toISOString());
        staged.push({ item, state, gen, changes, treeProblems: model.problems });
        await this.generations.write(item.thread.id, gen, rows, model, hooks);
        await hooks.pause?.();
      }
      await this.saveCachesBounded(batch.scorer, batch.detector, batch.scores, batch.tropes, batch.importedAt, hooks);
      saved = await this.sql.transaction(async (tx) => {
        for (const s of staged) await makeCurrent(tx, s, batch.importedAt);
        const made: SavedThread[] = [];
        for (const s of staged) {
          made.push({
            id: s.item.thread.id,
            existed: s.state !== null,
            revision: Number(await tx.value<number>(Q.revision, [s.item.thread.id])),
            changes: s.changes,
            decisionsKept: s.state ? Number(await tx.value<number>(Q.countDecisions, [s.item.thread.id])) : 0,
          });
        }
        await batch.onCommit?.(tx, made);
        return made;
      }, { immediate: true, lockKey: THREADS_LOCK });
    } catch (error) {
      for (const s of staged) await this.generations.drop(s.item.thread.id, s.gen);
      throw error;
    }
    for (const s of staged) if (s.state) await this.generations.drop(s.item.thread.id, s.state.gen, hooks.onTransaction ? { onTransaction: hooks.onTransaction } : {});
    return saved;
  }

  /** Deletes the rows of generations whose writer died (started over ABANDONED_AFTER_MS ago and never made current). */
  async dropAbandoned(): Promise<number> {
    const stale = await this.generations.abandoned(new Date(Date.now() - ABANDONED_AFTER_MS).toISOString());
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
    const gen = await this.generations.allocate(threadId, new Date().toISOString());
    try {
      await this.generations.write(threadId, gen, rows, model, hooks);
      await this.sql.transaction(async (tx) => {
        await checkUnchanged(tx, threadId, state);
        await tx.run(Q.setGeneration, [gen, JSON.stringify(model.problems), threadId]);
      }, { immediate: true, lockKey: THREADS_LOCK });
    } catch (error) {
      await this.generations.drop(threadId, gen);
      throw error;
    }
    await this.generations.drop(threadId, state.gen, hooks);
    return stored.length - rows.length;
  }

  /** Computes the read model of a thread stored by an older schema (once; a no-op when it has one). False for an unknown thread. */
  async ensureReadModel(threadId: string, hooks: WriteHooks = {}): Promise<boolean> {
    const state = await this.threadState(threadId);
    if (!state) return false;
    if (!state.readModel) await this.rewrite(threadId, state, () => true, hooks);
    return true;
  }

  /** Adds cache entries (for texts scored after import, e.g. by a new scorer version) in one transaction. */
  async saveCaches(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.insertMany('scores', SCORE_COLUMN_NAMES, scores.map((s) => scoreRow(scorer, s, at)), 'ON CONFLICT DO NOTHING');
      await tx.insertMany('tropes', TROPE_COLUMN_NAMES, tropes.map((t) => tropeRow(detector, t, at)), 'ON CONFLICT DO NOTHING');
    }, { immediate: this.sql.dialect === 'sqlite' });
  }

  /** Adds cache entries in bounded transactions (entries are keyed and never change, so each transaction stands alone). */
  async saveCachesBounded(scorer: ScorerInfo, detector: ScorerInfo, scores: ScoreRecord[], tropes: TropeRecord[], at: string, hooks: WriteHooks = {}): Promise<void> {
    await boundedWrites(this.sql, scores.length, async (tx, from, to) => {
      await tx.insertMany('scores', SCORE_COLUMN_NAMES, scores.slice(from, to).map((s) => scoreRow(scorer, s, at)), 'ON CONFLICT DO NOTHING');
    }, hooks);
    await boundedWrites(this.sql, tropes.length, async (tx, from, to) => {
      await tx.insertMany('tropes', TROPE_COLUMN_NAMES, tropes.slice(from, to).map((t) => tropeRow(detector, t, at)), 'ON CONFLICT DO NOTHING');
    }, hooks);
  }

  /**
   * Appends one comment to a live thread (made on first use), or updates the stored comment with its id: never a
   * merge, so the thread's other comments stay as they are (merging a one-comment file would mark them all missing).
   * A repeat of a stored comment with the same content changes nothing. The thread's import time moves to `at`
   * (strictly forward, so cached views are rebuilt); its revision (the count of file imports) stays. The read model
   * is brought up to date in the same transaction (the tree is rebuilt from ids and parents: O(comments), written
   * only where it changed).
   */
  appendLiveComment(thread: LiveThread, c: Comment, at: string): Promise<LiveAppendResult> {
    return this.sql.transaction(async (tx): Promise<LiveAppendResult> => {
      const state = await stateOn(tx, thread.id);
      const hash = hashText(c.text);
      const stored = state === null ? undefined : await tx.get<{ position: number; parent_id: string | null; text_hash: string; html: string | null; status: string }>(
        Q.liveComment, [thread.id, state.gen, c.id]);
      if (state && stored && stored.text_hash === hash && stored.parent_id === c.parentId && stored.html === c.html && stored.status === c.status) {
        return { kind: 'unchanged', at: state.importedAt };
      }
      const now = laterThan(at, state?.importedAt);
      const gen = state?.gen ?? (await this.generations.allocate(thread.id, now, tx));
      await tx.run(Q.touchLiveThread, [thread.id, thread.title, thread.url, thread.sourceFormat, now, gen]);
      const scorable = isScorable(c.text) ? 1 : 0;
      let kind: LiveAppendResult['kind'] = 'added';
      if (stored) {
        await tx.run(Q.updateLiveComment, [c.parentId, c.author, c.text, c.html, c.status, hash, scorable, thread.id, gen, stored.position]);
        kind = 'updated';
      } else {
        const position = Number(await tx.value<number>(Q.nextPosition, [thread.id, gen]));
        await tx.insertMany('comments', LIVE_COMMENT_COLUMNS, [[thread.id, gen, position, c.id, c.parentId, c.author, c.createdAt, c.createdAtText, c.text, c.html, c.kind, c.status, hash, scorable]]);
      }
      if (state && !state.readModel) await refreshScorable(tx, thread.id, gen);
      await refreshTree(tx, thread.id, gen);
      return { kind, at: now };
    }, { immediate: true, lockKey: THREADS_LOCK });
  }

  /**
   * Deletes the comments of a thread that its latest import lacked, if `revision` is still the thread's revision (a
   * click offered for an older import must not remove comments a later import brought back). Decisions stay. The
   * remaining comments are written as a new generation (their tree changes), in bounded transactions.
   */
  async removeMissing(threadId: string, revision: number, hooks: WriteHooks = {}): Promise<RemoveMissingResult> {
    const state = await this.threadState(threadId);
    if (!state) return { kind: 'unknown' };
    if (state.revision !== revision) return { kind: 'stale', revision: state.revision };
    try {
      const removed = await this.rewrite(threadId, state, (r) => r.missingSince === null, hooks);
      return { kind: 'removed', removed, revision: state.revision };
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const now = await this.threadState(threadId);
      if (!now) return { kind: 'unknown' };
      if (now.revision !== revision) return { kind: 'stale', revision: now.revision };
      throw error;
    }
  }

  async listThreads(): Promise<ThreadSummary[]> {
    const rows = await this.sql.all<{ id: string; title: string; url: string | null; source_format: string; imported_at: string; comment_count: number }>(Q.listThreads);
    return rows.map((r) => ({ id: r.id, title: r.title, url: r.url, sourceFormat: r.source_format, commentCount: Number(r.comment_count), importedAt: r.imported_at }));
  }

  async getThread(id: string): Promise<ThreadRecord | null> {
    const r = await this.sql.get<{ id: string; title: string; url: string | null; article_text: string; source_format: string; imported_at: string; problems_json: string; revision: number }>(
      Q.getThread, [id]);
    if (!r) return null;
    return { id: r.id, title: r.title, url: r.url, articleText: r.article_text, sourceFormat: r.source_format, importedAt: r.imported_at, problems: JSON.parse(r.problems_json) as ImportProblem[], revision: r.revision };
  }

  /** Comments of a thread in source order, each with its cached score and tropes for these versions (null when absent). */
  comments(threadId: string, scorer: ScorerInfo, detector: ScorerInfo): Promise<CommentCacheRow[]> {
    return this.sql.all<CommentCacheRow>(COMMENT_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId]);
  }

  /** Distinct texts of a thread that lack a cached score or trope result for these versions (empty ones included). */
  uncachedTexts(threadId: string, scorer: ScorerInfo, detector: ScorerInfo): Promise<Array<{ hash: string; text: string }>> {
    return this.sql.all<{ hash: string; text: string }>(UNCACHED_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId]);
  }

  /** One comment of a thread with its cached score and tropes for these versions (the first, should an id repeat); null when absent. */
  async comment(threadId: string, commentId: string, scorer: ScorerInfo, detector: ScorerInfo): Promise<CommentCacheRow | null> {
    return (await this.sql.get<CommentCacheRow>(COMMENT_ONE_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId, commentId])) ?? null;
  }

  async commentExists(threadId: string, commentId: string): Promise<boolean> {
    return (await this.sql.value(Q.commentExists, [threadId, commentId])) !== undefined;
  }

  /**
   * Runs `read` in one read transaction and gives it a store bound to that transaction: its reads see one state of
   * the database (a generation cannot vanish midway; PostgreSQL: REPEATABLE READ). `read` must use the store it is
   * given, never the outer one: on SQLite a statement through the outer store waits for the snapshot to end, so it
   * would never end. A snapshot inside a snapshot runs in the outer one.
   */
  async snapshot<T>(read: (store: Store) => Promise<T>): Promise<T> {
    if (this.inSnapshot) return read(this);
    return this.sql.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return read(new Store(tx, this.locator, true));
    });
  }

  /** The index columns of a generation's comments in display order (no text, no score JSON). */
  indexRows(threadId: string, gen: number, scorer: ScorerInfo, detector: ScorerInfo): Promise<IndexRow[]> {
    return this.sql.all<IndexRow>(INDEX_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId, gen]);
  }

  /** The window rows of display indexes `first` to `last` (inclusive) of a generation, in display order (one query). */
  windowRows(threadId: string, gen: number, first: number, last: number, scorer: ScorerInfo, detector: ScorerInfo): Promise<WindowRow[]> {
    return this.sql.all<WindowRow>(WINDOW_RANGE_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId, gen, first, last]);
  }

  /** The comment at a display index of a generation, with its cached score and tropes and its read model; null when none. */
  async windowRow(threadId: string, gen: number, displayIndex: number, scorer: ScorerInfo, detector: ScorerInfo): Promise<WindowRow | null> {
    return (await this.sql.get<WindowRow>(WINDOW_ROW_SQL, [scorer.name, scorer.version, detector.name, detector.version, threadId, gen, displayIndex])) ?? null;
  }

  /** How many comments a generation shows (records with a repeated id are not shown). */
  async displayCount(threadId: string, gen: number): Promise<number> {
    return Number(await this.sql.value<number>(Q.displayCount, [threadId, gen]));
  }

  /** The text of the comment at a display index. */
  async textAt(threadId: string, gen: number, displayIndex: number): Promise<string> {
    return (await this.sql.value<string>(Q.textAt, [threadId, gen, displayIndex])) ?? '';
  }

  /** [text, author] of every shown comment of a generation, in display order. */
  async searchRows(threadId: string, gen: number): Promise<Array<[string, string]>> {
    const rows = await this.sql.all<{ text: string; author: string }>(Q.searchRows, [threadId, gen]);
    return rows.map((r) => [r.text, r.author]);
  }

  /** Text and author of at most `limit` comments of a generation from display index `from` on, in display order. */
  async searchRowsFrom(threadId: string, gen: number, from: number, limit: number): Promise<Array<[string, string]>> {
    const rows = await this.sql.all<{ text: string; author: string }>(Q.searchRowsFrom, [threadId, gen, from, limit]);
    return rows.map((r) => [r.text, r.author]);
  }

  /** The serialized thread index kept for this thread under `versionKey` (index format and thread version), or null. */
  async savedIndex(threadId: string, versionKey: string): Promise<string | null> {
    return (await this.sql.value<string>(Q.savedIndex, [threadId, versionKey])) ?? null;
  }

  /** Keeps a thread's serialized index for `versionKey`, replacing the one of an older version (one row a thread). */
  async saveIndex(threadId: string, versionKey: string, json: string, at: string): Promise<void> {
    await this.sql.run(Q.saveIndex, [threadId, versionKey, json, at]);
  }

  /**
   * Appends a decision event in one IMMEDIATE transaction (on PostgreSQL under an advisory lock of the thread). A
   * second submission with the same id records nothing (a duplicate when it is the same decision, a conflict when the
   * id names another): that answer comes first, before `check`. `check` sees the comment's recorded events inside the
   * transaction and may refuse (decision-rules.ts), so that of two moderators deciding on the same events at once
   * exactly one is recorded. It is also given a store bound to the transaction, to read more under the same lock (the
   * comment's claim: claims are written under this lock key too, src/app/store/claims.ts).
   */
  appendDecision(
    threadId: string,
    input: DecisionInput & { moderator: string },
    at: string,
    options: { userId?: number | null; check?: (commentEvents: DecisionEvent[], within: Store) => DecisionRefusal | null | Promise<DecisionRefusal | null> } = {},
  ): Promise<AppendResult> {
    return this.sql.transaction(async (tx): Promise<AppendResult> => {
      const existing = await tx.get<DecisionRow>(Q.decisionById, [input.id]);
      if (existing) {
        const event = decisionFromRow(existing);
        const same = event.threadId === threadId && event.commentId === input.commentId && event.action === input.action
          && event.moderator === input.moderator && event.reason === (input.reason ?? '') && event.note === (input.note ?? '')
          && event.legalGround === (input.legalGround ?? '').trim();
        return { kind: same ? 'duplicate' : 'conflict', event };
      }
      const refusal = (await options.check?.(await decisionsOn(tx, threadId, input.commentId), new Store(tx, this.locator, true))) ?? null;
      if (refusal) return { kind: 'refused', refusal };
      await tx.run(Q.insertDecision, [input.id, threadId, input.commentId, input.action, input.moderator, input.reason ?? '', input.note ?? '', (input.legalGround ?? '').trim(), options.userId ?? null, at]);
      return { kind: 'recorded', event: decisionFromRow((await tx.get<DecisionRow>(Q.decisionById, [input.id]))!) };
    }, { immediate: true, lockKey: decisionsLock(threadId) });
  }

  /** The events of one comment, in the order they were recorded. */
  decisionsOn(threadId: string, commentId: string): Promise<DecisionEvent[]> {
    return decisionsOn(this.sql, threadId, commentId);
  }

  /** The decision log of a thread, in the order it was recorded. */
  async decisions(threadId: string): Promise<DecisionEvent[]> {
    return (await this.sql.all<DecisionRow>(Q.decisions, [threadId])).map(decisionFromRow);
  }
}

async function decisionsOn(on: Sql, threadId: string, commentId: string): Promise<DecisionEvent[]> {
  return (await on.all<DecisionRow>(Q.commentDecisions, [threadId, commentId])).map(decisionFromRow);
}

/** A thread's state read through `on` (the store's connection or a transaction). */
async function stateOn(on: Sql, threadId: string): Promise<ThreadState | null> {
  const r = await on.get<ThreadStateRow>(Q.threadState, [threadId]);
  if (!r) return null;
  return { gen: r.gen, importedAt: r.imported_at, revision: r.revision, readModel: r.read_model === 1, treeProblems: JSON.parse(r.tree_problems_json) as ThreadState['treeProblems'] };
}

/** Inside the flip transaction: refuses a thread that changed since it was read, else makes its staged generation current. */
async function makeCurrent(tx: Sql, s: Staged, importedAt: string): Promise<void> {
  const { thread, problems } = s.item;
  await checkUnchanged(tx, thread.id, s.state);
  await tx.run(Q.upsertThread, [thread.id, thread.title, thread.url, thread.articleText, thread.sourceFormat, importedAt, JSON.stringify(problems), s.gen, JSON.stringify(s.treeProblems)]);
}

async function checkUnchanged(tx: Sql, threadId: string, before: ThreadState | null): Promise<void> {
  const now = await stateOn(tx, threadId);
  const same = before === null ? now === null : now !== null && now.gen === before.gen && now.importedAt === before.importedAt && now.revision === before.revision;
  if (!same) throw new StoreConflictError(`thread "${threadId}" changed while this write was being prepared (another import, a removal or a live comment); nothing was stored: try again`);
}

/** Inside a transaction: recomputes the scorable mark of every row of a generation (rows of an older schema have none). */
async function refreshScorable(tx: Sql, threadId: string, gen: number): Promise<void> {
  for (const r of await tx.all<{ position: number; text: string }>(Q.scorableRows, [threadId, gen])) {
    await tx.run(Q.setScorable, [isScorable(r.text) ? 1 : 0, threadId, gen, r.position]);
  }
}

/** Inside a transaction: rebuilds the tree of a generation from ids and parents and writes the rows whose read model changed. */
async function refreshTree(tx: Sql, threadId: string, gen: number): Promise<void> {
  type TreeRow = { position: number; id: string; parent_id: string | null; display_index: number | null; depth: number; tree_parent: number; orphan: number; descendants: number };
  const rows = await tx.all<TreeRow>(Q.treeRows, [threadId, gen]);
  const records: Comment[] = rows.map((r) => ({ id: r.id, parentId: r.parent_id, author: '', createdAt: null, createdAtText: null, text: '', html: null, kind: 'comment', status: 'published' }));
  const model = readModelOf(records);
  const changed: number[] = [];
  rows.forEach((r, i) => {
    const m = model.rows[i]!;
    if (r.display_index !== m.displayIndex || r.depth !== m.depth || r.tree_parent !== m.treeParent || r.orphan !== (m.orphan ? 1 : 0) || r.descendants !== m.descendants) changed.push(i);
  });
  // Display indexes are unique per generation: clear the changed ones first, then write the new ones.
  for (const i of changed) await tx.run(Q.clearDisplay, [threadId, gen, rows[i]!.position]);
  for (const i of changed) {
    const m = model.rows[i]!;
    await tx.run(Q.setTreeRow, [m.displayIndex, m.depth, m.treeParent, m.orphan ? 1 : 0, m.descendants, threadId, gen, rows[i]!.position]);
  }
  await tx.run(Q.setGeneration, [gen, JSON.stringify(model.problems), threadId]);
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
