/**
 * Uploads held in the database until their import ends (ADR 0033): on PostgreSQL a console server stores the body of
 * `POST /api/imports` here and enqueues an `import-file` job; whichever process runs the job reads the bytes back,
 * records the import's outcome, and drops the bytes. Tables `uploads` and `upload_parts` (schema 10, both engines).
 *
 * Contract (functions over `Sql`: the store's connection or a transaction, e.g. the `tx` of `Store.saveImport`'s
 * `onCommit`):
 * - `saveUpload` writes the row and its parts in ONE transaction (joining the caller's when given a `tx`): the bytes
 *   cut in parts of `UPLOAD_PART_BYTES` (seq 0, 1, ...; an empty upload has one empty part, so that "no parts" always
 *   means "bytes dropped"), inserted a few parts per statement (a 256 MB upload never builds one giant statement).
 *   The SHA-256 and the byte length are computed here. An id that exists already is an error (the driver's).
 * - `uploadMeta` reads the row (`hasBytes`: whether its parts are still there); undefined for an unknown id.
 * - `uploadBytes` gives the parts concatenated in seq order, in one buffer of the recorded length; undefined when the
 *   upload is unknown or its bytes were dropped (also when they are dropped while being read). Parts are read a
 *   few at a time. The stored rows are not trusted: a gap in the seqs, a null part, a total other than the recorded
 *   byte length, or another SHA-256 throws an Error naming the upload, before anything is handed out.
 * - `recordUploadOutcome` records the outcome and end time only if none is recorded yet (first wins: `UPDATE ...
 *   WHERE outcome_json IS NULL`) and says whether it did.
 * - `dropUploadBytes` deletes the parts (the row stays, with its outcome) and returns how many were deleted.
 * - `latestUploadOf` is the newest upload (by `created_at`, then id) sent with a client's progress id.
 * - `pruneUploads` deletes the rows that ended (`ended_at`) before the given time, and the rows that never ended and
 *   were created before it (an import whose last attempt died with its worker records no end); their parts go with
 *   them (ON DELETE CASCADE). So the time must lie further back than any import can run (the caller keeps 7 days; an
 *   import's attempts at their longest expiry end within that).
 * - A row's `outcome_json` is parsed defensively: not JSON, or not an outcome's shape, throws an Error naming the
 *   upload (never a crash in a caller that trusts the shape). Messages name uploads by id, never by content.
 *
 * Tests: uploads.test.ts (both engines: round trips of 0 bytes, 1 byte, exactly one part, 2.5 parts of random bytes
 * with NULs and invalid UTF-8, nine parts; meta; first outcome wins; drop; latest by progress id; prune cascades; a
 * tampered part); store-commit.test.ts (saveImport's onCommit); sql.test.ts (bytes through both drivers).
 */
import { createHash } from 'node:crypto';
import type { ImportResponse } from '../../core/api.ts';
import type { Sql, SqlParams } from './sql.ts';

/** The largest part of an upload's bytes: one row of `upload_parts`. */
export const UPLOAD_PART_BYTES = 1024 * 1024;
/** Parts written by one INSERT, and read by one SELECT (so at most 8 MiB of bytes in one statement). */
const PARTS_PER_STATEMENT = 8;

export interface NewUpload {
  /** A UUID made by the caller. */
  id: string;
  /** The client's progress id (GET /api/imports/progress/:id), when it sent one. */
  progressId: string | null;
  /** Who uploaded (the audit log's actor) and their role. */
  actor: string;
  actorRole: string | null;
  fileName: string | null;
  /** The format the client named (null: detect). */
  format: string | null;
  bytes: Uint8Array;
  /** ISO-8601. */
  createdAt: string;
}

/** How an upload's import ended: the POST's answer (and the scoring batches it waits for), or the importer's refusal. */
export type UploadOutcome =
  | { ok: true; response: ImportResponse; scoreBatches: string[] }
  | { ok: false; error: string; where: string | null };

/** An upload as stored, without its bytes (the fields of NewUpload, and what storing and importing it added). */
export interface UploadMeta extends Omit<NewUpload, 'bytes'> {
  byteLength: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** Null until the import ended. */
  outcome: UploadOutcome | null;
  endedAt: string | null;
  /** False once the bytes were dropped. */
  hasBytes: boolean;
}

interface Row {
  id: string;
  progress_id: string | null;
  actor: string;
  actor_role: string | null;
  file_name: string | null;
  format: string | null;
  byte_length: number;
  sha256: string;
  created_at: string;
  outcome_json: string | null;
  ended_at: string | null;
  has_bytes: number;
}

const UPLOAD_COLUMNS = ['id', 'progress_id', 'actor', 'actor_role', 'file_name', 'format', 'byte_length', 'sha256', 'created_at'] as const;
const PART_COLUMNS = ['upload_id', 'seq', 'bytes'] as const;
const SELECT_META = `SELECT u.id, u.progress_id, u.actor, u.actor_role, u.file_name, u.format, u.byte_length, u.sha256, u.created_at,
  u.outcome_json, u.ended_at, EXISTS (SELECT 1 FROM upload_parts p WHERE p.upload_id = u.id) AS has_bytes FROM uploads u`;

/** An id as messages show it: cut, so that a hostile one cannot flood a log. */
const named = (id: string): string => JSON.stringify(id.length > 80 ? `${id.slice(0, 77)}...` : id);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** Why `value` is not an UploadOutcome, or null when it is one. */
function outcomeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (value.ok === false) {
    if (typeof value.error !== 'string') return '"error" is not a string';
    if (!isStringOrNull(value.where)) return '"where" is neither a string nor null';
    return null;
  }
  if (value.ok !== true) return '"ok" is neither true nor false';
  if (!Array.isArray(value.scoreBatches) || !value.scoreBatches.every((b) => typeof b === 'string')) return '"scoreBatches" is not a list of strings';
  const response = value.response;
  if (!isObject(response)) return '"response" is not an object';
  if (typeof response.format !== 'string') return '"response.format" is not a string';
  if (!Array.isArray(response.threads)) return '"response.threads" is not a list';
  const badThread = response.threads.findIndex((t) => !isObject(t) || typeof t.id !== 'string' || typeof t.commentCount !== 'number' || typeof t.revision !== 'number');
  if (badThread >= 0) return `"response.threads[${badThread}]" is not an imported thread (id, commentCount, revision)`;
  if (!Array.isArray(response.problems)) return '"response.problems" is not a list';
  const badProblem = response.problems.findIndex((p) => !isObject(p) || typeof p.message !== 'string' || typeof p.severity !== 'string');
  if (badProblem >= 0) return `"response.problems[${badProblem}]" is not a problem (severity, message)`;
  return null;
}

/** The stored outcome, checked: throws naming the upload when it is not JSON or not an outcome. */
function parseOutcome(id: string, json: string): UploadOutcome {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`upload ${named(id)}: its recorded outcome is not valid JSON`);
  }
  const problem = outcomeProblem(value);
  if (problem !== null) throw new Error(`upload ${named(id)}: its recorded outcome is not an import outcome (${problem})`);
  return value as UploadOutcome;
}

function fromRow(row: Row): UploadMeta {
  const id = String(row.id);
  if (!Number.isSafeInteger(row.byte_length) || row.byte_length < 0) throw new Error(`upload ${named(id)}: its byte length ${String(row.byte_length).slice(0, 20)} is not a whole number from 0`);
  if (typeof row.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(row.sha256)) throw new Error(`upload ${named(id)}: its SHA-256 is not 64 hex digits`);
  return {
    id, progressId: row.progress_id, actor: row.actor, actorRole: row.actor_role, fileName: row.file_name, format: row.format,
    byteLength: row.byte_length, sha256: row.sha256, createdAt: row.created_at,
    outcome: row.outcome_json === null ? null : parseOutcome(id, row.outcome_json),
    endedAt: row.ended_at, hasBytes: Number(row.has_bytes) === 1,
  };
}

/** A view of `bytes[from, to)` as a Buffer, without copying (both drivers bind a Buffer as a BLOB / BYTEA). */
function slice(bytes: Uint8Array, from: number, to: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
}

function checkNewUpload(upload: NewUpload): void {
  if (typeof upload.id !== 'string' || upload.id.trim() === '') throw new Error('saveUpload: the upload id must be a non-empty string');
  if (typeof upload.actor !== 'string' || upload.actor === '') throw new Error(`saveUpload: upload ${named(upload.id)} has no actor`);
  if (!(upload.bytes instanceof Uint8Array)) throw new Error(`saveUpload: upload ${named(upload.id)} has no bytes (expected a Uint8Array)`);
  if (typeof upload.createdAt !== 'string' || upload.createdAt === '') throw new Error(`saveUpload: upload ${named(upload.id)} has no creation time`);
}

/** Stores an upload: its row and all its parts in one transaction. Returns its meta as stored. */
export async function saveUpload(sql: Sql, upload: NewUpload): Promise<UploadMeta> {
  checkNewUpload(upload);
  const { bytes } = upload;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const partCount = Math.max(1, Math.ceil(bytes.length / UPLOAD_PART_BYTES));
  await sql.transaction(async (tx) => {
    await tx.run(`INSERT INTO uploads (${UPLOAD_COLUMNS.join(', ')}) VALUES (${UPLOAD_COLUMNS.map(() => '?').join(', ')})`,
      [upload.id, upload.progressId, upload.actor, upload.actorRole, upload.fileName, upload.format, bytes.length, sha256, upload.createdAt]);
    for (let first = 0; first < partCount; first += PARTS_PER_STATEMENT) {
      const rows: SqlParams[] = [];
      for (let seq = first; seq < Math.min(partCount, first + PARTS_PER_STATEMENT); seq++) {
        const from = seq * UPLOAD_PART_BYTES;
        rows.push([upload.id, seq, slice(bytes, from, Math.min(bytes.length, from + UPLOAD_PART_BYTES))]);
      }
      await tx.insertMany('upload_parts', PART_COLUMNS, rows);
    }
  });
  return {
    id: upload.id, progressId: upload.progressId, actor: upload.actor, actorRole: upload.actorRole, fileName: upload.fileName,
    format: upload.format, byteLength: bytes.length, sha256, createdAt: upload.createdAt, outcome: null, endedAt: null, hasBytes: true,
  };
}

/** The upload's row, or undefined for an unknown id. Throws naming the upload when the row is malformed. */
export async function uploadMeta(sql: Sql, id: string): Promise<UploadMeta | undefined> {
  const row = await sql.get<Row>(`${SELECT_META} WHERE u.id = ?`, [id]);
  return row === undefined ? undefined : fromRow(row);
}

/**
 * The upload's bytes, checked against its recorded length and SHA-256; undefined when the upload is unknown or its
 * bytes were dropped. Throws naming the upload when the stored parts do not make up what was recorded.
 */
export async function uploadBytes(sql: Sql, id: string): Promise<Uint8Array | undefined> {
  const head = await sql.get<{ byte_length: number; sha256: string }>('SELECT byte_length, sha256 FROM uploads WHERE id = ?', [id]);
  if (head === undefined) return undefined;
  const length = head.byte_length;
  if (!Number.isSafeInteger(length) || length < 0) throw new Error(`upload ${named(id)}: its byte length ${String(length).slice(0, 20)} is not a whole number from 0`);
  // Sizes first, so that a tampered row cannot make this allocate what the parts do not hold.
  const sizes = await sql.get<{ parts: number; nulls: number; total: number }>(
    'SELECT count(*) AS parts, count(*) - count(bytes) AS nulls, coalesce(sum(length(bytes)), 0) AS total FROM upload_parts WHERE upload_id = ?', [id]);
  const parts = Number(sizes?.parts ?? 0);
  if (parts === 0) return undefined;
  if (Number(sizes?.nulls) > 0) throw new Error(`upload ${named(id)}: ${sizes?.nulls} of its ${parts} parts hold no bytes`);
  if (Number(sizes?.total) !== length) throw new Error(`upload ${named(id)}: its parts hold ${sizes?.total} bytes where ${length} were recorded`);
  const out = Buffer.alloc(length);
  let offset = 0;
  let expected = 0;
  while (expected < parts) {
    const rows = await sql.all<{ seq: number; bytes: Uint8Array | null }>(
      `SELECT seq, bytes FROM upload_parts WHERE upload_id = ? AND seq >= ? ORDER BY seq LIMIT ${PARTS_PER_STATEMENT}`, [id, expected]);
    if (rows.length === 0) {
      // Dropped while being read (the import ended elsewhere): as if dropped before.
      if ((await sql.value<number>('SELECT count(*) FROM upload_parts WHERE upload_id = ?', [id])) === 0) return undefined;
      throw new Error(`upload ${named(id)}: part ${expected} of ${parts} is missing`);
    }
    for (const row of rows) {
      if (Number(row.seq) !== expected) throw new Error(`upload ${named(id)}: part ${expected} is missing (the next stored part is ${String(row.seq).slice(0, 20)})`);
      if (!(row.bytes instanceof Uint8Array)) throw new Error(`upload ${named(id)}: part ${expected} holds no bytes`);
      if (offset + row.bytes.length > length) throw new Error(`upload ${named(id)}: its parts hold more than the ${length} bytes recorded`);
      out.set(row.bytes, offset);
      offset += row.bytes.length;
      expected += 1;
    }
  }
  if (offset !== length) throw new Error(`upload ${named(id)}: its parts hold ${offset} bytes where ${length} were recorded`);
  const sha256 = createHash('sha256').update(out).digest('hex');
  if (sha256 !== head.sha256) throw new Error(`upload ${named(id)}: its bytes do not match the SHA-256 recorded when it was received`);
  return out;
}

/** Records how the upload's import ended, unless an outcome is recorded already (first wins); true when this call did. */
export async function recordUploadOutcome(sql: Sql, id: string, outcome: UploadOutcome, at: string): Promise<boolean> {
  const problem = outcomeProblem(outcome);
  if (problem !== null) throw new Error(`recordUploadOutcome: upload ${named(id)}: the outcome is not an import outcome (${problem})`);
  const { changes } = await sql.run('UPDATE uploads SET outcome_json = ?, ended_at = ? WHERE id = ? AND outcome_json IS NULL', [JSON.stringify(outcome), at, id]);
  return changes === 1;
}

/** Deletes the upload's bytes (the row and its outcome stay); returns how many parts were deleted. */
export async function dropUploadBytes(sql: Sql, id: string): Promise<number> {
  return (await sql.run('DELETE FROM upload_parts WHERE upload_id = ?', [id])).changes;
}

/** The newest upload sent with a client's progress id, or undefined when there is none. */
export async function latestUploadOf(sql: Sql, progressId: string): Promise<UploadMeta | undefined> {
  const row = await sql.get<Row>(`${SELECT_META} WHERE u.progress_id = ? ORDER BY u.created_at DESC, u.id DESC LIMIT 1`, [progressId]);
  return row === undefined ? undefined : fromRow(row);
}

/** Deletes the uploads that ended before `endedBefore` (ISO-8601), their parts with them; returns how many rows. */
export async function pruneUploads(sql: Sql, endedBefore: string): Promise<number> {
  // Times are compared as text: a value that is no time could delete what it should not.
  if (typeof endedBefore !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(endedBefore) || Number.isNaN(Date.parse(endedBefore))) {
    throw new Error(`pruneUploads: ${JSON.stringify(String(endedBefore).slice(0, 40))} is not an ISO-8601 time`);
  }
  return (await sql.run('DELETE FROM uploads WHERE coalesce(ended_at, created_at) < ?', [endedBefore])).changes;
}
