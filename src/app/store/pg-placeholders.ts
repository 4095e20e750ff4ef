/**
 * `?` placeholders to PostgreSQL's `$1`, `$2`, ... (sql.ts: the store writes `?` for both engines).
 *
 * Contract: every `?` outside a quoted string ('...', E'...' with backslash escapes, $tag$...$tag$), a quoted
 * identifier ("...") or a comment (-- to the end of the line, nested /* *\/) is a placeholder, numbered in order;
 * inside those it is left as it is. There is no escape for a literal `?` operator (PostgreSQL's jsonb `?`, `?|`,
 * `?&` cannot be written; use `jsonb_exists` and friends). Pure; `count` is the number of placeholders.
 */

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The index just past a quoted run that opened at `start` with `quote` ('' or "" inside it is the quote itself). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/** The index just past a block comment opening at `start` (PostgreSQL nests them). */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}

/** The dollar-quote tag (`$$` or `$name$`) opening at `i`, or null when the `$` there opens none. */
function dollarTag(sql: string, i: number): string | null {
  const match = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
  return match ? match[0] : null;
}

export function numberPlaceholders(sql: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  let i = 0;
  let copiedTo = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const prev = i > 0 ? sql[i - 1]! : '';
    if (ch === "'") {
      const escaped = (prev === 'E' || prev === 'e') && (i < 2 || !IDENT_PART.test(sql[i - 2]!));
      i = skipQuoted(sql, i, "'", escaped);
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else if (ch === '$' && !IDENT_PART.test(prev) && dollarTag(sql, i) !== null) {
      const tag = dollarTag(sql, i)!;
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
    } else if (ch === '?') {
      count += 1;
      out += `${sql.slice(copiedTo, i)}$${count}`;
      i += 1;
      copiedTo = i;
    } else if (IDENT_START.test(ch)) {
      // Skip a whole word, so that a `$` inside an identifier (a$b) is never read as a dollar quote.
      i += 1;
      while (i < sql.length && IDENT_PART.test(sql[i]!)) i += 1;
    } else i += 1;
  }
  return { text: out + sql.slice(copiedTo), count };
}
