/**
 * Command line for the database itself (issue 15, docs/adr/0027-postgresql-second-store-engine.md):
 *
 *   npm run --silent db -- migrate                  applies the pending schema migrations; prints the version reached
 *   npm run --silent db -- status                   engine, database (a URL without its password) and schema version
 *   npm run --silent db -- copy-from-sqlite <dir>   copies a data directory's SQLite database into an empty PostgreSQL
 *
 * Where: `--database-url URL` (PostgreSQL), else `--data-dir DIR` (SQLite), else THREADSCOPE_DATABASE_URL, else
 * THREADSCOPE_DATA_DIR, else ./data; a flag beats the environment. The results go to stdout as `name: value` lines
 * (copy-from-sqlite: one `table: rows` line per table); messages go to stderr through messages.ts. A URL's password
 * is never printed. Exit codes: 0 done, 1 refused (the database cannot be opened, is newer than this Threadscope,
 * the copy's source is not at the latest schema or its target is not empty), 2 usage.
 *
 * copy-from-sqlite: see src/app/store/copy-from-sqlite.ts (the target is migrated first and must be empty; one
 * transaction per table; sequences set past the copied keys). A failed copy leaves the tables copied before it: drop
 * and create the database again before the next try.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveDataDir } from '../app/config.ts';
import { describeLocator, locatorFrom, openSql, SQLITE_FILE_NAME } from '../app/store/open-sql.ts';
import { latestSchemaVersion, migrate, schemaVersion } from '../app/store/pg-schema.ts';
import type { DatabaseLocator, Sql } from '../app/store/sql.ts';
import { CopyRefusal, copySqliteToPg } from '../app/store/copy-from-sqlite.ts';
import { messageLine } from './messages.ts';
import { runAsProgram } from './program.ts';

export interface DbIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const DB_USAGE = `Usage: npm run --silent db -- <command> [options]

The database under Threadscope: SQLite in the data directory (the default) or PostgreSQL
(docs/adr/0027-postgresql-second-store-engine.md).

Commands:
  migrate                  apply the pending schema migrations (the server also does at start); prints the version
  status                   print the engine, the database (a URL without its password) and its schema version
  copy-from-sqlite <dir>   copy every table of the SQLite database in data directory <dir> (at the latest schema:
                           run migrate on it first) into the PostgreSQL database, which must be empty; prints the
                           rows copied per table

Options:
  --database-url URL   a PostgreSQL database, postgres://user:password@host:port/name (env THREADSCOPE_DATABASE_URL);
                       ?pool=N sets the connection pool's size (default 10)
  --data-dir DIR       the data directory of the SQLite database (env THREADSCOPE_DATA_DIR, default ./data)
  --help               show this help

Exit codes: 0 done, 1 refused (cannot open the database, a newer schema, the copy's source not migrated or its target
not empty), 2 usage error.`;

export class DbRefusal extends Error {
  constructor(readonly code: 1 | 2, message: string) {
    super(message);
  }
}

export type DbCommand = { name: 'migrate' | 'status' } | { name: 'copy-from-sqlite'; source: string } | { name: 'help' };

export interface ParsedDb {
  command: DbCommand;
  databaseUrl?: string;
  dataDir?: string;
}

const FLAGS = new Set(['database-url', 'data-dir']);
const COMMANDS = ['migrate', 'status', 'copy-from-sqlite'];

/** The command and options of argv; throws DbRefusal (exit 2) for a usage error. */
export function parseDbArgs(argv: readonly string[]): ParsedDb {
  const words: string[] = [];
  const flags = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!FLAGS.has(name)) throw new DbRefusal(2, `unknown option --${name.slice(0, 40)}`);
      if (flags.has(name)) throw new DbRefusal(2, `--${name} given twice`);
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new DbRefusal(2, `--${name} needs a value`);
      flags.set(name, value);
    } else words.push(arg);
  }
  const options = { databaseUrl: flags.get('database-url'), dataDir: flags.get('data-dir') };
  if (options.databaseUrl !== undefined && options.dataDir !== undefined) throw new DbRefusal(2, 'give --database-url or --data-dir, not both');
  if (help) return { command: { name: 'help' }, ...options };
  const name = words[0];
  if (name === undefined) throw new DbRefusal(2, `no command: use ${COMMANDS.join(', ')}`);
  if (!COMMANDS.includes(name)) throw new DbRefusal(2, `unknown command "${name.slice(0, 40)}": use ${COMMANDS.join(', ')}`);
  if (name === 'copy-from-sqlite') {
    if (words.length !== 2) throw new DbRefusal(2, 'copy-from-sqlite takes one data directory: copy-from-sqlite <dir>');
    return { command: { name, source: words[1]! }, ...options };
  }
  if (words.length > 1) throw new DbRefusal(2, `${name} takes no arguments`);
  return { command: { name: name as 'migrate' | 'status' }, ...options };
}

/** The database the options name: a flag beats the environment, a URL beats a data directory. */
export function resolveLocator(parsed: ParsedDb, io: DbIo): DatabaseLocator {
  try {
    if (parsed.databaseUrl !== undefined) return locatorFrom({ databaseUrl: parsed.databaseUrl, urlSource: '--database-url' });
    const envUrl = io.env.THREADSCOPE_DATABASE_URL;
    if (parsed.dataDir === undefined && envUrl !== undefined && envUrl.trim() !== '') {
      return locatorFrom({ databaseUrl: envUrl, urlSource: 'THREADSCOPE_DATABASE_URL' });
    }
    return locatorFrom({ dataDir: resolveDataDir(parsed.dataDir, io.env, io.cwd) });
  } catch (error) {
    throw new DbRefusal(2, error instanceof Error ? error.message : String(error));
  }
}

async function open(locator: DatabaseLocator): Promise<Sql> {
  try {
    return await openSql(locator);
  } catch (error) {
    throw new DbRefusal(1, error instanceof Error ? error.message : String(error));
  }
}

/** Migrates; a database of a newer schema is a refusal. */
async function migrateOrRefuse(sql: Sql, where: string): Promise<number> {
  try {
    return await migrate(sql);
  } catch (error) {
    throw new DbRefusal(1, `cannot migrate ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runMigrate(locator: DatabaseLocator, io: DbIo): Promise<void> {
  const where = describeLocator(locator);
  const sql = await open(locator);
  try {
    const before = await schemaVersion(sql);
    const after = await migrateOrRefuse(sql, where);
    io.stderr(messageLine(before === after ? `${where} is at the latest schema (version ${after})` : `migrated ${where} from schema version ${before} to ${after}`));
    io.stdout(`schema version: ${after}\n`);
  } finally {
    await sql.close();
  }
}

async function runStatus(locator: DatabaseLocator, io: DbIo): Promise<void> {
  const lines = [`engine: ${locator.kind}`, `database: ${describeLocator(locator)}`];
  if (locator.kind === 'sqlite' && locator.file !== ':memory:' && !fs.existsSync(locator.file)) {
    // Opening would create it: say so instead.
    io.stdout(`${[...lines, 'schema version: none (no database file yet)', `latest schema version: ${latestSchemaVersion('sqlite')}`].join('\n')}\n`);
    return;
  }
  const sql = await open(locator);
  try {
    const version = await schemaVersion(sql);
    io.stdout(`${[...lines, `schema version: ${version}`, `latest schema version: ${latestSchemaVersion(locator.kind)}`].join('\n')}\n`);
  } finally {
    await sql.close();
  }
}

async function runCopy(sourceDir: string, locator: DatabaseLocator, io: DbIo): Promise<void> {
  if (locator.kind !== 'postgres') throw new DbRefusal(2, 'copy-from-sqlite copies into PostgreSQL: give --database-url or set THREADSCOPE_DATABASE_URL');
  const dir = path.resolve(io.cwd, sourceDir);
  const file = path.join(dir, SQLITE_FILE_NAME);
  if (!fs.existsSync(file)) throw new DbRefusal(1, `no SQLite database in ${dir} (expected ${SQLITE_FILE_NAME} there)`);
  const where = describeLocator(locator);
  const source = await open({ kind: 'sqlite', file });
  try {
    const version = await schemaVersion(source);
    const latest = latestSchemaVersion('sqlite');
    if (version !== latest) {
      throw new DbRefusal(1, `the SQLite database in ${dir} is at schema version ${version}, not ${latest}: run npm run --silent db -- migrate --data-dir ${dir} first`);
    }
    const target = await open(locator);
    try {
      const tables = await copySqliteToPg(source, target, (table, rows) => io.stdout(`${table}: ${rows}\n`));
      io.stderr(messageLine(`copied ${tables.length} tables from ${file} into ${where}`));
    } catch (error) {
      if (!(error instanceof CopyRefusal)) throw error;
      if (error.reason === 'table') throw new DbRefusal(1, `${error.message}; drop and create ${where} again before the next try`);
      throw new DbRefusal(1, `${where}: ${error.message}`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Runs one command (the program's argv); resolves to the exit code: 0 done, 1 refused, 2 usage error. */
export async function runDb(argv: readonly string[], io: DbIo): Promise<number> {
  try {
    const parsed = parseDbArgs(argv);
    if (parsed.command.name === 'help') {
      io.stdout(`${DB_USAGE}\n`);
      return 0;
    }
    const locator = resolveLocator(parsed, io);
    const command = parsed.command;
    if (command.name === 'copy-from-sqlite') await runCopy(command.source, locator, io);
    else if (command.name === 'migrate') await runMigrate(locator, io);
    else await runStatus(locator, io);
    return 0;
  } catch (error) {
    if (error instanceof DbRefusal) {
      io.stderr(messageLine(`db: ${error.message}${error.code === 2 ? ' (see --help)' : ''}`));
      return error.code;
    }
    io.stderr(messageLine(`db: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

runAsProgram(import.meta.url, (argv, io) => runDb(argv, io));
