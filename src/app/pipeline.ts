/**
 * The import → score → store pipeline, shared by the server and the CLI so both give the same answer (the thread
 * view: thread-view.ts; scoring into the caches: score-texts.ts).
 */
import type { ImportedThread, ImportResponse } from '../core/api.ts';
import type { ImportProblem, ImportResult } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';
import { importInput } from '../importers/registry.ts';
import { isScorable, PAUSE_EVERY, scoreTexts, type Engines, type StoreHooks } from './score-texts.ts';
import { hashText, type SavedThread, type Store, type ThreadToSave } from './store/store.ts';

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

/**
 * Stores a successful import result: tree problems reported, texts scored, threads and caches written at once. A
 * thread already stored is merged by comment id (ADR 0009); `fileName` is recorded on the comments the file lacks.
 */
export async function storeImport(store: Store, result: Extract<ImportResult, { ok: true }>, engines: Engines, hooks: StoreHooks = {}, fileName?: string | null): Promise<ImportResponse> {
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
  const scored = await scoreTexts(store, pending, engines, hooks);
  problems.push(...scored.problems);
  hooks.onSaving?.();
  const importedAt = new Date().toISOString();
  // The file's own name, without the folders a CLI path has (a report must not carry local paths).
  const named = fileName?.split(/[\\/]/).pop()?.trim() || null;
  const saved = await store.saveImport({ threads: items, importedAt, fileName: named, scorer: engines.scorer, detector: engines.detector, scores: scored.scores, tropes: scored.tropes }, hooks);
  const threads: ImportedThread[] = items.map(({ thread }, i) => {
    const { existed, revision, changes, decisionsKept } = saved[i]!;
    return { id: thread.id, title: thread.title, url: thread.url, sourceFormat: thread.sourceFormat, commentCount: thread.comments.length, importedAt, existed, revision, changes, decisionsKept };
  });
  for (const s of saved) {
    const warning = missingWarning(s);
    if (warning) problems.push(warning);
  }
  return { format: result.format, threads, problems };
}
