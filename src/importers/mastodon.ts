/**
 * Importer for a Mastodon status context (`/api/v1/statuses/:id/context`): `ancestors` and `descendants`, optionally
 * with the focal status under `status`.
 */
import type { Comment, ImportResult, Thread } from '../core/model.ts';
import type { Importer } from './importer.ts';
import { JsonObject, LineIndex } from './json-text.ts';
import type { JsonValue } from './json-text.ts';
import { asArray, asObject, field, finishImport, htmlBody, idText, isoTime, jsonHead, makeComment, parseSource, repairComments, stringField } from './json-source.ts';
import { ProblemLog } from './records.ts';

const FORMAT = 'mastodon';

function readStatus(status: JsonObject, where: string, log: ProblemLog, order: number): Comment | null {
  const id = idText(field(status, 'id'));
  if (id === null) {
    log.add('missing id', { severity: 'warning', where, message: 'A status without "id"; skipped.' }, order);
    return null;
  }
  const body = htmlBody(stringField(status, 'content') ?? '');
  const warningText = stringField(status, 'spoiler_text')?.trim() ?? '';
  const time = isoTime(field(status, 'created_at'));
  const display = stringField(status, 'account', 'display_name')?.trim() ?? '';
  const acct = stringField(status, 'account', 'acct')?.trim() ?? '';
  return makeComment({
    id,
    parentId: idText(field(status, 'in_reply_to_id')),
    author: display !== '' && acct !== '' ? `${display} (@${acct})` : display || (acct === '' ? '' : `@${acct}`),
    createdAt: time.createdAt,
    createdAtText: time.createdAtText,
    text: warningText === '' ? body.text : `CW: ${warningText}\n\n${body.text}`,
    html: body.html,
  });
}

function parse(text: string): ImportResult {
  const source = parseSource(FORMAT, text);
  if (!source.ok) return source.result;
  const root = asObject(source.value);
  const ancestors = asArray(field(root, 'ancestors'));
  const descendants = asArray(field(root, 'descendants'));
  if (root === null || ancestors === null || descendants === null) {
    return { ok: false, format: FORMAT, where: 'line 1', message: 'Expected a Mastodon status context: an object with "ancestors" and "descendants" arrays.', problems: [] };
  }
  const log = new ProblemLog();
  const lines = new LineIndex(text.replace(/^\ufeff/, ''));
  const focal = asObject(field(root, 'status'));
  const entries: [JsonValue, string][] = [
    ...ancestors.map((s, k): [JsonValue, string] => [s, `ancestors[${k}]`]),
    ...(focal === null ? [] : [[focal, 'status'] as [JsonValue, string]]),
    ...descendants.map((s, k): [JsonValue, string] => [s, `descendants[${k}]`]),
  ];
  const comments: Comment[] = [];
  const whereOf = new Map<Comment, string>();
  entries.forEach(([value, label], k) => {
    if (!(value instanceof JsonObject)) {
      log.add('not an object', { severity: 'warning', where: label, message: 'Not a status object; skipped.' }, k);
      return;
    }
    const where = `${label} (id ${idText(field(value, 'id')) ?? '?'}, line ${lines.lineOf(value.offset)})`;
    const comment = readStatus(value, where, log, k);
    if (comment === null) return;
    comments.push(comment);
    whereOf.set(comment, where);
  });
  const first = asObject(ancestors[0]) ?? focal ?? asObject(descendants[0]);
  const rootId = idText(field(first, 'id'));
  const rootUrl = stringField(first, 'url') ?? stringField(first, 'uri');
  const threads: Thread[] = comments.length === 0 ? [] : [{
    id: `mastodon:${stringField(first, 'uri') ?? rootId ?? 'unknown'}`,
    title: `Mastodon conversation${rootId === null ? '' : ` from status ${rootId}`}`,
    url: rootUrl,
    articleText: '',
    sourceFormat: FORMAT,
    comments: repairComments(comments, log, (c) => whereOf.get(c) ?? 'whole file'),
  }];
  return finishImport(FORMAT, threads, log, 'The context has no status.');
}

function detect(text: string): number {
  const head = jsonHead(text);
  if (head === '' || !head.startsWith('{')) return 0;
  const lists = /"(ancestors|descendants)"\s*:\s*\[/.test(head);
  return lists && (/"ancestors"\s*:/.test(head) && /"descendants"\s*:/.test(head) || /"in_reply_to_id"\s*:/.test(head)) ? 0.96 : 0;
}

/** Mastodon status context JSON (see docs/formats.md). */
export const mastodonImporter: Importer = { id: FORMAT, label: 'Mastodon status context JSON', detect, parse };
