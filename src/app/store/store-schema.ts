/**
 * The SQLite schema as numbered migrations, applied in order inside one transaction each.
 */
import type Database from 'better-sqlite3';

/** Each entry moves the schema from version i to i + 1. Never edit a shipped migration; append a new one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE threads (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    url           TEXT,
    article_text  TEXT NOT NULL,
    source_format TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    problems_json TEXT NOT NULL DEFAULT '[]'
  );

  -- Keyed by position so that duplicate ids from a source survive for the tree builder to report.
  CREATE TABLE comments (
    thread_id       TEXT NOT NULL REFERENCES threads(id),
    position        INTEGER NOT NULL,
    id              TEXT NOT NULL,
    parent_id       TEXT,
    author          TEXT NOT NULL,
    created_at      TEXT,
    created_at_text TEXT,
    text            TEXT NOT NULL,
    html            TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('comment', 'pingback', 'trackback')),
    status          TEXT NOT NULL CHECK (status IN ('published', 'deleted', 'removed', 'pending', 'spam')),
    text_hash       TEXT NOT NULL,
    PRIMARY KEY (thread_id, position)
  );
  CREATE INDEX comments_by_id ON comments (thread_id, id);
  CREATE INDEX comments_by_hash ON comments (text_hash);

  -- Score cache: one row per distinct text and scorer version, so nothing is scored twice.
  CREATE TABLE scores (
    text_hash      TEXT NOT NULL,
    scorer_name    TEXT NOT NULL,
    scorer_version TEXT NOT NULL,
    result_json    TEXT,
    error          TEXT,
    scored_at      TEXT NOT NULL,
    PRIMARY KEY (text_hash, scorer_name, scorer_version),
    CHECK ((result_json IS NULL) <> (error IS NULL))
  );

  CREATE TABLE tropes (
    text_hash        TEXT NOT NULL,
    detector_name    TEXT NOT NULL,
    detector_version TEXT NOT NULL,
    hits_json        TEXT,
    error            TEXT,
    detected_at      TEXT NOT NULL,
    PRIMARY KEY (text_hash, detector_name, detector_version),
    CHECK ((hits_json IS NULL) <> (error IS NULL))
  );

  -- Append-only decision log: the current decision is derived from it, never stored.
  CREATE TABLE decisions (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    thread_id  TEXT NOT NULL REFERENCES threads(id),
    comment_id TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'escalate', 'reset')),
    moderator  TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
  );
  CREATE INDEX decisions_by_thread ON decisions (thread_id, seq);
  CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only: an event cannot be changed'); END;
  CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only: an event cannot be deleted'); END;
  `,
  // 1 -> 2: a re-import merges (ADR 0009): comments the latest import lacked are kept and marked; each import of a
  // thread counts up its revision, so a removal of missing comments can name the import it was offered for.
  `
  ALTER TABLE comments ADD COLUMN missing_since TEXT;
  ALTER TABLE comments ADD COLUMN missing_from TEXT;
  ALTER TABLE threads ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
  `,
  // 2 -> 3: the Perspective-compatible API and the Coral integration (issue 12). Callers' API keys are stored only as
  // a SHA-256 hash; a label names one live key at a time. Feedback from comments:suggestscore is kept per attribute,
  // beside the text's hash (the text itself only when the caller did not ask for doNotStore). Integration secrets
  // (Coral's signing secrets, several during a roll) must be kept in clear: an HMAC is checked with the secret itself.
  `
  CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    label        TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    qps          REAL NOT NULL CHECK (qps > 0),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    requests     INTEGER NOT NULL DEFAULT 0,
    last_used_at TEXT
  );
  CREATE UNIQUE INDEX api_keys_live_label ON api_keys (label) WHERE revoked_at IS NULL;

  CREATE TABLE score_feedback (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    key_label    TEXT NOT NULL,
    text_hash    TEXT NOT NULL,
    text         TEXT,
    attribute    TEXT NOT NULL,
    suggested    REAL NOT NULL,
    client_token TEXT,
    community_id TEXT,
    at           TEXT NOT NULL
  );
  CREATE INDEX score_feedback_by_hash ON score_feedback (text_hash);

  CREATE TABLE integration_secrets (
    name         TEXT PRIMARY KEY,
    secrets_json TEXT NOT NULL,
    updated_at   TEXT NOT NULL
  );
  `,
  // 3 -> 4: threads of 100,000 comments (issue 13, docs/adr/0018-read-model-and-bounded-writes.md).
  // - Generations: a thread's comments are written under a new generation in bounded transactions and become current
  //   in one small transaction (threads.gen); the rows of the previous generation are then deleted in chunks. Readers
  //   read only the current generation, so a failed or interrupted import leaves the previous state. The comments
  //   table is rebuilt for its new key (thread_id, gen, position); its foreign key to threads is dropped because a new
  //   thread's rows are staged before its thread row exists (the store keeps the relation; decisions keep theirs).
  // - The read model, computed once per generation by core buildTree: display index (null for a repeated id that
  //   the tree drops), depth, tree parent (display index, -1 at top level), orphan mark, descendant count, and
  //   whether the text is scorable. Threads of older schemas get it on first open (threads.read_model = 0).
  // - Numeric score columns beside result_json, so the thread index never parses a score's JSON.
  `
  CREATE TABLE generations (
    gen        INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id  TEXT NOT NULL,
    started_at TEXT NOT NULL
  );
  ALTER TABLE threads ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE threads ADD COLUMN read_model INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE threads ADD COLUMN tree_problems_json TEXT NOT NULL DEFAULT '[]';
  INSERT INTO generations (thread_id, started_at) SELECT id, imported_at FROM threads ORDER BY rowid;
  UPDATE threads SET gen = (SELECT max(g.gen) FROM generations g WHERE g.thread_id = threads.id);

  CREATE TABLE comments_v4 (
    thread_id       TEXT NOT NULL,
    gen             INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    id              TEXT NOT NULL,
    parent_id       TEXT,
    author          TEXT NOT NULL,
    created_at      TEXT,
    created_at_text TEXT,
    text            TEXT NOT NULL,
    html            TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('comment', 'pingback', 'trackback')),
    status          TEXT NOT NULL CHECK (status IN ('published', 'deleted', 'removed', 'pending', 'spam')),
    text_hash       TEXT NOT NULL,
    missing_since   TEXT,
    missing_from    TEXT,
    scorable        INTEGER NOT NULL DEFAULT 1,
    display_index   INTEGER,
    depth           INTEGER NOT NULL DEFAULT 0,
    tree_parent     INTEGER NOT NULL DEFAULT -1,
    orphan          INTEGER NOT NULL DEFAULT 0,
    descendants     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (thread_id, gen, position)
  );
  INSERT INTO comments_v4 (thread_id, gen, position, id, parent_id, author, created_at, created_at_text, text, html, kind, status,
    text_hash, missing_since, missing_from)
    SELECT c.thread_id, t.gen, c.position, c.id, c.parent_id, c.author, c.created_at, c.created_at_text, c.text, c.html, c.kind,
    c.status, c.text_hash, c.missing_since, c.missing_from FROM comments c JOIN threads t ON t.id = c.thread_id;
  DROP TABLE comments;
  ALTER TABLE comments_v4 RENAME TO comments;
  CREATE INDEX comments_by_id ON comments (thread_id, gen, id);
  CREATE INDEX comments_by_hash ON comments (text_hash);
  CREATE UNIQUE INDEX comments_by_display ON comments (thread_id, gen, display_index) WHERE display_index IS NOT NULL;

  ALTER TABLE scores ADD COLUMN toxicity REAL;
  ALTER TABLE scores ADD COLUMN severe_toxicity REAL;
  ALTER TABLE scores ADD COLUMN identity_attack REAL;
  ALTER TABLE scores ADD COLUMN insult REAL;
  ALTER TABLE scores ADD COLUMN profanity REAL;
  ALTER TABLE scores ADD COLUMN threat REAL;
  ALTER TABLE scores ADD COLUMN language TEXT;
  ALTER TABLE scores ADD COLUMN language_unsupported INTEGER NOT NULL DEFAULT 0;
  UPDATE scores SET
    toxicity = CASE WHEN json_type(result_json, '$.scores.TOXICITY') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.TOXICITY') END,
    severe_toxicity = CASE WHEN json_type(result_json, '$.scores.SEVERE_TOXICITY') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.SEVERE_TOXICITY') END,
    identity_attack = CASE WHEN json_type(result_json, '$.scores.IDENTITY_ATTACK') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.IDENTITY_ATTACK') END,
    insult = CASE WHEN json_type(result_json, '$.scores.INSULT') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.INSULT') END,
    profanity = CASE WHEN json_type(result_json, '$.scores.PROFANITY') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.PROFANITY') END,
    threat = CASE WHEN json_type(result_json, '$.scores.THREAT') IN ('real', 'integer') THEN json_extract(result_json, '$.scores.THREAT') END,
    language = CASE WHEN json_type(result_json, '$.language') = 'text' THEN json_extract(result_json, '$.language') END,
    language_unsupported = coalesce(json_type(result_json, '$.languageUnsupported') = 'true', 0)
    WHERE result_json IS NOT NULL;
  `,
  // 4 -> 5: the serialized thread index of each thread's latest opened version (issue 13), so that opening a big
  // thread after a restart reads one row instead of building the index again (thread-routes.ts ThreadIndexCache).
  // `version_key` names the index format and the thread's version; a row of another key is never served.
  `
  CREATE TABLE thread_indexes (
    thread_id   TEXT PRIMARY KEY,
    version_key TEXT NOT NULL,
    json        TEXT NOT NULL,
    built_at    TEXT NOT NULL
  );
  `,
  // 5 -> 6: the team (issue 14; ADRs 0022-0025). Accounts with scrypt password hashes; sessions stored as the
  // SHA-256 of their token; an append-only audit trail; a decision's legal ground and its user; the team's reasons,
  // claims, snoozes and settings (the thresholds). Usernames compare without case ("Ada" and "ada" are one account).
  `
  CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role                 TEXT NOT NULL CHECK (role IN ('viewer', 'moderator', 'editor', 'admin')),
    password_hash        TEXT NOT NULL,
    password_changed_at  TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL,
    disabled_at          TEXT,
    last_login_at        TEXT
  );

  CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    address      TEXT
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    actor_role TEXT,
    action     TEXT NOT NULL,
    thread_id  TEXT,
    comment_id TEXT,
    what       TEXT NOT NULL DEFAULT '',
    why        TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX audit_by_actor ON audit_log (actor COLLATE NOCASE, seq);
  CREATE INDEX audit_by_action ON audit_log (action, seq);
  CREATE INDEX audit_by_comment ON audit_log (thread_id, comment_id, seq);
  CREATE INDEX audit_by_at ON audit_log (at);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry cannot be changed'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry cannot be deleted'); END;

  ALTER TABLE decisions ADD COLUMN legal_ground TEXT NOT NULL DEFAULT '';
  ALTER TABLE decisions ADD COLUMN user_id INTEGER;
  CREATE INDEX decisions_by_comment ON decisions (thread_id, comment_id, seq);

  CREATE TABLE reasons (
    code       TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    ground     TEXT NOT NULL CHECK (ground IN ('illegal', 'incompatible')),
    needs_note INTEGER NOT NULL DEFAULT 0,
    retired    INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL
  );

  CREATE TABLE claims (
    thread_id  TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (thread_id, comment_id)
  );

  CREATE TABLE snoozes (
    thread_id  TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    until      TEXT NOT NULL,
    PRIMARY KEY (thread_id, comment_id)
  );

  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    json       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );

  -- A commenter's history across threads (ADR 0026): the comments of one author, found without a scan.
  CREATE INDEX comments_by_author ON comments (author, thread_id, gen);
  `,
  // 6 -> 7: live events for the bus between console servers (issue 15; ADR 0027: version N is the same schema on
  // SQLite and PostgreSQL, pg-schema.ts has this migration's twin). Each row is one published event, in order.
  `
  CREATE TABLE live_events (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    at    TEXT NOT NULL,
    event TEXT NOT NULL
  );
  `,
  // 7 -> 8: failed logins counted in the database, so every console server sharing it applies one limit per account
  // and address (issue 15; src/app/auth/db-rate-limit.ts; pg-schema.ts has this migration's twin). One row per failed
  // attempt; `key` is "u:<lower-case name>" or "a:<address>", `at` ISO-8601.
  `
  CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
  );
  CREATE INDEX login_failures_by_key ON login_failures (key, at);
  CREATE INDEX login_failures_by_at ON login_failures (at);
  `,
  // 8 -> 9: the progress of queued jobs (imports, scoring), readable by every console server (ADR 0032; twin in
  // pg-schema.ts). One row per job, keyed by its de-duplication key; batch_id groups the jobs of one import.
  `
  CREATE TABLE job_progress (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    batch_id   TEXT,
    done       INTEGER NOT NULL DEFAULT 0,
    total      INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL CHECK (state IN ('queued', 'running', 'retrying', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX job_progress_by_batch ON job_progress (batch_id);
  `,
  // 9 -> 10: uploads held in the database until their import ends (ADR 0033; twin in pg-schema.ts; repository
  // uploads.ts). One row an upload (its outcome as JSON once the import ended); its bytes in parts of at most 1 MiB,
  // deleted with the row (or before it, when the import ended).
  `
  CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    progress_id  TEXT,
    actor        TEXT NOT NULL,
    actor_role   TEXT,
    file_name    TEXT,
    format       TEXT,
    byte_length  INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    outcome_json TEXT,
    ended_at     TEXT
  );
  CREATE INDEX uploads_by_progress ON uploads (progress_id, created_at);

  CREATE TABLE upload_parts (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    bytes     BLOB,
    PRIMARY KEY (upload_id, seq)
  );
  `,
];

/**
 * Brings the database to the latest schema in one immediate transaction (so two processes opening a new file at once
 * do not both migrate). Throws when the file was made by a newer Threadscope.
 */
export function migrate(db: Database.Database): number {
  return db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
    if (row === undefined) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
    const from = row?.version ?? 0;
    if (from > MIGRATIONS.length) {
      throw new Error(`the database has schema version ${from}, newer than this Threadscope knows (${MIGRATIONS.length}); use a newer Threadscope or another data directory`);
    }
    for (let version = from; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]!);
    db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length);
    return MIGRATIONS.length;
  }).immediate();
}
