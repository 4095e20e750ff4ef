/**
 * The PostgreSQL schema (pg-schema.ts): migrations applied once under the lock, the append-only rules in the database,
 * and the guard of the rule that version N is the same schema on both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from './sql.ts';
import { PgSql } from './pg-sql.ts';
import { latestSchemaVersion, migrate, migratePg, PG_MIGRATIONS, PG_SCHEMA_VERSION, schemaVersion } from './pg-schema.ts';
import { freshDatabase, TEST_ENGINES, type FreshDatabase } from './testing/databases.ts';

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  pk: number;
}

const BOOKKEEPING = new Set(['schema_version', 'schema_migrations', 'sqlite_sequence']);
const SQLITE_TYPES: Record<string, string> = { TEXT: 'text', INTEGER: 'bigint', REAL: 'double precision', BLOB: 'bytea' };

/** A default as both engines can agree on it: no casts, no quotes around a number; a sequence is 'autoincrement'. */
function normalDefault(value: string | null): string | null {
  if (value === null) return null;
  if (value.startsWith('nextval(')) return 'autoincrement';
  const bare = value.replace(/::[a-z ]+$/, '').replace(/^\((.*)\)$/, '$1');
  return /^'-?\d+(\.\d+)?'$/.test(bare) ? bare.slice(1, -1) : bare;
}

async function sqliteColumns(sql: Sql): Promise<Map<string, Column[]>> {
  const tables = await sql.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const out = new Map<string, Column[]>();
  for (const table of tables) {
    if (BOOKKEEPING.has(table.name)) continue;
    const info = await sql.all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(`PRAGMA table_info(${table.name})`);
    const autoincrement = /AUTOINCREMENT/i.test(table.sql);
    out.set(table.name, info.map((c) => ({
      name: c.name,
      type: SQLITE_TYPES[c.type] ?? `unmapped ${c.type}`,
      // SQLite lets a non-integer primary key hold NULL (an old quirk); a key column is NOT NULL on PostgreSQL.
      notNull: c.notnull === 1 || c.pk > 0,
      default: autoincrement && c.pk === 1 ? 'autoincrement' : normalDefault(c.dflt_value),
      pk: c.pk,
    })));
  }
  return out;
}

async function pgColumns(sql: Sql): Promise<Map<string, Column[]>> {
  const rows = await sql.all<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; pk: number | null }>(`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, k.ordinal_position AS pk
    FROM information_schema.columns c
    LEFT JOIN information_schema.table_constraints t
      ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'
    LEFT JOIN information_schema.key_column_usage k
      ON k.constraint_name = t.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name
    WHERE c.table_schema = current_schema()
    ORDER BY c.table_name, c.ordinal_position`);
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    if (BOOKKEEPING.has(r.table_name)) continue;
    const list = out.get(r.table_name) ?? [];
    list.push({ name: r.column_name, type: r.data_type, notNull: r.is_nullable === 'NO', default: normalDefault(r.column_default), pk: r.pk ?? 0 });
    out.set(r.table_name, list);
  }
  return out;
}

/** A table's indexes other than its primary key, its CHECK count and its foreign keys, as both engines can state them. */
interface Keys {
  indexes: string[];
  checks: Record<string, number>;
  foreignKeys: string[];
}

async function sqliteKeys(sql: Sql, tables: readonly string[]): Promise<Keys> {
  const indexes: string[] = [];
  const checks: Record<string, number> = {};
  const foreignKeys: string[] = [];
  for (const table of tables) {
    const list = await sql.all<{ name: string; unique: number; origin: string; partial: number }>(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, [table]);
    for (const index of list.filter((i) => i.origin !== 'pk')) {
      const columns = (await sql.all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [index.name])).map((c) => c.name);
      indexes.push(`${table} ${index.unique ? 'unique' : 'plain'} (${columns.join(', ')})${index.partial ? ' partial' : ''}`);
    }
    const ddl = (await sql.value<string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]))!;
    checks[table] = (ddl.match(/\bCHECK\s*\(/gi) ?? []).length;
    for (const fk of await sql.all<{ table: string; from: string; to: string; on_delete: string }>('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)', [table])) {
      const onDelete = fk.on_delete === 'NO ACTION' ? '' : ` on delete ${fk.on_delete.toLowerCase()}`;
      foreignKeys.push(`${table}.${fk.from} -> ${fk.table}.${fk.to}${onDelete}`);
    }
  }
  return { indexes: indexes.sort(), checks, foreignKeys: foreignKeys.sort() };
}

async function pgKeys(sql: Sql, tables: readonly string[]): Promise<Keys> {
  const indexes: string[] = [];
  const rows = await sql.all<{ tbl: string; uniq: number; def: string }>(`
    SELECT t.relname AS tbl, x.indisunique AS uniq, pg_get_indexdef(x.indexrelid) AS def
    FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND NOT x.indisprimary`);
  for (const r of rows) {
    if (!tables.includes(r.tbl)) continue;
    const [, list, where] = /USING btree \((.*?)\)(?: WHERE (.*))?$/.exec(r.def) ?? [];
    // lower(column) is how the PostgreSQL schema writes SQLite's COLLATE NOCASE.
    const columns = (list ?? r.def).split(', ').map((c) => c.replace(/^lower\((\w+)\)$/, '$1'));
    indexes.push(`${r.tbl} ${r.uniq ? 'unique' : 'plain'} (${columns.join(', ')})${where ? ' partial' : ''}`);
  }
  const constraints = await sql.all<{ tbl: string; contype: string; def: string }>(`
    SELECT c.conrelid::regclass::text AS tbl, c.contype, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = current_schema() AND c.contype IN ('c', 'f')`);
  const checks: Record<string, number> = Object.fromEntries(tables.map((t) => [t, 0]));
  const foreignKeys: string[] = [];
  for (const c of constraints) {
    if (!tables.includes(c.tbl)) continue;
    if (c.contype === 'c') checks[c.tbl] = (checks[c.tbl] ?? 0) + 1;
    const fk = /^FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)( ON DELETE [A-Z ]+)?$/.exec(c.def);
    if (c.contype === 'f') foreignKeys.push(fk ? `${c.tbl}.${fk[1]} -> ${fk[2]}.${fk[3]}${(fk[4] ?? '').toLowerCase()}` : `${c.tbl} ${c.def}`);
  }
  return { indexes: indexes.sort(), checks, foreignKeys: foreignKeys.sort() };
}

describe.runIf(TEST_ENGINES.includes('postgres'))('PostgreSQL schema', () => {
  let pgDb: FreshDatabase;
  beforeEach(async () => {
    pgDb = await freshDatabase('postgres');
  });
  afterEach(async () => {
    await pgDb.dispose();
  });

  it('numbers its latest version as SQLite does (the rule that keeps the engines together)', () => {
    expect(PG_SCHEMA_VERSION).toBe(latestSchemaVersion('sqlite'));
    const versions = PG_MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('migrates an empty database to the latest version once; again is a no-op', async () => {
    expect(await schemaVersion(pgDb.sql)).toBe(0);
    expect(await migrate(pgDb.sql)).toBe(PG_SCHEMA_VERSION);
    const applied = await pgDb.sql.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await migrate(pgDb.sql)).toBe(PG_SCHEMA_VERSION);
    expect(await pgDb.sql.value('SELECT count(*) FROM schema_migrations')).toBe(PG_MIGRATIONS.length);
    expect(await schemaVersion(pgDb.sql)).toBe(PG_SCHEMA_VERSION);
  });

  it('two migrators starting together both end at the latest version, without error, having migrated once', async () => {
    if (pgDb.locator.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const [a, b] = await Promise.all([PgSql.open(pgDb.locator.url), PgSql.open(pgDb.locator.url)]);
    try {
      expect(await Promise.all([migratePg(a), migratePg(b), migratePg(pgDb.sql)])).toEqual([PG_SCHEMA_VERSION, PG_SCHEMA_VERSION, PG_SCHEMA_VERSION]);
      expect(await pgDb.sql.value('SELECT count(*) FROM schema_migrations')).toBe(PG_MIGRATIONS.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses a database of a newer schema', async () => {
    await migrate(pgDb.sql);
    await pgDb.sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [PG_SCHEMA_VERSION + 50, 'later']);
    await expect(migrate(pgDb.sql)).rejects.toThrow(`schema version ${PG_SCHEMA_VERSION + 50}, newer than this Threadscope knows`);
  });

  it('the database itself refuses to change or delete decisions and audit entries', async () => {
    const sql = pgDb.sql;
    await migrate(sql);
    await sql.run(`INSERT INTO threads (id, title, article_text, source_format, imported_at) VALUES ('t', 'T', '', 'json', '2026-01-01T00:00:00Z')`);
    await sql.run(`INSERT INTO decisions (id, thread_id, comment_id, action, moderator, at) VALUES ('d1', 't', 'c1', 'reject', 'ada', '2026-01-01T00:00:00Z')`);
    await sql.run(`INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01T00:00:00Z', 'ada', 'login')`);
    await expect(sql.run("UPDATE decisions SET action = 'approve'")).rejects.toThrow('decisions are append-only: an event cannot be changed');
    await expect(sql.run('DELETE FROM decisions')).rejects.toThrow('decisions are append-only: an event cannot be deleted');
    await expect(sql.run('TRUNCATE decisions')).rejects.toThrow('decisions are append-only');
    await expect(sql.run("UPDATE audit_log SET why = 'x'")).rejects.toThrow('the audit log is append-only: an entry cannot be changed');
    await expect(sql.run('DELETE FROM audit_log')).rejects.toThrow('the audit log is append-only: an entry cannot be deleted');
    await expect(sql.run('TRUNCATE audit_log')).rejects.toThrow('the audit log is append-only');
    expect(await sql.get('SELECT action FROM decisions')).toEqual({ action: 'reject' });
    expect(await sql.value('SELECT count(*) FROM audit_log')).toBe(1);
    // Sequences start at 1 as SQLite's AUTOINCREMENT does.
    expect(await sql.value('SELECT seq FROM decisions')).toBe(1);
  });

  it('usernames are one account whatever their case, as SQLite\'s COLLATE NOCASE makes them', async () => {
    await migrate(pgDb.sql);
    const insert = "INSERT INTO users (username, role, password_hash, password_changed_at, created_at) VALUES (?, 'admin', 'h', 'now', 'now')";
    await pgDb.sql.run(insert, ['Ada']);
    await expect(pgDb.sql.run(insert, ['ada'])).rejects.toThrow(/users_username_nocase/);
  });

  it('has the same tables, columns, keys, defaults, indexes, unique constraints, CHECKs, foreign keys and triggers as SQLite at the same version', async () => {
    const lite = await freshDatabase('sqlite');
    try {
      expect(await migrate(lite.sql)).toBe(await migrate(pgDb.sql));
      const sqliteTables = await sqliteColumns(lite.sql);
      const pgTables = await pgColumns(pgDb.sql);
      expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
      for (const [table, columns] of sqliteTables) expect({ table, columns: pgTables.get(table) }).toEqual({ table, columns });

      const tables = [...sqliteTables.keys()];
      const [liteKeys, postgresKeys] = [await sqliteKeys(lite.sql, tables), await pgKeys(pgDb.sql, tables)];
      expect(postgresKeys.indexes).toEqual(liteKeys.indexes);
      expect(postgresKeys.checks).toEqual(liteKeys.checks);
      expect(postgresKeys.foreignKeys).toEqual(liteKeys.foreignKeys);
      expect(liteKeys.foreignKeys).toContain('decisions.thread_id -> threads.id');
      expect(liteKeys.foreignKeys).toContain('upload_parts.upload_id -> uploads.id on delete cascade');

      const sqliteIndexes = await lite.sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
      const pgIndexes = new Set((await pgDb.sql.all<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()')).map((r) => r.indexname));
      expect(sqliteIndexes.map((r) => r.name).filter((name) => !pgIndexes.has(name))).toEqual([]);

      const sqliteTriggers = await lite.sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
      const pgTriggers = new Set((await pgDb.sql.all<{ tgname: string }>('SELECT tgname FROM pg_trigger WHERE NOT tgisinternal')).map((r) => r.tgname));
      expect(sqliteTriggers.length).toBeGreaterThan(0);
      expect(sqliteTriggers.map((r) => r.name).filter((name) => !pgTriggers.has(name))).toEqual([]);
    } finally {
      await lite.dispose();
    }
  });
});
