/**
 * Reads of a thread by lists of display indexes or ids, over `Sql` (docs/adr/0018-read-model-and-bounded-writes.md),
 * beside the Store's own reads (store.ts): what the thread index, comment windows, the statements of reasons and the
 * commenter history need besides them. Each takes the `Sql` to read through: inside `store.snapshot`, the snapshot
 * store's `sql` (its transaction).
 *
 * Contract:
 * - Reads by a list of display indexes or ids go in statements of at most IN_CHUNK values, never one statement per
 *   row: a 100,000-comment thread costs a few hundred round trips on PostgreSQL, not 100,000.
 * - Rows come back as the store's row types (store-rows.ts): integers 0/1 for marks, ISO text for times.
 */
import type { ScorerInfo } from '../../core/scoring.ts';
import type { Sql, SqlValue } from './sql.ts';
import { WINDOW_ROW_SQL, type WindowRow } from './store-rows.ts';

/** Most values in one `IN (...)` list (well under both engines' parameter limits). */
export const IN_CHUNK = 500;

/** `values` in chunks of at most `size`. */
export function* chunks<T>(values: readonly T[], size = IN_CHUNK): Generator<T[]> {
  for (let start = 0; start < values.length; start += size) yield values.slice(start, start + size);
}

/** `?, ?, ...` for `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

const engineParams = (scorer: ScorerInfo, detector: ScorerInfo): SqlValue[] => [scorer.name, scorer.version, detector.name, detector.version];

const ONE_INDEX = 'c.display_index = ?';
if (!WINDOW_ROW_SQL.trimEnd().endsWith(ONE_INDEX)) throw new Error('thread-queries: WINDOW_ROW_SQL no longer ends with its display index condition');
const WINDOW_ROWS_PREFIX = WINDOW_ROW_SQL.trimEnd().slice(0, -ONE_INDEX.length);

/** The window rows at these display indexes (any order, repeats allowed), by display index; absent ones are left out. */
export async function windowRowsAt(sql: Sql, threadId: string, gen: number, indexes: readonly number[], scorer: ScorerInfo, detector: ScorerInfo): Promise<Map<number, WindowRow>> {
  const out = new Map<number, WindowRow>();
  for (const part of chunks([...new Set(indexes)])) {
    const rows = await sql.all<WindowRow>(`${WINDOW_ROWS_PREFIX}c.display_index IN (${placeholders(part.length)})`, [...engineParams(scorer, detector), threadId, gen, ...part]);
    for (const row of rows) out.set(row.display_index, row);
  }
  return out;
}

/** The texts of the comments at these display indexes of a generation, by display index. */
export async function textsAt(sql: Sql, threadId: string, gen: number, indexes: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks([...new Set(indexes)])) {
    const rows = await sql.all<{ display_index: number; text: string }>(
      `SELECT display_index, text FROM comments WHERE thread_id = ? AND gen = ? AND display_index IN (${placeholders(part.length)})`,
      [threadId, gen, ...part],
    );
    for (const row of rows) out.set(row.display_index, row.text);
  }
  return out;
}

/** The display index of each of these comment ids that the generation shows, by id (ids it lacks are left out). */
export async function displayIndexesOf(sql: Sql, threadId: string, gen: number, commentIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks([...new Set(commentIds)])) {
    const rows = await sql.all<{ id: string; display_index: number }>(
      `SELECT id, display_index FROM comments WHERE thread_id = ? AND gen = ? AND display_index IS NOT NULL AND id IN (${placeholders(part.length)})`,
      [threadId, gen, ...part],
    );
    for (const row of rows) out.set(row.id, row.display_index);
  }
  return out;
}

/** The ids of these comment ids that the thread's current generation lacks, in the order given (first of repeats). */
export async function commentsNotInThread(sql: Sql, threadId: string, commentIds: readonly string[]): Promise<string[]> {
  const present = new Set<string>();
  for (const part of chunks([...new Set(commentIds)])) {
    const rows = await sql.all<{ id: string }>(
      `SELECT DISTINCT c.id FROM comments c JOIN threads t ON t.id = c.thread_id AND t.gen = c.gen WHERE c.thread_id = ? AND c.id IN (${placeholders(part.length)})`,
      [threadId, ...part],
    );
    for (const row of rows) present.add(row.id);
  }
  return commentIds.filter((id) => !present.has(id));
}

/** Ids of the threads stored by an older schema whose read model is not computed yet (Store.ensureReadModel). */
export async function threadsWithoutReadModel(sql: Sql): Promise<string[]> {
  return (await sql.all<{ id: string }>('SELECT id FROM threads WHERE read_model = 0 ORDER BY id')).map((r) => r.id);
}

