/**
 * Printable text for terminals and logs: every input echoed in a message (file names, format names, argument values,
 * importer messages, header values) goes through `printable`, so an ANSI escape, a carriage return or a bidi override
 * in it cannot retitle, recolour or rewrite the user's terminal. Escapes are JavaScript-style and visible:
 * `\x1b`, `\r`, `\n`, `\t`, `\x00`, `\u009b`, `\u202e`. Other text, backslashes included, is left as it is.
 */

/** Short escapes for the control characters people know by name. */
const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** True for code points that change how a terminal shows what follows instead of showing themselves. */
function isUnsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) // C0 controls, DEL, C1 controls (U+009B is a one-byte CSI)
    || code === 0x061c || code === 0x200e || code === 0x200f // Arabic letter mark, left-to-right and right-to-left marks
    || (code >= 0x2028 && code <= 0x202e) // line and paragraph separators, bidi embeddings and overrides
    || (code >= 0x2066 && code <= 0x2069) // bidi isolates
    || (code >= 0xd800 && code <= 0xdfff); // a lone surrogate (pairs are read as one code point below)
}

function escapeOf(code: number): string {
  const named = NAMED[code];
  if (named !== undefined) return named;
  const hex = code.toString(16).padStart(code < 0x80 ? 2 : 4, '0');
  return code < 0x80 ? `\\x${hex}` : `\\u${hex}`;
}

/** `text` with every control, bidi-control and lone-surrogate character replaced by a visible escape. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += ch.length === 1 && isUnsafe(code) ? escapeOf(code) : ch;
  }
  return out;
}
