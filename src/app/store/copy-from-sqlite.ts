/**
 * Moving an SQLite database into PostgreSQL (`npm run --silent db -- copy-from-sqlite <dir>`, ADR 0027).
 *
 * Contract of `copySqliteToPg(source, target)`: the source must be at the latest SQLite schema; the target is
 * migrated first (so an empty database gets the schema), must then be at the same version, have every table of the
 * source and hold no rows in any of them — otherwise a CopyRefusal says which and nothing is written. Tables are
 * copied in the order their foreign keys need, each in one transaction of the target, every row read from one
 * snapshot of the source (a read transaction around the whole copy) and written in `insertMany` batches, columns by
 * name; the sequence of each bigserial column is then set past the largest copied value. `onTable` hears each table's
 * row count as it is done. A table that fails throws a CopyRefusal naming it; the tables before it stay copied (the
 * caller drops and creates the database again before the next try: the copy refuses a target that is not empty).
 */
import { latestSchemaVersion, migrate, schemaVersion } from './pg-schema.ts';
import type { Sql, SqlValue } from './sql.ts';

export class CopyRefusal extends Error {
  override name = 'CopyRefusal';
  constructor(
    /** What was wrong: the source's schema version, the target's state, or a table that failed to copy. */
    readonly reason: 'source-version' | 'target' | 'table',
    message: string,
  ) {
    super(message);
  }
}

/** Tables that hold each engine's own migration bookkeeping, never copied. */
const BOOKKEEPING = new Set(['schema_version', 'schema_migrations', 'sqlite_sequence']);
/** Rows per read from the source, and so at most per insertMany call. */
const COPY_BATCH = 2000;

interface SourceTable {
  name: string;
  columns: string[];
  references: string[];
}

/** The source's tables with their columns, parents (foreign keys) first. */
async function sourceTables(source: Sql): Promise<SourceTable[]> {
  const names = (await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
    .map((r) => r.name)
    .filter((n) => !BOOKKEEPING.has(n));
  const tables = new Map<string, SourceTable>();
  for (const name of names) {
    const columns = (await source.all<{ name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid', [name])).map((c) => c.name);
    const references = (await source.all<{ table: string }>('SELECT "table" FROM pragma_foreign_key_list(?)', [name])).map((r) => r.table).filter((t) => t !== name);
    tables.set(name, { name, columns, references });
  }
  const ordered: SourceTable[] = [];
  const placed = new Set<string>();
  const place = (table: SourceTable, path: readonly string[]): void => {
    if (placed.has(table.name)) return;
    if (path.includes(table.name)) throw new CopyRefusal('target', `the source's foreign keys form a cycle: ${[...path, table.name].join(' -> ')}`);
    for (const parent of table.references) {
      const t = tables.get(parent);
      if (t) place(t, [...path, table.name]);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of tables.values()) place(table, []);
  return ordered;
}

/** Sets the sequence of each bigserial column of `table` past its largest copied value. */
async function resetSequences(tx: Sql, table: SourceTable): Promise<void> {
  for (const column of table.columns) {
    const sequence = await tx.value<string>('SELECT pg_get_serial_sequence(?, ?)', [table.name, column]);
    if (sequence === null || sequence === undefined) continue;
    await tx.value(`SELECT setval(?::regclass, coalesce((SELECT max(${column}) FROM ${table.name}), 0) + 1, false)`, [sequence]);
  }
}

/** Copies one table in one transaction of the target; returns the rows written. */
async function copyTable(snapshot: Sql, target: Sql, table: SourceTable): Promise<number> {
  try {
    return await target.transaction(async (tx) => {
      let rows = 0;
      const select = `SELECT ${table.columns.join(', ')} FROM ${table.name} ORDER BY rowid`;
      for await (const batch of snapshot.batches<Record<string, SqlValue>>(select, [], COPY_BATCH)) {
        rows += await tx.insertMany(table.name, table.columns, batch.map((row) => table.columns.map((c) => row[c] ?? null)));
      }
      await resetSequences(tx, table);
      return rows;
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CopyRefusal('table', `copying ${table.name} failed, nothing of it was written (the tables before it were): ${reason}`);
  }
}

/** Checks that the target can take the copy (see the header); migrates it first. */
async function checkTarget(target: Sql, tables: readonly SourceTable[], version: number): Promise<void> {
  let targetVersion: number;
  try {
    targetVersion = await migrate(target);
  } catch (error) {
    throw new CopyRefusal('target', `the target cannot be migrated: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (targetVersion !== version) throw new CopyRefusal('target', `the target is at schema version ${targetVersion}, the source at ${version}`);
  const present = new Set((await target.all<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()')).map((r) => r.table_name));
  const missing = tables.filter((t) => !present.has(t.name)).map((t) => t.name);
  if (missing.length > 0) throw new CopyRefusal('target', `the target lacks the tables ${missing.join(', ')} of the source`);
  const filled: string[] = [];
  for (const table of tables) if ((await target.value(`SELECT 1 FROM ${table.name} LIMIT 1`)) !== undefined) filled.push(table.name);
  if (filled.length > 0) throw new CopyRefusal('target', `the target is not empty (rows in ${filled.join(', ')}): the copy goes only into an empty database`);
}

export async function copySqliteToPg(source: Sql, target: Sql, onTable: (table: string, rows: number) => void = () => undefined): Promise<{ table: string; rows: number }[]> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres') throw new Error('copySqliteToPg copies from SQLite into PostgreSQL');
  const version = await schemaVersion(source);
  const latest = latestSchemaVersion('sqlite');
  if (version !== latest) throw new CopyRefusal('source-version', `the source is at schema version ${version}, not ${latest}`);
  const tables = await sourceTables(source);
  await checkTarget(target, tables, version);
  const copied: { table: string; rows: number }[] = [];
  await source.transaction(async (snapshot) => {
    for (const table of tables) {
      const rows = await copyTable(snapshot, target, table);
      copied.push({ table: table.name, rows });
      onTable(table.name, rows);
    }
  });
  return copied;
}
