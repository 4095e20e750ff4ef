/**
 * The thread as the console shows it (ThreadView), built from the store and the caches of one scorer and detector
 * version: the tree, scores, tropes, thread-context trope hits, missing marks and feedback.
 */
import type { ThreadHeader, ThreadView, ViewComment } from '../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { Comment } from '../core/model.ts';
import type { CommentScore, Scorer, TropeDetector, TropeHit } from '../core/scoring.ts';
import { buildTree } from '../core/tree.ts';
import { contextFlags } from '../scoring/index.ts';
import { threadFeedback } from './perspective-compat/feedback-summary.ts';
import { isScorable, notScoredMessage } from './score-texts.ts';
import type { CommentCacheRow, Store, ThreadRecord } from './store/store.ts';

/** The thread as the console shows it, from the store and the caches of these scorer and detector versions. Null when unknown. */
export async function getThreadView(store: Store, threadId: string, scorer: Scorer, detector: TropeDetector): Promise<ThreadView | null> {
  const thread = await store.getThread(threadId);
  if (!thread) return null;
  const rows = await store.comments(threadId, scorer, detector);
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
  const feedback = await threadFeedback(store, threadId);
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
  return { ...threadHeader(thread, scorer, detector, problems), comments: view, decisions: await store.decisions(threadId) };
}

/** A thread's header as the view and the index give it (ThreadHeader): the stored thread, the engines, the problems. */
export function threadHeader(thread: ThreadRecord, scorer: Scorer, detector: TropeDetector, problems: ThreadHeader['problems']): ThreadHeader {
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
    problems,
    defaultThresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes }, tropeMinSeverity: DEFAULT_THRESHOLDS.tropeMinSeverity },
  };
}
