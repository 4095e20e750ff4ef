/**
 * Line-level reading of copied blog page text: indentation, comment headers ("5. Name says"), dates, page chrome.
 */

/** One input line with its indentation measured and its text trimmed. */
export interface PageLine {
  /** 1-based line number in the input. */
  lineNo: number;
  /** Leading whitespace width: a space or no-break space counts 1, a tab counts 2 (one level). */
  indent: number;
  /** The line without leading and trailing whitespace. */
  content: string;
  /** The line without trailing whitespace, leading whitespace kept. */
  raw: string;
}

/** A recognised comment header line. */
export interface CommentHeader {
  /** The number the page printed before the entry ("5" in "5. Name says"). */
  number: number;
  kind: 'comment' | 'pingback' | 'trackback';
  author: string;
  /** Date text found on the header line, verbatim, or null. */
  dateText: string | null;
  /** Body text carried on the header line itself (pingback excerpts), or null. */
  inlineText: string | null;
}

/** Split text (LF line ends) into measured lines. */
export function measureLines(text: string): PageLine[] {
  return text.split('\n').map((line, i) => {
    const raw = line.trimEnd();
    let indent = 0;
    let k = 0;
    for (; k < raw.length; k++) {
      const ch = raw[k];
      if (ch === ' ' || ch === '\u00a0') indent += 1;
      else if (ch === '\t') indent += 2;
      else break;
    }
    return { lineNo: i + 1, indent, content: raw.slice(k), raw };
  });
}

const VERBS = 'says|said|sagt|schreibt|wrote|writes';
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'januar|februar|märz|mai|juni|juli|oktober|dezember';
const MONTH_RE = new RegExp(`(?:^|[^a-zäöü])(?:${MONTHS})(?:[^a-zäöü]|$)`, 'i');

/** True when `text` is a short date or date-time as blog themes print them ("October 3, 2019 at 5:04 pm", "2019-10-03"). */
export function isDateText(text: string): boolean {
  if (text.length < 6 || text.length > 60) return false;
  if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) return true;
  if (/\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/.test(text)) return true;
  return MONTH_RE.test(text) && /\b(?:1[89]|20)\d{2}\b/.test(text) && text.split(/\s+/).length <= 9;
}

const NUMBERED = /^(\d{1,6})[.)]\s+(.+)$/;
const PINGBACK_INLINE = /^\[(?:…|\.\.\.)\]/;
const PINGBACK_LABEL = /^(pingback|trackback):\s*(.+)$/i;
const AUTHOR_ON_DATE = new RegExp(`^(.+?)\\s+(?:on|am)\\s+(.+?)\\s+(?:${VERBS})\\s*:?$`, 'i');
const AUTHOR_SAYS_DATE = new RegExp(`^(.+?)\\s+(?:${VERBS})\\s*:\\s*(.+)$`, 'i');
const AUTHOR_SAYS = new RegExp(`^(.+?)\\s+(?:${VERBS})\\s*:?$`, 'i');

/** Longest plausible author name, in characters; longer "X says" lines are prose, not headers. */
const MAX_AUTHOR_LENGTH = 100;
/** Longest header after its number: author, "on <date>", verb. */
const MAX_HEADER_LENGTH = 200;

function plausibleAuthor(author: string): boolean {
  return author.length > 0 && author.length <= MAX_AUTHOR_LENGTH && author.split(/\s+/).length <= 12;
}

/** Read a header line ("5. Name says", "2. Name on October 3, 2019 said:", "1. […] excerpt […]"), or null. */
export function parseHeader(content: string): CommentHeader | null {
  const m = NUMBERED.exec(content);
  if (m === null) return null;
  const number = Number(m[1]);
  const rest = m[2]!.trim();
  if (PINGBACK_INLINE.test(rest)) return { number, kind: 'pingback', author: '', dateText: null, inlineText: rest };
  const label = PINGBACK_LABEL.exec(rest);
  if (label !== null) {
    return { number, kind: label[1]!.toLowerCase() === 'trackback' ? 'trackback' : 'pingback', author: label[2]!.trim(), dateText: null, inlineText: null };
  }
  // Headers are short; skipping long lines also keeps the lazy patterns below from backtracking over long prose.
  if (rest.length > MAX_HEADER_LENGTH) return null;
  const onDate = AUTHOR_ON_DATE.exec(rest);
  if (onDate !== null && isDateText(onDate[2]!) && plausibleAuthor(onDate[1]!)) {
    return { number, kind: 'comment', author: onDate[1]!, dateText: onDate[2]!, inlineText: null };
  }
  const saysDate = AUTHOR_SAYS_DATE.exec(rest);
  if (saysDate !== null && isDateText(saysDate[2]!) && plausibleAuthor(saysDate[1]!)) {
    return { number, kind: 'comment', author: saysDate[1]!, dateText: saysDate[2]!, inlineText: null };
  }
  const says = AUTHOR_SAYS.exec(rest);
  if (says !== null && plausibleAuthor(says[1]!)) return { number, kind: 'comment', author: says[1]!, dateText: null, inlineText: null };
  return null;
}

/** True when a comment body looks like a pingback excerpt: it starts and ends with "[…]" (or "[...]"). */
export function isPingbackExcerpt(text: string): boolean {
  return PINGBACK_INLINE.test(text) && /\[(?:…|\.\.\.)\]$/.test(text);
}

/** Page chrome dropped wherever it appears as a whole line (compared trimmed and lower-cased). */
const CHROME = new Set([
  'reply',
  'reply ↓',
  'cancel reply',
  'log in to reply',
  'login to reply',
  'log in to reply.',
  'report comment',
  'loading...',
  'your email address will not be published.',
  'your email address will not be published',
  'required fields are marked *',
  'your email address will not be published. required fields are marked *',
  'deine e-mail-adresse wird nicht veröffentlicht.',
  'erforderliche felder sind mit * markiert',
  'antworten',
]);

/** Headings that start the reply form or footer; at the comments' own indentation they end the comment section. */
const END_MARKERS = new Set([
  'leave a reply',
  'leave a comment',
  'post a comment',
  'add a comment',
  'leave a reply cancel reply',
  'comments are closed.',
  'schreibe einen kommentar',
  'hinterlasse einen kommentar',
]);

/** True for a whole line of page chrome (reply links, form notices). */
export function isChrome(content: string): boolean {
  const key = content.toLowerCase();
  return CHROME.has(key) || END_MARKERS.has(key);
}

/** True for a heading that starts the reply form or the page footer. */
export function isEndMarker(content: string): boolean {
  return END_MARKERS.has(content.toLowerCase());
}

/** Join text lines into paragraphs: a run of blank lines becomes "\n\n", a single line break stays "\n". */
export function joinParagraphs(lines: readonly string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) paragraphs.push(current.join('\n'));
  return paragraphs.join('\n\n');
}
