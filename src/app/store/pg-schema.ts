/**
 * The PostgreSQL schema as versioned migrations (ADR 0027), and `migrate(sql)`, which brings either engine's database
 * to the latest schema.
 *
 * The rule that keeps the engines together: **schema version N is the same schema on both engines** (the same tables,
 * columns in the same order, names, keys, indexes, CHECKs and append-only triggers). SQLite reached version 6 through
 * the six migrations of store-schema.ts; PostgreSQL starts at 6 in one migration that creates that whole schema at
 * once. From then on every schema change is one migration with the same number in both lists (store-schema.ts
 * `MIGRATIONS[N - 1]` and `PG_MIGRATIONS` here), and pg-schema.test.ts compares the two schemas column by column.
 *
 * How SQLite's types are written here: TEXT -> text (times stay ISO-8601 text), INTEGER -> bigint (SQLite integers
 * are 64-bit; flags stay integers 0/1), REAL -> double precision, BLOB -> bytea, INTEGER PRIMARY KEY AUTOINCREMENT -> bigserial
 * PRIMARY KEY, `COLLATE NOCASE` -> a unique or plain index on `lower(column)` (store code compares `lower(x)`, see
 * sql.ts). `decisions` and `audit_log` refuse UPDATE, DELETE and TRUNCATE in the database (plpgsql triggers named as
 * SQLite's, plus a TRUNCATE one SQLite has no need for).
 *
 * Contract of `migratePg(sql)`: applies every pending migration, each in a transaction of its own under a
 * transaction-scoped advisory lock (`threadscope:schema`), so servers starting together migrate once and all end at
 * the latest version; records each in `schema_migrations (version, applied_at)`; returns the version reached; throws
 * when the database was made by a newer Threadscope. `migrate(sql)` does the same for SQLite (store-schema.ts's
 * migrations and its `schema_version` table, in one immediate transaction, as `Store.open` does).
 */
import type { Sql } from './sql.ts';
import { MIGRATIONS } from './store-schema.ts';

export interface PgMigration {
  /** The schema version this migration brings the database to (the same number as on SQLite). */
  version: number;
  sql: string;
}

const REFUSE_CHANGE = `
  CREATE FUNCTION threadscope_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
  END
  $fn$;
`;

/** Each entry brings the schema to `version`. Never edit a shipped migration; append a new one (and its SQLite twin). */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    // 0 -> 6: the whole SQLite schema of version 6 (store-schema.ts migrations 1-6), column for column.
    version: 6,
    sql: `
  CREATE TABLE threads (
    id                 text PRIMARY KEY,
    title              text NOT NULL,
    url                text,
    article_text       text NOT NULL,
    source_format      text NOT NULL,
    imported_at        text NOT NULL,
    problems_json      text NOT NULL DEFAULT '[]',
    revision           bigint NOT NULL DEFAULT 1,
    gen                bigint NOT NULL DEFAULT 0,
    read_model         bigint NOT NULL DEFAULT 0,
    tree_problems_json text NOT NULL DEFAULT '[]'
  );

  CREATE TABLE comments (
    thread_id       text NOT NULL,
    gen             bigint NOT NULL,
    position        bigint NOT NULL,
    id              text NOT NULL,
    parent_id       text,
    author          text NOT NULL,
    created_at      text,
    created_at_text text,
    text            text NOT NULL,
    html            text,
    kind            text NOT NULL CHECK (kind IN ('comment', 'pingback', 'trackback')),
    status          text NOT NULL CHECK (status IN ('published', 'deleted', 'removed', 'pending', 'spam')),
    text_hash       text NOT NULL,
    missing_since   text,
    missing_from    text,
    scorable        bigint NOT NULL DEFAULT 1,
    display_index   bigint,
    depth           bigint NOT NULL DEFAULT 0,
    tree_parent     bigint NOT NULL DEFAULT -1,
    orphan          bigint NOT NULL DEFAULT 0,
    descendants     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (thread_id, gen, position)
  );
  CREATE INDEX comments_by_id ON comments (thread_id, gen, id);
  CREATE INDEX comments_by_hash ON comments (text_hash);
  CREATE UNIQUE INDEX comments_by_display ON comments (thread_id, gen, display_index) WHERE display_index IS NOT NULL;
  CREATE INDEX comments_by_author ON comments (author, thread_id, gen);

  CREATE TABLE scores (
    text_hash            text NOT NULL,
    scorer_name          text NOT NULL,
    scorer_version       text NOT NULL,
    result_json          text,
    error                text,
    scored_at            text NOT NULL,
    toxicity             double precision,
    severe_toxicity      double precision,
    identity_attack      double precision,
    insult               double precision,
    profanity            double precision,
    threat               double precision,
    language             text,
    language_unsupported bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (text_hash, scorer_name, scorer_version),
    CHECK ((result_json IS NULL) <> (error IS NULL))
  );

  CREATE TABLE tropes (
    text_hash        text NOT NULL,
    detector_name    text NOT NULL,
    detector_version text NOT NULL,
    hits_json        text,
    error            text,
    detected_at      text NOT NULL,
    PRIMARY KEY (text_hash, detector_name, detector_version),
    CHECK ((hits_json IS NULL) <> (error IS NULL))
  );

  CREATE TABLE generations (
    gen        bigserial PRIMARY KEY,
    thread_id  text NOT NULL,
    started_at text NOT NULL
  );

  CREATE TABLE decisions (
    seq          bigserial PRIMARY KEY,
    id           text NOT NULL UNIQUE,
    thread_id    text NOT NULL REFERENCES threads(id),
    comment_id   text NOT NULL,
    action       text NOT NULL CHECK (action IN ('approve', 'reject', 'escalate', 'reset')),
    moderator    text NOT NULL,
    reason       text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    at           text NOT NULL,
    legal_ground text NOT NULL DEFAULT '',
    user_id      bigint
  );
  CREATE INDEX decisions_by_thread ON decisions (thread_id, seq);
  CREATE INDEX decisions_by_comment ON decisions (thread_id, comment_id, seq);

  CREATE TABLE api_keys (
    id           bigserial PRIMARY KEY,
    label        text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    qps          double precision NOT NULL CHECK (qps > 0),
    created_at   text NOT NULL,
    revoked_at   text,
    requests     bigint NOT NULL DEFAULT 0,
    last_used_at text
  );
  CREATE UNIQUE INDEX api_keys_live_label ON api_keys (label) WHERE revoked_at IS NULL;

  CREATE TABLE score_feedback (
    seq          bigserial PRIMARY KEY,
    key_label    text NOT NULL,
    text_hash    text NOT NULL,
    text         text,
    attribute    text NOT NULL,
    suggested    double precision NOT NULL,
    client_token text,
    community_id text,
    at           text NOT NULL
  );
  CREATE INDEX score_feedback_by_hash ON score_feedback (text_hash);

  CREATE TABLE integration_secrets (
    name         text PRIMARY KEY,
    secrets_json text NOT NULL,
    updated_at   text NOT NULL
  );

  CREATE TABLE thread_indexes (
    thread_id   text PRIMARY KEY,
    version_key text NOT NULL,
    json        text NOT NULL,
    built_at    text NOT NULL
  );

  CREATE TABLE users (
    id                   bigserial PRIMARY KEY,
    username             text NOT NULL,
    role                 text NOT NULL CHECK (role IN ('viewer', 'moderator', 'editor', 'admin')),
    password_hash        text NOT NULL,
    password_changed_at  text NOT NULL,
    must_change_password bigint NOT NULL DEFAULT 1,
    created_at           text NOT NULL,
    disabled_at          text,
    last_login_at        text
  );
  -- SQLite: username UNIQUE COLLATE NOCASE ("Ada" and "ada" are one account).
  CREATE UNIQUE INDEX users_username_nocase ON users (lower(username));

  CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id),
    created_at   text NOT NULL,
    last_seen_at text NOT NULL,
    expires_at   text NOT NULL,
    revoked_at   text,
    address      text
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE audit_log (
    seq        bigserial PRIMARY KEY,
    at         text NOT NULL,
    actor      text NOT NULL,
    actor_role text,
    action     text NOT NULL,
    thread_id  text,
    comment_id text,
    what       text NOT NULL DEFAULT '',
    why        text NOT NULL DEFAULT ''
  );
  CREATE INDEX audit_by_actor ON audit_log (lower(actor), seq);
  CREATE INDEX audit_by_action ON audit_log (action, seq);
  CREATE INDEX audit_by_comment ON audit_log (thread_id, comment_id, seq);
  CREATE INDEX audit_by_at ON audit_log (at);

  CREATE TABLE reasons (
    code       text PRIMARY KEY,
    label      text NOT NULL,
    ground     text NOT NULL CHECK (ground IN ('illegal', 'incompatible')),
    needs_note bigint NOT NULL DEFAULT 0,
    retired    bigint NOT NULL DEFAULT 0,
    position   bigint NOT NULL
  );

  CREATE TABLE claims (
    thread_id  text NOT NULL,
    comment_id text NOT NULL,
    user_name  text NOT NULL,
    claimed_at text NOT NULL,
    expires_at text NOT NULL,
    PRIMARY KEY (thread_id, comment_id)
  );

  CREATE TABLE snoozes (
    thread_id  text NOT NULL,
    comment_id text NOT NULL,
    user_name  text NOT NULL,
    until      text NOT NULL,
    PRIMARY KEY (thread_id, comment_id)
  );

  CREATE TABLE settings (
    key        text PRIMARY KEY,
    json       text NOT NULL,
    updated_at text NOT NULL,
    updated_by text NOT NULL
  );

  -- The append-only rules, in the database (SQLite: the same-named triggers of migrations 1 and 6).
  ${REFUSE_CHANGE}
  CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions FOR EACH ROW
    EXECUTE FUNCTION threadscope_append_only('decisions are append-only: an event cannot be changed');
  CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions FOR EACH ROW
    EXECUTE FUNCTION threadscope_append_only('decisions are append-only: an event cannot be deleted');
  CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions FOR EACH STATEMENT
    EXECUTE FUNCTION threadscope_append_only('decisions are append-only: an event cannot be deleted');
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
    EXECUTE FUNCTION threadscope_append_only('the audit log is append-only: an entry cannot be changed');
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
    EXECUTE FUNCTION threadscope_append_only('the audit log is append-only: an entry cannot be deleted');
  CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
    EXECUTE FUNCTION threadscope_append_only('the audit log is append-only: an entry cannot be deleted');
  `,
  },
  {
    // 6 -> 7: live events for the bus between console servers (SQLite: store-schema.ts migration 7).
    version: 7,
    sql: `
  CREATE TABLE live_events (
    id    bigserial PRIMARY KEY,
    at    text NOT NULL,
    event text NOT NULL
  );
  `,
  },
  {
    // 7 -> 8: failed logins counted in the database for every console server (SQLite: store-schema.ts migration 8).
    version: 8,
    sql: `
  CREATE TABLE login_failures (
    id  bigserial PRIMARY KEY,
    key text NOT NULL,
    at  text NOT NULL
  );
  CREATE INDEX login_failures_by_key ON login_failures (key, at);
  CREATE INDEX login_failures_by_at ON login_failures (at);
  `,
  },
  {
    // 8 -> 9: the progress of queued jobs (ADR 0032; SQLite: store-schema.ts migration 9).
    version: 9,
    sql: `
  CREATE TABLE job_progress (
    id         text PRIMARY KEY,
    kind       text NOT NULL,
    batch_id   text,
    done       bigint NOT NULL DEFAULT 0,
    total      bigint NOT NULL DEFAULT 0,
    state      text NOT NULL CHECK (state IN ('queued', 'running', 'retrying', 'done', 'failed')),
    attempts   bigint NOT NULL DEFAULT 0,
    error      text,
    created_at text NOT NULL,
    updated_at text NOT NULL
  );
  CREATE INDEX job_progress_by_batch ON job_progress (batch_id);
  `,
  },
  {
    // 9 -> 10: uploads held in the database until their import ends (ADR 0033; SQLite: store-schema.ts migration 10).
    version: 10,
    sql: `
  CREATE TABLE uploads (
    id           text PRIMARY KEY,
    progress_id  text,
    actor        text NOT NULL,
    actor_role   text,
    file_name    text,
    format       text,
    byte_length  bigint NOT NULL,
    sha256       text NOT NULL,
    created_at   text NOT NULL,
    outcome_json text,
    ended_at     text
  );
  CREATE INDEX uploads_by_progress ON uploads (progress_id, created_at);

  CREATE TABLE upload_parts (
    upload_id text NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    seq       bigint NOT NULL,
    bytes     bytea,
    PRIMARY KEY (upload_id, seq)
  );
  `,
  },
];

/** The latest PostgreSQL schema version. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

const LOCK_KEY = 'threadscope:schema';

function newerError(found: number, known: number): Error {
  return new Error(`the database has schema version ${found}, newer than this Threadscope knows (${known}); use a newer Threadscope or another database`);
}

/** The PostgreSQL database's schema version (0 when it has none yet), without changing anything. */
export async function pgSchemaVersion(sql: Sql): Promise<number> {
  const exists = await sql.value<string>("SELECT to_regclass('schema_migrations')::text");
  if (exists === null || exists === undefined) return 0;
  return (await sql.value<number>('SELECT max(version) FROM schema_migrations')) ?? 0;
}

/** Applies the pending PostgreSQL migrations one transaction each, under the schema lock; returns the version. */
export async function migratePg(sql: Sql, now: () => string = () => new Date().toISOString()): Promise<number> {
  for (;;) {
    const reached = await sql.transaction(async (tx) => {
      await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
      const current = (await tx.value<number>('SELECT max(version) FROM schema_migrations')) ?? 0;
      if (current > PG_SCHEMA_VERSION) throw newerError(current, PG_SCHEMA_VERSION);
      const next = PG_MIGRATIONS.find((m) => m.version > current);
      if (next === undefined) return { version: current, done: true };
      await tx.exec(next.sql);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [next.version, now()]);
      return { version: next.version, done: false };
    }, { immediate: true, lockKey: LOCK_KEY });
    if (reached.done) return reached.version;
  }
}

/** The SQLite database's schema version (0 when it has none yet), without changing anything. */
export async function sqliteSchemaVersion(sql: Sql): Promise<number> {
  const exists = await sql.value<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (exists === undefined) return 0;
  return (await sql.value<number>('SELECT version FROM schema_version')) ?? 0;
}

/** store-schema.ts's migrations through `Sql`, as its synchronous `migrate` applies them (one immediate transaction). */
async function migrateSqlite(sql: Sql): Promise<number> {
  return sql.transaction(async (tx) => {
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const from = await tx.value<number>('SELECT version FROM schema_version');
    if (from === undefined) await tx.run('INSERT INTO schema_version (version) VALUES (0)');
    const current = from ?? 0;
    if (current > MIGRATIONS.length) throw newerError(current, MIGRATIONS.length);
    for (let version = current; version < MIGRATIONS.length; version++) await tx.exec(MIGRATIONS[version]!);
    await tx.run('UPDATE schema_version SET version = ?', [MIGRATIONS.length]);
    return MIGRATIONS.length;
  }, { immediate: true });
}

/** Brings either engine's database to its latest schema; returns the version. */
export function migrate(sql: Sql): Promise<number> {
  return sql.dialect === 'postgres' ? migratePg(sql) : migrateSqlite(sql);
}

/** The database's schema version on either engine (0 for an empty database). */
export function schemaVersion(sql: Sql): Promise<number> {
  return sql.dialect === 'postgres' ? pgSchemaVersion(sql) : sqliteSchemaVersion(sql);
}

/** The latest schema version of an engine. */
export function latestSchemaVersion(dialect: Sql['dialect']): number {
  return dialect === 'postgres' ? PG_SCHEMA_VERSION : MIGRATIONS.length;
}
