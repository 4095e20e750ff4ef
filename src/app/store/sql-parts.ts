/**
 * Small parts shared by the two `Sql` implementations (sqlite-sql.ts, pg-sql.ts): checking the names and shapes that
 * `insertMany` is given, cutting its rows into statements under an engine's parameter limit, and a bounded cache.
 * Pure: no driver, no I/O.
 */
import type { SqlParams } from './sql.ts';

/** A table or column name `insertMany` may splice into SQL: letters, digits and underscores, not starting with a digit. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws unless `name` is a plain SQL identifier (names are spliced into SQL, so nothing else may pass). */
export function checkIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`insertMany: ${what} ${JSON.stringify(name)} is not a plain SQL name (letters, digits, _)`);
}

/** Throws unless every row has one value per column; the message names the first bad row by its index. */
export function checkRows(table: string, columns: readonly string[], rows: readonly SqlParams[]): void {
  checkIdentifier(table, 'table');
  if (columns.length === 0) throw new Error(`insertMany into ${table}: no columns`);
  for (const column of columns) checkIdentifier(column, 'column');
  rows.forEach((row, i) => {
    if (row.length !== columns.length) throw new Error(`insertMany into ${table}: row ${i} has ${row.length} values for ${columns.length} columns`);
  });
}

/** How many rows one INSERT may carry: as many as the parameter limit allows, at most `maxRows`. */
export function rowsPerStatement(columnCount: number, parameterLimit: number, maxRows = 1000): number {
  return Math.max(1, Math.min(maxRows, Math.floor(parameterLimit / columnCount)));
}

/** The multi-row INSERT for `rowCount` rows, with `?` placeholders and the optional ON CONFLICT clause. */
export function insertSql(table: string, columns: readonly string[], rowCount: number, onConflict?: string): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const values = Array.from({ length: rowCount }, () => tuple).join(', ');
  const conflict = onConflict === undefined || onConflict.trim() === '' ? '' : ` ${onConflict.trim()}`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}${conflict}`;
}

/** Rows in chunks of at most `size`, each flattened into one parameter list. */
export function* chunkRows(rows: readonly SqlParams[], size: number): Generator<{ count: number; params: SqlParams }> {
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    yield { count: chunk.length, params: chunk.flat() };
  }
}

/** A map that forgets its least recently used entry past `limit` entries. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}

/** The first `length` characters of a statement on one line, to name it in an error without its parameters. */
export function sqlHead(sql: string, length = 80): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length)}...` : line;
}
