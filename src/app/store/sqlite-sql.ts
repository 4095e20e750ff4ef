/**
 * The SQLite implementation of `Sql` (sql.ts) over better-sqlite3: one connection, opened as `Store.open` always
 * opened it (WAL, foreign keys, busy_timeout 5000, a 32 MB page cache).
 *
 * Contract, beyond sql.ts:
 * - better-sqlite3 is synchronous, so a statement runs whole when called; what needs guarding is the transaction that
 *   spans awaits. A gate (FIFO) is held for the length of each transaction: a statement of another caller that
 *   arrives meanwhile waits for it, in arrival order; with no transaction open a statement runs at once.
 * - `transaction` opens `BEGIN` (`BEGIN IMMEDIATE` for `immediate`) and gives `fn` a `tx` bound to it; the `tx`
 *   refuses use after its transaction ended. A transaction inside it is a SAVEPOINT: it joins the outer one (commits
 *   with it) and, when its `fn` throws, only its own writes are undone before the error goes on. `fn` must use only
 *   `tx`: a statement through the outer `Sql` waits for the transaction to end, so `fn` awaiting it never ends.
 * - Prepared statements are cached (the 500 most recently used).
 * - `batches` on the connection of a database file reads through a read-only connection of its own (WAL gives it a
 *   snapshot, so writes go on meanwhile and are not seen); inside a transaction, or on ":memory:", it iterates on the
 *   one connection, which SQLite keeps busy until the loop ends: a write made while iterating is refused by SQLite
 *   ("This database connection is busy executing a query"); reads are fine.
 * - Integers past 2^53 lose precision as better-sqlite3 reads them (SQLite has no wider type Threadscope uses).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Sql, SqlParams, SqlRunResult, SqlValue, TransactionOptions } from './sql.ts';
import { BoundedCache, checkRows, chunkRows, insertSql, rowsPerStatement } from './sql-parts.ts';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER (since 3.32), the parameter limit of one statement. */
const PARAMETER_LIMIT = 32766;
const STATEMENT_CACHE = 500;

/** Opens `file` (":memory:" for an in-memory database) the way the store always has. */
export function openSqliteDatabase(file: string, options: { readonly?: boolean } = {}): Database.Database {
  if (file !== ':memory:' && !options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MB of page cache (SQLite's default is 2 MB): a 100,000-comment thread's index joins every comment to its
    // cached score and tropes, pages a small cache reads again and again.
    db.pragma('cache_size = -32768');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A FIFO gate: held by one transaction at a time; `acquire` hands it to waiters in arrival order. */
class Gate {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  get isHeld(): boolean {
    return this.held;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

/** What the connection and its transactions share: the database, its statement cache and the gate. */
class Connection {
  readonly gate = new Gate();
  private readonly statements = new BoundedCache<Database.Statement>(STATEMENT_CACHE);
  private readonly rawStatements = new BoundedCache<Database.Statement>(STATEMENT_CACHE);
  private savepoints = 0;

  constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {}

  statement(sql: string): Database.Statement {
    return this.statements.get(sql, () => this.db.prepare(sql));
  }

  /** The statement in raw mode (rows as arrays), for `value`. */
  rawStatement(sql: string): Database.Statement {
    return this.rawStatements.get(sql, () => this.db.prepare(sql).raw(true));
  }

  nextSavepoint(): string {
    this.savepoints += 1;
    return `ts_sp_${this.savepoints}`;
  }

  clear(): void {
    this.statements.clear();
    this.rawStatements.clear();
  }
}

/** The statements themselves, run on the connection as they are called (callers see to the gate). */
function all<T>(c: Connection, sql: string, params: SqlParams): T[] {
  return c.statement(sql).all(params as unknown[]) as T[];
}
function get<T>(c: Connection, sql: string, params: SqlParams): T | undefined {
  return c.statement(sql).get(params as unknown[]) as T | undefined;
}
function value<T extends SqlValue>(c: Connection, sql: string, params: SqlParams): T | undefined {
  const row = c.rawStatement(sql).get(params as unknown[]) as SqlValue[] | undefined;
  return row?.[0] as T | undefined;
}
function run(c: Connection, sql: string, params: SqlParams): SqlRunResult {
  return { changes: c.statement(sql).run(params as unknown[]).changes };
}
function insertRows(c: Connection, table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): number {
  const size = rowsPerStatement(columns.length, PARAMETER_LIMIT);
  let written = 0;
  for (const chunk of chunkRows(rows, size)) written += run(c, insertSql(table, columns, chunk.count, onConflict), chunk.params).changes;
  return written;
}
async function* iterate<T>(c: Connection, sql: string, params: SqlParams, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for (const row of c.statement(sql).iterate(params as unknown[])) {
    batch.push(row as T);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function checkBatchSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batches: the batch size must be a positive integer, got ${size}`);
}

/** A transaction's view of the connection: runs at once (its transaction holds the gate), refused once it ended. */
class SqliteTx implements Sql {
  readonly dialect = 'sqlite' as const;
  private open = true;

  constructor(private readonly c: Connection) {}

  end(): void {
    this.open = false;
  }

  private check(): Connection {
    if (!this.open) throw new Error('this transaction has ended: use the Sql it was started on');
    return this.c;
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return all<T>(this.check(), sql, params);
  }
  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return get<T>(this.check(), sql, params);
  }
  async value<T extends SqlValue>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return value<T>(this.check(), sql, params);
  }
  async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    return run(this.check(), sql, params);
  }
  async insertMany(table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number> {
    checkRows(table, columns, rows);
    return insertRows(this.check(), table, columns, rows, onConflict);
  }
  async *batches<T>(sql: string, params: SqlParams, size: number): AsyncIterable<T[]> {
    checkBatchSize(size);
    yield* iterate<T>(this.check(), sql, params, size);
  }
  async exec(script: string): Promise<void> {
    this.check().db.exec(script);
  }

  /** Joins this transaction as a savepoint: `fn` throwing undoes only its own writes. */
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const c = this.check();
    const name = c.nextSavepoint();
    c.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      c.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (c.db.inTransaction) c.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  async close(): Promise<void> {
    throw new Error('close() belongs to the Sql the transaction was started on, not to the transaction');
  }
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly c: Connection;
  private closed = false;

  private constructor(db: Database.Database, file: string) {
    this.c = new Connection(db, file);
  }

  /** Opens (creating the file and its folder if needed) `file`, or an in-memory database for ":memory:". */
  static open(file: string): SqliteSql {
    return new SqliteSql(openSqliteDatabase(file), file);
  }

  /** The database file (":memory:" for an in-memory one). */
  get file(): string {
    return this.c.file;
  }

  /** The better-sqlite3 handle, for code that has not moved to `Sql` yet (the synchronous Store); not for new code. */
  get database(): Database.Database {
    return this.c.db;
  }

  /** Runs `work` now when no transaction holds the connection, else after the transactions queued before it. */
  private async gated<T>(work: () => T): Promise<T> {
    if (this.closed) throw new Error(`the database ${this.c.file} is closed`);
    if (!this.c.gate.isHeld) return work();
    await this.c.gate.acquire();
    try {
      return work();
    } finally {
      this.c.gate.release();
    }
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.gated(() => all<T>(this.c, sql, params));
  }
  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.gated(() => get<T>(this.c, sql, params));
  }
  value<T extends SqlValue>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.gated(() => value<T>(this.c, sql, params));
  }
  run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    return this.gated(() => run(this.c, sql, params));
  }
  exec(script: string): Promise<void> {
    return this.gated(() => {
      this.c.db.exec(script);
    });
  }

  /** All rows in one transaction: a failure writes none of them. */
  async insertMany(table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number> {
    checkRows(table, columns, rows);
    if (rows.length === 0) return 0;
    return this.transaction(async (tx) => tx.insertMany(table, columns, rows, onConflict));
  }

  async *batches<T>(sql: string, params: SqlParams, size: number): AsyncIterable<T[]> {
    checkBatchSize(size);
    if (this.closed) throw new Error(`the database ${this.c.file} is closed`);
    if (this.c.file === ':memory:') {
      // One connection only: wait for a running transaction, then iterate on it (see the header).
      await this.gated(() => undefined);
      yield* iterate<T>(this.c, sql, params, size);
      return;
    }
    const reader = new Connection(openSqliteDatabase(this.c.file, { readonly: true }), this.c.file);
    try {
      // A read transaction of its own, so that every batch comes from one snapshot.
      reader.db.exec('BEGIN');
      yield* iterate<T>(reader, sql, params, size);
    } finally {
      reader.db.close();
    }
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.closed) throw new Error(`the database ${this.c.file} is closed`);
    await this.c.gate.acquire();
    const tx = new SqliteTx(this.c);
    try {
      this.c.db.exec(options.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const result = await fn(tx);
        this.c.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.c.db.inTransaction) this.c.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      tx.end();
      this.c.gate.release();
    }
  }

  /** Closes once the statements and transactions already queued have run; later calls (and statements) are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.c.gate.acquire();
    try {
      this.c.clear();
      if (this.c.db.open) this.c.db.close();
    } finally {
      this.c.gate.release();
    }
  }
}
