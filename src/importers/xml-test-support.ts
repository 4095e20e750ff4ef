/**
 * Test support for the XML importers: counts the parts of the shared samples with plain regular expressions,
 * independently of the importers under test (the tests read the files).
 */
import type { ImportResult } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';

/** One comment block found by regex: its id, the offset just past its closing tag, and a field's raw text. */
export interface Block {
  id: string | null;
  end: number;
  body: string;
}

/** Every `<wp:comment>…</wp:comment>` block with its comment_id. */
export function wxrBlocks(xml: string): Block[] {
  return [...xml.matchAll(/<wp:comment>([\s\S]*?)<\/wp:comment>/g)].map((m) => ({
    id: /<wp:comment_id>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)/.exec(m[1]!)?.[1] ?? null,
    end: m.index + m[0].length,
    body: m[1]!,
  }));
}

/** Every `<post …>…</post>` block with its dsq:id attribute (quoted) or null. */
export function disqusBlocks(xml: string): Block[] {
  return [...xml.matchAll(/<post(\s[^>]*)?>([\s\S]*?)<\/post>/g)].map((m) => ({
    id: /dsq:id="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? null,
    end: m.index + m[0].length,
    body: m[2]!,
  }));
}

/** Counts over an import result, in the terms the sample tests assert. */
export function summarize(result: ImportResult): { threads: number; comments: number; pingbacks: number; deleted: number; maxDepth: number; cycles: number } {
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  let comments = 0;
  let pingbacks = 0;
  let deleted = 0;
  let maxDepth = 0;
  let cycles = 0;
  for (const thread of result.threads) {
    const tree = buildTree(thread.comments);
    comments += thread.comments.length;
    pingbacks += thread.comments.filter((c) => c.kind === 'pingback').length;
    deleted += thread.comments.filter((c) => c.status === 'deleted').length;
    maxDepth = Math.max(maxDepth, tree.maxDepth);
    cycles += tree.problems.filter((p) => p.kind === 'cycle').length;
  }
  return { threads: result.threads.length, comments, pingbacks, deleted, maxDepth, cycles };
}

/** The comment with `id` in the thread whose id ends with `threadSuffix`. */
export function findComment(result: ImportResult, threadSuffix: string, id: string) {
  if (!result.ok) return undefined;
  return result.threads.find((t) => t.id.endsWith(threadSuffix))?.comments.find((c) => c.id === id);
}
