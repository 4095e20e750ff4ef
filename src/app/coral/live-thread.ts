/**
 * Coral's comments as a live thread of the console: the story is the thread (`coral:<storyId>`, its URL as title
 * and link), each phase request adds its comment with `Store.appendLiveComment` (appended, never merged), the text is
 * scored through the normal caches (pipeline.ts `scoreIntoCaches`, so the console shows the same scores), and the
 * comment's score and trope hits come back for the phase's answer.
 *
 * Coral sends no comment id (the phase runs before Coral stores the comment), so a comment's id is `comment.id`
 * when a sender gives one, else derived from the story, the author, the parent and the text: a retried delivery of
 * the same comment gets the same id and adds nothing. An EDIT updates the comment with the sender's id, else the
 * author's latest comment under the same parent in that story (Coral lets an author edit only recent comments);
 * when there is none, the edited text is added as a comment of its own. Replies keep Coral's `parentID`; the console
 * links them when the parent's id is known (a sender that gives ids), else shows them at top level, marked.
 */
import { createHash } from 'node:crypto';
import { LIVE_SOURCE_FORMAT } from '../../core/api.ts';
import { boundedId, MAX_COMMENT_ID_LENGTH, MAX_THREAD_ID_LENGTH } from '../../core/ids.ts';
import type { Comment, CommentStatus } from '../../core/model.ts';
import type { CommentScore, TropeHit } from '../../core/scoring.ts';
import { clean } from '../../importers/html-clean.ts';
import { isScorable, scoreIntoCaches, type Engines } from '../score-texts.ts';
import { hashText, type CommentCacheRow, type LiveAppendResult, type LiveThread, type Store } from '../store/store.ts';
import type { CoralPhaseRequest } from './coral-api.ts';


/** The thread id of a Coral story. */
export function coralThreadId(storyId: string): string {
  return boundedId(`coral:${storyId}`, MAX_THREAD_ID_LENGTH);
}

/** The live thread of the request's story: its URL is the title (Coral sends no title) and the link. */
export function coralThread(request: CoralPhaseRequest): LiveThread {
  const url = request.story.url.trim();
  return {
    id: coralThreadId(request.story.id),
    title: url === '' ? `Coral story ${request.story.id}` : url,
    url: /^https?:\/\//i.test(url) ? url : null,
    sourceFormat: LIVE_SOURCE_FORMAT,
  };
}

/** The id of a comment Coral sent without one: the same for a retried delivery of the same comment. */
export function derivedCommentId(request: CoralPhaseRequest): string {
  const { story, author, comment } = request;
  const digest = createHash('sha256').update(JSON.stringify([story.id, author.id, comment.parentID, comment.body]), 'utf8').digest('hex');
  return `coral-${digest.slice(0, 24)}`;
}

/** A body that holds markup (Coral's HTML format) rather than plain text. */
function looksLikeHtml(body: string): boolean {
  return /<\/?[a-z][^>]*>/i.test(body);
}

/** Plain text (what is scored) and sanitized HTML (null for a plain-text body). */
function bodyOf(body: string): { text: string; html: string | null } {
  if (!looksLikeHtml(body)) return { text: body.replace(/\r\n?/g, '\n'), html: null };
  const cleaned = clean(body, true);
  return { text: cleaned.text, html: cleaned.html };
}

/** The comment record of a request under `id`, received at `at`. */
function commentOf(request: CoralPhaseRequest, id: string, at: string, status: CommentStatus): Comment {
  const { text, html } = bodyOf(request.comment.body);
  const parentId = request.comment.parentID === null ? null : boundedId(request.comment.parentID, MAX_COMMENT_ID_LENGTH);
  return { id, parentId, author: request.author.id, createdAt: at, createdAtText: null, text, html, kind: 'comment', status };
}

/** The id an EDIT updates: the author's latest comment under the same parent; null for none. */
function editedId(rows: readonly CommentCacheRow[], request: CoralPhaseRequest): string | null {
  const parentId = request.comment.parentID === null ? null : boundedId(request.comment.parentID, MAX_COMMENT_ID_LENGTH);
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.author === request.author.id && row.parent_id === parentId) return row.id;
  }
  return null;
}

/** What receiving one comment did, and its score and trope hits (null score: not scored, e.g. an empty text). */
export interface ReceivedComment {
  threadId: string;
  commentId: string;
  stored: LiveAppendResult['kind'];
  score: CommentScore | null;
  tropes: TropeHit[];
}

/** The score and trope hits cached for a stored comment. */
function cachedOutcome(row: CommentCacheRow | null): Pick<ReceivedComment, 'score' | 'tropes'> {
  return {
    score: row?.result_json ? (JSON.parse(row.result_json) as CommentScore) : null,
    tropes: row?.hits_json ? (JSON.parse(row.hits_json) as TropeHit[]) : [],
  };
}

/**
 * Adds (or updates) the request's comment in its story's live thread, scores its text through the caches and returns
 * the outcome. `statusOf` gives the state the comment has in the console from its score ("pending" when the phase's
 * answer withholds it in Coral); a repeated delivery keeps the state it already has and changes nothing. The work
 * does not grow with the thread (indexed look-ups, one text scored), except an EDIT without an id, which reads the
 * thread's comments to find the author's latest one.
 */
export async function receiveCoralComment(
  store: Store,
  engines: Engines,
  request: CoralPhaseRequest,
  at: string,
  statusOf: (outcome: Pick<ReceivedComment, 'score' | 'tropes'>) => CommentStatus,
): Promise<ReceivedComment> {
  const { scorer, detector } = engines;
  const thread = coralThread(request);
  const given = request.comment.id === undefined ? null : boundedId(request.comment.id, MAX_COMMENT_ID_LENGTH);
  const edited = request.action === 'EDIT' && given === null && (await store.getThread(thread.id)) ? editedId(await store.comments(thread.id, scorer, detector), request) : null;
  const commentId = given ?? edited ?? derivedCommentId(request);
  const status = (await store.comment(thread.id, commentId, scorer, detector))?.status ?? 'published';
  const record = commentOf(request, commentId, at, status);
  let { kind } = await store.appendLiveComment(thread, record, at);
  if (isScorable(record.text)) await scoreIntoCaches(store, new Map([[hashText(record.text), record.text]]), engines);
  const outcome = cachedOutcome(await store.comment(thread.id, commentId, scorer, detector));
  const decided = statusOf(outcome);
  if (decided !== status) {
    await store.appendLiveComment(thread, { ...record, status: decided }, at);
    if (kind === 'unchanged') kind = 'updated';
  }
  return { threadId: thread.id, commentId, stored: kind, ...outcome };
}
