/**
 * A WordPress comment list that sits inside a text file (a Markdown page from a static-site migration, with YAML
 * front matter and prose around the saved `<ol class="comment-list">`): finding the list in raw text for detection,
 * the front matter's fields, the first Markdown heading, and the prose outside the list.
 */
import { parseHeader } from './page-text-lines.ts';
import { isElement } from './wp-html-dom.ts';
import type { Element, Node } from './wp-html-dom.ts';

/** An opening `<ol>`/`<ul>` whose class holds comment-list / commentlist (bounded, so the scan stays linear). */
const LIST_OPEN = /<(?:ol|ul)\b[^<>]{0,400}?\bclass\s*=\s*["'](?:[^"'<>]{0,200}?[\s])?comment-?list(?:[\s"'])/gi;
/** An opening `<li>` that is a comment: `id="comment-N"`, or class comment / pingback / trackback. */
const COMMENT_ITEM = /<li\b[^<>]{0,400}?(?:\bid\s*=\s*["']comment-\d+["']|\bclass\s*=\s*["'](?:[^"'<>]{0,200}?\s)?(?:comment|pingback|trackback)(?:[\s"']))/gi;
/** Most text scanned for page-text headers when weighing an embedded list against a copied page. */
const HEADER_SCAN = 2_000_000;

/** Confidence that `text`, which does not start with markup, holds a WordPress comment list; 0 when it holds none. */
export function embeddedListConfidence(text: string): number {
  // XML exports (a Disqus file with stray text before `<?xml`) carry comment HTML inside their own records.
  if (/<\?xml\b|<rss\b|<disqus\b/i.test(text.slice(0, 4096))) return 0;
  LIST_OPEN.lastIndex = 0;
  const open = LIST_OPEN.exec(text);
  if (open === null) return 0;
  const items = [...text.slice(open.index).matchAll(COMMENT_ITEM)].length;
  if (items === 0) return 0;
  // Precedence: copied page text that quotes a little HTML has more "N. Name says" headers than list items.
  let headers = 0;
  for (const line of text.slice(0, HEADER_SCAN).split('\n')) {
    const header = parseHeader(line.trim());
    if (header !== null && header.kind === 'comment') headers++;
  }
  return headers > items ? 0.4 : 0.96;
}

/** YAML front matter at the very start (`---` … `---` or `...`): its top-level `key: value` scalars and its length. */
export function frontMatter(text: string): { fields: Map<string, string>; length: number } | null {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (m === null) return null;
  const fields = new Map<string, string>();
  const lines = m[1]!.split(/\r?\n/);
  lines.forEach((line, k) => {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (kv === null || kv[2] === '') return;
    // A block scalar (`title: >-` and indented lines below) is folded into one line.
    const block = /^[>|][+-]?$/.test(kv[2]!) ? lines.slice(k + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => /^\s+\S|^\s*$/.test(l))) : null;
    fields.set(kv[1]!.toLowerCase(), block === null ? unquoteYaml(kv[2]!) : block.map((l) => l.trim()).filter((l) => l !== '').join(' '));
  });
  return { fields, length: m[0].length };
}

/** A YAML scalar without its quotes (`'It''s'` → `It's`, `"a \"b\""` → `a "b"`); plain scalars as written. */
function unquoteYaml(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return value.replace(/\s+#.*$/, '');
}

/** The first ATX Markdown heading (`# Title`) of some prose, without its marks, or null. */
export function markdownHeading(prose: string): string | null {
  const m = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m.exec(prose);
  return m === null ? null : m[1]!.trim() || null;
}

/**
 * The text of a document outside the skipped elements, whitespace kept as written (Markdown keeps its line breaks),
 * blank-line runs made one blank line.
 */
export function proseOutside(doc: Node, skip: (el: Element) => boolean): string {
  const parts: string[] = [];
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      parts.push(node.value);
      continue;
    }
    if (isElement(node) && (skip(node) || node.tagName === 'script' || node.tagName === 'style')) continue;
    const kids = 'childNodes' in node ? node.childNodes : [];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return parts
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
