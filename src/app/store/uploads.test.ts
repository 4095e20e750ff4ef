/**
 * The uploads repository (uploads.ts) on both engines: bytes round-trip exactly (empty, one byte, one whole part, two
 * and a half parts of random bytes with NULs and invalid UTF-8, nine parts), the meta, the first outcome wins,
 * dropped bytes, the latest upload of a progress id, pruning with its parts, and stored rows that were tampered with.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from './pg-schema.ts';
import { describeEachEngine, freshDatabase, type FreshDatabase } from './testing/databases.ts';
import {
  dropUploadBytes, latestUploadOf, pruneUploads, recordUploadOutcome, saveUpload, UPLOAD_PART_BYTES, uploadBytes, uploadMeta,
  type NewUpload, type UploadOutcome,
} from './uploads.ts';

const upload = (id: string, bytes: Uint8Array, extra: Partial<NewUpload> = {}): NewUpload => ({
  id, progressId: 'p-1', actor: 'ada', actorRole: 'editor', fileName: 'export.xml', format: null, bytes, createdAt: '2026-12-07T10:00:00.000Z', ...extra,
});

const ids = (count: number): { count: number; ids: string[] } => ({ count, ids: Array.from({ length: count }, (_, i) => `c${i}`) });

const done: UploadOutcome = {
  ok: true,
  response: { format: 'json', threads: [{ id: 't1', title: 'T', url: null, sourceFormat: 'json', commentCount: 2, importedAt: '2026-12-07T10:00:01.000Z', existed: false, revision: 1, changes: { added: ids(2), changed: ids(0), unchanged: ids(0), missing: ids(0), restored: ids(0) }, decisionsKept: 0 }], problems: [] },
  scoreBatches: ['score:t1'],
};

describeEachEngine('uploads', (engine) => {
  let db: FreshDatabase;

  beforeEach(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
  });
  afterEach(() => db.dispose());

  const parts = async (id: string): Promise<number> => Number(await db.sql.value<number>('SELECT count(*) FROM upload_parts WHERE upload_id = ?', [id]));

  it('round-trips 0 bytes, 1 byte, exactly one part and 2.5 parts of random bytes (NULs, invalid UTF-8) byte for byte', async () => {
    const random = randomBytes(Math.floor(UPLOAD_PART_BYTES * 2.5));
    random[0] = 0;
    random[1] = 0xff;
    random[2] = 0xc3; // a UTF-8 lead byte followed by an ASCII byte: not UTF-8
    random[3] = 0x41;
    random[UPLOAD_PART_BYTES] = 0;
    const cases: Array<[string, Uint8Array, number]> = [
      ['empty', new Uint8Array(0), 1],
      ['one', Uint8Array.of(0), 1],
      ['part', randomBytes(UPLOAD_PART_BYTES), 1],
      // A view into a larger buffer: only its own bytes are stored.
      ['view', new Uint8Array(random.buffer, random.byteOffset + 5, 10), 1],
      ['random', random, 3],
    ];
    for (const [id, bytes, partCount] of cases) {
      const meta = await saveUpload(db.sql, upload(id, bytes));
      expect(meta.byteLength).toBe(bytes.length);
      expect(meta.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await parts(id)).toBe(partCount);
      const back = await uploadBytes(db.sql, id);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(back!.length).toBe(bytes.length);
      expect(Buffer.compare(Buffer.from(back!), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))).toBe(0);
    }
    expect(await uploadBytes(db.sql, 'nobody')).toBeUndefined();
  });

  it('round-trips an upload of more parts than one statement writes or reads (9 parts: two of each)', async () => {
    const bytes = randomBytes(UPLOAD_PART_BYTES * 8 + 3);
    await saveUpload(db.sql, upload('big', bytes));
    expect(await parts('big')).toBe(9);
    expect(await db.sql.value('SELECT length(bytes) FROM upload_parts WHERE upload_id = ? AND seq = 8', ['big'])).toBe(3);
    const back = await uploadBytes(db.sql, 'big');
    expect(Buffer.compare(Buffer.from(back!), bytes)).toBe(0);
  });

  it('reads back the meta as saved; an unknown id has none', async () => {
    const saved = await saveUpload(db.sql, upload('u1', Buffer.from('{"threads": []}'), { progressId: null, actorRole: null, fileName: null, format: 'json' }));
    const meta = await uploadMeta(db.sql, 'u1');
    expect(meta).toEqual(saved);
    expect(meta).toEqual({
      id: 'u1', progressId: null, actor: 'ada', actorRole: null, fileName: null, format: 'json', byteLength: 15,
      sha256: createHash('sha256').update('{"threads": []}').digest('hex'), createdAt: '2026-12-07T10:00:00.000Z',
      outcome: null, endedAt: null, hasBytes: true,
    });
    expect(await uploadMeta(db.sql, 'u2')).toBeUndefined();
    await expect(saveUpload(db.sql, upload('u1', Uint8Array.of(1)))).rejects.toThrow();
    expect(await parts('u1')).toBe(1);
  });

  it('refuses an upload without an id, actor or bytes, storing nothing', async () => {
    await expect(saveUpload(db.sql, upload(' ', Uint8Array.of(1)))).rejects.toThrow('the upload id must be a non-empty string');
    await expect(saveUpload(db.sql, upload('u1', Uint8Array.of(1), { actor: '' }))).rejects.toThrow('upload "u1" has no actor');
    await expect(saveUpload(db.sql, upload('u1', 'text' as unknown as Uint8Array))).rejects.toThrow('upload "u1" has no bytes');
    expect(await db.sql.value('SELECT count(*) FROM uploads')).toBe(0);
  });

  it('records the first outcome only; a refusal is an outcome too', async () => {
    await saveUpload(db.sql, upload('u1', Uint8Array.of(1, 2)));
    await saveUpload(db.sql, upload('u2', Uint8Array.of(3)));
    expect(await recordUploadOutcome(db.sql, 'u1', done, '2026-12-07T10:00:02.000Z')).toBe(true);
    expect(await recordUploadOutcome(db.sql, 'u1', { ok: false, error: 'late', where: null }, '2026-12-07T10:00:03.000Z')).toBe(false);
    expect(await uploadMeta(db.sql, 'u1')).toMatchObject({ outcome: done, endedAt: '2026-12-07T10:00:02.000Z', hasBytes: true });
    const refused: UploadOutcome = { ok: false, error: 'line 3: expected a comment', where: 'line 3' };
    expect(await recordUploadOutcome(db.sql, 'u2', refused, '2026-12-07T10:00:04.000Z')).toBe(true);
    expect((await uploadMeta(db.sql, 'u2'))?.outcome).toEqual(refused);
    expect(await recordUploadOutcome(db.sql, 'nobody', refused, '2026-12-07T10:00:04.000Z')).toBe(false);
    await expect(recordUploadOutcome(db.sql, 'u2', { ok: true } as unknown as UploadOutcome, 'x')).rejects.toThrow('upload "u2": the outcome is not an import outcome');
  });

  it('drops the bytes and keeps the row: uploadBytes is then undefined and hasBytes false', async () => {
    await saveUpload(db.sql, upload('u1', randomBytes(UPLOAD_PART_BYTES + 1)));
    expect(await dropUploadBytes(db.sql, 'u1')).toBe(2);
    expect(await uploadBytes(db.sql, 'u1')).toBeUndefined();
    expect(await uploadMeta(db.sql, 'u1')).toMatchObject({ id: 'u1', hasBytes: false, byteLength: UPLOAD_PART_BYTES + 1 });
    expect(await dropUploadBytes(db.sql, 'u1')).toBe(0);
    // An empty upload's bytes are there until dropped too.
    await saveUpload(db.sql, upload('u0', new Uint8Array(0)));
    expect((await uploadMeta(db.sql, 'u0'))?.hasBytes).toBe(true);
    expect(await dropUploadBytes(db.sql, 'u0')).toBe(1);
    expect(await uploadBytes(db.sql, 'u0')).toBeUndefined();
  });

  it('finds the newest upload of a progress id', async () => {
    await saveUpload(db.sql, upload('a', Uint8Array.of(1), { progressId: 'p-1', createdAt: '2026-12-07T10:00:00.000Z' }));
    await saveUpload(db.sql, upload('b', Uint8Array.of(2), { progressId: 'p-1', createdAt: '2026-12-07T10:05:00.000Z' }));
    await saveUpload(db.sql, upload('c', Uint8Array.of(3), { progressId: 'p-1', createdAt: '2026-12-07T10:01:00.000Z' }));
    await saveUpload(db.sql, upload('d', Uint8Array.of(4), { progressId: 'p-2', createdAt: '2026-12-07T11:00:00.000Z' }));
    expect((await latestUploadOf(db.sql, 'p-1'))?.id).toBe('b');
    expect((await latestUploadOf(db.sql, 'p-2'))?.id).toBe('d');
    expect(await latestUploadOf(db.sql, 'p-3')).toBeUndefined();
  });

  it('prunes the uploads that ended before a time, and those never ended made before it, their parts with them; not the others', async () => {
    await saveUpload(db.sql, upload('old', Uint8Array.of(1)));
    await saveUpload(db.sql, upload('new', Uint8Array.of(2)));
    await saveUpload(db.sql, upload('open', Uint8Array.of(3)));
    // Never ended (its import's last attempt died with its worker): pruned by its age.
    await saveUpload(db.sql, upload('abandoned', Uint8Array.of(4), { createdAt: '2026-12-01T00:00:00.000Z' }));
    await recordUploadOutcome(db.sql, 'old', done, '2026-12-01T00:00:00.000Z');
    await recordUploadOutcome(db.sql, 'new', done, '2026-12-07T00:00:00.000Z');
    expect(await pruneUploads(db.sql, '2026-12-05T00:00:00.000Z')).toBe(2);
    expect(await uploadMeta(db.sql, 'old')).toBeUndefined();
    expect(await parts('old')).toBe(0);
    expect(await uploadMeta(db.sql, 'abandoned')).toBeUndefined();
    expect(await parts('abandoned')).toBe(0);
    expect(await parts('new')).toBe(1);
    expect(await parts('open')).toBe(1);
    expect(await pruneUploads(db.sql, '2026-12-05T00:00:00.000Z')).toBe(0);
    await expect(pruneUploads(db.sql, 'z')).rejects.toThrow('pruneUploads: "z" is not an ISO-8601 time');
    expect(await parts('new')).toBe(1);
  });

  it('detects stored parts that were tampered with, naming the upload', async () => {
    const bytes = randomBytes(UPLOAD_PART_BYTES * 2 + 7);
    const save = (id: string) => saveUpload(db.sql, upload(id, bytes));
    await save('flip');
    const changed = Buffer.from(bytes.subarray(0, UPLOAD_PART_BYTES));
    changed[100] = changed[100]! ^ 1;
    await db.sql.run('UPDATE upload_parts SET bytes = ? WHERE upload_id = ? AND seq = 0', [changed, 'flip']);
    await expect(uploadBytes(db.sql, 'flip')).rejects.toThrow('upload "flip": its bytes do not match the SHA-256 recorded');

    await save('short');
    await db.sql.run('UPDATE upload_parts SET bytes = ? WHERE upload_id = ? AND seq = 2', [Buffer.alloc(3), 'short']);
    await expect(uploadBytes(db.sql, 'short')).rejects.toThrow(`upload "short": its parts hold ${UPLOAD_PART_BYTES * 2 + 3} bytes where ${UPLOAD_PART_BYTES * 2 + 7} were recorded`);

    await save('gap');
    await db.sql.run('UPDATE upload_parts SET seq = 5 WHERE upload_id = ? AND seq = 1', ['gap']);
    await expect(uploadBytes(db.sql, 'gap')).rejects.toThrow('upload "gap": part 1 is missing');

    await save('null');
    await db.sql.run('UPDATE upload_parts SET bytes = NULL WHERE upload_id = ? AND seq = 1', ['null']);
    await expect(uploadBytes(db.sql, 'null')).rejects.toThrow('upload "null": 1 of its 3 parts hold no bytes');
  });

  it('a malformed recorded outcome is an error naming the upload', async () => {
    await saveUpload(db.sql, upload('u1', Uint8Array.of(1)));
    await db.sql.run("UPDATE uploads SET outcome_json = '{not json' WHERE id = 'u1'");
    await expect(uploadMeta(db.sql, 'u1')).rejects.toThrow('upload "u1": its recorded outcome is not valid JSON');
    await db.sql.run(`UPDATE uploads SET outcome_json = '{"ok":true,"response":{"format":"json","threads":[{"id":1}],"problems":[]},"scoreBatches":[]}' WHERE id = 'u1'`);
    await expect(latestUploadOf(db.sql, 'p-1')).rejects.toThrow('upload "u1": its recorded outcome is not an import outcome ("response.threads[0]" is not an imported thread');
  });
});
