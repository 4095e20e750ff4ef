/**
 * The merge of a re-imported thread into its stored comments (docs/adr/0009-reimport-merge.md): compared by comment
 * id into added, changed, unchanged and missing; the new file's comments are written, stored comments the file lacks
 * are kept with their last known content, in the place they had, marked missing. Pure: the store runs it inside its
 * write transaction.
 */
import type { CommentIdList, ThreadChanges } from '../../core/api.ts';
import type { Comment } from '../../core/model.ts';

/** How many ids of each kind of change the import answer lists (the count is always whole). */
export const CHANGE_IDS_LISTED = 50;

/** A comment row as the store writes it (and reads it back before a merge): the importer's record plus the store's marks. */
export interface CommentRecord extends Comment {
  textHash: string;
  /** ISO time of the first import that lacked this comment (null: in the latest import). */
  missingSince: string | null;
  /** File name of the latest import, which lacked it (null: present, or pasted text). */
  missingFrom: string | null;
}

/** The rows to store, in order, and what changed. */
export interface MergePlan {
  rows: CommentRecord[];
  changes: ThreadChanges;
}

/** The import that is merged in: when, and from which file (null for pasted text). */
export interface MergeSource {
  at: string;
  fileName: string | null;
}

/** The fields whose difference makes a comment "changed" (the text by its hash). */
const CONTENT_FIELDS = ['parentId', 'author', 'createdAt', 'createdAtText', 'textHash', 'html', 'kind', 'status'] as const;

function sameContent(a: CommentRecord, b: CommentRecord): boolean {
  return CONTENT_FIELDS.every((field) => a[field] === b[field]);
}

/** Records grouped by id, in first-seen order (a source may repeat an id; the tree builder reports it). */
function groupById(records: readonly CommentRecord[]): Map<string, CommentRecord[]> {
  const groups = new Map<string, CommentRecord[]>();
  for (const r of records) {
    const group = groups.get(r.id);
    if (group) group.push(r);
    else groups.set(r.id, [r]);
  }
  return groups;
}

/** Ids in a list, each once, as count and the first CHANGE_IDS_LISTED. */
export function idList(ids: readonly string[]): CommentIdList {
  return { count: ids.length, ids: ids.slice(0, CHANGE_IDS_LISTED) };
}

/** Compares the stored and incoming comments by id. */
function classify(stored: Map<string, CommentRecord[]>, incoming: Map<string, CommentRecord[]>): ThreadChanges {
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  const restored: string[] = [];
  for (const [id, records] of incoming) {
    const before = stored.get(id);
    if (!before) {
      added.push(id);
      continue;
    }
    const same = before.length === records.length && before.every((r, i) => sameContent(r, records[i]!));
    (same ? unchanged : changed).push(id);
    if (before.some((r) => r.missingSince !== null)) restored.push(id);
  }
  const missing = [...stored.keys()].filter((id) => !incoming.has(id));
  return { added: idList(added), changed: idList(changed), unchanged: idList(unchanged), missing: idList(missing), restored: idList(restored) };
}

/** A stored comment the new file lacks, marked missing (since the first import that lacked it). */
function keptMissing(record: CommentRecord, source: MergeSource): CommentRecord {
  return { ...record, missingSince: record.missingSince ?? source.at, missingFrom: source.fileName };
}

/**
 * The stored order with the new file's comments in the file's order and each missing comment right after the stored
 * comment it followed (the nearest earlier one the file still has), or first when none did.
 */
function mergedOrder(stored: readonly CommentRecord[], incoming: readonly CommentRecord[], incomingIds: ReadonlySet<string>, source: MergeSource): CommentRecord[] {
  const after = new Map<string | null, CommentRecord[]>();
  let anchor: string | null = null;
  for (const r of stored) {
    if (incomingIds.has(r.id)) {
      anchor = r.id;
      continue;
    }
    const run = after.get(anchor);
    if (run) run.push(keptMissing(r, source));
    else after.set(anchor, [keptMissing(r, source)]);
  }
  const rows: CommentRecord[] = [...(after.get(null) ?? [])];
  for (const r of incoming) {
    rows.push(r);
    const run = after.get(r.id);
    if (run) {
      rows.push(...run);
      after.delete(r.id);
    }
  }
  return rows;
}

/** The merge of `incoming` (the new file, in its order) into `stored` (in stored order). */
export function planMerge(stored: readonly CommentRecord[], incoming: readonly CommentRecord[], source: MergeSource): MergePlan {
  const incomingGroups = groupById(incoming);
  const changes = classify(groupById(stored), incomingGroups);
  const rows = mergedOrder(stored, incoming, new Set(incomingGroups.keys()), source);
  return { rows, changes };
}

/** The changes of a thread imported for the first time: everything added. */
export function firstImportChanges(incoming: readonly CommentRecord[]): ThreadChanges {
  const none = idList([]);
  return { added: idList([...groupById(incoming).keys()]), changed: none, unchanged: none, missing: none, restored: none };
}
