/**
 * RFC 4180 record splitting: quoted fields with delimiters, newlines and doubled quotes; CRLF, LF or CR line ends.
 * Lenient where files in the wild are sloppy (a quote inside an unquoted field is kept as text), with a note.
 */

/** One record with the place it starts, so messages can name it. */
export interface CsvRecord {
  /** 1-based record number, the header being row 1. */
  row: number;
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is damaged beyond repair (an unclosed quote). */
  error: string | null;
  /** Set when the record was read leniently (text after a closing quote). */
  note: string | null;
}

/** Split `text` into records. A trailing line end does not make an extra empty record. */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const record: CsvRecord = { row: records.length + 1, line, fields: [], error: null, note: null };
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const openLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          const chunk = q === -1 ? text.slice(i) : text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
          if (q === -1) {
            i = n;
            break;
          }
          field += chunk;
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          record.error = `a quoted field opened on line ${openLine} is not closed before the end of the file`;
          record.fields.push(field);
          records.push(record);
          return records;
        }
        // Text between the closing quote and the next delimiter or line end: keep it, note it.
        let tail = '';
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') tail += text[i++];
        if (tail !== '') {
          field += tail;
          record.note ??= `text after a closing quote (${JSON.stringify(tail.slice(0, 20))}) was kept as part of the field`;
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(start, i);
      }
      record.fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    records.push(record);
  }
  return records;
}

/** The first line of `text` (up to 64 KiB), for sniffing the header. */
export function firstLine(text: string): string {
  const head = text.slice(0, 65_536);
  const end = head.search(/\r|\n/);
  return end === -1 ? head : head.slice(0, end);
}
