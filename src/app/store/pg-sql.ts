/**
 * The PostgreSQL implementation of `Sql` (sql.ts) over `pg`: a connection pool, `?` placeholders numbered for the
 * server (pg-placeholders.ts), the SQL a statement failed on named in its error.
 *
 * Contract, beyond sql.ts:
 * - `PgSql.open(url)` makes a pool of `?pool=N` connections (default 10; the parameter is taken off the URL before
 *   `pg` reads it) and checks that one connects. Nothing here prints the URL; messages use `redactUrl` (open-sql.ts).
 * - int8 (`count(*)`, `bigserial`, bigint columns) and numeric (`sum` of bigints) come back as numbers; an integer
 *   past 2^53 is refused with an error rather than read imprecisely. A boolean (`EXISTS (...)`, `a = b`) comes back
 *   as 1 or 0, as SQLite gives it; json, dates and times as the server's text.
 * - A statement that fails is re-thrown as the driver's error (its `code`, `constraint`, ... kept) with
 *   ` [in SQL: <its first 80 characters>]` added to the message; parameters never appear (they can be comment text
 *   or secrets).
 * - `transaction` holds one pool connection from BEGIN to COMMIT/ROLLBACK; `immediate` first takes
 *   `pg_advisory_xact_lock(hashtext(lockKey ?? 'threadscope'))`, so two immediate transactions on one key run one
 *   after the other (READ COMMITTED: the second one's reads see the first one's writes). A transaction inside it is a
 *   SAVEPOINT: it commits with the outer one and, when its `fn` throws, only its own writes are undone.
 * - `batches` declares a cursor (in a transaction of its own on a pool connection, or inside the caller's
 *   transaction) and fetches `size` rows at a time; breaking out of the loop closes it.
 */
import pg from 'pg';
import type { Sql, SqlParams, SqlRunResult, SqlValue, TransactionOptions } from './sql.ts';
import { numberPlaceholders } from './pg-placeholders.ts';
import { BoundedCache, checkRows, chunkRows, insertSql, rowsPerStatement, sqlHead } from './sql-parts.ts';

/** PostgreSQL's limit of parameters in one statement (a 16-bit count in the protocol). */
const PARAMETER_LIMIT = 65535;
const DEFAULT_POOL = 10;
const MAX_POOL = 1000;
const DEFAULT_LOCK_KEY = 'threadscope';
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** A PostgreSQL integer or numeric as text -> a number; integers past 2^53 throw rather than lose digits. */
export function parseExactNumber(text: string): number {
  const n = Number(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) {
    throw new RangeError(`the integer ${text} is past 2^53 and cannot be read as a JavaScript number without losing precision`);
  }
  return n;
}

const BOOL_OID = 16;
/** json, jsonb, date, time, timestamp, timestamptz, timetz: kept as the server's text (sql.ts: values are strings). */
const TEXT_OIDS = new Set([114, 3802, 1082, 1083, 1114, 1184, 1266]);
const asText = (value: string): string => value;
const asFlag = (value: string): number => (value === 't' ? 1 : 0);

/** What `pg` makes of each column type: numbers for integers and numerics, 0/1 for booleans, text for the rest. */
const TYPES = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (format !== 'binary') {
      if (oid === INT8_OID || oid === NUMERIC_OID) return parseExactNumber;
      if (oid === BOOL_OID) return asFlag;
      if (TEXT_OIDS.has(oid)) return asText;
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The pool size named by the URL's `pool` parameter, and the URL without it. Throws on a bad size. */
export function poolOptions(url: string): { connectionString: string; max: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the database URL is not a URL (expected postgres://user:password@host:port/database)');
  }
  const pool = parsed.searchParams.get('pool');
  if (pool === null) return { connectionString: url, max: DEFAULT_POOL };
  const max = /^\d+$/.test(pool) ? Number(pool) : NaN;
  if (!(max >= 1 && max <= MAX_POOL)) throw new Error(`the database URL's pool=${pool.slice(0, 20)} must be a whole number from 1 to ${MAX_POOL}`);
  parsed.searchParams.delete('pool');
  return { connectionString: parsed.toString(), max };
}

/** The statement as the server takes it: `$n` placeholders, checked against the parameters given. Cached. */
const translated = new BoundedCache<{ text: string; count: number }>(1000);
function toPg(sql: string, params: SqlParams): string {
  const { text, count } = translated.get(sql, () => numberPlaceholders(sql));
  if (count !== params.length) throw new Error(`the statement has ${count} placeholders but ${params.length} values were given [in SQL: ${sqlHead(sql)}]`);
  return text;
}

/** Adds the statement's head to a driver error's message (keeping the error itself, its code and fields). */
function named(error: unknown, sql: string): unknown {
  if (error instanceof Error && !error.message.includes('[in SQL: ')) error.message = `${error.message} [in SQL: ${sqlHead(sql)}]`;
  return error;
}

type Queryable = pg.Pool | pg.PoolClient;

async function query<R extends object>(on: Queryable, sql: string, params: SqlParams, rowMode?: 'array'): Promise<pg.QueryResult<R>> {
  const text = toPg(sql, params);
  try {
    const config: pg.QueryConfig<SqlValue[]> = { text, values: params as SqlValue[] };
    if (rowMode === 'array') return (await on.query({ ...config, rowMode: 'array' })) as unknown as pg.QueryResult<R>;
    return await on.query<R>(config);
  } catch (error) {
    throw named(error, sql);
  }
}

async function insertRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number> {
  const size = rowsPerStatement(columns.length, PARAMETER_LIMIT);
  let written = 0;
  for (const chunk of chunkRows(rows, size)) {
    written += (await query(client, insertSql(table, columns, chunk.count, onConflict), chunk.params)).rowCount ?? 0;
  }
  return written;
}

let cursors = 0;

/** Declares a cursor for `sql` on `client` (inside a transaction) and yields its rows `size` at a time. */
async function* cursorBatches<T>(client: pg.PoolClient, sql: string, params: SqlParams, size: number): AsyncGenerator<T[]> {
  cursors += 1;
  const name = `ts_cursor_${cursors}`;
  await query(client, `DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  let open = true;
  try {
    for (;;) {
      const { rows } = await query<T & object>(client, `FETCH FORWARD ${size} FROM ${name}`, []);
      if (rows.length > 0) yield rows as T[];
      if (rows.length < size) break;
    }
    await query(client, `CLOSE ${name}`, []);
    open = false;
  } finally {
    // Left early (a break or an error in the loop's body): close the cursor unless the transaction already failed.
    if (open) await client.query(`CLOSE ${name}`).catch(() => undefined);
  }
}

/**
 * A pool connection, held until `release`: while it is out of the pool nothing else listens to its 'error' (a server
 * that goes away between two statements would otherwise end the process); the error marks it broken, so that it is
 * discarded on release instead of going back to the pool.
 */
async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; fail(error: unknown): void; release(): void }> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const fail = (error: unknown): void => {
    broken ??= error instanceof Error ? error : new Error(String(error));
  };
  client.on('error', fail);
  return {
    client,
    fail,
    release() {
      client.off('error', fail);
      client.release(broken);
    },
  };
}

function checkBatchSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batches: the batch size must be a positive integer, got ${size}`);
}

async function lock(client: pg.PoolClient, key: string | undefined): Promise<void> {
  await query(client, 'SELECT pg_advisory_xact_lock(hashtext(?))', [key ?? DEFAULT_LOCK_KEY]);
}

/** A transaction's connection: every statement on it, refused once the transaction ended. */
class PgTx implements Sql {
  readonly dialect = 'postgres' as const;
  private open = true;
  private savepoints = 0;

  constructor(private readonly client: pg.PoolClient) {}

  end(): void {
    this.open = false;
  }

  private check(): pg.PoolClient {
    if (!this.open) throw new Error('this transaction has ended: use the Sql it was started on');
    return this.client;
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await query<T & object>(this.check(), sql, params)).rows as T[];
  }
  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await query<T & object>(this.check(), sql, params)).rows[0] as T | undefined;
  }
  async value<T extends SqlValue>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await query<SqlValue[]>(this.check(), sql, params, 'array')).rows[0]?.[0] as T | undefined;
  }
  async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    return { changes: (await query(this.check(), sql, params)).rowCount ?? 0 };
  }
  async insertMany(table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number> {
    checkRows(table, columns, rows);
    return insertRows(this.check(), table, columns, rows, onConflict);
  }
  async *batches<T>(sql: string, params: SqlParams, size: number): AsyncIterable<T[]> {
    checkBatchSize(size);
    yield* cursorBatches<T>(this.check(), sql, params, size);
  }
  async exec(script: string): Promise<void> {
    try {
      await this.check().query(script);
    } catch (error) {
      throw named(error, script);
    }
  }

  /** Joins this transaction as a savepoint: `fn` throwing undoes only its own writes. */
  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = this.check();
    this.savepoints += 1;
    const name = `ts_sp_${this.savepoints}`;
    await client.query(`SAVEPOINT ${name}`);
    try {
      if (options.immediate) await lock(client, options.lockKey);
      const result = await fn(this);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    throw new Error('close() belongs to the Sql the transaction was started on, not to the transaction');
  }
}

export class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  private closing: Promise<void> | null = null;

  private constructor(private readonly pool: pg.Pool) {}

  /** A pool for `url`, once one connection has been made (throws the driver's reason otherwise, never the URL). */
  static async open(url: string, options: { exitOnIdle?: boolean } = {}): Promise<PgSql> {
    const { connectionString, max } = poolOptions(url);
    // exitOnIdle: idle connections do not keep the process alive (a pool that lives as long as the process).
    const pool = new pg.Pool({ connectionString, max, types: TYPES, application_name: 'threadscope', allowExitOnIdle: options.exitOnIdle ?? false });
    // An idle connection that the server drops emits 'error' on the pool; the pool discards it and the next query
    // opens another. Without a listener Node would end the process.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PgSql(pool);
  }

  private live(): pg.Pool {
    if (this.closing) throw new Error('the PostgreSQL connection pool is closed');
    return this.pool;
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await query<T & object>(this.live(), sql, params)).rows as T[];
  }
  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await query<T & object>(this.live(), sql, params)).rows[0] as T | undefined;
  }
  async value<T extends SqlValue>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await query<SqlValue[]>(this.live(), sql, params, 'array')).rows[0]?.[0] as T | undefined;
  }
  async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    return { changes: (await query(this.live(), sql, params)).rowCount ?? 0 };
  }
  async exec(script: string): Promise<void> {
    try {
      await this.live().query(script);
    } catch (error) {
      throw named(error, script);
    }
  }

  /** All rows in one transaction: a failure writes none of them. */
  async insertMany(table: string, columns: readonly string[], rows: readonly SqlParams[], onConflict?: string): Promise<number> {
    checkRows(table, columns, rows);
    if (rows.length === 0) return 0;
    return this.transaction((tx) => tx.insertMany(table, columns, rows, onConflict));
  }

  async *batches<T>(sql: string, params: SqlParams, size: number): AsyncIterable<T[]> {
    checkBatchSize(size);
    const held = await checkOut(this.live());
    let done = false;
    try {
      await held.client.query('BEGIN');
      yield* cursorBatches<T>(held.client, sql, params, size);
      done = true;
    } finally {
      // Also reached when the loop stops early or fails: end the read transaction before the connection goes back;
      // a connection that cannot end it is in an unknown state, and the pool must not hand it out again.
      await held.client.query(done ? 'COMMIT' : 'ROLLBACK').catch(held.fail);
      held.release();
    }
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const held = await checkOut(this.live());
    const tx = new PgTx(held.client);
    try {
      await held.client.query('BEGIN');
      try {
        if (options.immediate) await lock(held.client, options.lockKey);
        const result = await fn(tx);
        await held.client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is in an unknown state: the pool must not hand it out again.
        await held.client.query('ROLLBACK').catch(held.fail);
        throw error;
      }
    } finally {
      tx.end();
      held.release();
    }
  }

  /** Ends the pool (waiting for the connections in use to come back); later calls do nothing more. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}
