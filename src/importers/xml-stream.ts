/**
 * Lenient streaming XML reading on saxes: delivers small element trees ("records") one at a time and reports every
 * well-formedness error with its line and column instead of stopping at the first.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';

/** One element of a record, with its text (character data and CDATA joined) and its non-record children. */
export interface XmlNode {
  /** Local name (prefix removed): `wp:comment_id` -> `comment_id`. */
  name: string;
  /** Name as written, with its prefix. */
  qname: string;
  /** Attributes by qualified name as written (`dsq:id`). */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Character data directly inside this element, untrimmed. */
  text: string;
  /** 1-based line and column of the start tag. */
  line: number;
  column: number;
}

/** A well-formedness error, with where it was found and the record it happened in (null outside any record). */
export interface XmlIssue {
  message: string;
  line: number;
  column: number;
  record: XmlNode | null;
  /** True when the reader could not go on: nothing after this place was read. */
  fatal?: boolean;
}

/** What to read and where to send it. */
export interface XmlReadOptions {
  /** Whether an element starts a record; `enclosing` is the local name of the record it sits in, or null. */
  isRecord(name: string, enclosing: string | null): boolean;
  /** A record starts (its children are not read yet). */
  onRecordStart?(node: XmlNode): void;
  /** A record is complete. Records inside it were delivered on their own and are not among its children. */
  onRecordEnd(node: XmlNode): void;
  /** A record the input ended inside (truncated file), innermost first. */
  onUnclosed?(node: XmlNode): void;
  /** A well-formedness problem; reading goes on. */
  onIssue(issue: XmlIssue): void;
  /** The first element of the document. */
  onRoot?(node: XmlNode): void;
}

/** Characters handed to the parser at a time when reading a string (also the progress step). */
const CHUNK = 1 << 20;

/** `text` in pieces of about 1 MiB (never splitting a surrogate pair), reporting the fraction handed out so far. */
export function* textChunks(text: string, onProgress?: (fraction: number) => void): Generator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + CHUNK);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield text.slice(at, end);
    at = end;
    onProgress?.(at / text.length);
  }
}

/** Local name of a qualified name. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** Trimmed text of the first child named `name`, or null when there is none. */
export function childText(node: XmlNode, name: string): string | null {
  for (const child of node.children) if (child.name === name) return child.text.trim();
  return null;
}

/** The first child named `name`, or null. */
export function child(node: XmlNode, name: string): XmlNode | null {
  for (const c of node.children) if (c.name === name) return c;
  return null;
}

/**
 * The parts joined into a string of their own. A short substring of the input is a slice that would keep a whole
 * input chunk alive for as long as the field made from it lives (ids in a Set, say); a copy does not, and a JSON round
 * trip makes that copy one byte a character when it can be (see `ownString`). Long texts (bodies) are left as they
 * are: the importers turn them into new strings anyway.
 */
function detach(parts: string[]): string {
  // Several parts (the white space between a record's children, say) join into a new string already.
  if (parts.length !== 1) return parts.join('');
  const text = parts[0]!;
  return text.length < 13 || text.length > 256 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** A character that needs two bytes in a string (above U+00FF). */
const WIDE = /[\u0100-\uffff]/;

/**
 * `text` as a compact string of its own: one byte per character when it can be (a string cut from a chunk that holds
 * any non-Latin-1 character takes two), flat (a string built by many concatenations is a tree of pieces several times
 * its size), and holding no input chunk alive. For comment bodies, which are most of what an import keeps. A text
 * with a character above U+00FF takes two bytes a character anyway and only needs a flat copy; the others go through
 * a JSON round trip, the one way to have V8 re-encode a string in one byte a character.
 */
export function ownString(text: string): string {
  if (text.length < 13) return text;
  return WIDE.test(text) ? `${text} `.slice(0, -1) : (JSON.parse(JSON.stringify(text)) as string);
}

/** The attributes of an element that has none, shared (records are read, never changed). */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A copy of `attributes` whose values are strings of their own (see `detach`). */
function detachAll(attributes: Record<string, string>): Record<string, string> {
  let any = false;
  for (const _ in attributes) {
    any = true;
    break;
  }
  if (!any) return NO_ATTRIBUTES;
  const copy: Record<string, string> = {};
  for (const key in attributes) copy[key] = detach([attributes[key]!]);
  return copy;
}

/** V8's cap on the stack frames an Error captures; other engines have none (then nothing is changed). */
const errorClass = Error as { stackTraceLimit?: number };

/** What `make` returns, with errors made meanwhile capturing no stack (cheap to make; their message is unchanged). */
function withoutStack<T>(make: () => T): T {
  const limit = errorClass.stackTraceLimit;
  if (typeof limit !== 'number') return make();
  errorClass.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    errorClass.stackTraceLimit = limit;
  }
}

/** An element being read: its node, the text parts so far, and whether it is a record. */
interface Open {
  node: XmlNode | null;
  parts: string[];
  record: boolean;
}

/**
 * Read XML given in pieces (see `textChunks`), delivering records. Never throws on bad input: errors go to `onIssue` and reading continues
 * with saxes' own recovery (an unquoted attribute value is read up to the next space or `>`; a close tag that does
 * not match closes the open elements up to the one it names).
 */
export function readXml(chunks: Iterable<string>, options: XmlReadOptions): void {
  const parser = new SaxesParser({ xmlns: false, position: true });
  // saxes makes an Error for each complaint, thousands of them in a damaged file, and only the message is read here:
  // without capturing a stack for each, a damaged file reads about three times faster.
  const makeError = parser.makeError.bind(parser);
  parser.makeError = (message: string): Error => withoutStack(() => makeError(message));
  const stack: Open[] = [];
  /** Index in `stack` of the innermost open record, or -1. */
  const recordAt: number[] = [];
  let sawRoot = false;
  /** Where the current start tag began (1-based), from the opentagstart event. */
  let tagLine = 1;
  let tagColumn = 1;
  /** An unquoted attribute value seen in the current start tag, reported once the tag is complete. */
  let unquoted: { line: number; column: number } | null = null;
  /** saxes tags this reader already closed (an unquoted value swallowed their "/>"), and whether to drop saxes' complaint. */
  const closedEarly = new WeakSet<SaxesTagPlain>();
  /** Whether `closedEarly` ever got a tag (a well-formed file never does; the lookups are then skipped). */
  let anyClosedEarly = false;
  let dropUnexpectedClose = false;

  const innermostRecord = (): XmlNode | null => (recordAt.length === 0 ? null : stack[recordAt[recordAt.length - 1]!]!.node);

  parser.on('error', (error: Error) => {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (message.startsWith('unquoted attribute value')) {
      unquoted ??= { line: parser.line, column: parser.column };
      return;
    }
    if (dropUnexpectedClose && message.startsWith('unexpected close tag')) {
      dropUnexpectedClose = false;
      return;
    }
    options.onIssue({ message, line: parser.line, column: parser.column, record: innermostRecord() });
  });
  parser.on('opentagstart', (tag: { name: string }) => {
    tagLine = parser.line;
    tagColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    let selfClosing = tag.isSelfClosing;
    if (unquoted !== null) {
      // saxes reads an unquoted value up to a space or ">", so `a=1/>` gives "1/" and leaves the element open.
      const repaired: string[] = [];
      for (const [key, value] of Object.entries(tag.attributes)) {
        const fixed = value.endsWith('/') ? value.slice(0, -1) : value;
        if (fixed !== value) selfClosing = true;
        tag.attributes[key] = fixed;
        repaired.push(`${key}="${fixed}"`);
      }
      if (selfClosing && !tag.isSelfClosing) {
        closedEarly.add(tag);
        anyClosedEarly = true;
      }
      options.onIssue({ message: `attribute value without quotes in <${tag.name}>; read as ${repaired.join(' ')}`, ...unquoted, record: innermostRecord() });
      unquoted = null;
    }
    const enclosing = recordAt.length === 0 ? null : stack[recordAt[recordAt.length - 1]!]!.node!.name;
    const record = options.isRecord(name, enclosing);
    const inside = recordAt.length > 0;
    if (!record && !inside) {
      if (!sawRoot) {
        sawRoot = true;
        options.onRoot?.({ name, qname: tag.name, attrs: { ...tag.attributes }, children: [], text: '', line: tagLine, column: tagColumn });
      }
      stack.push({ node: null, parts: [], record: false });
      if (anyClosedEarly && closedEarly.has(tag)) stack.pop();
      return;
    }
    sawRoot = true;
    const node: XmlNode = { name, qname: tag.name, attrs: detachAll(tag.attributes), children: [], text: '', line: tagLine, column: tagColumn };
    stack.push({ node, parts: [], record });
    if (record) {
      recordAt.push(stack.length - 1);
      options.onRecordStart?.(node);
    }
    if (anyClosedEarly && closedEarly.has(tag)) closeTop();
  });
  const addText = (value: string): void => {
    const top = stack[stack.length - 1];
    if (top !== undefined && top.node !== null) top.parts.push(value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  function closeTop(): void {
    const open = stack.pop();
    if (open === undefined || open.node === null) return;
    open.node.text = detach(open.parts);
    if (open.record) {
      recordAt.pop();
      options.onRecordEnd(open.node);
      return;
    }
    stack[stack.length - 1]?.node?.children.push(open.node);
  }
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (anyClosedEarly && closedEarly.has(tag)) {
      dropUnexpectedClose = true;
      return;
    }
    closeTop();
  });

  // saxes reports malformed XML through its error event, but a few inputs make it throw (e.g. "Invalid code point
  // NaN" for a file ending inside "<!"): then reading stops there, with an issue, and what was read is kept.
  let stopped = false;
  const feed = (step: () => void): void => {
    if (stopped) return;
    try {
      step();
    } catch (error) {
      stopped = true;
      const reason = error instanceof Error ? error.message : String(error);
      options.onIssue({ message: `the XML reader stopped here (${reason}); the rest of the file was not read`, line: parser.line, column: parser.column, record: innermostRecord(), fatal: true });
    }
  };
  for (const chunk of chunks) {
    feed(() => parser.write(chunk));
    if (stopped) break;
  }
  // saxes' end() reports unclosed elements without closing them: deliver the records the input stopped inside first.
  for (let r = recordAt.length - 1; r >= 0; r--) {
    const open = stack[recordAt[r]!]!;
    open.node!.text = detach(open.parts);
    options.onUnclosed?.(open.node!);
  }
  feed(() => parser.close());
}
