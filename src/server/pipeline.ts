/**
 * The import → score → store pipeline and the thread view, shared by the server and the CLI so both give the same answer.
 */
import type { ImportedThread, ImportResponse, ThreadView, ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { Comment, ImportProblem, ImportResult } from '../core/model.ts';
import type { CommentScore, Scorer, ScorerInfo, TropeDetector, TropeHit } from '../core/scoring.ts';
import { buildTree } from '../core/tree.ts';
import { importInput } from '../importers/registry.ts';
import { hashText, type CommentCacheRow, type SavedThread, type ScoreRecord, type Store, type ThreadToSave, type TropeRecord } from './store.ts';
import { contextFlags } from '../scoring/index.ts';
import { threadFeedback } from './perspective-compat/feedback.ts';

/** The scorer and trope detector a pipeline run uses. */
export interface Engines {
  scorer: Scorer;
  detector: TropeDetector;
}

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

/** Progress of storing an import, and room for the caller to let other work run; throwing stops it with nothing saved. */
export interface StoreHooks {
  /** `done` of `total` scoring steps (a trope check or a score of one new distinct text), after each batch. */
  onScoring?(done: number, total: number): void;
  /** Awaited between pieces of work (threads prepared, cache look-ups, batches): the server answers other requests there. */
  pause?(): Promise<void>;
  /** Called right before the one write. */
  onSaving?(): void;
}

/** Threads prepared, or texts looked up in the caches, between two pauses. */
const PAUSE_EVERY = 2000;

/** Texts per scorer call. */
export const SCORE_BATCH_SIZE = 500;

/** True when a text is worth scoring (empty and whitespace-only bodies are not). */
export function isScorable(text: string): boolean {
  return text.trim() !== '';
}

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
  const saved = store.saveImport({ threads: items, importedAt, fileName: named, scorer: engines.scorer, detector: engines.detector, scores: scored.scores, tropes: scored.tropes });
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

/** Scores (and runs the detector on) the texts of a stored thread that the caches lack, e.g. after a scorer upgrade. */
export async function scorePending(store: Store, threadId: string, engines: Engines): Promise<number> {
  const pending = new Map<string, string>();
  for (const { hash, text } of store.uncachedTexts(threadId, engines.scorer, engines.detector)) {
    if (isScorable(text)) pending.set(hash, text);
  }
  return scoreIntoCaches(store, pending, engines);
}

/** Scores (and runs the detector on) the given texts, by hash, that the caches lack, and caches the results; returns how many were scored. */
export async function scoreIntoCaches(store: Store, texts: ReadonlyMap<string, string>, engines: Engines): Promise<number> {
  if (texts.size === 0) return 0;
  const scored = await scoreTexts(store, texts, engines);
  store.saveCaches(engines.scorer, engines.detector, scored.scores, scored.tropes, new Date().toISOString());
  return scored.scores.length;
}

/** Runs the scorer and the detector on the texts (by hash) whose results are not cached yet. */
async function scoreTexts(store: Store, texts: ReadonlyMap<string, string>, { scorer, detector }: Engines, hooks: StoreHooks = {}): Promise<{ scores: ScoreRecord[]; tropes: TropeRecord[]; problems: ImportProblem[] }> {
  const scores: ScoreRecord[] = [];
  const tropes: TropeRecord[] = [];
  const problems: ImportProblem[] = [];
  const toScore: Array<{ key: string; text: string }> = [];
  const toDetect: Array<[string, string]> = [];
  let looked = 0;
  for (const [hash, text] of texts) {
    if (!store.hasScore(hash, scorer)) toScore.push({ key: hash, text });
    if (!store.hasTropes(hash, detector)) toDetect.push([hash, text]);
    if (++looked % PAUSE_EVERY === 0) await hooks.pause?.();
  }
  const total = toDetect.length + toScore.length;
  let done = 0;
  hooks.onScoring?.(done, total);
  await hooks.pause?.();
  for (let start = 0; start < toDetect.length; start += SCORE_BATCH_SIZE) {
    const chunk = toDetect.slice(start, start + SCORE_BATCH_SIZE);
    for (const [hash, text] of chunk) tropes.push(detectTropes(detector, hash, text));
    done += chunk.length;
    hooks.onScoring?.(done, total);
    await hooks.pause?.();
  }
  for (let start = 0; start < toScore.length; start += SCORE_BATCH_SIZE) {
    const batch = toScore.slice(start, start + SCORE_BATCH_SIZE);
    try {
      const outcomes = await scorer.score(batch);
      batch.forEach((request, i) => {
        const outcome = outcomes[i];
        if (!outcome) scores.push({ hash: request.key, result: null, error: `${scorer.name} returned no result for this text` });
        else if (!outcome.ok) scores.push({ hash: request.key, result: null, error: String(outcome.error) });
        else scores.push(checkedScore(request.key, outcome.score, scorer));
      });
    } catch (error) {
      // A whole batch failed (not a per-comment error): cache nothing, so the texts are scored again next time.
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ severity: 'warning', where: `scorer ${scorer.name} ${scorer.version}`, message: `Scoring ${batch.length} texts failed (${reason}); they stay unscored and are retried when the thread is opened.` });
    }
    done += batch.length;
    hooks.onScoring?.(done, total);
    await hooks.pause?.();
  }
  return { scores, tropes, problems };
}

function checkedScore(hash: string, score: CommentScore, scorer: ScorerInfo): ScoreRecord {
  for (const [attribute, value] of Object.entries(score.scores)) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      return { hash, result: null, error: `${scorer.name} returned an invalid ${attribute} score` };
    }
  }
  return { hash, result: score, error: null };
}

function detectTropes(detector: TropeDetector, hash: string, text: string): TropeRecord {
  try {
    return { hash, hits: detector.detect(text), error: null };
  } catch (error) {
    return { hash, hits: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The scoreError of a scorable comment whose text this scorer version has not scored (yet). */
export function notScoredMessage(scorer: ScorerInfo): string {
  return `not scored yet by ${scorer.name} ${scorer.version}`;
}

/** The thread as the console shows it, from the store and the caches of these scorer and detector versions. Null when unknown. */
export function getThreadView(store: Store, threadId: string, scorer: Scorer, detector: TropeDetector): ThreadView | null {
  const thread = store.getThread(threadId);
  if (!thread) return null;
  const rows = store.comments(threadId, scorer, detector);
  const rowOf = new Map<Comment, CommentCacheRow>();
  const comments = rows.map((row) => {
    const c: Comment = { id: row.id, parentId: row.parent_id, author: row.author, createdAt: row.created_at, createdAtText: row.created_at_text, text: row.text, html: row.html, kind: row.kind, status: row.status };
    rowOf.set(c, row);
    return c;
  });
  const tree = buildTree(comments);
  const problems = thread.problems.map((p) => ({ where: p.where, message: p.message }));
  for (const p of tree.problems) problems.push({ where: `comment "${p.commentId}"`, message: p.message });

  const parsedScores = new Map<string, CommentScore>();
  const parsedTropes = new Map<string, TropeHit[]>();
  const notScored = notScoredMessage(scorer);
  const feedback = threadFeedback(store, threadId);
  const view: ViewComment[] = tree.flat.map((node) => {
    const row = rowOf.get(node.comment)!;
    let score: CommentScore | null = null;
    let scoreError: string | null = null;
    let tropes: TropeHit[] = [];
    if (isScorable(row.text)) {
      if (row.result_json !== null) {
        score = parsedScores.get(row.text_hash) ?? (JSON.parse(row.result_json) as CommentScore);
        parsedScores.set(row.text_hash, score);
      } else scoreError = row.score_cached ? row.score_error : notScored;
      if (row.hits_json !== null) {
        tropes = parsedTropes.get(row.text_hash) ?? (JSON.parse(row.hits_json) as TropeHit[]);
        parsedTropes.set(row.text_hash, tropes);
      } else if (row.trope_error !== null) {
        problems.push({ where: `comment "${row.id}"`, message: `Trope detector ${detector.name} failed: ${row.trope_error}` });
      }
    }
    const missing = row.missing_since === null ? {} : { missing: { since: row.missing_since, fileName: row.missing_from } };
    const suggested = feedback.get(row.text_hash);
    return { ...node.comment, depth: node.depth, treeParentId: node.treeParentId, orphan: node.orphan, descendantCount: node.descendantCount, score, scoreError, tropes, ...missing, ...(suggested ? { feedback: suggested } : {}) };
  });
  // Thread context (a reply endorsing a trope-flagged parent) depends on the tree, so it is added here, never cached per text.
  const context = contextFlags(view.map((c) => ({ id: c.id, parentId: c.treeParentId, author: c.author, text: c.text, tropes: c.tropes })));
  for (const c of view) {
    const extra = context.get(c.id);
    if (extra) c.tropes = [...c.tropes, ...extra];
  }
  return {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    articleText: thread.articleText,
    sourceFormat: thread.sourceFormat,
    importedAt: thread.importedAt,
    revision: thread.revision,
    scorer: { name: scorer.name, version: scorer.version, description: scorer.description },
    detector: { name: detector.name, version: detector.version },
    comments: view,
    problems,
    decisions: store.decisions(threadId),
    defaultThresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes }, tropeMinSeverity: DEFAULT_THRESHOLDS.tropeMinSeverity },
  };
}
