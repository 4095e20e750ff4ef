/**
 * Texts of a thread by their hashes, for jobs whose payloads carry hashes and never text (ADR 0032): the scoring job
 * reads the texts of its chunk here.
 *
 * Contract: `textsByHash(sql, threadId, hashes)` maps each hash found among the thread's current comments to its
 * text (a hash is of the text, so any comment with it will do); hashes the thread no longer has are absent from the
 * map. Looked up at most 500 hashes per statement.
 */
import type { Sql } from './sql.ts';

const PER_STATEMENT = 500;

export async function textsByHash(sql: Sql, threadId: string, hashes: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (let from = 0; from < hashes.length; from += PER_STATEMENT) {
    const part = hashes.slice(from, from + PER_STATEMENT);
    const rows = await sql.all<{ hash: string; text: string }>(
      `SELECT DISTINCT c.text_hash AS hash, c.text FROM comments c JOIN threads th ON th.id = c.thread_id AND th.gen = c.gen
        WHERE c.thread_id = ? AND c.text_hash IN (${part.map(() => '?').join(', ')})`,
      [threadId, ...part],
    );
    for (const row of rows) if (!texts.has(row.hash)) texts.set(row.hash, row.text);
  }
  return texts;
}
