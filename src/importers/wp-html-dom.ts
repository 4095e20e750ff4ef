/**
 * Small, non-recursive helpers over a parse5 document: attributes, classes, searching, text and inner HTML.
 */
import type { DefaultTreeAdapterTypes } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;
export type Node = DefaultTreeAdapterTypes.Node;

/** True when `node` is an element (not text, comment or doctype). */
export function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** An attribute's value, or null. */
export function attr(el: Element, name: string): string | null {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return null;
}

/** Class lists already split, per element (searches ask the same elements many times). */
const CLASSES = new WeakMap<Element, ReadonlySet<string>>();
const NO_CLASSES: ReadonlySet<string> = new Set();

/** True when the element's class list holds `name`. */
export function hasClass(el: Element, name: string): boolean {
  let set = CLASSES.get(el);
  if (set === undefined) {
    const value = attr(el, 'class');
    set = value === null ? NO_CLASSES : new Set(value.split(/[ \t\n\f\r]+/));
    CLASSES.set(el, set);
  }
  return set.has(name);
}

/** Child nodes of a node that has them (elements, documents; template content included). */
function childrenOf(node: Node): Node[] {
  if ('content' in node && node.nodeName === 'template') return node.content.childNodes;
  return 'childNodes' in node ? node.childNodes : [];
}

/**
 * Every element under `root` (not `root` itself) in document order, leaving out the subtrees of elements for which
 * `skip` is true (those elements are not visited either).
 */
export function descendants(root: Node, skip: (el: Element) => boolean = () => false): Element[] {
  const out: Element[] = [];
  search(root, skip, (el) => {
    out.push(el);
    return false;
  });
  return out;
}

/** Pre-order walk of the elements under `root`, stopping at the first for which `visit` returns true. */
function search(root: Node, skip: (el: Element) => boolean, visit: (el: Element) => boolean): Element | null {
  const stack: Node[] = [...childrenOf(root)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node) || skip(node)) continue;
    if (visit(node)) return node;
    const kids = childrenOf(node);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return null;
}

/** The first descendant matching `test` in document order, or null. */
export function first(root: Node, test: (el: Element) => boolean, skip: (el: Element) => boolean = () => false): Element | null {
  return search(root, skip, test);
}

/** Text content of a node, with the subtrees of skipped elements left out. Whitespace runs collapse to one space. */
export function textOf(root: Node, skip: (el: Element) => boolean = () => false): string {
  const parts: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      parts.push(node.value);
      continue;
    }
    if (isElement(node) && node !== root && skip(node)) continue;
    if (isElement(node) && (node.tagName === 'script' || node.tagName === 'style')) continue;
    const kids = childrenOf(node);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
}

/** The HTML inside `root` (or of `root` itself with `outer`), serialised without recursion; skipped subtrees are left out. */
export function htmlOf(root: Node, outer = false, skip: (el: Element) => boolean = () => false): string {
  const parts: string[] = [];
  type Step = { node: Node; close: boolean };
  const stack: Step[] = outer ? [{ node: root, close: false }] : [...childrenOf(root)].reverse().map((node) => ({ node, close: false }));
  while (stack.length > 0) {
    const { node, close } = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      parts.push(escapeText(node.value));
      continue;
    }
    if (!isElement(node) || (node !== root && skip(node))) continue;
    if (close) {
      parts.push(`</${node.tagName}>`);
      continue;
    }
    parts.push(`<${node.tagName}${node.attrs.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('')}>`);
    if (VOID.has(node.tagName)) continue;
    stack.push({ node, close: true });
    const kids = childrenOf(node);
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k]!, close: false });
  }
  return parts.join('');
}

/** 1-based source line of an element (parsed with source locations), or null. */
export function lineOf(el: Element): number | null {
  return el.sourceCodeLocation?.startLine ?? null;
}
