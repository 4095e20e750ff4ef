/**
 * Writing a thread's comments as a new generation (docs/adr/0018-read-model-and-bounded-writes.md): the rows, each
 * with its read model (display order, depth, tree parent, orphan mark, descendant count, computed once by core
 * buildTree), are inserted under a generation no reader reads yet, in transactions bounded in time with a pause
 * between them; the store then makes the generation current in one small transaction and deletes the previous one
 * in bounded transactions too. Readers (in WAL mode, any connection) see the old rows or the new, never a mix.
 */
import type Database from 'better-sqlite3';
import type { Comment } from '../../core/model.ts';
import { buildTree } from '../../core/tree.ts';
import { isScorable } from '../score-texts.ts';
import type { CommentRecord } from './store-merge.ts';

/** Longest a write transaction of a chunked save should hold the write lock, in milliseconds (checked every 32 rows). */
export const WRITE_BUDGET_MS = 20;

/** Rows between two clock checks inside a bounded transaction. */
const CHECK_EVERY = 32;

/** An abandoned staging generation (its writer died) is deleted after this long. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Room for other work between two bounded transactions; throwing stops the save (the previous state stays). */
export interface WriteHooks {
  /** Awaited between two transactions (default: one turn of the event loop). */
  pause?(): Promise<void>;
  /** Called after each write transaction with its duration and rows (for measurements). */
  onTransaction?(ms: number, rows: number): void;
}

/** One turn of the event loop: requests waiting on this thread are answered. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Where a comment sits in the displayed tree. */
export interface ReadModelRow {
  /** Display index (depth-first pre-order); null for a later record with a repeated id, which the tree drops. */
  displayIndex: number | null;
  depth: number;
  /** Display index of the tree parent; -1 at top level (repaired orphans included). */
  treeParent: number;
  orphan: boolean;
  descendants: number;
}

/** A thread's read model: one row per record (in record order) and the tree's repairs as the view lists them. */
export interface ReadModel {
  rows: ReadModelRow[];
  problems: Array<{ where: string; message: string }>;
}

/** The read model of records in stored order (the one tree builder, core/tree.ts). */
export function readModelOf(records: readonly Comment[]): ReadModel {
  const tree = buildTree(records);
  const recordIndex = new Map<Comment, number>();
  records.forEach((r, i) => recordIndex.set(r, i));
  const rows: ReadModelRow[] = records.map(() => ({ displayIndex: null, depth: 0, treeParent: -1, orphan: false, descendants: 0 }));
  const displayOf = new Map<string, number>();
  tree.flat.forEach((node, i) => {
    displayOf.set(node.comment.id, i);
    rows[recordIndex.get(node.comment)!] = {
      displayIndex: i,
      depth: node.depth,
      treeParent: node.treeParentId === null ? -1 : displayOf.get(node.treeParentId)!,
      orphan: node.orphan,
      descendants: node.descendantCount,
    };
  });
  const problems = tree.problems.map((p) => ({ where: `comment "${p.commentId}"`, message: p.message }));
  return { rows, problems };
}

/**
 * Runs `write(i)` for i = 0..total-1 in transactions that each end once WRITE_BUDGET_MS has passed, pausing between
 * them. Each transaction is atomic; the caller makes the whole atomic for readers (an unread generation).
 */
export async function boundedWrites(db: Database.Database, total: number, write: (i: number) => void, hooks: WriteHooks = {}): Promise<void> {
  const pause = hooks.pause ?? yieldToEventLoop;
  let i = 0;
  while (i < total) {
    const from = i;
    const start = performance.now();
    db.transaction(() => {
      do write(i++);
      while (i < total && (i % CHECK_EVERY !== 0 || performance.now() - start < WRITE_BUDGET_MS));
    }).immediate();
    hooks.onTransaction?.(performance.now() - start, i - from);
    if (i < total) await pause();
  }
}

/** The statements of generations: allocating one, inserting its rows, deleting one, finding abandoned ones. */
export class Generations {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      allocate: db.prepare('INSERT INTO generations (thread_id, started_at) VALUES (?, ?)'),
      insert: db.prepare(`INSERT INTO comments (thread_id, gen, position, id, parent_id, author, created_at, created_at_text, text, html, kind,
        status, text_hash, missing_since, missing_from, scorable, display_index, depth, tree_parent, orphan, descendants)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteSome: db.prepare('DELETE FROM comments WHERE rowid IN (SELECT rowid FROM comments WHERE thread_id = ? AND gen = ? LIMIT 256)'),
      forget: db.prepare('DELETE FROM generations WHERE gen = ?'),
      abandoned: db.prepare(`SELECT g.gen, g.thread_id AS threadId FROM generations g
        WHERE g.started_at < ? AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = g.thread_id AND t.gen = g.gen)`),
      storedPage: db.prepare(`SELECT position, id, parent_id AS parentId, author, created_at AS createdAt, created_at_text AS createdAtText, text, html,
        kind, status, text_hash AS textHash, missing_since AS missingSince, missing_from AS missingFrom
        FROM comments WHERE thread_id = ? AND gen = ? AND position > ? ORDER BY position LIMIT ?`),
    };
  }

  /** A new generation number for a thread (one small transaction). */
  allocate(threadId: string, at: string): number {
    return Number(this.stmt.allocate.run(threadId, at).lastInsertRowid);
  }

  /** Inserts the records (in order: their positions) with their read model under `gen`, in bounded transactions. */
  async write(threadId: string, gen: number, records: readonly CommentRecord[], model: ReadModel, hooks: WriteHooks): Promise<void> {
    const insert = this.stmt.insert;
    await boundedWrites(this.db, records.length, (i) => {
      const r = records[i]!;
      const m = model.rows[i]!;
      insert.run(threadId, gen, i, r.id, r.parentId, r.author, r.createdAt, r.createdAtText, r.text, r.html, r.kind, r.status, r.textHash,
        r.missingSince, r.missingFrom, isScorable(r.text) ? 1 : 0, m.displayIndex, m.depth, m.treeParent, m.orphan ? 1 : 0, m.descendants);
    }, hooks);
  }

  /** Deletes a generation's rows in bounded transactions, then the generation itself. */
  async drop(threadId: string, gen: number, hooks: WriteHooks = {}): Promise<void> {
    const pause = hooks.pause ?? yieldToEventLoop;
    for (;;) {
      const start = performance.now();
      let deleted = 0;
      let last = 0;
      this.db.transaction(() => {
        do {
          last = this.stmt.deleteSome.run(threadId, gen).changes;
          deleted += last;
        } while (last > 0 && performance.now() - start < WRITE_BUDGET_MS);
      }).immediate();
      hooks.onTransaction?.(performance.now() - start, deleted);
      if (last === 0) break;
      await pause();
    }
    this.stmt.forget.run(gen);
  }

  /** Generations started before `before` (ISO) that never became current or are no longer current. */
  abandoned(before: string): Array<{ gen: number; threadId: string }> {
    return this.stmt.abandoned.all(before) as Array<{ gen: number; threadId: string }>;
  }

  /** The records of a generation in stored order, read in pages with a pause between them. */
  async read(threadId: string, gen: number, hooks: WriteHooks = {}): Promise<CommentRecord[]> {
    const pause = hooks.pause ?? yieldToEventLoop;
    const page = 5000;
    const out: CommentRecord[] = [];
    let after = -1;
    for (;;) {
      const rows = this.stmt.storedPage.all(threadId, gen, after, page) as Array<CommentRecord & { position: number }>;
      for (const { position, ...record } of rows) {
        out.push(record);
        after = position;
      }
      if (rows.length < page) return out;
      await pause();
    }
  }
}
