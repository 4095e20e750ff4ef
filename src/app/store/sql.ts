/**
 * The one door to a database: an asynchronous SQL connection that the store modules speak through, with two
 * implementations, SQLite (`sqlite-sql.ts`, embedded, the default) and PostgreSQL (`pg-sql.ts`, a pool).
 * Only `src/app/store/**` may use it (ADR 0001): everything above the store calls store methods, never SQL.
 *
 * Contract (both implementations):
 * - Placeholders are `?`, in order; the PostgreSQL implementation numbers them (`$1`, `$2`, ...), skipping `?`
 *   inside quoted strings. Write SQL both engines accept: `ON CONFLICT ... DO NOTHING/UPDATE`, `RETURNING`,
 *   `coalesce`, `lower(x)` rather than `COLLATE NOCASE`, `max(a, b)` only through `sql.greatest`, integers 0/1 for
 *   booleans, ISO-8601 text for times. Where the engines must differ, branch on `dialect` in the store module.
 * - Values: strings, numbers (integers and doubles), null, and bytes (a `Uint8Array` parameter is bound as a BLOB /
 *   BYTEA; such a column comes back as a Node `Buffer`, byte for byte, on both engines). PostgreSQL bigints
 *   (`count(*)`, `bigserial`) come back as numbers, never strings; column names come back as written (lower case).
 * - `transaction(fn)` runs `fn` on one connection between BEGIN and COMMIT (ROLLBACK if it throws); the `tx` given to
 *   `fn` is bound to that connection and must be the only one `fn` uses. A transaction inside a transaction joins
 *   it. No other caller's statement runs inside it: the SQLite implementation queues every other statement until it
 *   ends, the PostgreSQL one holds its own pool connection. `immediate: true` takes the write lock at the start
 *   (SQLite `BEGIN IMMEDIATE`; PostgreSQL takes a transaction-scoped advisory lock on the given key, or on a global
 *   key when none is given) so two read-then-write transactions cannot both succeed on the same read.
 * - `insertMany` writes rows in multi-row INSERT statements (bounded by the engine's parameter limit) and returns
 *   the number of rows written (not counting those an `ON CONFLICT DO NOTHING` skipped).
 * - `batches` reads a large result in arrays of at most `size` rows without holding all of it in memory (SQLite
 *   iterates the statement; PostgreSQL uses a cursor in a transaction of its own).
 * - Errors are thrown as they come from the driver; `close()` is idempotent.
 */

/** Where the database is: an SQLite file (or ":memory:"), or a PostgreSQL connection URL. */
export type DatabaseLocator = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export type SqlValue = string | number | null | Uint8Array;
export type SqlParams = readonly SqlValue[];

export interface SqlRunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

export interface TransactionOptions {
  immediate?: boolean;
  /** PostgreSQL only: the advisory lock key for `immediate` (a string, hashed); one global key when absent. */
  lockKey?: string;
}

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** The first column of the first row, or undefined when there is no row. */
  value<T extends SqlValue>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<SqlRunResult>;
  insertMany(table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number>;
  batches<T>(sql: string, params: SqlParams, size: number): AsyncIterable<T[]>;
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
