/**
 * Helpers shared by the server and CLI tests: temp data directories, small threads, a counting scorer wrapper.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Comment, ImportProblem, ImportResult, Thread } from '../../core/model.ts';
import { Store } from '../store/store.ts';
import type { DatabaseLocator } from '../store/sql.ts';
import { freshDatabase, type Engine, type FreshDatabase } from '../store/testing/databases.ts';
import type { ScoreOutcome, ScoreRequest, Scorer, TropeDetector, TropeHit } from '../../core/scoring.ts';

/** A fresh directory under the OS temp dir; `remove()` deletes it. */
export function tempDir(prefix = 'threadscope-test-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh SQLite store in its own temp directory for every test of the calling `describe` (opened, awaited, before
 * each; closed and removed after each). Read `.store` / `.dir` inside the tests, not at definition time. For a store
 * on every engine of the run, see `useEngineStore` (PostgreSQL included).
 */
export function useTempStore(): { readonly store: Store; readonly dir: string } {
  let tmp: ReturnType<typeof tempDir> | null = null;
  let store: Store | null = null;
  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(tmp.dir);
  });
  afterEach(async () => {
    await store?.close();
    tmp?.remove();
    store = null;
    tmp = null;
  });
  return {
    get store() {
      if (!store) throw new Error('useTempStore: the store exists only inside a test');
      return store;
    },
    get dir() {
      if (!tmp) throw new Error('useTempStore: the directory exists only inside a test');
      return tmp.dir;
    },
  };
}

/**
 * A fresh store on `engine` for every test of the calling `describe` (conversion.md §5; use inside
 * `describeEachEngine`): an empty database (testing/databases.ts) opened with `Store.open(locator)`, which migrates
 * it; closed and dropped after each test. `dataDir` is the SQLite data directory (undefined on PostgreSQL);
 * `reopen()` opens a second store on the same database (closed with the first).
 */
export function useEngineStore(engine: Engine): { readonly store: Store; readonly locator: DatabaseLocator; readonly dataDir: string | undefined; reopen(): Promise<Store> } {
  let db: FreshDatabase | null = null;
  let store: Store | null = null;
  const others: Store[] = [];
  beforeEach(async () => {
    db = await freshDatabase(engine);
    store = await Store.open(db.locator);
  });
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await store?.close();
    await db?.dispose();
    store = null;
    db = null;
  });
  const current = () => {
    if (!db) throw new Error('useEngineStore: the database exists only inside a test');
    return db;
  };
  return {
    get store() {
      if (!store) throw new Error('useEngineStore: the store exists only inside a test');
      return store;
    },
    get locator() {
      return current().locator;
    },
    get dataDir() {
      return current().dataDir;
    },
    async reopen() {
      const other = await Store.open(current().locator);
      others.push(other);
      return other;
    },
  };
}

/** A successful import result holding these threads and problems. */
export function importResultOf(threads: Thread[], problems: ImportProblem[] = []): Extract<ImportResult, { ok: true }> {
  return { ok: true, format: 'test', threads, problems };
}

/** A comment with defaults for the fields a test does not care about. */
export function comment(id: string, parentId: string | null, text: string, extra: Partial<Comment> = {}): Comment {
  return { id, parentId, author: `author ${id}`, createdAt: null, createdAtText: null, text, html: null, kind: 'comment', status: 'published', ...extra };
}

/** A small thread: two top-level comments, a reply, an empty comment and a repeated text. */
export function sampleThread(id = 't1', title = 'Sample thread'): Thread {
  return {
    id,
    title,
    url: null,
    articleText: 'The article.',
    sourceFormat: 'test',
    comments: [
      comment('c1', null, 'First comment, civil.'),
      comment('c2', 'c1', 'You are a loser.'),
      comment('c3', null, ''),
      comment('c4', null, 'First comment, civil.'),
    ],
  };
}

/** Wraps a scorer and counts the texts it is asked to score. */
export function countingScorer(inner: Scorer): Scorer & { calls: number; texts: string[] } {
  const wrapper = {
    name: inner.name,
    version: inner.version,
    attributes: inner.attributes,
    description: inner.description,
    calls: 0,
    texts: [] as string[],
    async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
      wrapper.calls += 1;
      wrapper.texts.push(...batch.map((r) => r.text));
      return inner.score(batch);
    },
  };
  return wrapper;
}

/** A deterministic scorer for store and pipeline tests: INSULT 0.9 when the text says "loser", an error on "FAIL". */
export function fakeScorer(version = '1'): Scorer {
  return {
    name: 'fake',
    version,
    attributes: ['TOXICITY', 'INSULT'],
    description: 'Test scorer.',
    async score(batch) {
      return batch.map((r): ScoreOutcome => {
        if (r.text.includes('FAIL')) return { ok: false, error: 'text too long for the fake scorer' };
        const at = r.text.indexOf('loser');
        return at >= 0
          ? { ok: true, score: { scores: { TOXICITY: 0.8, INSULT: 0.9 }, evidence: { INSULT: [{ start: at, end: at + 5, text: 'loser' }] } } }
          : { ok: true, score: { scores: { TOXICITY: 0.1, INSULT: 0.05 }, evidence: {} } };
      });
    },
  };
}

/** A detector that flags "vermin" as a severity-3 trope. */
export function fakeDetector(): TropeDetector & { calls: number } {
  const detector = {
    name: 'fake-tropes',
    version: '1',
    calls: 0,
    detect(text: string): TropeHit[] {
      detector.calls += 1;
      const at = text.indexOf('vermin');
      if (at < 0) return [];
      return [{ id: 'dehumanisation', name: 'Dehumanisation', severity: 3, evidence: [{ start: at, end: at + 6, text: 'vermin', role: 'what' }], explanation: 'Dehumanisation: "vermin"' }];
    },
  };
  return detector;
}
