/**
 * The floor of issue 13's CLI figure, run as a child process by bench/big-thread.ts:
 * `node --import tsx bench/bare-pass.ts <file.csv>` reads the file, decodes it, splits the CSV rows with the
 * importer's splitter (src/importers/csv-parse.ts) and tokenizes every text with the scorer's tokenizer
 * (src/scoring/text/tokenize.ts), keeping nothing; then prints one JSON line (rows, tokens, ms).
 * It loads only those two modules, so its start-up is node + tsx, as the CLI's is.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseCsv } from '../src/importers/csv-parse.ts';
import { tokenize } from '../src/scoring/text/tokenize.ts';

function bare(file: string): void {
  const start = performance.now();
  const text = new TextDecoder().decode(fs.readFileSync(file));
  const records = parseCsv(text, ',');
  const header = records[0]?.fields ?? [];
  const column = header.indexOf('text');
  if (column === -1) throw new Error(`${file}: no "text" column in the header`);
  let rows = 0;
  let tokens = 0;
  for (let r = 1; r < records.length; r++) {
    const value = records[r]!.fields[column];
    if (value === undefined) continue;
    rows++;
    tokens += tokenize(value).tokens.length;
  }
  console.log(JSON.stringify({ rows, tokens, ms: performance.now() - start }));
}

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node --import tsx bench/bare-pass.ts <file.csv>');
  process.exit(2);
}
bare(file);
