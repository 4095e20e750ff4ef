/**
 * Choosing and opening the database: a data directory's SQLite file (the default) or a PostgreSQL URL
 * (`THREADSCOPE_DATABASE_URL` / `--database-url`, which wins when both are given).
 *
 * Contract: `locatorFrom` validates and never echoes a password (messages carry `redactUrl(url)`); `openSql` returns a
 * connected `Sql` or throws an Error naming the database (redacted) and the driver's reason. Schema migrations are
 * not applied here (see `migrate` in pg-schema.ts).
 */
import path from 'node:path';
import type { DatabaseLocator, Sql } from './sql.ts';
import { SqliteSql } from './sqlite-sql.ts';
import { PgSql, poolOptions } from './pg-sql.ts';

/** The SQLite file's name inside a data directory (as `Store.open` names it). */
export const SQLITE_FILE_NAME = 'threadscope.db';

const SCHEMES = ['postgres:', 'postgresql:'];
/** Query parameters of a connection URL that can carry a secret. */
const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey'];

/**
 * The URL with its password (and any password-like query parameter) replaced by `***`, for messages and logs.
 * A string that is not a URL with a host (so also "user:password@host", which parses as the scheme "user:" and a path
 * holding the password) keeps nothing of what comes before its last `@`.
 */
export function redactUrl(url: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: masked below.
  }
  if (parsed === null || parsed.host === '') {
    const masked = url.replace(/^[^@]*@/, (userinfo) => `${/^[a-z][a-z0-9+.-]*:\/\//i.exec(userinfo)?.[0] ?? ''}***@`)
      .replace(/([?&](?:password|sslpassword|sslkey)=)[^&]*/gi, '$1***');
    return masked.length > 200 ? `${masked.slice(0, 200)}...` : masked;
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const name of SECRET_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
  // URLSearchParams encodes the stars; a reader wants to see them.
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

export interface LocatorInput {
  /** A data directory (the SQLite file goes inside it), or ":memory:". */
  dataDir?: string | undefined;
  /** A PostgreSQL URL; wins over `dataDir` when not empty. */
  databaseUrl?: string | undefined;
  /** What to call the URL's origin in a message; by default "THREADSCOPE_DATABASE_URL (or --database-url)". */
  urlSource?: string;
}

/** Where the database is, from the options a command or server was given; throws a message naming the option. */
export function locatorFrom(input: LocatorInput): DatabaseLocator {
  const url = input.databaseUrl?.trim() ?? '';
  if (url !== '') {
    const source = input.urlSource ?? 'THREADSCOPE_DATABASE_URL (or --database-url)';
    let scheme: string;
    try {
      scheme = new URL(url).protocol;
    } catch {
      throw new Error(`${source} is not a URL: ${redactUrl(url)} (expected postgres://user:password@host:port/database)`);
    }
    if (!SCHEMES.includes(scheme)) {
      // Not echoed: without a known scheme, "user:password@host" parses as scheme "user:" and a path holding the password.
      throw new Error(`${source} must be a postgres:// or postgresql:// URL (postgres://user:password@host:port/database); it does not start with either`);
    }
    return { kind: 'postgres', url };
  }
  const dataDir = input.dataDir?.trim() ?? '';
  if (dataDir === '') throw new Error('no database given: name a data directory (--data-dir) or a PostgreSQL URL (THREADSCOPE_DATABASE_URL or --database-url)');
  return { kind: 'sqlite', file: dataDir === ':memory:' ? ':memory:' : path.join(dataDir, SQLITE_FILE_NAME) };
}

/** The locator for messages: the SQLite file, or the URL without its password. */
export function describeLocator(locator: DatabaseLocator): string {
  return locator.kind === 'sqlite' ? locator.file : redactUrl(locator.url);
}

/**
 * A PostgreSQL URL as a library outside the store (the job queue's pg-boss) takes it: without this project's own
 * `?pool=N` parameter, which is not PostgreSQL's.
 */
export function connectionStringOf(url: string): string {
  return poolOptions(url).connectionString;
}

/** A connected `Sql` for the locator; throws "cannot open the database <where>: <reason>". */
export async function openSql(locator: DatabaseLocator): Promise<Sql> {
  try {
    if (locator.kind === 'sqlite') return SqliteSql.open(locator.file);
    return await PgSql.open(locator.url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the database ${describeLocator(locator)}: ${reason}`, { cause: error });
  }
}
