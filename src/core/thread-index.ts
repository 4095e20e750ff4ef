/**
 * The thread index (ThreadIndex in api.ts): a thread as columns in display order, without comment text, so that a
 * thread of 100,000 comments can be sorted, filtered, counted and flagged in the browser while only the rows on
 * screen are held in full (issue 13).
 *
 * Contract:
 * - `ThreadIndexBuilder.add` takes the thread's ViewComments in display order, one at a time (a server can feed
 *   them in chunks; nothing is kept of a comment but its columns), and `finish` returns the index. `addColumns` takes
 *   the same fields without the text (only whether it is empty: a server's read model need not read every text).
 * - `flaggedAt(index, i, thresholds)` equals `decideFlags(c.score, c.tropes, thresholds).flagged` for the comment c
 *   the index was built from, for every thresholds (thread-index.test.ts checks it); `needsHumanAt` equals
 *   `needsHumanOf(c.score)`. The reasons are not in the index: they are read from the full comment (a window).
 * Pure: no DOM, Node or network.
 */
import type { ThreadHeader, ThreadIndex, ViewComment } from './api.ts';
import type { DecisionEvent } from './decisions.ts';
import { feedbackDisagrees } from './feedback.ts';
import { needsHumanOf, tropesApply, type NeedsHuman, type Thresholds } from './flags.ts';
import { ATTRIBUTES, type Attribute, type TropeSeverity } from './scoring.ts';

/** Bits of ThreadIndex.bits. */
export const COMMENT_BITS = {
  /** Its parent was not found: shown at top level (ViewComment.orphan). */
  ORPHAN: 1,
  /** The latest import lacked it (ViewComment.missing). */
  MISSING: 2,
  /** Empty or whitespace-only text: nothing to score. */
  EMPTY: 4,
  /** Scorable but without scores (ViewComment.scoreError is set). */
  SCORE_ERROR: 8,
  /** Trope hits do not flag it: its detected language is not English (tropesApply is false). */
  TROPES_NOT_APPLICABLE: 16,
  /** The scorer cannot judge its language: needs a human (its code is in ThreadIndex.languages). */
  NEEDS_HUMAN: 32,
  /** Moderators elsewhere and the model disagree on some attribute (feedbackDisagrees). */
  DISAGREES: 64,
  PINGBACK: 128,
  TRACKBACK: 256,
} as const;

function hasBit(index: ThreadIndex, i: number, bit: number): boolean {
  return ((index.bits[i] ?? 0) & bit) !== 0;
}

/** The comment's review state when the scorer cannot judge its language; null otherwise (as needsHumanOf). */
export function needsHumanAt(index: ThreadIndex, i: number): NeedsHuman | null {
  if (!hasBit(index, i, COMMENT_BITS.NEEDS_HUMAN)) return null;
  return { reason: 'language-not-supported', language: index.languages[i] ?? 'unknown' };
}

/** Attributes of comment i at or over their threshold (scores of a comment that needs a human included, as the queue's filter shows them). */
export function overThresholdAt(index: ThreadIndex, i: number, thresholds: Thresholds): Attribute[] {
  return ATTRIBUTES.filter((a) => {
    const value = index.scores[a][i];
    return value !== null && value !== undefined && value >= thresholds.attributes[a];
  });
}

/** True when the flag policy flags comment i under these thresholds: the same answer as decideFlags(...).flagged. */
export function flaggedAt(index: ThreadIndex, i: number, thresholds: Thresholds): boolean {
  if (!hasBit(index, i, COMMENT_BITS.NEEDS_HUMAN)) {
    for (const attribute of ATTRIBUTES) {
      const value = index.scores[attribute][i];
      if (value !== null && value !== undefined && value >= thresholds.attributes[attribute]) return true;
    }
  }
  if (hasBit(index, i, COMMENT_BITS.TROPES_NOT_APPLICABLE)) return false;
  const hits = index.tropes[i];
  return hits !== undefined && hits.some(([, severity]) => severity >= thresholds.tropeMinSeverity);
}

/** Highest attribute score of comment i, or null when it has none (as maxScore). */
export function highestAt(index: ThreadIndex, i: number): number | null {
  let best: number | null = null;
  for (const attribute of ATTRIBUTES) {
    const value = index.scores[attribute][i];
    if (value !== null && value !== undefined && (best === null || value > best)) best = value;
  }
  return best;
}

/**
 * What the index reads of a comment: the fields of its ViewComment but the text, of which only whether it is empty
 * (whitespace only). Of `score`, only `scores`, `language` and `languageUnsupported` are read.
 */
export type IndexedComment = Pick<ViewComment, 'id' | 'treeParentId' | 'depth' | 'descendantCount' | 'author' | 'createdAt' | 'orphan' | 'missing' | 'feedback' | 'kind' | 'tropes' | 'score'> & {
  empty: boolean;
};

/** Bits of one comment. */
function bitsOf(c: IndexedComment): number {
  let bits = 0;
  if (c.orphan) bits |= COMMENT_BITS.ORPHAN;
  if (c.missing) bits |= COMMENT_BITS.MISSING;
  if (c.empty) bits |= COMMENT_BITS.EMPTY;
  else if (c.score === null) bits |= COMMENT_BITS.SCORE_ERROR;
  if (!tropesApply(c.score)) bits |= COMMENT_BITS.TROPES_NOT_APPLICABLE;
  if (needsHumanOf(c.score)) bits |= COMMENT_BITS.NEEDS_HUMAN;
  if (feedbackDisagrees(c)) bits |= COMMENT_BITS.DISAGREES;
  if (c.kind === 'pingback') bits |= COMMENT_BITS.PINGBACK;
  if (c.kind === 'trackback') bits |= COMMENT_BITS.TRACKBACK;
  return bits;
}

/** A finite score, else null (JSON has no NaN; decideFlags skips non-finite values). */
function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** Builds a ThreadIndex from the thread's comments fed in display order. */
export class ThreadIndexBuilder {
  private readonly ids: string[] = [];
  private readonly treeParent: number[] = [];
  private readonly depth: number[] = [];
  private readonly descendants: number[] = [];
  private readonly author: number[] = [];
  private readonly authors: string[] = [];
  private readonly authorRef = new Map<string, number>();
  private readonly createdAt: Array<number | null> = [];
  private readonly scores = Object.fromEntries(ATTRIBUTES.map((a) => [a, [] as Array<number | null>])) as Record<Attribute, Array<number | null>>;
  private readonly bits: number[] = [];
  private readonly tropes: Record<number, Array<[number, TropeSeverity]>> = {};
  private readonly tropeKinds: Array<{ id: string; name: string }> = [];
  private readonly tropeRef = new Map<string, number>();
  private readonly languages: Record<number, string> = {};
  /** Display index of the first comment with each id, for tree parents. */
  private readonly at = new Map<string, number>();

  /** Adds the next comment in display order. */
  add(c: ViewComment): void {
    this.addColumns({
      id: c.id, treeParentId: c.treeParentId, depth: c.depth, descendantCount: c.descendantCount, author: c.author, createdAt: c.createdAt, orphan: c.orphan,
      missing: c.missing, feedback: c.feedback, kind: c.kind, tropes: c.tropes, score: c.score, empty: c.text.trim() === '',
    });
  }

  /** Adds the next comment in display order, from its fields without the text. */
  addColumns(c: IndexedComment): void {
    const i = this.ids.length;
    this.ids.push(c.id);
    if (!this.at.has(c.id)) this.at.set(c.id, i);
    this.treeParent.push(c.treeParentId === null ? -1 : this.at.get(c.treeParentId) ?? -1);
    this.depth.push(c.depth);
    this.descendants.push(c.descendantCount);
    let ref = this.authorRef.get(c.author);
    if (ref === undefined) {
      ref = this.authors.length;
      this.authors.push(c.author);
      this.authorRef.set(c.author, ref);
    }
    this.author.push(ref);
    const time = c.createdAt === null ? Number.NaN : Date.parse(c.createdAt);
    this.createdAt.push(Number.isFinite(time) ? time : null);
    for (const attribute of ATTRIBUTES) this.scores[attribute].push(finiteOrNull(c.score?.scores[attribute]));
    this.bits.push(bitsOf(c));
    if (c.tropes.length > 0) this.tropes[i] = c.tropes.map((hit) => [this.tropeKind(hit.id, hit.name), hit.severity]);
    const needsHuman = needsHumanOf(c.score);
    if (needsHuman) this.languages[i] = needsHuman.language;
  }

  private tropeKind(id: string, name: string): number {
    let ref = this.tropeRef.get(id);
    if (ref === undefined) {
      ref = this.tropeKinds.length;
      this.tropeKinds.push({ id, name });
      this.tropeRef.set(id, ref);
    }
    return ref;
  }

  /** The index of the comments added, with the thread's header, version and decision log. */
  finish(thread: ThreadHeader, version: string, decisions: DecisionEvent[]): ThreadIndex {
    return {
      thread,
      version,
      count: this.ids.length,
      ids: this.ids,
      treeParent: this.treeParent,
      depth: this.depth,
      descendants: this.descendants,
      author: this.author,
      authors: this.authors,
      createdAt: this.createdAt,
      scores: this.scores,
      bits: this.bits,
      tropes: this.tropes,
      tropeKinds: this.tropeKinds,
      languages: this.languages,
      decisions,
    };
  }
}
