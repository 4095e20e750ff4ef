/**
 * Writing a thread's comments as a new generation (docs/adr/0018-read-model-and-bounded-writes.md, ADR 0028): the
 * rows, each with its read model (display order, depth, tree parent, orphan mark, descendant count, computed once by
 * core buildTree), are inserted under a generation no reader reads yet, in transactions bounded in time with a pause
 * between them; the store then makes the generation current in one small transaction and deletes the previous one
 * in bounded transactions too. Readers see the old rows or the new, never a mix.
 *
 * Contract: everything goes through `Sql` (sql.ts) in SQL both engines accept. Rows are written with `insertMany`
 * (multi-row INSERTs of WRITE_CHUNK rows), never one statement per row, so that a 100,000-comment import is a few
 * hundred statements on PostgreSQL; the clock is checked between two chunks. On SQLite a bounded transaction is
 * `BEGIN IMMEDIATE` (it takes the write lock at once, as before); on PostgreSQL it takes no advisory lock: the rows of
 * an unread generation are nobody else's, and row locks are enough.
 */
import type { Comment } from '../../core/model.ts';
import { buildTree } from '../../core/tree.ts';
import { isScorable } from '../score-texts.ts';
import type { Sql, SqlParams } from './sql.ts';
import type { CommentRecord } from './store-merge.ts';

/** Longest a write transaction of a chunked save should hold the write lock, in milliseconds (checked between chunks). */
export const WRITE_BUDGET_MS = 20;

/** Rows of one multi-row INSERT inside a bounded transaction. */
export const WRITE_CHUNK = 200;

/** Rows one DELETE of a generation removes. */
const DELETE_CHUNK = 500;

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

/** The options of a bounded write transaction on this engine (see the header). */
export function boundedTransaction(sql: Sql): { immediate: boolean } {
  return { immediate: sql.dialect === 'sqlite' };
}

/**
 * Runs `write(tx, from, to)` over 0..total-1 in chunks of `chunk`, in transactions that each end once
 * WRITE_BUDGET_MS has passed, pausing between them. Each transaction is atomic; the caller makes the whole atomic
 * for readers (an unread generation, or cache rows keyed and never changed).
 */
export async function boundedWrites(
  sql: Sql,
  total: number,
  write: (tx: Sql, from: number, to: number) => Promise<void>,
  hooks: WriteHooks = {},
  chunk = WRITE_CHUNK,
): Promise<void> {
  const pause = hooks.pause ?? yieldToEventLoop;
  let done = 0;
  while (done < total) {
    const start = performance.now();
    const from = done;
    const to = await sql.transaction(async (tx) => {
      let i = from;
      do {
        const end = Math.min(total, i + chunk);
        await write(tx, i, end);
        i = end;
      } while (i < total && performance.now() - start < WRITE_BUDGET_MS);
      return i;
    }, boundedTransaction(sql));
    done = to;
    hooks.onTransaction?.(performance.now() - start, to - from);
    if (done < total) await pause();
  }
}

const COMMENT_COLUMNS = ['thread_id', 'gen', 'position', 'id', 'parent_id', 'author', 'created_at', 'created_at_text', 'text', 'html', 'kind',
  'status', 'text_hash', 'missing_since', 'missing_from', 'scorable', 'display_index', 'depth', 'tree_parent', 'orphan', 'descendants'] as const;

const SQL = {
  allocate: 'INSERT INTO generations (thread_id, started_at) VALUES (?, ?) RETURNING gen',
  // By position ranges from the lowest one left (positions of a generation are 0..n-1, a live comment's the next
  // one): two index range statements on both engines. (A DELETE ... IN (SELECT ... LIMIT n) was planned as a scan
  // of the generation per chunk on PostgreSQL: 1.6 s a chunk at 10,000 rows.)
  lowestPosition: 'SELECT min(position) FROM comments WHERE thread_id = ? AND gen = ?',
  deleteBelow: 'DELETE FROM comments WHERE thread_id = ? AND gen = ? AND position < ?',
  forget: 'DELETE FROM generations WHERE gen = ?',
  abandoned: `SELECT g.gen, g.thread_id AS thread_id FROM generations g
    WHERE g.started_at < ? AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.id = g.thread_id AND t.gen = g.gen) ORDER BY g.gen`,
  storedPage: `SELECT position, id, parent_id, author, created_at, created_at_text, text, html,
    kind, status, text_hash, missing_since, missing_from
    FROM comments WHERE thread_id = ? AND gen = ? AND position > ? ORDER BY position LIMIT ?`,
};

type StoredRow = {
  position: number; id: string; parent_id: string | null; author: string; created_at: string | null; created_at_text: string | null;
  text: string; html: string | null; kind: CommentRecord['kind']; status: CommentRecord['status']; text_hash: string;
  missing_since: string | null; missing_from: string | null;
};

/** The row of a record with its read model, in COMMENT_COLUMNS order. */
function commentRow(threadId: string, gen: number, position: number, r: CommentRecord, m: ReadModelRow): SqlParams {
  return [threadId, gen, position, r.id, r.parentId, r.author, r.createdAt, r.createdAtText, r.text, r.html, r.kind, r.status, r.textHash,
    r.missingSince, r.missingFrom, isScorable(r.text) ? 1 : 0, m.displayIndex, m.depth, m.treeParent, m.orphan ? 1 : 0, m.descendants];
}

/** The statements of generations: allocating one, inserting its rows, deleting one, finding abandoned ones. */
export class Generations {
  constructor(private readonly sql: Sql) {}

  /** A new generation number for a thread, through `on` (a transaction, or the store's connection). */
  async allocate(threadId: string, at: string, on: Sql = this.sql): Promise<number> {
    const gen = await on.value<number>(SQL.allocate, [threadId, at]);
    if (gen === undefined) throw new Error(`no generation number was returned for thread "${threadId}"`);
    return Number(gen);
  }

  /** Inserts the records (in order: their positions) with their read model under `gen`, in bounded transactions. */
  async write(threadId: string, gen: number, records: readonly CommentRecord[], model: ReadModel, hooks: WriteHooks): Promise<void> {
    await boundedWrites(this.sql, records.length, async (tx, from, to) => {
      const rows: SqlParams[] = [];
      for (let i = from; i < to; i++) rows.push(commentRow(threadId, gen, i, records[i]!, model.rows[i]!));
      await tx.insertMany('comments', COMMENT_COLUMNS, rows);
    }, hooks);
  }

  /** Deletes a generation's rows in bounded transactions, then the generation itself. */
  async drop(threadId: string, gen: number, hooks: WriteHooks = {}): Promise<void> {
    const pause = hooks.pause ?? yieldToEventLoop;
    for (;;) {
      const start = performance.now();
      const { deleted, done } = await this.sql.transaction(async (tx) => {
        let count = 0;
        for (;;) {
          const lowest = await tx.value<number>(SQL.lowestPosition, [threadId, gen]);
          if (lowest === undefined || lowest === null) return { deleted: count, done: true };
          count += (await tx.run(SQL.deleteBelow, [threadId, gen, Number(lowest) + DELETE_CHUNK])).changes;
          if (performance.now() - start >= WRITE_BUDGET_MS) return { deleted: count, done: false };
        }
      }, boundedTransaction(this.sql));
      hooks.onTransaction?.(performance.now() - start, deleted);
      if (done) break;
      await pause();
    }
    await this.sql.run(SQL.forget, [gen]);
  }

  /** Generations started before `before` (ISO) that never became current or are no longer current. */
  async abandoned(before: string): Promise<Array<{ gen: number; threadId: string }>> {
    const rows = await this.sql.all<{ gen: number; thread_id: string }>(SQL.abandoned, [before]);
    return rows.map((r) => ({ gen: r.gen, threadId: r.thread_id }));
  }

  /** The records of a generation in stored order, read in pages with a pause between them. */
  async read(threadId: string, gen: number, hooks: WriteHooks = {}): Promise<CommentRecord[]> {
    const pause = hooks.pause ?? yieldToEventLoop;
    const page = 5000;
    const out: CommentRecord[] = [];
    let after = -1;
    for (;;) {
      const rows = await this.sql.all<StoredRow>(SQL.storedPage, [threadId, gen, after, page]);
      for (const r of rows) {
        out.push({ id: r.id, parentId: r.parent_id, author: r.author, createdAt: r.created_at, createdAtText: r.created_at_text, text: r.text, html: r.html,
          kind: r.kind, status: r.status, textHash: r.text_hash, missingSince: r.missing_since, missingFrom: r.missing_from });
        after = r.position;
      }
      if (rows.length < page) return out;
      await pause();
    }
  }
}
