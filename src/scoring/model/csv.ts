/**
 * A strict RFC 4180 CSV parser (quoted fields, doubled quotes, line breaks inside quotes) for the training data.
 */

/** Parses CSV text into rows of fields; throws a message naming the line when a quoted field never closes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (ch === '"' && field === '') {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`CSV: quoted field opened on line ${startLine} is never closed`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as records keyed by the header row; throws a message naming `source` when a column is missing. */
export function csvRecords(text: string, source: string, required: readonly string[]): Record<string, string>[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) throw new Error(`${source}: empty CSV`);
  for (const column of required) if (!header.includes(column)) throw new Error(`${source}: missing column "${column}"`);
  const out: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    if (row.length === 1 && row[0] === '') continue;
    const record: Record<string, string> = {};
    header.forEach((name, k) => (record[name] = row[k] ?? ''));
    out.push(record);
  }
  return out;
}
