/**
 * Importer for a generic CSV: a header row with `id` and `text` (optional parent_id, author, created_at, thread_id,
 * thread_title, thread_url, kind, status), one comment per row.
 */
import type { ImportResult } from '../core/model.ts';
import { firstLine, parseCsv } from './csv-parse.ts';
import { fileStem, importFailure } from './importer.ts';
import type { Importer } from './importer.ts';
import { ProblemLog, recordField, recordsToThreads } from './records.ts';
import type { RawRecord, RecordField } from './records.ts';

const FORMAT = 'generic-csv';
const DELIMITERS = [',', ';', '\t'] as const;

/** Header cells split naively (a header rarely needs quotes) and mapped to record fields. */
function headerFields(line: string, delimiter: string): (RecordField | null)[] {
  return line.split(delimiter).map((cell) => recordField(cell.trim().replace(/^"(.*)"$/, '$1')));
}

/** The delimiter whose header has both id and text, else the one splitting the header into most cells. */
function chooseDelimiter(header: string): string {
  for (const d of DELIMITERS) {
    const fields = headerFields(header, d);
    if (fields.includes('id') && fields.includes('text')) return d;
  }
  let best: string = DELIMITERS[0];
  for (const d of DELIMITERS) if (header.split(d).length > header.split(best).length) best = d;
  return best;
}

function detect(text: string, fileName?: string): number {
  const header = firstLine(text.replace(/^\ufeff/, ''));
  const bonus = fileName !== undefined && /\.(csv|tsv)$/i.test(fileName) ? 0.04 : 0;
  const fields = headerFields(header, chooseDelimiter(header));
  if (fields.length < 2) return 0;
  if (fields.includes('id') && fields.includes('text')) return 0.9 + bonus;
  const known = fields.filter((f) => f !== null).length;
  return known >= 1 && header.length < 2000 ? 0.3 + bonus : 0;
}

function parse(input: string, fileName?: string): ImportResult {
  const text = input.replace(/^\ufeff/, '');
  const delimiter = chooseDelimiter(firstLine(text));
  const rows = parseCsv(text, delimiter);
  const header = rows[0];
  if (header === undefined) return importFailure(FORMAT, 'row 1', 'The file is empty: expected a header row with at least "id" and "text".');
  if (header.error !== null) return importFailure(FORMAT, 'row 1 (line 1)', `The header row is damaged: ${header.error}.`);
  const log = new ProblemLog();
  const columns = new Map<RecordField, number>();
  header.fields.forEach((name, index) => {
    const field = recordField(name.trim());
    if (field === null) return;
    if (columns.has(field)) {
      log.add('duplicate column', { severity: 'warning', where: `row 1, column ${index + 1}`, message: `Column ${JSON.stringify(name)} repeats the ${field} column; only the first is read.` }, 1);
    } else {
      columns.set(field, index);
    }
  });
  const missing = (['id', 'text'] as const).filter((f) => !columns.has(f));
  if (missing.length > 0) {
    const found = header.fields.map((f) => JSON.stringify(f.trim())).join(', ');
    return importFailure(FORMAT, 'row 1 (line 1)', `The header has no ${missing.map((m) => `"${m}"`).join(' or ')} column (found ${found}); "id" and "text" are required.`);
  }

  const records: RawRecord[] = [];
  let dataRows = 0;
  for (const row of rows.slice(1)) {
    const where = row.line === row.row ? `row ${row.row}` : `row ${row.row} (line ${row.line})`;
    if (row.error === null && row.fields.every((f) => f.trim() === '')) continue;
    dataRows++;
    if (row.error !== null) {
      log.add('damaged row', { severity: 'error', where, message: `Skipped: ${row.error}.` }, row.row);
      continue;
    }
    if (row.fields.length !== header.fields.length) {
      log.add('column count', { severity: 'warning', where, message: `Skipped: ${row.fields.length} fields, but the header has ${header.fields.length}.` }, row.row);
      continue;
    }
    if (row.note !== null) log.add('lenient quote', { severity: 'warning', where, message: `Read leniently: ${row.note}.` }, row.row);
    const values: RawRecord['values'] = {};
    for (const [field, index] of columns) values[field] = row.fields[index] ?? null;
    records.push({ where, order: row.row, values });
  }
  const threads = recordsToThreads(records, FORMAT, fileStem(fileName) ?? 'Pasted CSV', log);
  const problems = log.finish();
  if (dataRows === 0) return importFailure(FORMAT, 'row 2', 'The file has a header but no data rows.', problems);
  if (threads.length === 0) {
    const first = problems[0];
    const reason = first === undefined ? '' : ` The first problem: ${first.where}: ${first.message}`;
    return importFailure(FORMAT, `rows 2-${rows.length}`, `None of the ${dataRows} data rows could be read.${reason}`, problems);
  }
  return { ok: true, format: FORMAT, threads, problems };
}

/** Generic CSV (see docs/formats.md). */
export const genericCsvImporter: Importer = { id: FORMAT, label: 'Generic CSV (id, text, parent_id, …)', detect, parse };
