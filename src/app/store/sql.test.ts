/**
 * The `Sql` contract (sql.ts) on every engine of the run (testing/databases.ts): SQLite always, PostgreSQL when the
 * globalSetup started one or THREADSCOPE_TEST_DATABASE_URL names one.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Sql } from './sql.ts';
import { PgSql } from './pg-sql.ts';
import { describeEachEngine, freshDatabase, TEST_DATABASE_URL, type FreshDatabase } from './testing/databases.ts';

const TABLE = `CREATE TABLE items (
  id    BIGINT PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  note  TEXT,
  score REAL
)`;

/** Lets other queued work (timers, I/O) run. */
const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine('Sql', (engine) => {
  let db: FreshDatabase;
  let sql: Sql;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    sql = db.sql;
    await sql.exec(TABLE);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('names its dialect', () => {
    expect(sql.dialect).toBe(engine);
  });

  it('binds ? placeholders in order and leaves a ? inside quotes alone', async () => {
    await sql.run('INSERT INTO items (id, name, note) VALUES (?, ?, ?)', [1, 'what?', "it's '?'"]);
    const row = await sql.get<{ name: string; note: string; q: string; d: string }>(
      `SELECT name, note, '?' AS q, 'a''?' AS d FROM items WHERE id = ? AND name = ? -- a ? in a comment
       /* and ? here */`,
      [1, 'what?'],
    );
    expect(row).toEqual({ name: 'what?', note: "it's '?'", q: '?', d: "a'?" });
  });

  it('binds bytes (a Buffer or any Uint8Array view) as a BLOB / BYTEA and gives them back as a Buffer, byte for byte', async () => {
    await sql.exec(`CREATE TABLE blobs (id BIGINT PRIMARY KEY, b ${engine === 'postgres' ? 'BYTEA' : 'BLOB'})`);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const view = new Uint8Array(all.buffer, 250, 6);
    await sql.run('INSERT INTO blobs (id, b) VALUES (?, ?)', [1, Buffer.from(all)]);
    await sql.insertMany('blobs', ['id', 'b'], [[2, view], [3, new Uint8Array(0)], [4, null]]);
    const rows = await sql.all<{ id: number; b: Uint8Array | null }>('SELECT id, b FROM blobs ORDER BY id');
    expect(rows.map((r) => [r.id, Buffer.isBuffer(r.b), r.b === null ? null : [...r.b]])).toEqual([
      [1, true, [...all]], [2, true, [250, 251, 252, 253, 254, 255]], [3, true, []], [4, false, null],
    ]);
    expect(await sql.value('SELECT length(b) FROM blobs WHERE id = 1')).toBe(256);
  });

  it('refuses a statement given the wrong number of values', async () => {
    await expect(sql.run('INSERT INTO items (id, name) VALUES (?, ?)', [1])).rejects.toThrow();
  });

  it('reads nulls, integers, doubles and text as written; get and value give undefined without a row', async () => {
    await sql.run('INSERT INTO items (id, name, note, score) VALUES (?, ?, ?, ?)', [7, 'a', null, 0.25]);
    expect(await sql.get('SELECT id, name, note, score FROM items')).toEqual({ id: 7, name: 'a', note: null, score: 0.25 });
    expect(await sql.value('SELECT note FROM items')).toBeNull();
    expect(await sql.get('SELECT id FROM items WHERE id = ?', [8])).toBeUndefined();
    expect(await sql.value('SELECT id FROM items WHERE id = ?', [8])).toBeUndefined();
    expect(await sql.all('SELECT id FROM items WHERE id = ?', [8])).toEqual([]);
  });

  it('gives counts, sums and big integers as numbers', async () => {
    const big = 2 ** 40 + 3;
    await sql.run('INSERT INTO items (id, name) VALUES (?, ?), (?, ?)', [big, 'big', 1, 'one']);
    const count = await sql.value('SELECT count(*) FROM items');
    expect(count).toBe(2);
    expect(typeof count).toBe('number');
    expect(await sql.value('SELECT sum(id) FROM items')).toBe(big + 1);
    expect(await sql.value('SELECT max(id) FROM items')).toBe(big);
    expect(await sql.get('SELECT count(*) AS n FROM items')).toEqual({ n: 2 });
  });

  it('gives a comparison or EXISTS as 1 or 0', async () => {
    await sql.run('INSERT INTO items (id, name) VALUES (1, ?)', ['a']);
    expect(await sql.get('SELECT (id = 1) AS yes, (id = 2) AS no, EXISTS (SELECT 1 FROM items WHERE id = 9) AS none FROM items')).toEqual({ yes: 1, no: 0, none: 0 });
  });

  it.runIf(engine === 'postgres')('gives json, dates and times as text', async () => {
    expect(await sql.get(`SELECT '{"a": 1}'::jsonb AS j, DATE '2026-12-07' AS d, TIMESTAMPTZ '2026-12-07T08:00:00Z' AT TIME ZONE 'UTC' AS t`))
      .toEqual({ j: '{"a": 1}', d: '2026-12-07', t: '2026-12-07 08:00:00' });
  });

  it.runIf(engine === 'postgres')('refuses an integer past 2^53 instead of reading it imprecisely', async () => {
    await expect(sql.value('SELECT 9007199254740993::bigint')).rejects.toThrow(/past 2\^53/);
    expect(await sql.value('SELECT 9007199254740991::bigint')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('run counts the rows changed; RETURNING comes back through all', async () => {
    await sql.insertMany('items', ['id', 'name'], [[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(await sql.run('UPDATE items SET note = ? WHERE id >= ?', ['x', 2])).toEqual({ changes: 2 });
    expect(await sql.all('INSERT INTO items (id, name) VALUES (?, ?) RETURNING id, name', [4, 'd'])).toEqual([{ id: 4, name: 'd' }]);
    expect(await sql.run('DELETE FROM items WHERE id = ?', [99])).toEqual({ changes: 0 });
  });

  it('commits a transaction and rolls it back when its function throws', async () => {
    const result = await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, name) VALUES (?, ?)', [1, 'kept']);
      return 'done';
    });
    expect(result).toBe('done');
    await expect(sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, name) VALUES (?, ?)', [2, 'lost']);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await sql.all('SELECT name FROM items ORDER BY id')).toEqual([{ name: 'kept' }]);
  });

  it('rolls back a transaction whose statement fails, and the connection stays usable', async () => {
    await sql.run('INSERT INTO items (id, name) VALUES (?, ?)', [1, 'a']);
    await expect(sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, name) VALUES (?, ?)', [2, 'b']);
      await tx.run('INSERT INTO items (id, name) VALUES (?, ?)', [3, 'a']); // unique name
    })).rejects.toThrow();
    expect(await sql.value('SELECT count(*) FROM items')).toBe(1);
    for (let i = 0; i < 12; i++) await expect(sql.transaction((tx) => tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['x']))).rejects.toThrow();
    expect(await sql.value('SELECT count(*) FROM items')).toBe(1);
  });

  it('a nested transaction joins the outer one; its failure undoes only its own writes', async () => {
    await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['outer']);
      await tx.transaction(async (inner) => {
        await inner.run('INSERT INTO items (id, name) VALUES (2, ?)', ['inner']);
      });
      await expect(tx.transaction(async (inner) => {
        await inner.run('INSERT INTO items (id, name) VALUES (3, ?)', ['failed']);
        throw new Error('inner failed');
      })).rejects.toThrow('inner failed');
      await tx.run('INSERT INTO items (id, name) VALUES (4, ?)', ['after']);
    });
    expect(await sql.all('SELECT name FROM items ORDER BY id')).toEqual([{ name: 'outer' }, { name: 'inner' }, { name: 'after' }]);

    await expect(sql.transaction(async (tx) => {
      await tx.transaction((inner) => inner.run('INSERT INTO items (id, name) VALUES (5, ?)', ['undone with the outer']));
      throw new Error('outer failed');
    })).rejects.toThrow('outer failed');
    expect(await sql.value('SELECT count(*) FROM items')).toBe(3);
  });

  it('a transaction is refused once it has ended', async () => {
    let leaked: Sql | undefined;
    await sql.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.run('INSERT INTO items (id, name) VALUES (1, ?)', ['late'])).rejects.toThrow(/ended/);
  });

  it('no other caller sees, or writes into, an open transaction', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = sql.transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['uncommitted']);
      inserted();
      await held;
      throw new Error('rolled back');
    });
    await insertedSignal;
    let committed = false;
    // Another caller: it must never see the uncommitted row, and its own write must survive the rollback.
    const outside = (async () => {
      const seen = await sql.value<number>('SELECT count(*) FROM items');
      await sql.run('INSERT INTO items (id, name) VALUES (2, ?)', ['outside']);
      return { seen, afterEnd: committed };
    })();
    await tick();
    committed = true;
    release();
    await expect(transaction).rejects.toThrow('rolled back');
    const { seen } = await outside;
    expect(seen).toBe(0);
    expect(await sql.all('SELECT name FROM items')).toEqual([{ name: 'outside' }]);
  });

  it('immediate transactions serialise two read-then-write updates of one value', async () => {
    await sql.run('INSERT INTO items (id, name, score) VALUES (1, ?, 0)', ['counter']);
    const increment = () => sql.transaction(async (tx) => {
      const current = (await tx.value<number>('SELECT score FROM items WHERE id = 1'))!;
      await tick(30);
      await tx.run('UPDATE items SET score = ? WHERE id = 1', [current + 1]);
    }, { immediate: true, lockKey: 'counter' });
    await Promise.all([increment(), increment(), increment()]);
    expect(await sql.value('SELECT score FROM items WHERE id = 1')).toBe(3);
  });

  it('insertMany writes rows past one statement\'s parameter limit, counting those ON CONFLICT DO NOTHING skips out', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => [i + 1, `name ${i}`, i % 3 === 0 ? null : `note ${i}`] as const);
    expect(await sql.insertMany('items', ['id', 'name', 'note'], rows)).toBe(25_000);
    expect(await sql.value('SELECT count(*) FROM items')).toBe(25_000);
    expect(await sql.get('SELECT name, note FROM items WHERE id = ?', [24_999])).toEqual({ name: 'name 24998', note: 'note 24998' });
    const again = [[1, 'name 0', null], [30_000, 'new', null]] as const;
    expect(await sql.insertMany('items', ['id', 'name', 'note'], again, 'ON CONFLICT DO NOTHING')).toBe(1);
    expect(await sql.insertMany('items', ['id', 'name'], [])).toBe(0);
  });

  it('insertMany writes nothing when one row fails, and refuses names that are not plain SQL names', async () => {
    await expect(sql.insertMany('items', ['id', 'name'], [[1, 'a'], [2, 'a']])).rejects.toThrow();
    expect(await sql.value('SELECT count(*) FROM items')).toBe(0);
    await expect(sql.insertMany('items; DROP TABLE items', ['id'], [[1]])).rejects.toThrow(/plain SQL name/);
    await expect(sql.insertMany('items', ['id', 'name"'], [[1, 'a']])).rejects.toThrow(/plain SQL name/);
    await expect(sql.insertMany('items', ['id', 'name'], [[1]])).rejects.toThrow(/row 0 has 1 values for 2 columns/);
  });

  it('batches reads a result in arrays of at most size rows, in order, and can be left early', async () => {
    await sql.insertMany('items', ['id', 'name'], Array.from({ length: 1005 }, (_, i) => [i + 1, `n${i + 1}`]));
    const sizes: number[] = [];
    let last = 0;
    for await (const batch of sql.batches<{ id: number }>('SELECT id FROM items WHERE id > ? ORDER BY id', [0], 100)) {
      sizes.push(batch.length);
      for (const row of batch) {
        expect(row.id).toBe(last + 1);
        last = row.id;
      }
    }
    expect(sizes).toEqual([...Array(10).fill(100), 5]);
    for await (const batch of sql.batches('SELECT id FROM items ORDER BY id', [], 10)) {
      expect(batch).toHaveLength(10);
      break;
    }
    // The connection is free again after leaving early: a write and a transaction go through.
    await sql.run('DELETE FROM items WHERE id > ?', [1000]);
    expect(await sql.transaction((tx) => tx.value('SELECT count(*) FROM items'))).toBe(1000);
    const none: unknown[][] = [];
    for await (const batch of sql.batches('SELECT id FROM items WHERE id < 0', [], 10)) none.push(batch);
    expect(none).toEqual([]);
  });

  it('batches inside a transaction sees that transaction\'s writes', async () => {
    const seen = await sql.transaction(async (tx) => {
      await tx.insertMany('items', ['id', 'name'], [[1, 'a'], [2, 'b'], [3, 'c']]);
      const ids: number[] = [];
      for await (const batch of tx.batches<{ id: number }>('SELECT id FROM items ORDER BY id', [], 2)) ids.push(...batch.map((r) => r.id));
      return ids;
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it.runIf(engine === 'postgres')('survives the server ending a connection between two statements of a transaction', async () => {
    const failed = sql.transaction(async (tx) => {
      const pid = await tx.value<number>('SELECT pg_backend_pid()');
      // Another connection ends this one; its 'error' comes while no statement of the transaction runs.
      await sql.value('SELECT pg_terminate_backend(?)', [pid!]);
      await tick(200);
      await tx.value('SELECT 1');
    });
    await expect(failed).rejects.toThrow();
    expect(await sql.value('SELECT 1')).toBe(1);
    expect(await sql.transaction((tx) => tx.value('SELECT 2'))).toBe(2);
  });

  it('exec runs a script of several statements', async () => {
    await sql.exec("CREATE TABLE more (x INTEGER); INSERT INTO more (x) VALUES (1); INSERT INTO more (x) VALUES (2);");
    expect(await sql.value('SELECT sum(x) FROM more')).toBe(3);
  });

  it('close is idempotent and later statements are refused', async () => {
    await sql.close();
    await sql.close();
    await expect(sql.value('SELECT 1')).rejects.toThrow(/closed/);
  });
});

describeEachEngine('Sql errors', (engine) => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    await db.sql.exec(TABLE);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('a failed statement keeps the driver\'s error and never carries its parameters', async () => {
    await db.sql.run('INSERT INTO items (id, name) VALUES (?, ?)', [1, 'secret-one']);
    const error = await db.sql.run('INSERT INTO items (id, name, note) VALUES (?, ?, ?)', [2, 'secret-one', 'secret-two']).then(() => null, (e: unknown) => e as Error & { code?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).not.toMatch(/secret/);
    expect(error!.code).toBe(engine === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_UNIQUE');
    if (engine === 'postgres') expect(error!.message).toContain('[in SQL: INSERT INTO items (id, name, note) VALUES ($1, $2, $3)]'.replace(/\$\d/g, '?'));
  });
});

describeEachEngine('freshDatabase', (engine) => {
  it('gives each caller an empty database of its own, which dispose removes', async () => {
    const [a, b] = await Promise.all([freshDatabase(engine), freshDatabase(engine)]);
    try {
      await a.sql.exec('CREATE TABLE only_in_a (x INTEGER)');
      await expect(b.sql.value('SELECT count(*) FROM only_in_a')).rejects.toThrow(/only_in_a/);
    } finally {
      await b.dispose();
    }
    await a.dispose();
    await a.dispose();
    if (a.locator.kind === 'sqlite') {
      expect(fs.existsSync(a.dataDir!)).toBe(false);
    } else {
      const name = new URL(a.locator.url).pathname.slice(1);
      const server = await PgSql.open(TEST_DATABASE_URL!);
      try {
        expect(await server.value('SELECT count(*) FROM pg_database WHERE datname = ?', [name])).toBe(0);
      } finally {
        await server.close();
      }
    }
  });
});
