/**
 * Importer for text copied from a blog page: a title, the article, then numbered comments ("5. Name says") whose
 * replies are indented two more spaces per level and whose numbering restarts at 1 under each parent.
 */
import { fnv1a64 } from '../core/hash.ts';
import type { Comment, ImportProblem, ImportResult, Thread } from '../core/model.ts';
import { excerpt, fileStem, importFailure, normalizeNewlines, warning } from './importer.ts';
import type { Importer } from './importer.ts';
import { isChrome, isDateText, isEndMarker, isPingbackExcerpt, joinParagraphs, measureLines, parseHeader } from './page-text-lines.ts';
import type { CommentHeader, PageLine } from './page-text-lines.ts';

const FORMAT = 'page-text';
/** Spaces of indentation per reply level. */
const STEP = 2;

/** A comment being read: its header, where it sits, and its body lines so far. */
interface Draft {
  id: string;
  parentId: string | null;
  header: CommentHeader;
  indent: number;
  dateText: string | null;
  /** Body lines with the body's own indentation removed ("" for blank lines). */
  body: string[];
  /** Child ids already given out, to keep ids unique when the page repeats a number. */
  childIds: Set<string>;
}

/** Headers of the comment section, with their line, for structure decisions made up front. */
interface HeaderLine {
  line: PageLine;
  header: CommentHeader;
}

function findHeaders(lines: readonly PageLine[], from: number): HeaderLine[] {
  const found: HeaderLine[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const header = parseHeader(line.content);
    if (header !== null) found.push({ line, header });
    else if (isEndMarker(line.content) && found.length > 0 && line.indent <= found[0]!.line.indent) break;
  }
  return found;
}

/**
 * Reads the comment section starting at the first header. Nesting comes from indentation; when every header sits at
 * the same indentation (indentation lost in copying) it is inferred from the numbering restarting at 1.
 */
class SectionReader {
  readonly drafts: Draft[] = [];
  readonly problems: ImportProblem[] = [];
  private readonly stack: Draft[] = [];
  private readonly topIds = new Set<string>();
  private current: Draft | null = null;
  private ended = false;
  private ignored: PageLine[] = [];

  constructor(
    private readonly baseIndent: number,
    private readonly flat: boolean,
  ) {}

  read(line: PageLine): void {
    if (this.ended) {
      if (line.content !== '' && !isChrome(line.content)) this.ignored.push(line);
      return;
    }
    if (line.content === '') {
      this.current?.body.push('');
      return;
    }
    const header = parseHeader(line.content);
    if (header !== null) {
      this.open(line, header);
      return;
    }
    if (isEndMarker(line.content) && line.indent <= this.baseIndent) {
      this.ended = true;
      return;
    }
    if (isChrome(line.content)) return;
    const draft = this.current!;
    if (line.indent < this.baseIndent) {
      this.ended = true;
      this.ignored.push(line);
      return;
    }
    if (draft.dateText === null && draft.body.every((l) => l === '') && isDateText(line.content)) {
      draft.dateText = line.content;
      return;
    }
    draft.body.push(line.raw.slice(Math.min(line.indent, draft.indent + STEP, leadingLength(line.raw))));
  }

  finish(): void {
    if (this.ignored.length > 0) {
      const first = this.ignored[0]!;
      this.problems.push(
        warning(`line ${first.lineNo}`, `Ignored ${this.ignored.length} line(s) after the comments, starting ${excerpt(first.content)}, as page footer.`),
      );
      // Comments after the end of the section (a second list below the reply form) are named, not lost in the footer.
      const headers = this.ignored.filter((l) => parseHeader(l.content) !== null);
      if (headers.length > 0) {
        this.problems.push(
          warning(`line ${headers[0]!.lineNo}`, `${headers.length} comment header(s) after the end of the comment section were not read (lines ${headers.slice(0, 5).map((l) => l.lineNo).join(', ')}${headers.length > 5 ? ', …' : ''}), starting ${excerpt(headers[0]!.content)}.`),
        );
      }
    }
  }

  private open(line: PageLine, header: CommentHeader): void {
    const parent = this.flat ? this.parentByNumber(header.number, line) : this.parentByIndent(line);
    const siblings = parent === null ? this.topIds : parent.childIds;
    const base = parent === null ? `${header.number}` : `${parent.id}.${header.number}`;
    let id = base;
    for (let k = 2; siblings.has(id); k++) id = `${base}-${k}`;
    if (id !== base) {
      this.problems.push(warning(`line ${line.lineNo}`, `Number ${header.number} appears twice at this level; this entry gets the id "${id}".`));
    }
    siblings.add(id);
    const draft: Draft = { id, parentId: parent?.id ?? null, header, indent: line.indent, dateText: header.dateText, body: [], childIds: new Set() };
    this.drafts.push(draft);
    this.stack.push(draft);
    this.current = draft;
  }

  private parentByIndent(line: PageLine): Draft | null {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.indent >= line.indent) this.stack.pop();
    const parent = this.stack[this.stack.length - 1] ?? null;
    if (parent !== null && line.indent - parent.indent !== STEP) {
      const delta = line.indent - parent.indent;
      this.problems.push(
        warning(`line ${line.lineNo}`, `Reply indented ${delta} spaces deeper than the comment above it (expected ${STEP}); read as a direct reply to comment ${parent.id}.`),
      );
    } else if (parent === null && line.indent !== this.baseIndent) {
      this.problems.push(
        warning(`line ${line.lineNo}`, `Comment indented ${line.indent} spaces, less than the first comment (${this.baseIndent}); read as a top-level comment.`),
      );
    }
    return parent;
  }

  private parentByNumber(number: number, line: PageLine): Draft | null {
    if (number === 1 && this.stack.length > 0) return this.stack[this.stack.length - 1]!;
    for (let level = this.stack.length - 1; level >= 0; level--) {
      if (this.stack[level]!.header.number === number - 1) {
        this.stack.length = level;
        return this.stack[level - 1] ?? null;
      }
    }
    this.stack.pop();
    if (this.stack.length > 0 || this.drafts.length > 0) {
      this.problems.push(warning(`line ${line.lineNo}`, `Number ${number} does not follow any open comment's number; read as a sibling of the comment above it.`));
    }
    return this.stack[this.stack.length - 1] ?? null;
  }
}

function leadingLength(raw: string): number {
  return raw.length - raw.trimStart().length;
}

function toComment(draft: Draft): Comment {
  const { header } = draft;
  const bodyLines = header.inlineText === null ? draft.body : [header.inlineText, ...draft.body];
  const text = joinParagraphs(bodyLines);
  const kind = header.kind === 'comment' && isPingbackExcerpt(text) ? 'pingback' : header.kind;
  return { id: draft.id, parentId: draft.parentId, author: header.author, createdAt: null, createdAtText: draft.dateText, text, html: null, kind, status: 'published' };
}

function parse(input: string, fileName?: string): ImportResult {
  const lines = measureLines(normalizeNewlines(input));
  let at = 0;
  while (at < lines.length && (lines[at]!.content === '' || isChrome(lines[at]!.content))) at++;
  if (at === lines.length) return importFailure(FORMAT, 'line 1', 'The text is empty.');
  const titleLine = parseHeader(lines[at]!.content) === null ? lines[at]! : null;
  const headers = findHeaders(lines, titleLine === null ? at : at + 1);
  if (headers.length === 0) {
    return importFailure(
      FORMAT,
      `lines 1-${lines.length}`,
      'No numbered comments found: expected comment headers such as "1. Name says" (or "said:", "sagt:", "Name on <date> said").',
    );
  }
  const first = headers[0]!;
  const flat = headers.length > 1 && headers.every((h) => h.line.indent === first.line.indent) && headers.some((h, k) => k > 0 && h.header.number === 1);
  const reader = new SectionReader(first.line.indent, flat);
  if (flat) {
    reader.problems.push(warning(`line ${first.line.lineNo}`, 'All comments have the same indentation; replies were inferred from the numbering restarting at 1.'));
  }
  for (let i = first.line.lineNo - 1; i < lines.length; i++) reader.read(lines[i]!);
  reader.finish();

  const articleLines = lines
    .slice(titleLine === null ? at : at + 1, first.line.lineNo - 1)
    .filter((line) => !isChrome(line.content))
    .map((line) => line.content);
  const articleText = joinParagraphs(articleLines);
  const title = titleLine?.content ?? fileStem(fileName) ?? 'Pasted thread';
  const thread: Thread = {
    id: fnv1a64(`${title}\n\n${articleText}`),
    title,
    url: null,
    articleText,
    sourceFormat: FORMAT,
    comments: reader.drafts.map(toComment),
  };
  return { ok: true, format: FORMAT, threads: [thread], problems: reader.problems };
}

/** Confidence from the number of "N. Name says" headers, raised a little by reply-form chrome. */
function detect(text: string): number {
  const sample = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text;
  let headers = 0;
  let chrome = false;
  for (const line of measureLines(normalizeNewlines(sample))) {
    const header = parseHeader(line.content);
    if (header !== null && header.kind === 'comment' && header.inlineText === null) headers++;
    else if (isEndMarker(line.content)) chrome = true;
    if (headers >= 6 && chrome) break;
  }
  if (headers === 0) return 0;
  return Math.min(0.95, 0.55 + 0.05 * Math.min(headers, 6) + (chrome ? 0.1 : 0));
}

/** Copied blog page text (see docs/formats.md). */
export const pageTextImporter: Importer = { id: FORMAT, label: 'Copied blog page text', detect, parse };
