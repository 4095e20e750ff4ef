/**
 * A small JSON parser that keeps what JSON.parse loses: numbers as their source text (ids beyond 2^53 stay exact),
 * the offset of every object (for messages), and the line and column of a syntax error on any engine.
 */

/** A JSON number, kept as written. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** A JSON object; `offset` is where its `{` is. Later duplicate keys win, as with JSON.parse. */
export class JsonObject {
  constructor(
    readonly fields: Map<string, JsonValue>,
    readonly offset: number,
  ) {}
}

export type JsonValue = string | boolean | null | JsonNumber | JsonObject | JsonValue[];

/** Outcome of parsing: the value, or a message with the 1-based line and column of the error. */
export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; message: string; offset: number; line: number; column: number };

/**
 * Deepest nesting accepted. The parser keeps open containers on its own stack (never the call stack), so this only
 * bounds memory: a 100,000-deep reply chain (two levels a reply: object and array) is read.
 */
export const MAX_JSON_DEPTH = 1_000_000;

/** A container being read: an object waiting for the value of `key`, or an array. */
type Open = { fields: Map<string, JsonValue>; start: number; key: string } | { items: JsonValue[] };

class JsonError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** 1-based line and column (UTF-16 units) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Line numbers of many offsets in one text: newline positions found once, then a binary search per lookup. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) this.starts.push(k + 1);
  }

  /** 1-based line of `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the input';
  const cp = text.codePointAt(at)!;
  return cp < 0x20 ? `character U+${cp.toString(16).padStart(4, '0').toUpperCase()}` : `'${String.fromCodePoint(cp)}'`;
}

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.space();
    const value = this.value();
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${describe(this.text, this.i)} after the end of the JSON value`);
    return value;
  }

  private fail(message: string, at = this.i): never {
    throw new JsonError(message, at);
  }

  private space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  /**
   * One value, containers included, without recursion: open objects and arrays wait on an explicit stack, so the
   * nesting depth is bounded by memory (and MAX_JSON_DEPTH), never by the call stack.
   */
  private value(): JsonValue {
    const stack: Open[] = [];
    for (;;) {
      let done = this.open(stack);
      if (done === undefined) continue;
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return done;
        const closed = this.attach(top, done);
        if (closed === undefined) break;
        stack.pop();
        done = closed;
      }
    }
  }

  /** Read a scalar or an empty container (returned), or open a container (pushed; undefined returned). */
  private open(stack: Open[]): JsonValue | undefined {
    const t = this.text;
    const c = t[this.i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      const start = this.i++;
      this.space();
      if (t[this.i] === (c === '{' ? '}' : ']')) {
        this.i++;
        return c === '{' ? new JsonObject(new Map(), start) : [];
      }
      stack.push(c === '{' ? { fields: new Map(), start, key: this.key() } : { items: [] });
      this.space();
      return undefined;
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(`expected a value, found ${describe(t, this.i)}`);
  }

  /** A quoted key and its colon; leaves the position at the value. */
  private key(): string {
    this.space();
    if (this.text[this.i] !== '"') this.fail(`expected a quoted key, found ${describe(this.text, this.i)}`);
    const key = this.string();
    this.space();
    if (this.text[this.i] !== ':') this.fail(`expected ":" after the key ${JSON.stringify(key)}, found ${describe(this.text, this.i)}`);
    this.i++;
    this.space();
    return key;
  }

  /** Add a finished value to the open container; returns the container when that closed it, else undefined. */
  private attach(top: Open, value: JsonValue): JsonValue | undefined {
    if ('fields' in top) top.fields.set(top.key, value);
    else top.items.push(value);
    this.space();
    const next = this.text[this.i];
    this.i++;
    if ('fields' in top) {
      if (next === '}') return new JsonObject(top.fields, top.start);
      if (next !== ',') this.fail(`expected "," or "}" in the object, found ${describe(this.text, this.i - 1)}`, this.i - 1);
      top.key = this.key();
      return undefined;
    }
    if (next === ']') return top.items;
    if (next !== ',') this.fail(`expected "," or "]" in the array, found ${describe(this.text, this.i - 1)}`, this.i - 1);
    this.space();
    return undefined;
  }

  private string(): string {
    const t = this.text;
    const open = this.i++;
    let out = '';
    for (;;) {
      let k = this.i;
      while (k < t.length) {
        const c = t.charCodeAt(k);
        if (c === 0x22 || c === 0x5c || c < 0x20) break;
        k++;
      }
      out += t.slice(this.i, k);
      this.i = k;
      if (k >= t.length) this.fail('a string is not closed before the end of the input', open);
      const c = t[k]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') this.fail(`${describe(t, k)} must be escaped inside a string`);
      const e = t[k + 1];
      if (e === 'u') {
        const hex = t.slice(k + 2, k + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('"\\u" must be followed by four hex digits', k);
        out += String.fromCharCode(parseInt(hex, 16));
        this.i = k + 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.i = k + 2;
      } else {
        this.fail(`invalid escape "\\${e ?? ''}" in a string`, k);
      }
    }
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail(`expected a number, found ${describe(this.text, this.i)}`);
    this.i += m[0].length;
    return new JsonNumber(m[0]);
  }
}

/** Parse JSON text (a leading BOM is skipped). Never throws on bad input. */
export function parseJson(text: string): JsonParseResult {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  try {
    return { ok: true, value: new Parser(body).parseDocument() };
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    const { line, column } = lineAndColumn(body, error.offset);
    return { ok: false, message: error.message, offset: error.offset, line, column };
  }
}
