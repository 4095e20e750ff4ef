/**
 * The wording of an import's audit entries (import-audit.ts), shared by the SQLite import route and the import job:
 * one entry per thread, counts, source, format, and the revision of a thread stored before.
 */
import { expect, it } from 'vitest';
import type { ImportedThread, ImportResponse } from '../../core/api.ts';
import { importAuditEntries, importSource } from './import-audit.ts';

const ids = (count: number) => ({ count, ids: [] as string[] });

function thread(id: string, commentCount: number, existed: boolean, revision: number, added: number, changed: number, missing: number): ImportedThread {
  return {
    id, title: id, url: null, sourceFormat: 'csv', commentCount, importedAt: '2026-12-07T10:00:00.000Z', existed, revision, decisionsKept: 0,
    changes: { added: ids(added), changed: ids(changed), unchanged: ids(0), missing: ids(missing), restored: ids(0) },
  };
}

it('words one import entry per thread: counts, source, format, and the revision of a thread stored before', () => {
  const response: ImportResponse = { format: 'csv', problems: [], threads: [thread('t1', 1, false, 1, 1, 0, 0), thread('t2', 12, true, 3, 2, 1, 4)] };
  expect(importAuditEntries({ username: 'ana', role: 'editor' }, response, 'a.csv')).toEqual([
    { actor: 'ana', actorRole: 'editor', action: 'import', threadId: 't1', what: 'imported 1 comment (1 new, 0 changed, 0 missing) from a.csv as csv' },
    { actor: 'ana', actorRole: 'editor', action: 'import', threadId: 't2', what: 'imported 12 comments (2 new, 1 changed, 4 missing) from a.csv as csv, revision 3' },
  ]);
  expect(importAuditEntries({ username: 'ana', role: null }, { ...response, threads: [] }, 'a.csv')).toEqual([]);
});

it('names the source by the file name, or "pasted text" without one', () => {
  expect(importSource('seed.txt')).toBe('seed.txt');
  expect(importSource('  ')).toBe('pasted text');
  expect(importSource(null)).toBe('pasted text');
  expect(importSource(undefined)).toBe('pasted text');
});
