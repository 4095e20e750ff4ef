/**
 * Length limits of thread and comment ids, the one place they are defined: the importers' output is held to them
 * (boundImportIds), the API's schemas and router allow exactly them, so every id an import can store can be opened,
 * decided and exported. An id over its limit is shortened deterministically (its start, "~" and a 64-bit hash of the
 * whole id), so importing the same file again gives the same ids, and a comment's parent reference stays matched.
 */
import { fnv1a64 } from './hash.ts';
import type { ImportProblem, ImportResult, Thread } from './model.ts';

/** Longest thread id, in UTF-16 code units (JavaScript string length). */
export const MAX_THREAD_ID_LENGTH = 500;

/** Longest comment id, in UTF-16 code units. */
export const MAX_COMMENT_ID_LENGTH = 200;

/** Characters a shortened id ends with: "~" and 16 hex digits. */
const HASH_TAIL = 17;

/** `id` itself when it fits `max`, else its start (never cut inside a surrogate pair), "~" and the hash of the whole id. */
export function boundedId(id: string, max: number): string {
  if (id.length <= max) return id;
  let cut = max - HASH_TAIL;
  const last = id.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${id.slice(0, cut)}~${fnv1a64(id)}`;
}

/** The shortened id of a comment or parent reference, or the reference itself when it fits. */
function boundedRef(ref: string | null): string | null {
  return ref === null ? null : boundedId(ref, MAX_COMMENT_ID_LENGTH);
}

/** A thread with its id and its comments' ids (and parent references) within the limits, and the problems it noted. */
function boundThread(thread: Thread): { thread: Thread; problems: ImportProblem[] } {
  const id = boundedId(thread.id, MAX_THREAD_ID_LENGTH);
  const problems: ImportProblem[] = [];
  if (id !== thread.id) {
    problems.push({ severity: 'warning', where: `thread "${id}"`, message: `The thread id has ${thread.id.length} characters, over the limit of ${MAX_THREAD_ID_LENGTH}; it was shortened to its start and a hash of the whole id.` });
  }
  let shortened = 0;
  const comments = thread.comments.map((c) => {
    const commentId = boundedId(c.id, MAX_COMMENT_ID_LENGTH);
    const parentId = boundedRef(c.parentId);
    if (commentId === c.id && parentId === c.parentId) return c;
    if (commentId !== c.id) shortened += 1;
    return { ...c, id: commentId, parentId };
  });
  if (shortened > 0) {
    problems.push({ severity: 'warning', where: `thread "${id}"`, message: `${shortened} comment ${shortened === 1 ? 'id has' : 'ids have'} more than ${MAX_COMMENT_ID_LENGTH} characters; shortened to their start and a hash of the whole id.` });
  }
  const unchanged = id === thread.id && comments.every((c, i) => c === thread.comments[i]);
  return { thread: unchanged ? thread : { ...thread, id, comments }, problems };
}

/** An import result whose ids all fit the limits (the same object when they already did); shortening is noted as a problem. */
export function boundImportIds(result: ImportResult): ImportResult {
  if (!result.ok) return result;
  const bounded = result.threads.map(boundThread);
  if (bounded.every((b, i) => b.thread === result.threads[i])) return result;
  const problems = bounded.flatMap((b) => b.problems);
  return { ...result, threads: bounded.map((b) => b.thread), problems: [...result.problems, ...problems] };
}
