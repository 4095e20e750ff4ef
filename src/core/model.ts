/**
 * The thread model every importer produces and every shell consumes.
 * Pure data: no React, DOM, Node or network here (see docs/adr/0001-architecture.md).
 */

/** What an entry in a thread is. */
export type CommentKind = 'comment' | 'pingback' | 'trackback';

/** Moderation state the source gave the entry (not a Threadscope decision). */
export type CommentStatus = 'published' | 'deleted' | 'removed' | 'pending' | 'spam';

export const COMMENT_KINDS: readonly CommentKind[] = ['comment', 'pingback', 'trackback'];
export const COMMENT_STATUSES: readonly CommentStatus[] = ['published', 'deleted', 'removed', 'pending', 'spam'];

/** One flat comment record as an importer emits it; the reply tree is built later by `buildTree`. */
export interface Comment {
  /** Source id, always a string (ids may exceed Number.MAX_SAFE_INTEGER). Unique within a thread after import. */
  id: string;
  /** Id of the comment this one replies to, or null for top level. May dangle (orphan); buildTree handles that. */
  parentId: string | null;
  /** Display name as the source gave it (plain text, entities decoded). Empty string when unknown. */
  author: string;
  /** Parsed instant as ISO-8601 UTC (`2019-10-03T12:00:00.000Z`), or null when the source had none or it did not parse. */
  createdAt: string | null;
  /** The time exactly as the source wrote it (for audit), or null. */
  createdAtText: string | null;
  /** Plain-text body, entities decoded, paragraphs separated by "\n\n". Evidence spans index into this string (UTF-16 offsets). */
  text: string;
  /** Sanitized HTML body when the source had HTML, else null. Never raw source HTML. */
  html: string | null;
  kind: CommentKind;
  status: CommentStatus;
}

/** One thread (a post, a story, a topic) with its article and flat comments. */
export interface Thread {
  /** Stable id: from the source where it has one, else derived from the content. */
  id: string;
  title: string;
  url: string | null;
  /** Article or post text, kept apart from the comments. Empty when the source has none. */
  articleText: string;
  /** Importer id that produced it (e.g. "page-text", "generic-csv"). */
  sourceFormat: string;
  comments: Comment[];
}

/** Something an importer skipped, repaired or doubted, with the place it happened. */
export interface ImportProblem {
  severity: 'warning' | 'error';
  /** Where in the input: "line 42", "post dsq:id=123", "row 7, column parent_id", "byte 1024". */
  where: string;
  message: string;
}

/** Result of reading one input file or pasted text. `ok: false` means nothing was imported. */
export type ImportResult =
  | { ok: true; format: string; threads: Thread[]; problems: ImportProblem[] }
  | { ok: false; format: string | null; message: string; where: string | null; problems: ImportProblem[] };
