/**
 * Plain text from HTML parser events: block elements become paragraphs, `<br>` a line break, invisible content none.
 */

/** Elements that start and end a paragraph in the plain text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose content is never text a reader sees (and never HTML the sanitizer keeps). */
export const HIDDEN: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math', 'textarea', 'select']);

/** Whitespace runs outside `<pre>`; collapsed to one space. */
const SPACES = /[ \t\n\r\f]+/g;
/** Whether a piece of text has whitespace that `SPACES` would change (anything but single spaces). */
const COLLAPSIBLE = /[\t\n\r\f]| {2}/;

/** Collects text into paragraphs. */
export class TextBuilder {
  private readonly paragraphs: string[] = [];
  private parts: string[] = [];
  private preformatted = false;

  add(text: string, pre: boolean): void {
    if (pre) this.preformatted = true;
    this.parts.push(pre || !COLLAPSIBLE.test(text) ? text : text.replace(SPACES, ' '));
  }

  lineBreak(): void {
    this.parts.push('\n');
  }

  /** End the current paragraph (a no-op when it is empty). */
  flush(): void {
    if (this.parts.length === 0) return;
    const raw = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    const text = this.preformatted ? raw.replace(/^[ \t]*\n|\s+$/g, '') : raw.includes('\n') ? raw.replace(/ *\n */g, '\n').trim() : raw.trim();
    this.preformatted = false;
    if (text.trim() !== '') this.paragraphs.push(text);
  }

  finish(): string {
    this.flush();
    return this.paragraphs.length === 1 ? this.paragraphs[0]! : this.paragraphs.join('\n\n');
  }
}

/** Turns parser events into text: paragraphs at block elements, nothing from hidden elements. */
export class TextReader {
  private readonly out = new TextBuilder();
  private hidden = 0;
  private pre = 0;

  open(name: string, attribs: Record<string, string>): void {
    if (HIDDEN.has(name)) this.hidden++;
    if (this.hidden > 0) return;
    if (BLOCK.has(name)) this.out.flush();
    if (name === 'pre') this.pre++;
    if (name === 'br') this.out.lineBreak();
    if (name === 'img' && /\b(?:emoji|wp-smiley)\b/.test(attribs.class ?? '') && attribs.alt) this.out.add(attribs.alt, false);
  }

  text(text: string): void {
    if (this.hidden === 0) this.out.add(text, this.pre > 0);
  }

  close(name: string): void {
    if (HIDDEN.has(name)) {
      this.hidden = Math.max(0, this.hidden - 1);
      return;
    }
    if (this.hidden > 0) return;
    if (name === 'pre') this.pre = Math.max(0, this.pre - 1);
    if (BLOCK.has(name)) this.out.flush();
  }

  finish(): string {
    return this.out.finish();
  }
}
