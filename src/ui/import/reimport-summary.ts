/**
 * What a re-import changed, in words for the import notice, and the state of its "Remove the missing comments"
 * actions as a pure reducer (docs/adr/0009-reimport-merge.md). No React here.
 */
import type { ImportedThread } from '../../core/api.ts';

/** Re-imported threads the notice describes one by one; the rest are summed up in one line. */
export const REIMPORT_LINES_SHOWN = 5;

const count = (n: number, one: string, many: string = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** “Title” (or “Untitled”). */
export function quotedTitle(thread: { title: string }): string {
  return `“${thread.title || 'Untitled'}”`;
}

/** The parts of a re-import line: added, changed, unchanged, then what came back. */
function changeParts(thread: ImportedThread): string[] {
  const { added, changed, unchanged, restored } = thread.changes;
  const parts = [`${added.count} added`, `${changed.count} changed`, `${unchanged.count} unchanged`];
  if (restored.count > 0) parts.push(`${restored.count} back from an earlier import`);
  return parts;
}

/** "Re-imported “X”: 3 added, 1 changed, 6 unchanged, 120 missing from this file — kept." */
export function reimportLine(thread: ImportedThread): string {
  const parts = changeParts(thread);
  const missing = thread.changes.missing.count;
  const tail = missing > 0 ? `, ${missing} missing from this file — kept.` : '; nothing missing.';
  return `Re-imported ${quotedTitle(thread)}: ${parts.join(', ')}${tail}`;
}

/** "Remove the 120 missing comments" / "Remove the missing comment". */
export function removeLabel(missing: number): string {
  return missing === 1 ? 'Remove the missing comment' : `Remove the ${missing} missing comments`;
}

/** The re-imported threads of an answer: those with missing comments first (most missing first), then the rest. */
export function reimportedThreads(threads: readonly ImportedThread[]): ImportedThread[] {
  return threads.filter((t) => t.existed).sort((a, b) => b.changes.missing.count - a.changes.missing.count);
}

/** The line for the re-imported threads beyond the first REIMPORT_LINES_SHOWN. */
export function moreLine(rest: readonly ImportedThread[]): string {
  const missing = rest.reduce((sum, t) => sum + t.changes.missing.count, 0);
  const kept = missing > 0 ? `, ${count(missing, 'comment')} missing from this file — kept` : '';
  return `… and ${count(rest.length, 'more re-imported thread')}${kept}.`;
}

/** Where one thread's removal stands. */
export type Removal =
  | { kind: 'removing' }
  | { kind: 'removed'; removed: number }
  | { kind: 'failed'; error: string };

/** The key of one offer of removal: a thread at the revision of the import that offered it (a later import offers anew). */
export function removalKey(thread: Pick<ImportedThread, 'id' | 'revision'>): string {
  return `${thread.revision}@${thread.id}`;
}

export type RemovalAction =
  | { type: 'start'; key: string }
  | { type: 'done'; key: string; removed: number }
  | { type: 'failed'; key: string; error: string };

/** Removal state per `removalKey`. */
export type RemovalState = Readonly<Record<string, Removal>>;

export function removalReducer(state: RemovalState, action: RemovalAction): RemovalState {
  switch (action.type) {
    case 'start':
      return { ...state, [action.key]: { kind: 'removing' } };
    case 'done':
      return { ...state, [action.key]: { kind: 'removed', removed: action.removed } };
    case 'failed':
      return { ...state, [action.key]: { kind: 'failed', error: action.error } };
  }
}

/** What the notice says once the removal is done. */
export function removedLine(removed: number): string {
  const what = removed === 1 ? 'the missing comment' : `the ${removed} missing comments`;
  return `Removed ${what}. Importing the full file again brings them back; decisions on them stay in the log.`;
}

/** "6 comments of this thread are missing from its latest import (ferry-cut.xml) — kept with their last known content." */
export function missingThreadLine(missing: number, fileName: string | null): string {
  const what = missing === 1 ? '1 comment of this thread is' : `${missing} comments of this thread are`;
  const file = fileName === null ? 'pasted text' : fileName;
  return `${what} missing from its latest import (${file}) — kept with ${missing === 1 ? 'its' : 'their'} last known content.`;
}
