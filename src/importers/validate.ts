/**
 * Checks that an importer's output has the shape of core/model.ts, so a buggy importer cannot hand on bad records.
 */
import { COMMENT_KINDS, COMMENT_STATUSES } from '../core/model.ts';
import type { ImportResult } from '../core/model.ts';

const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): boolean => v === null || typeof v === 'string';

/** The first shape error in a successful result ("thread 1, comment 3: id is empty"), or null when it is sound. */
export function shapeError(result: ImportResult): string | null {
  if (!result.ok) return null;
  if (!Array.isArray(result.threads)) return 'threads is not a list';
  if (!Array.isArray(result.problems)) return 'problems is not a list';
  for (const [t, thread] of result.threads.entries()) {
    const at = `thread ${t + 1}`;
    if (typeof thread !== 'object' || thread === null) return `${at} is not an object`;
    if (!isString(thread.id) || thread.id.trim() === '') return `${at}: id is empty`;
    if (!isString(thread.title)) return `${at}: title is not text`;
    if (!isNullableString(thread.url)) return `${at}: url is neither text nor null`;
    if (!isString(thread.articleText)) return `${at}: articleText is not text`;
    if (!isString(thread.sourceFormat)) return `${at}: sourceFormat is not text`;
    if (!Array.isArray(thread.comments)) return `${at}: comments is not a list`;
    for (const [c, comment] of thread.comments.entries()) {
      const where = `${at}, comment ${c + 1}`;
      if (typeof comment !== 'object' || comment === null) return `${where} is not an object`;
      if (!isString(comment.id) || comment.id.trim() === '') return `${where}: id is empty`;
      if (!isNullableString(comment.parentId)) return `${where}: parentId is neither text nor null`;
      if (!isString(comment.author)) return `${where}: author is not text`;
      if (comment.createdAt !== null && (!isString(comment.createdAt) || Number.isNaN(Date.parse(comment.createdAt)))) {
        return `${where}: createdAt is not an ISO time or null`;
      }
      if (!isNullableString(comment.createdAtText)) return `${where}: createdAtText is neither text nor null`;
      if (!isString(comment.text)) return `${where}: text is not text`;
      if (!isNullableString(comment.html)) return `${where}: html is neither text nor null`;
      if (!COMMENT_KINDS.includes(comment.kind)) return `${where}: kind ${JSON.stringify(comment.kind)} is not one of ${COMMENT_KINDS.join(', ')}`;
      if (!COMMENT_STATUSES.includes(comment.status)) return `${where}: status ${JSON.stringify(comment.status)} is not one of ${COMMENT_STATUSES.join(', ')}`;
    }
  }
  return null;
}
