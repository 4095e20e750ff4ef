/**
 * The import → score → store pipeline, shared by the server and the CLI so both give the same answer (the thread
 * view: thread-view.ts; scoring into the caches: score-texts.ts).
 */
import type { ImportedThread, ImportResponse } from '../core/api.ts';
import type { ImportProblem, ImportResult } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';
import { importInput } from '../importers/registry.ts';
import { isScorable, PAUSE_EVERY, scoreTexts, type EngineNames, type Engines, type StoreHooks } from './score-texts.ts';
import type { Sql } from './store/sql.ts';
import { hashText, type ImportBatch, type SavedThread, type ScoreRecord, type Store, type ThreadToSave, type TropeRecord } from './store/store.ts';

/** One input file or pasted text, as the importer registry takes it. */
export interface PipelineInput {
  bytes?: Uint8Array;
  text?: string;
  fileName?: string;
  format?: string;
  /** Fraction of the input read (0..1), from importers that report it (the XML exports). */
  onProgress?: (fraction: number) => void;
}

/** Outcome of an import: the stored threads, or the importer's message (and nothing stored). */
export type ImportOutcome =
  | { ok: true; response: ImportResponse }
  | { ok: false; message: string; where: string | null; problems: ImportProblem[] };
/** Imports one input, scores every text not yet cached, and stores it all in one transaction (the CLI's path; the server parses in a worker). */
export async function importAndScore(store: Store, input: PipelineInput, engines: Engines, hooks: StoreHooks = {}): Promise<ImportOutcome> {
  const result = importInput(input);
  if (!result.ok) return { ok: false, message: result.message, where: result.where, problems: result.problems };
  return { ok: true, response: await storeImport(store, result, engines, hooks, input.fileName) };
}

/** The warning of a re-import whose file lacks stored comments (kept, never dropped silently: ADR 0009). */
export function missingWarning(saved: SavedThread): ImportProblem | null {
  const n = saved.changes.missing.count;
  if (n === 0) return null;
  const [what, them, their] = n === 1 ? ['1 comment stored from an earlier import is', 'it', 'its'] : [`${n} comments stored from an earlier import are`, 'them', 'their'];
  return {
    severity: 'warning',
    where: `thread "${saved.id}"`,
    message: `${what} missing from this file; kept with ${their} last known content and marked missing (remove ${them} from the console's import notice).`,
  };
}

/** The hooks of `storeImportUnscored`: the store hooks, and `onCommit` given the import's answer. */
export interface UnscoredHooks extends StoreHooks {
  /**
   * Awaited inside the transaction that makes the threads current (`ImportBatch.onCommit`), with the `ImportResponse`
   * the import will answer (built from the SavedThread[] read in that transaction). What it writes through `tx`
   * commits or rolls back with the import; a throw leaves nothing of the import visible and goes on to the caller.
   */
  onCommit?(tx: Sql, response: ImportResponse): Promise<void>;
}

/** An import result made ready to save: its threads with their hashes, the texts to score, and its problems so far. */
interface PreparedImport {
  items: ThreadToSave[];
  /** Scorable texts by hash (each distinct text once). */
  pending: Map<string, string>;
  /** The importer's problems, a repeated thread id, and tree repairs. */
  problems: ImportProblem[];
}

/** Hashes the texts, skips a repeated thread id and reports tree repairs (pausing every PAUSE_EVERY items). */
async function prepareImport(result: Extract<ImportResult, { ok: true }>, hooks: StoreHooks): Promise<PreparedImport> {
  const problems: ImportProblem[] = [...result.problems];
  const items: ThreadToSave[] = [];
  const pending = new Map<string, string>();
  let prepared = 0;
  for (const thread of result.threads) {
    prepared += thread.comments.length + 1;
    if (prepared >= PAUSE_EVERY && hooks.pause) {
      prepared = 0;
      await hooks.pause();
    }
    if (items.some((item) => item.thread.id === thread.id)) {
      problems.push({ severity: 'warning', where: `thread "${thread.id}"`, message: 'The input holds this thread id twice; the second one was skipped.' });
      continue;
    }
    const hashes = thread.comments.map((c) => hashText(c.text));
    thread.comments.forEach((c, i) => { if (isScorable(c.text)) pending.set(hashes[i]!, c.text); });
    for (const p of buildTree(thread.comments).problems) {
      problems.push({ severity: 'warning', where: `thread "${thread.id}", comment "${p.commentId}"`, message: p.message });
    }
    items.push({ thread, problems: result.problems, hashes });
  }
  return { items, pending, problems };
}

/** What the import answers once its threads are saved (pure: the same for the same `saved`). */
function responseOf(format: string, prepared: PreparedImport, importedAt: string, saved: readonly SavedThread[]): ImportResponse {
  const threads: ImportedThread[] = prepared.items.map(({ thread }, i) => {
    const { existed, revision, changes, decisionsKept } = saved[i]!;
    return { id: thread.id, title: thread.title, url: thread.url, sourceFormat: thread.sourceFormat, commentCount: thread.comments.length, importedAt, existed, revision, changes, decisionsKept };
  });
  const problems = [...prepared.problems];
  for (const s of saved) {
    const warning = missingWarning(s);
    if (warning) problems.push(warning);
  }
  return { format, threads, problems };
}

/** Saves prepared threads with the given cache entries and answers as POST /api/imports does. */
async function savePrepared(
  store: Store,
  format: string,
  prepared: PreparedImport,
  engines: EngineNames,
  cached: { scores: ScoreRecord[]; tropes: TropeRecord[] },
  hooks: UnscoredHooks,
  fileName: string | null | undefined,
): Promise<ImportResponse> {
  hooks.onSaving?.();
  const importedAt = new Date().toISOString();
  // The file's own name, without the folders a CLI path has (a report must not carry local paths).
  const named = fileName?.split(/[\\/]/).pop()?.trim() || null;
  const batch: ImportBatch = { threads: prepared.items, importedAt, fileName: named, scorer: engines.scorer, detector: engines.detector, scores: cached.scores, tropes: cached.tropes };
  const onCommit = hooks.onCommit;
  if (onCommit) batch.onCommit = (tx, saved) => onCommit(tx, responseOf(format, prepared, importedAt, saved));
  const saved = await store.saveImport(batch, hooks);
  return responseOf(format, prepared, importedAt, saved);
}

/**
 * Stores a successful import result: tree problems reported, texts scored, threads and caches written at once. A
 * thread already stored is merged by comment id (ADR 0009); `fileName` is recorded on the comments the file lacks.
 */
export async function storeImport(store: Store, result: Extract<ImportResult, { ok: true }>, engines: Engines, hooks: StoreHooks = {}, fileName?: string | null): Promise<ImportResponse> {
  const prepared = await prepareImport(result, hooks);
  const scored = await scoreTexts(store, prepared.pending, engines, hooks);
  prepared.problems.push(...scored.problems);
  return savePrepared(store, result.format, prepared, engines, scored, hooks, fileName);
}

/**
 * Stores a successful import result as `storeImport` does, without scoring (ADR 0033: the import job saves, then
 * enqueues the scoring): no score or trope entry is written, and `engines` only names the caches. `hooks.onCommit` is
 * awaited inside the transaction that makes the threads current, with the answer (`UnscoredHooks`). The answer is the same
 * `ImportResponse` (threads with counts, revisions and changes; the importer's problems, tree repairs and missing
 * warnings), less the scorer's problems, since nothing was scored.
 */
export async function storeImportUnscored(
  store: Store,
  result: Extract<ImportResult, { ok: true }>,
  engines: EngineNames,
  hooks: UnscoredHooks = {},
  fileName?: string | null,
): Promise<ImportResponse> {
  const prepared = await prepareImport(result, hooks);
  return savePrepared(store, result.format, prepared, engines, { scores: [], tropes: [] }, hooks, fileName);
}
