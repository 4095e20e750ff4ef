/**
 * The thread read from its stored read model (docs/adr/0018-read-model-and-bounded-writes.md): the thread index
 * (core ThreadIndexBuilder fed with columns, no text or score JSON read), comment windows by display index (full
 * ViewComments equal to getThreadView's) and search, each for one named state of the thread (its version).
 *
 * Thread-context trope hits (a reply endorsing a trope-flagged parent, scoring/tropes/context.ts) are computed here
 * with the same `contextFlags`, fed only the comments it can concern: the comments with trope hits of their own and
 * their replies (a reply's hit depends only on its tree parent's own hits and its own text).
 */
import { createHash } from 'node:crypto';
import type { CommentFeedback, ThreadHeader, ThreadIndex, ViewComment } from '../core/api.ts';
import type { CommentScore, Scorer, TropeDetector, TropeHit } from '../core/scoring.ts';
import { ThreadIndexBuilder } from '../core/thread-index.ts';
import { contextFlags, type ContextComment } from '../scoring/index.ts';
import { summarizeFeedback } from './perspective-compat/feedback-summary.ts';
import { feedbackOfHashes, feedbackOfThread, feedbackVersion } from './store/score-feedback.ts';
import { notScoredMessage } from './score-texts.ts';
import { threadHeader } from './thread-view.ts';
import { columnScore } from './store/store-rows.ts';
import type { IndexRow, Store, ThreadState, WindowRow } from './store/store.ts';
import { textsAt, windowRowsAt } from './store/thread-queries.ts';

/** The scorer and detector whose caches a read uses. */
export interface ReadEngines {
  scorer: Scorer;
  detector: TropeDetector;
}

/** The index without the decision log (which is read on every request, never cached). */
export type IndexWithoutDecisions = Omit<ThreadIndex, 'decisions'>;

/**
 * The version of a thread's state for these engines: its generation, import time and revision, the scorer and
 * detector versions, and the feedback version. Opaque (a hash), short enough for a query string.
 */
export function threadVersion(threadId: string, state: ThreadState, engines: ReadEngines, feedback: number): string {
  const { scorer, detector } = engines;
  const key = JSON.stringify([threadId, state.gen, state.importedAt, state.revision, scorer.name, scorer.version, detector.name, detector.version, feedback]);
  return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22);
}

/** A thread's state and the version that names it. */
export interface CurrentVersion {
  state: ThreadState;
  version: string;
}

/** The current version of a thread, or null when it is unknown (state and feedback version read in one snapshot). */
export function currentVersion(store: Store, threadId: string, engines: ReadEngines): Promise<CurrentVersion | null> {
  return store.snapshot(async (snap) => {
    const state = await snap.threadState(threadId);
    return state ? { state, version: threadVersion(threadId, state, engines, await feedbackVersion(snap.sql)) } : null;
  });
}

/** Parses trope JSON once per distinct text. */
class TropeCache {
  private readonly parsed = new Map<string, TropeHit[]>();
  of(hash: string, json: string | null): TropeHit[] {
    if (json === null || json === '[]') return [];
    let hits = this.parsed.get(hash);
    if (!hits) {
      hits = JSON.parse(json) as TropeHit[];
      this.parsed.set(hash, hits);
    }
    return hits;
  }
}

/** The comments thread context can concern: those with hits of their own that have replies, and those replies (ascending). */
function contextInvolved(count: number, parentAt: (i: number) => number, ownAt: (i: number) => TropeHit[]): number[] {
  const involved = new Set<number>();
  for (let i = 0; i < count; i++) {
    const parent = parentAt(i);
    if (parent >= 0 && ownAt(parent).length > 0) {
      involved.add(parent);
      involved.add(i);
    }
  }
  return [...involved].sort((a, b) => a - b);
}

/** A context hit per reply id, from the involved comments (contextInvolved) and their texts. */
function contextHits(
  involved: readonly number[],
  idAt: (i: number) => string,
  parentAt: (i: number) => number,
  authorAt: (i: number) => string,
  ownAt: (i: number) => TropeHit[],
  textAt: (i: number) => string,
): Map<string, TropeHit[]> {
  if (involved.length === 0) return new Map();
  const comments: ContextComment[] = involved.map((i) => {
    const parent = parentAt(i);
    return { id: idAt(i), parentId: parent >= 0 ? idAt(parent) : null, author: authorAt(i), text: textAt(i), tropes: ownAt(i) };
  });
  return contextFlags(comments);
}

/** The thread header of the index (the view's header): thread problems, tree repairs, then trope detector failures. */
async function headerOf(snap: Store, threadId: string, state: ThreadState, rows: readonly IndexRow[], engines: ReadEngines): Promise<ThreadHeader | null> {
  const thread = await snap.getThread(threadId);
  if (!thread) return null;
  const { scorer, detector } = engines;
  const problems = thread.problems.map((p) => ({ where: p.where, message: p.message }));
  problems.push(...state.treeProblems);
  for (const row of rows) {
    if (row.scorable === 1 && row.hits_json === null && row.trope_error !== null) {
      problems.push({ where: `comment "${row.id}"`, message: `Trope detector ${detector.name} failed: ${row.trope_error}` });
    }
  }
  return threadHeader(thread, scorer, detector, problems);
}

/** The built index and whether every scorable text had cached results (an incomplete one is not kept). */
export interface BuiltIndex {
  index: IndexWithoutDecisions;
  complete: boolean;
}

/** Names the shape of a kept index: bump it when ThreadIndex or its building changes, so no older row is served. */
export const INDEX_FORMAT = 'thread-index-1';

/** The store's key of a kept index: its format and the thread's version. */
export function keptIndexKey(version: string): string {
  return `${INDEX_FORMAT}|${version}`;
}

/**
 * Builds a thread's index and, when it is complete (every scorable text has cached results for these engines), keeps
 * its JSON in the store (Store.saveIndex), so that the thread opens after a restart without a build. Null for an
 * unknown thread. Used by the index route on a cache miss and by the import worker right after a save.
 */
export async function buildAndKeepIndex(store: Store, threadId: string, engines: ReadEngines): Promise<{ built: BuiltIndex; json: string } | null> {
  const built = await buildIndex(store, threadId, engines);
  if (!built) return null;
  const json = JSON.stringify(built.index);
  if (built.complete) await store.saveIndex(threadId, keptIndexKey(built.index.version), json, new Date().toISOString());
  return { built, json };
}

/**
 * Builds the index of a thread's current generation from its read model, in one read transaction. Null when the
 * thread is unknown. The thread must have its read model (Store.ensureReadModel).
 */
export function buildIndex(store: Store, threadId: string, engines: ReadEngines): Promise<BuiltIndex | null> {
  return store.snapshot(async (snap): Promise<BuiltIndex | null> => {
    const current = await currentVersion(snap, threadId, engines);
    if (!current) return null;
    const { state, version } = current;
    const rows = await snap.indexRows(threadId, state.gen, engines.scorer, engines.detector);
    const header = await headerOf(snap, threadId, state, rows, engines);
    if (!header) return null;
    const feedback = summarizeFeedback(await feedbackOfThread(snap.sql, threadId));
    const tropes = new TropeCache();
    const own = rows.map((r) => (r.scorable === 1 ? tropes.of(r.text_hash, r.hits_json) : []));
    const involved = contextInvolved(rows.length, (i) => rows[i]!.tree_parent, (i) => own[i]!);
    // The texts of the involved comments only, read in batches (never one query per comment).
    const texts = await textsAt(snap.sql, threadId, state.gen, involved);
    const context = contextHits(involved, (i) => rows[i]!.id, (i) => rows[i]!.tree_parent, (i) => rows[i]!.author, (i) => own[i]!, (i) => texts.get(i) ?? '');
    const builder = new ThreadIndexBuilder();
    let complete = true;
    rows.forEach((row, i) => {
      const scorable = row.scorable === 1;
      if (scorable && row.score_cached === 0) complete = false;
      const extra = context.get(row.id);
      const suggested: CommentFeedback[] | undefined = feedback.get(row.text_hash);
      builder.addColumns({
        id: row.id,
        treeParentId: row.tree_parent >= 0 ? rows[row.tree_parent]!.id : null,
        depth: row.depth,
        descendantCount: row.descendants,
        author: row.author,
        createdAt: row.created_at,
        orphan: row.orphan === 1,
        missing: row.missing_since === null ? undefined : { since: row.missing_since, fileName: row.missing_from },
        feedback: suggested,
        kind: row.kind,
        tropes: extra ? [...own[i]!, ...extra] : own[i]!,
        score: scorable && row.scored === 1 ? columnScore(row) : null,
        empty: !scorable,
      });
    });
    const { decisions: _decisions, ...index } = builder.finish(header, version, []);
    return { index, complete };
  });
}

/** A window's comment with its display index. */
export type WindowComment = ViewComment & { index: number };

/**
 * Full comments by display index, as getThreadView gives them, for one state of a thread: call it with the store a
 * snapshot gives (`store.snapshot`), so that `state` cannot vanish midway. A dense window is read in one range query;
 * sparse lists, and the tree parents outside the window, in batches by display index (never one query per row).
 */
export async function windowComments(snap: Store, threadId: string, state: ThreadState, indexes: readonly number[], engines: ReadEngines): Promise<WindowComment[]> {
  const { scorer, detector } = engines;
  const notScored = notScoredMessage(scorer);
  const rows = new Map<number, WindowRow | null>();
  // A dense window (a range, or a list within a few times its length) is read in one query.
  if (indexes.length > 1) {
    let first = Infinity;
    let last = -Infinity;
    for (const i of indexes) {
      if (i < first) first = i;
      if (i > last) last = i;
    }
    if (last - first < 4 * indexes.length) {
      for (const row of await snap.windowRows(threadId, state.gen, first, last, scorer, detector)) rows.set(row.display_index, row);
      for (let i = first; i <= last; i++) if (!rows.has(i)) rows.set(i, null);
    }
  }
  /** Reads the rows at these indexes that are not read yet, in batches. */
  const readMissing = async (wanted: Iterable<number>): Promise<void> => {
    const missing = [...wanted].filter((i) => i >= 0 && !rows.has(i));
    if (missing.length === 0) return;
    const found = await windowRowsAt(snap.sql, threadId, state.gen, missing, scorer, detector);
    for (const i of missing) rows.set(i, found.get(i) ?? null);
  };
  await readMissing(indexes);
  await readMissing(indexes.map((i) => rows.get(i)?.tree_parent ?? -1));
  const rowAt = (i: number): WindowRow | null => rows.get(i) ?? null;
  const tropes = new TropeCache();
  const ownOf = (row: WindowRow): TropeHit[] => (row.scorable === 1 ? tropes.of(row.text_hash, row.hits_json) : []);
  // No feedback stored at all (the usual case): no look-up by text.
  let feedback = new Map<string, CommentFeedback[]>();
  if ((await feedbackVersion(snap.sql)) !== 0) {
    const hashes = indexes.map((i) => rows.get(i)?.text_hash).filter((h): h is string => h !== undefined);
    feedback = summarizeFeedback(await feedbackOfHashes(snap.sql, hashes));
  }
  const feedbackOf = (hash: string): CommentFeedback[] | undefined => feedback.get(hash);
  const out: WindowComment[] = [];
  for (const index of indexes) {
    const row = rowAt(index);
    if (!row) continue;
    let score: CommentScore | null = null;
    let scoreError: string | null = null;
    let own: TropeHit[] = [];
    if (row.scorable === 1) {
      if (row.result_json !== null) score = JSON.parse(row.result_json) as CommentScore;
      else scoreError = row.score_cached ? row.score_error : notScored;
      own = ownOf(row);
    }
    let hits = own;
    const parent = row.tree_parent >= 0 ? rowAt(row.tree_parent) : null;
    if (parent && ownOf(parent).length > 0) {
      const pair: ContextComment[] = [
        { id: parent.id, parentId: null, author: parent.author, text: parent.text, tropes: ownOf(parent) },
        { id: row.id, parentId: parent.id, author: row.author, text: row.text, tropes: own },
      ];
      const extra = contextFlags(pair).get(row.id);
      if (extra) hits = [...own, ...extra];
    }
    const missing = row.missing_since === null ? {} : { missing: { since: row.missing_since, fileName: row.missing_from } };
    const suggested = feedbackOf(row.text_hash);
    out.push({
      index,
      id: row.id, parentId: row.parent_id, author: row.author, createdAt: row.created_at, createdAtText: row.created_at_text, text: row.text, html: row.html, kind: row.kind, status: row.status,
      depth: row.depth, treeParentId: parent ? parent.id : null, orphan: row.orphan === 1, descendantCount: row.descendants,
      score, scoreError, tropes: hits, ...missing, ...(suggested ? { feedback: suggested } : {}),
    });
  }
  return out;
}

/** Lower-cased text and author of each shown comment of one state of a thread, for search. */
interface SearchColumns {
  key: string;
  texts: string[];
  authors: string[];
}

/**
 * Case-insensitive substring search of text and author over a thread's comments (String.prototype.toLowerCase on
 * both sides, so it answers as the console's search did). The lower-cased columns are read once per state of a
 * thread and kept for the most recently searched threads.
 */
/** Comments read per step when search columns are read ahead (ThreadSearch.readAhead). */
const SEARCH_CHUNK = 5000;

/** The state a thread's search columns were read from. */
function keyOf(state: ThreadState): string {
  return `${state.gen}|${state.importedAt}`;
}

export class ThreadSearch {
  private readonly entries = new Map<string, SearchColumns>();
  private readonly preparing = new Map<string, Promise<void>>();

  /**
   * @param maxThreads threads whose columns are kept (least recently searched dropped first)
   * @param chunk comments read per step by `readAhead`
   */
  constructor(private readonly maxThreads = 2, private readonly chunk = SEARCH_CHUNK) {}

  /** Display indexes of the matching comments, ascending; null when the thread is no longer in `state`. */
  async search(store: Store, threadId: string, state: ThreadState, query: string): Promise<number[] | null> {
    const columns = await this.columns(store, threadId, state);
    if (!columns) return null;
    const q = query.toLowerCase();
    const matches: number[] = [];
    for (let i = 0; i < columns.texts.length; i++) {
      if (columns.texts[i]!.includes(q) || columns.authors[i]!.includes(q)) matches.push(i);
    }
    return matches;
  }

  forget(threadId: string): void {
    this.entries.delete(threadId);
  }

  /**
   * Reads a thread state's search columns ahead of its first search, SEARCH_CHUNK comments at a time with a pause
   * between reads (so other requests are answered), after its index was served: on a 100,000-comment thread the
   * first search then finds them ready instead of reading every text at once. Resolves when they are kept (or were);
   * reads that the state left midway (a new import) are dropped, and the next search reads the new state.
   */
  readAhead(store: Store, threadId: string, state: ThreadState, pause: () => Promise<void>): Promise<void> {
    const key = keyOf(state);
    if (this.entries.get(threadId)?.key === key) return Promise.resolve();
    const running = this.preparing.get(`${threadId}\n${key}`);
    if (running) return running;
    const reading = (async () => {
      const texts: string[] = [];
      const authors: string[] = [];
      for (;;) {
        const rows = await store.searchRowsFrom(threadId, state.gen, texts.length, this.chunk);
        for (const [text, author] of rows) {
          texts.push(text.toLowerCase());
          authors.push(author.toLowerCase());
        }
        if (rows.length < this.chunk) break;
        await pause();
      }
      const now = await store.threadState(threadId);
      if (now && keyOf(now) === key && (await store.displayCount(threadId, state.gen)) === texts.length) this.keep(threadId, { key, texts, authors });
    })().finally(() => this.preparing.delete(`${threadId}\n${key}`));
    this.preparing.set(`${threadId}\n${key}`, reading);
    return reading;
  }

  private async columns(store: Store, threadId: string, state: ThreadState): Promise<SearchColumns | null> {
    const key = keyOf(state);
    const hit = this.entries.get(threadId);
    if (hit && hit.key === key) {
      this.entries.delete(threadId);
      this.entries.set(threadId, hit);
      return hit;
    }
    // One snapshot, read in chunks of `chunk` comments (the state's rows cannot change midway).
    const entry = await store.snapshot(async (snap): Promise<SearchColumns | null> => {
      const now = await snap.threadState(threadId);
      if (!now || keyOf(now) !== key) return null;
      const texts: string[] = [];
      const authors: string[] = [];
      for (;;) {
        const rows = await snap.searchRowsFrom(threadId, state.gen, texts.length, this.chunk);
        for (const [text, author] of rows) {
          texts.push(text.toLowerCase());
          authors.push(author.toLowerCase());
        }
        if (rows.length < this.chunk) break;
      }
      return { key, texts, authors };
    });
    if (!entry) return null;
    this.keep(threadId, entry);
    return entry;
  }

  private keep(threadId: string, entry: SearchColumns): void {
    this.entries.delete(threadId);
    this.entries.set(threadId, entry);
    while (this.entries.size > this.maxThreads) this.entries.delete(this.entries.keys().next().value!);
  }
}
