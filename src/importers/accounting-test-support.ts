/**
 * Test support for "no silent loss": generated nested documents, the comment-like objects of a JSON text found
 * independently of the importers, and the check that each of them was imported or named by a problem.
 */
import type { ImportResult } from '../core/model.ts';
import { JsonObject, LineIndex, parseJson } from './json-text.ts';
import type { JsonValue } from './json-text.ts';

/** Something in the input a reader should account for: its id (when it has one) and its 1-based line. */
export interface Expected {
  id: string | null;
  line: number;
}

/** A generated reply tree: the ids in pre-order and each one's parent (null at top level). */
export interface GeneratedTree {
  json: string;
  ids: string[];
  parentOf: Map<string, string | null>;
  maxDepth: number;
}

/** A small deterministic generator (linear congruential), so a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The shape of one generated comment, given its id, depth (0 = top level) and the JSON of its replies. */
export type CommentWriter = (id: string, depth: number, replies: string) => string;

/** node-hnapi / api.hnpwa.com comments: `{id, level, user, time, time_ago, content, comments}`. */
export const hnapiComment: CommentWriter = (id, depth, replies) =>
  `{"id":${id},"level":${depth},"user":"u${id}","time":${1700000000 + Number(id)},"time_ago":"1 day ago","type":"comment","content":"<p>Comment ${id}</p>","comments":[${replies}]}`;

/** Generic comments that nest replies under `replies` and name no parent. */
export const genericComment: CommentWriter = (id, depth, replies) => `{"id":"${id}","author":"a${id}","text":"Comment ${id} at ${depth}","replies":[${replies}]}`;

/**
 * `n` comments in a random reply tree (replies lean to recent comments, so chains get deep), written nested by
 * `write` and returned as the JSON of the top-level list. Iterative: any depth.
 */
export function generateTree(n: number, seed: number, write: CommentWriter, idOf: (k: number) => string = String): GeneratedTree {
  const next = random(seed);
  const parents: (number | null)[] = [];
  const children: number[][] = [];
  for (let k = 0; k < n; k++) {
    const parent = k === 0 || next() < 0.15 ? null : Math.max(0, k - 1 - Math.floor(next() * Math.min(k, 8)));
    parents.push(parent);
    children.push([]);
    if (parent !== null) children[parent]!.push(k);
  }
  const depth: number[] = parents.map(() => 0);
  for (let k = 0; k < n; k++) depth[k] = parents[k] === null ? 0 : depth[parents[k]!]! + 1;
  // Write bottom-up: a comment's JSON needs its replies' JSON first; parents always come before children.
  const written: string[] = [];
  for (let k = n - 1; k >= 0; k--) written[k] = write(idOf(k), depth[k]!, children[k]!.map((c) => written[c]).join(','));
  const ids: string[] = [];
  const parentOf = new Map<string, string | null>();
  const stack = parents.flatMap((p, k) => (p === null ? [k] : [])).reverse();
  while (stack.length > 0) {
    const k = stack.pop()!;
    ids.push(idOf(k));
    parentOf.set(idOf(k), parents[k] === null ? null : idOf(parents[k]!));
    for (let c = children[k]!.length - 1; c >= 0; c--) stack.push(children[k]![c]!);
  }
  const top = parents.flatMap((p, k) => (p === null ? [written[k]!] : []));
  return { json: `[${top.join(',')}]`, ids, parentOf, maxDepth: Math.max(...depth) };
}

/** One chain of `depth` comments, each the only reply of the one before, written by `write` (no recursion). */
export function chain(depth: number, write: CommentWriter): string {
  const replies = '\u0000';
  const opens: string[] = [];
  const closes: string[] = [];
  for (let k = 0; k < depth; k++) {
    const [open, close] = write(String(k + 1), k, replies).split(replies);
    opens.push(open!);
    closes.push(close!);
  }
  return `[${opens.join('')}${closes.reverse().join('')}]`;
}

/** Objects of a JSON text for which `isComment` holds, found by an iterative walk, with id and line. */
export function commentLikeObjects(text: string, isComment: (o: JsonObject) => boolean, idOf: (o: JsonObject) => string | null): Expected[] {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(`not JSON: ${parsed.message}`);
  const lines = new LineIndex(text.replace(/^\ufeff/, ''));
  const found: Expected[] = [];
  const stack: JsonValue[] = [parsed.value];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (Array.isArray(value)) {
      for (let k = value.length - 1; k >= 0; k--) stack.push(value[k]!);
    } else if (value instanceof JsonObject) {
      if (isComment(value)) found.push({ id: idOf(value), line: lines.lineOf(value.offset) });
      stack.push(...[...value.fields.values()].reverse());
    }
  }
  return found;
}

/**
 * The expected entries that the import neither read (a comment with that id) nor named in a problem (its id, or its
 * line or CSV row, in the problem's place or message). Empty when nothing was lost silently.
 */
export function unaccounted(result: ImportResult, expected: readonly Expected[]): Expected[] {
  const ids = new Set(result.ok ? result.threads.flatMap((t) => t.comments.map((c) => c.id)) : []);
  const said = result.problems.map((p) => `${p.where} ${p.message}`);
  const named = (e: Expected): boolean => said.some((s) => (e.id !== null && new RegExp(`(^|[^\\w])${e.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`).test(s)) || new RegExp(`(line|row) ${e.line}([^\\d]|$)`).test(s));
  return expected.filter((e) => !(e.id !== null && ids.has(e.id)) && !named(e));
}
