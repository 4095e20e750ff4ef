import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { buildStatement, type StatementOfReasons } from '../core/statements.ts';
import { CSV_BOM } from './csv.ts';
import { STATEMENT_CSV_COLUMNS, statementsFile } from './statements.ts';

const HEAD = { generatedAt: '2026-03-06T00:00:00Z', generator: 'threadscope test', threadId: 't1' };

function statement(text: string, author: string, note = ''): StatementOfReasons {
  return buildStatement(
    {
      thread: { id: 't1', title: '=HYPERLINK("http://evil")', url: null },
      comment: { id: 'c1', author, createdAt: '2026-03-01T00:00:00Z', text, score: { scores: { INSULT: 0.9 }, evidence: {} }, tropes: [] },
      decision: { id: 'd1', threadId: 't1', commentId: 'c1', action: 'reject', moderator: 'mo', reason: 'spam', note, at: '2026-03-02T00:00:00Z', seq: 1 },
      deciderRole: 'moderator',
    },
    { reasons: [{ code: 'spam', label: 'Spam', ground: 'incompatible' }], scorer: { name: 's', version: '1' }, detector: { name: 'd', version: '1' }, thresholds: DEFAULT_THRESHOLDS },
  );
}

/** Splits CSV text into records of fields (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

const text = (pieces: Iterable<string>) => [...pieces].join('');

describe('statements files', () => {
  it('CSV: BOM, header, one row per statement, every text cell neutralized against formula injection', () => {
    const file = statementsFile([statement('=1+1', '@attacker', '-2+3; =cmd|x'), statement('Plain, "quoted" text\nline two', 'Bob')], HEAD, 'csv');
    expect(file).toMatchObject({ mimeType: 'text/csv; charset=utf-8', extension: 'csv' });
    const csv = text(file.pieces);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsv(csv.slice(CSV_BOM.length));
    expect(rows[0]).toEqual([...STATEMENT_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const first = Object.fromEntries(STATEMENT_CSV_COLUMNS.map((c, i) => [c, rows[1]![i]!]));
    expect(first.text).toBe("'=1+1");
    expect(first.author).toBe("'@attacker");
    expect(first.thread_title).toBe('\'=HYPERLINK("http://evil")');
    expect(first.note).toBe("'-2+3; '=cmd|x");
    expect(first.decision_ground).toBe('DECISION_GROUND_INCOMPATIBLE_CONTENT');
    expect(first.automated_detection).toBe('Yes');
    expect(first.scores).toBe('INSULT=0.9');
    // No cell of any row starts a formula.
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, cell).not.toMatch(/^\s*[=+\-@]/);
    const second = Object.fromEntries(STATEMENT_CSV_COLUMNS.map((c, i) => [c, rows[2]![i]!]));
    expect(second.text).toBe('Plain, "quoted" text\nline two');
  });

  it('JSON: the Transparency Database\'s "statements" array, also when empty', () => {
    const file = statementsFile([statement('x', 'Ann'), statement('y', 'Bob')], HEAD, 'json');
    expect(file).toMatchObject({ mimeType: 'application/json; charset=utf-8', extension: 'json' });
    const parsed = JSON.parse(text(file.pieces)) as { generated_at: string; thread_id: string; statements: StatementOfReasons[] };
    expect(parsed.generated_at).toBe(HEAD.generatedAt);
    expect(parsed.thread_id).toBe('t1');
    expect(parsed.statements.map((s) => s.details.author)).toEqual(['Ann', 'Bob']);
    expect(parsed.statements[0]).toEqual(statement('x', 'Ann'));
    expect(JSON.parse(text(statementsFile([], HEAD, 'json').pieces))).toMatchObject({ statements: [] });
  });
});
