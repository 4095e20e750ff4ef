import { describe, expect, it } from 'vitest';
import type { ImportResult, Thread } from '../core/model.ts';
import { parseCsv } from './csv-parse.ts';
import { genericCsvImporter } from './generic-csv.ts';
import { parseTimestamp } from './timestamp.ts';

function threads(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  return result.threads;
}

describe('parseCsv', () => {
  it('handles quoted delimiters, quoted newlines, doubled quotes, CRLF and a missing final line end', () => {
    const records = parseCsv('a,b\r\n"x, y","line1\r\nline2"\r\n"say ""hi""",\r\nlast,row', ',');
    expect(records.map((r) => [r.row, r.line, r.fields])).toEqual([
      [1, 1, ['a', 'b']],
      [2, 2, ['x, y', 'line1\r\nline2']],
      [3, 4, ['say "hi"', '']],
      [4, 5, ['last', 'row']],
    ]);
  });

  it('reports an unclosed quote with the line it opened on, and keeps sloppy text after a closing quote', () => {
    const records = parseCsv('a,b\n"ok"x,1\n2,"never closed\nmore', ',');
    expect(records[1]).toMatchObject({ fields: ['okx', '1'], note: expect.stringContaining('after a closing quote') });
    expect(records[2]).toMatchObject({ row: 3, line: 3, error: expect.stringContaining('line 3') });
  });
});

describe('parseTimestamp', () => {
  it('reads ISO-8601 with and without offsets, and epoch seconds or milliseconds, as UTC', () => {
    expect(parseTimestamp('2019-10-03T17:04:05+02:00')).toEqual({ iso: '2019-10-03T15:04:05.000Z', assumedUtc: false });
    expect(parseTimestamp('2019-10-03 17:04:05.25Z')).toEqual({ iso: '2019-10-03T17:04:05.250Z', assumedUtc: false });
    expect(parseTimestamp('2019-10-03T17:04')).toEqual({ iso: '2019-10-03T17:04:00.000Z', assumedUtc: true });
    expect(parseTimestamp('2019-10-03')).toEqual({ iso: '2019-10-03T00:00:00.000Z', assumedUtc: false });
    expect(parseTimestamp('1570115045')).toEqual({ iso: '2019-10-03T15:04:05.000Z', assumedUtc: false });
    expect(parseTimestamp('1570115045123').iso).toBe('2019-10-03T15:04:05.123Z');
  });

  it('reads leap days of every year the way the calendar has them, years 0-99 included', () => {
    expect(parseTimestamp('0000-02-29').iso).toBe('0000-02-29T00:00:00.000Z');
    expect(parseTimestamp('0004-02-29').iso).toBe('0004-02-29T00:00:00.000Z');
    expect(parseTimestamp('2000-02-29T12:00:00Z').iso).toBe('2000-02-29T12:00:00.000Z');
    expect(parseTimestamp('0001-02-29').iso).toBeNull();
    expect(parseTimestamp('1900-02-29').iso).toBeNull();
  });

  it('refuses impossible dates and other text', () => {
    for (const bad of ['2019-02-30', '2019-13-01', '2019-10-03T24:00', 'yesterday', '', '1e400', '99999999999999999999']) {
      expect(parseTimestamp(bad).iso).toBeNull();
    }
  });
});

describe('generic CSV importer', () => {
  it('reads comments with optional columns in camelCase or snake_case, keeping the time text', () => {
    const csv = 'id,parentId,Author,created_at,text\n1,,Ann,2019-10-03T10:00:00Z,"Hello, ""world"""\n2,1,Ben,1570097000,"two\nlines"\n';
    const [thread] = threads(genericCsvImporter.parse(csv, 'exports/my-thread.csv'));
    expect(thread!.title).toBe('my-thread');
    expect(thread!.sourceFormat).toBe('generic-csv');
    expect(thread!.comments).toEqual([
      { id: '1', parentId: null, author: 'Ann', createdAt: '2019-10-03T10:00:00.000Z', createdAtText: '2019-10-03T10:00:00Z', text: 'Hello, "world"', html: null, kind: 'comment', status: 'published' },
      { id: '2', parentId: '1', author: 'Ben', createdAt: '2019-10-03T10:03:20.000Z', createdAtText: '1570097000', text: 'two\nlines', html: null, kind: 'comment', status: 'published' },
    ]);
  });

  it('groups rows into threads by thread_id, titled by thread_title', () => {
    const csv = 'thread_id,thread_title,id,text\nt1,First,1,a\nt2,,1,b\nt1,,2,c\n';
    const result = threads(genericCsvImporter.parse(csv));
    expect(result.map((t) => [t.id, t.title, t.comments.map((c) => c.text).join('')])).toEqual([
      ['t1', 'First', 'ac'],
      ['t2', 'Thread t2', 'b'],
    ]);
  });

  it('gives the default thread a stable id derived from its content', () => {
    const a = threads(genericCsvImporter.parse('id,text\n1,x\n'))[0]!;
    const b = threads(genericCsvImporter.parse('id,text\r\n1,x\r\n'))[0]!;
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.id).toBe(b.id);
    expect(a.title).toBe('Pasted CSV');
  });

  it('skips rows with a missing id or the wrong number of fields, naming the row (header = row 1)', () => {
    const csv = 'id,text\n1,ok\n,no id\n3,too,many\n"4","multi\nline"\n5\n6,fine\n';
    const result = genericCsvImporter.parse(csv);
    expect(threads(result)[0]!.comments.map((c) => c.id)).toEqual(['1', '4', '6']);
    expect(result.problems).toEqual([
      { severity: 'warning', where: 'row 3', message: 'No id; skipped.' },
      { severity: 'warning', where: 'row 4', message: 'Skipped: 3 fields, but the header has 2.' },
      { severity: 'warning', where: 'row 6 (line 7)', message: 'Skipped: 1 fields, but the header has 2.' },
    ]);
  });

  it('warns about unreadable times and times without an offset, and about unknown kinds', () => {
    const result = genericCsvImporter.parse('id,text,created_at,kind,status\n1,a,last tuesday,pingback,spam\n2,b,2019-10-03 12:00,blog,gone\n');
    const comments = threads(result)[0]!.comments;
    expect(comments.map((c) => [c.createdAt, c.createdAtText, c.kind, c.status])).toEqual([
      [null, 'last tuesday', 'pingback', 'spam'],
      ['2019-10-03T12:00:00.000Z', '2019-10-03 12:00', 'comment', 'published'],
    ]);
    expect(result.problems.map((p) => p.where)).toEqual(['row 2', 'row 3', 'row 3', 'whole file']);
  });

  it('reads semicolon and tab separated files', () => {
    expect(threads(genericCsvImporter.parse('id;text\n1;a,b\n'))[0]!.comments[0]!.text).toBe('a,b');
    expect(threads(genericCsvImporter.parse('id\ttext\n1\ta;b\n'))[0]!.comments[0]!.text).toBe('a;b');
  });

  it('rejects a file without the required columns, without data rows, or with no readable row', () => {
    expect(genericCsvImporter.parse('id,body2\n1,x\n')).toMatchObject({ ok: false, where: 'row 1 (line 1)', message: expect.stringContaining('no "text" column') });
    expect(genericCsvImporter.parse('id,text\n\n')).toMatchObject({ ok: false, where: 'row 2', message: expect.stringContaining('no data rows') });
    const none = genericCsvImporter.parse('id,text\n,a\n1,b,c\n');
    expect(none).toMatchObject({ ok: false, where: 'rows 2-3', message: expect.stringContaining('None of the 2 data rows') });
    expect(none.problems).toHaveLength(2);
  });

  it('caps the problem list for files with many bad rows', () => {
    const csv = `id,text\n${Array.from({ length: 500 }, (_, i) => `${i},a,b`).join('\n')}\n999,ok\n`;
    const result = genericCsvImporter.parse(csv);
    expect(threads(result)[0]!.comments).toHaveLength(1);
    expect(result.problems).toHaveLength(21);
    expect(result.problems[20]!.message).toContain('480 more');
  });

  it('detects its header with high confidence and plain prose not at all', () => {
    expect(genericCsvImporter.detect('id,parent_id,text\n1,,a')).toBeGreaterThanOrEqual(0.9);
    expect(genericCsvImporter.detect('Hello, world\nmore text')).toBe(0);
    expect(genericCsvImporter.detect('id,name\n1,x')).toBeGreaterThan(0.25);
  });
});
