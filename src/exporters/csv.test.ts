import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from '../core/scoring.ts';
import { CSV_BOM, CSV_COLUMNS, neutralizeFormula, quoteField, toReportCsv } from './csv.ts';
import { fixtureComment, fixtureReport, fixtureThread, richReport } from './report-fixture.ts';

/** A strict RFC 4180 reader (CRLF records, doubled quotes), to read back what the exporter wrote. */
function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < input.length) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && input[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

function table(csv: string): Array<Record<string, string>> {
  expect(csv.startsWith(CSV_BOM)).toBe(true);
  const [header, ...rows] = parseCsv(csv.slice(CSV_BOM.length));
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  return rows.map((row) => Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, row[i] ?? ''])));
}

function oneRow(over: Parameters<typeof fixtureComment>[0]): Record<string, string> {
  const rows = table(toReportCsv(fixtureReport([fixtureThread([fixtureComment(over)])])));
  expect(rows).toHaveLength(1);
  return rows[0] ?? {};
}

describe('toReportCsv', () => {
  it('writes a BOM, a header and one CRLF-terminated row per comment with every column filled in', () => {
    const rows = table(toReportCsv(richReport()));
    expect(rows.map((r) => r.comment_id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    const c2 = rows[1] ?? {};
    expect(c2).toMatchObject({
      thread_id: 'thread-1',
      thread_title: 'Civil war talk',
      parent_id: 'c1',
      depth: '1',
      author: 'Stu',
      TOXICITY: '0.55',
      SEVERE_TOXICITY: '',
      INSULT: '0.82',
      max_score: '0.82',
      evidence: 'INSULT: "real losers"',
      flagged: 'true',
      reasons: 'INSULT 0.82 ≥ 0.60: "real losers"',
      decision: 'rejected',
      moderator: 'Mo',
      decision_reason: 'insult',
      note: 'second warning',
      decided_at: '2026-01-02T00:00:00.000Z',
      report_generated_at: '2026-02-01T10:00:00.000Z',
      scorer: 'lexicon-baseline',
      scorer_version: '1.0.0',
      detector: 'trope-rules',
      thresholds: 'TOXICITY=0.7; SEVERE_TOXICITY=0.5; IDENTITY_ATTACK=0.5; INSULT=0.6; PROFANITY=0.7; THREAT=0.5; tropeMinSeverity=2',
      scope: 'whole thread',
    });
    expect(rows[2]).toMatchObject({
      tropes: 'covert-control-of-leaders (S3)',
      evidence: 'covert-control-of-leaders: who "They control"; covert-control-of-leaders: what "control Putin"',
      decision: '',
    });
    const c4 = rows[3] ?? {};
    expect(c4).toMatchObject({ kind: 'pingback', status: 'deleted', orphan: 'true', parent_id: '', source_parent_id: 'gone', max_score: '', flagged: 'false' });
    for (const a of ATTRIBUTES) expect(c4[a]).toBe('');
  });

  it('an empty report is just the header', () => {
    expect(toReportCsv(fixtureReport([]))).toBe(`${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('round-trips commas, quotes, CR, LF, CRLF, unicode and emoji exactly', () => {
    const text = 'a, "quoted" b\r\nline two\nline three\rend — ünïcödé 👩🏽‍💻 ½';
    const row = oneRow({ text, author: 'O"Brien, Pat', reasons: ['x | y', 'two\nlines'] });
    expect(row.text).toBe(text);
    expect(row.author).toBe('O"Brien, Pat');
    expect(row.reasons).toBe('x | y | two\nlines');
    expect(quoteField('a"b')).toBe('"a""b"');
    expect(quoteField('plain')).toBe('plain');
  });

  it('writes scores as numbers with at most 4 decimals and never prefixes them', () => {
    const row = oneRow({ scores: { TOXICITY: 0.123456, INSULT: 1, THREAT: 0 }, maxScore: 1 });
    expect(row).toMatchObject({ TOXICITY: '0.1235', INSULT: '1', THREAT: '0', PROFANITY: '', max_score: '1' });
  });

  const triggers = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

  it.each(triggers)('neutralizes a cell starting with %j, also after leading whitespace', (trigger) => {
    const payload = `${trigger}HYPERLINK("http://evil.example","x")`;
    expect(neutralizeFormula(payload)).toBe(`'${payload}`);
    expect(neutralizeFormula(`  ${payload}`)).toBe(`'  ${payload}`);
    expect(neutralizeFormula(`\u00A0\u3000${payload}`)).toBe(`'\u00A0\u3000${payload}`);
    expect(neutralizeFormula(`\n${payload}`)).toBe(`'\n${payload}`);
    expect(neutralizeFormula(`safe ${payload}`)).toBe(`safe ${payload}`);
  });

  it.each([
    ['x;=1+1;', "x;'=1+1;"],
    ['a; =HYPERLINK("http://evil.example")', 'a; \'=HYPERLINK("http://evil.example")'],
    ['a\t+1', "a\t'+1"],
    ['a | @SUM(A1)', "a | '@SUM(A1)"],
    ['a;\t-1', "a;\t'-1"],
    ['＝1;＠x', "'＝1;'＠x"],
    ['a;b|c\td', 'a;b|c\td'],
    ['a, =1', 'a, =1'],
  ])('neutralizes a formula start after ;, tab and |: %j', (value, neutral) => {
    expect(neutralizeFormula(value)).toBe(neutral);
  });

  it.each([';', '\t', '|'])('quotes a cell holding %j, so a spreadsheet splitting there keeps it whole', (splitter) => {
    const value = `x${splitter}=1+1${splitter}`;
    expect(quoteField(value)).toBe(`"${value}"`);
    const row = oneRow({ text: value, author: `O"Brien${splitter}Pat` });
    expect(row.text).toBe(`x${splitter}'=1+1${splitter}`);
    expect(row.author).toBe(`O"Brien${splitter}Pat`);
    const line = toReportCsv(fixtureReport([fixtureThread([fixtureComment({ text: value })])])).split('\r\n')[1]!;
    expect(line).toContain(`,"x${splitter}'=1+1${splitter}",`);
    for (const cell of line.split(splitter)) expect(cell).not.toMatch(/^\s*[=+\-@]/);
  });

  it('neutralizes formulas in every text cell: text, author, title, ids, reasons, decision reason, note, moderator, scope', () => {
    const evil = '=cmd|" /C calc"!A0';
    const report = fixtureReport(
      [
        fixtureThread(
          [
            fixtureComment({
              id: '-1',
              text: ` ${evil}`,
              author: '@SUM(1+1)',
              reasons: ['+1'],
              scoreError: '-err',
              decision: { state: 'escalated', action: 'escalate', moderator: '＝mod', reason: '\t=1', note: '\r=2', at: '2026-01-02T00:00:00.000Z', eventId: 'e-12345678' },
            }),
          ],
          { title: '=title', id: '+thread' },
        ),
      ],
      { scope: '-scope', generator: '@gen' },
    );
    const row = table(toReportCsv(report))[0] ?? {};
    expect(row).toMatchObject({
      comment_id: "'-1",
      text: `' ${evil}`,
      author: "'@SUM(1+1)",
      reasons: "'+1",
      score_error: "'-err",
      moderator: "'＝mod",
      decision_reason: "'\t'=1",
      note: "'\r=2",
      thread_title: "'=title",
      thread_id: "'+thread",
      scope: "'-scope",
      generator: "'@gen",
    });
    for (const [column, value] of Object.entries(row)) {
      if (/^\s*[=+\-@\t\r＝＋－＠]/u.test(value)) throw new Error(`column ${column} starts with a formula trigger: ${JSON.stringify(value)}`);
    }
  });
});
