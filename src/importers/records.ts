/**
 * Shared by the generic CSV and JSON importers: field names, flat records, and grouping records into threads.
 */
import { fnv1a64 } from '../core/hash.ts';
import { COMMENT_KINDS, COMMENT_STATUSES } from '../core/model.ts';
import type { Comment, CommentKind, CommentStatus, ImportProblem, Thread } from '../core/model.ts';
import { parseTimestamp } from './timestamp.ts';

/** The fields a generic record can carry. */
export type RecordField = 'id' | 'text' | 'parentId' | 'author' | 'createdAt' | 'threadId' | 'threadTitle' | 'threadUrl' | 'kind' | 'status';

/** Accepted spellings, compared lower-cased with everything but letters and digits removed ("parent_id" = "parentId"). */
const ALIASES: Record<RecordField, readonly string[]> = {
  id: ['id', 'commentid'],
  text: ['text', 'body', 'message', 'content'],
  parentId: ['parentid', 'parent', 'inreplyto', 'replyto'],
  author: ['author', 'user', 'username', 'authorname'],
  createdAt: ['createdat', 'created', 'date', 'time', 'timestamp'],
  threadId: ['threadid'],
  threadTitle: ['threadtitle'],
  threadUrl: ['threadurl'],
  kind: ['kind', 'type'],
  status: ['status'],
};

const BY_ALIAS = new Map<string, RecordField>();
for (const [field, names] of Object.entries(ALIASES) as [RecordField, readonly string[]][]) for (const name of names) BY_ALIAS.set(name, field);

/** Names already looked up (JSON repeats the same few keys on every item). */
const LOOKED_UP = new Map<string, RecordField | null>();

/** The record field a column or key name stands for, or null when it is not one we read. */
export function recordField(name: string): RecordField | null {
  let field = LOOKED_UP.get(name);
  if (field === undefined) {
    field = BY_ALIAS.get(name.toLowerCase().replace(/[^a-z0-9]/g, '')) ?? null;
    if (LOOKED_UP.size < 1000) LOOKED_UP.set(name, field);
  }
  return field;
}

/** One comment as read from a row or item, before validation; `where` names its place ("row 7 (line 9)"). */
export interface RawRecord {
  where: string;
  /** Position in the input (row or item sequence number), so problems can be listed in input order. */
  order: number;
  values: Partial<Record<RecordField, string | null>>;
}

/** Problems with a cap per kind, so a file with 100,000 bad rows gives a readable list. */
export class ProblemLog {
  private readonly entries: { problem: ImportProblem; order: number }[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly capPerKind = 20) {}

  /** Log a problem of `kind` found at input position `order` (problems about the whole file: Infinity). */
  add(kind: string, problem: ImportProblem, order: number): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= this.capPerKind) this.entries.push({ problem, order });
  }

  /** The problems in input order, then "N more like this" summaries for capped kinds. */
  finish(): ImportProblem[] {
    const problems = [...this.entries].sort((a, b) => a.order - b.order).map((e) => e.problem);
    for (const [kind, n] of this.counts) {
      if (n > this.capPerKind) problems.push({ severity: 'warning', where: 'whole file', message: `${n - this.capPerKind} more problem(s) of the kind "${kind}" not listed.` });
    }
    return problems;
  }
}

function emptyToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Validate one raw record into a comment (with its thread key), or null when it must be skipped (logged). */
function toComment(record: RawRecord, log: ProblemLog, zoneNote: { seen: boolean }): Comment | null {
  const v = record.values;
  const id = emptyToNull(v.id);
  if (id === null) {
    log.add('missing id', { severity: 'warning', where: record.where, message: 'No id; skipped.' }, record.order);
    return null;
  }
  const createdAtText = emptyToNull(v.createdAt);
  let createdAt: string | null = null;
  if (createdAtText !== null) {
    const parsed = parseTimestamp(createdAtText);
    createdAt = parsed.iso;
    if (parsed.iso === null) log.add('unreadable time', { severity: 'warning', where: record.where, message: `Time ${JSON.stringify(createdAtText)} is neither ISO-8601 nor epoch seconds; left empty.` }, record.order);
    if (parsed.assumedUtc) zoneNote.seen = true;
  }
  let kind: CommentKind = 'comment';
  const kindText = emptyToNull(v.kind)?.toLowerCase() ?? null;
  if (kindText !== null) {
    if ((COMMENT_KINDS as readonly string[]).includes(kindText)) kind = kindText as CommentKind;
    else log.add('unknown kind', { severity: 'warning', where: record.where, message: `Unknown kind ${JSON.stringify(kindText)}; read as "comment".` }, record.order);
  }
  let status: CommentStatus = 'published';
  const statusText = emptyToNull(v.status)?.toLowerCase() ?? null;
  if (statusText !== null) {
    if ((COMMENT_STATUSES as readonly string[]).includes(statusText)) status = statusText as CommentStatus;
    else log.add('unknown status', { severity: 'warning', where: record.where, message: `Unknown status ${JSON.stringify(statusText)}; read as "published".` }, record.order);
  }
  return {
    id,
    parentId: emptyToNull(v.parentId),
    author: (v.author ?? '').trim(),
    createdAt,
    createdAtText,
    text: (v.text ?? '').replace(/\r\n?/g, '\n'),
    html: null,
    kind,
    status,
  };
}

/** Thread details that apply to every record of a file (the JSON object form), overriding per-record thread fields. */
export interface ThreadMeta {
  id: string | null;
  title: string | null;
  url: string | null;
  articleText: string;
}

/**
 * Validate records and group them into threads by thread id, in order of first appearance. Records without a thread id
 * go to one default thread titled `defaultTitle`, whose id is a hash of its title and comment ids.
 */
export function recordsToThreads(records: readonly RawRecord[], format: string, defaultTitle: string, log: ProblemLog, meta: ThreadMeta | null = null): Thread[] {
  const groups = new Map<string, { id: string | null; title: string | null; url: string | null; comments: Comment[] }>();
  const zoneNote = { seen: false };
  for (const record of records) {
    const comment = toComment(record, log, zoneNote);
    if (comment === null) continue;
    const threadId = meta === null ? emptyToNull(record.values.threadId) : meta.id;
    const key = threadId ?? '';
    let group = groups.get(key);
    if (group === undefined) {
      group = { id: threadId, title: meta?.title ?? null, url: meta?.url ?? null, comments: [] };
      groups.set(key, group);
    }
    group.title ??= emptyToNull(record.values.threadTitle);
    group.url ??= emptyToNull(record.values.threadUrl);
    group.comments.push(comment);
  }
  if (zoneNote.seen) log.add('time zone', { severity: 'warning', where: 'whole file', message: 'Some times have no UTC offset; they were read as UTC.' }, Infinity);
  return [...groups.values()].map((group) => {
    const title = group.title ?? (group.id === null ? defaultTitle : `Thread ${group.id}`);
    return {
      id: group.id ?? fnv1a64(`${format}\n${title}\n${group.comments.map((c) => c.id).join('\n')}`),
      title,
      url: group.url,
      articleText: meta?.articleText ?? '',
      sourceFormat: format,
      comments: group.comments,
    };
  });
}
