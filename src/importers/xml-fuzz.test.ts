import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ImportResult } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';
import { importInput } from './registry.ts';
import { disqusBlocks, wxrBlocks } from './xml-test-support.ts';
import type { Block } from './xml-test-support.ts';

const sample = (relative: string): string => readFileSync(resolve(process.cwd(), '../shared/formats', relative), 'utf8');

const SAMPLES: [file: string, format: string, blocks: (xml: string) => Block[]][] = [
  ['wxr/isso-wordpress.xml', 'wxr', wxrBlocks],
  ['wxr/wpimporter-slashes.xml', 'wxr', wxrBlocks],
  ['disqus/isso-disqus.xml', 'disqus', disqusBlocks],
  ['disqus/remark42-disqus.xml', 'disqus', disqusBlocks],
];

/** Fails the property unless the result is a handled outcome with a sound tree: no internal error, no cycle, no duplicate. */
function checkSound(result: ImportResult): void {
  if (!result.ok) {
    expect(result.message).not.toMatch(/Internal error/);
    expect(result.where).not.toBeNull();
    return;
  }
  for (const thread of result.threads) {
    const kinds = buildTree(thread.comments).problems.map((p) => p.kind);
    expect(kinds).not.toContain('cycle');
    expect(kinds).not.toContain('duplicate-id');
  }
}

function importedIds(result: ImportResult): Set<string> {
  return new Set(result.ok ? result.threads.flatMap((t) => t.comments.map((c) => c.id)) : []);
}

describe.each(SAMPLES)('%s, truncated and corrupted', (file, format, blocksOf) => {
  const xml = sample(file);
  const blocks = blocksOf(xml).filter((b) => b.id !== null);

  it('keeps every comment that ends before the cut, wherever the file is cut', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: xml.length }), (cut) => {
        const result = importInput({ text: xml.slice(0, cut), format });
        checkSound(result);
        const complete = blocks.filter((b) => b.end <= cut);
        if (complete.length === 0) return;
        expect(result.ok).toBe(true);
        const ids = importedIds(result);
        for (const block of complete) expect(ids).toContain(block.id);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, hangs or builds a cycle on corrupted copies', () => {
    // Edits never add or remove digits, so ids and parent references cannot be rewired into a cycle the source lacks.
    const edit = fc.record({
      at: fc.nat({ max: xml.length }),
      op: fc.constantFrom('replace', 'insert', 'delete'),
      ch: fc.constantFrom('<', '>', '/', '"', "'", '&', ';', '=', ' ', '\n', '[', ']', '!', '?', '-', 'x', ':', '\u0000', '\ud800', '\ufffe', '<![CDATA[', ']]>', '</'),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        let text = xml;
        for (const { at, op, ch } of edits) {
          const i = Math.min(at, text.length);
          if (op !== 'insert' && /\d/.test(text[i] ?? '')) continue;
          text = op === 'insert' ? text.slice(0, i) + ch + text.slice(i) : op === 'replace' ? text.slice(0, i) + ch + text.slice(i + 1) : text.slice(0, i) + text.slice(i + 1);
        }
        checkSound(importInput({ text, format }));
        checkSound(importInput({ text }));
      }),
      { numRuns: 200 },
    );
  });
});

describe('XML importers on arbitrary input', () => {
  it('return a result for any text, forced to either format', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '/', 'post', 'wp:comment', 'item', 'disqus', 'rss', ' dsq:id=', '"1"', '2', '&', '<![CDATA[', ']]>', '\n') }), (text) => {
        checkSound(importInput({ text, format: 'wxr' }));
        checkSound(importInput({ text, format: 'disqus' }));
      }),
      { numRuns: 200 },
    );
  });
});

describe('XML the parser itself cannot get past', () => {
  it('keeps what was read and names the place when the XML reader stops (a file ending inside "<!")', () => {
    // Found by the property above (seed -1517557800): saxes threw "Invalid code point NaN" from its close().
    let text = sample('wxr/isso-wordpress.xml');
    for (const [at, ch] of [[2637, '<'], [8412, '\ud800'], [0, '<']] as const) text = text.slice(0, at) + ch + text.slice(at + 1);
    const result = importInput({ text, fileName: 'cut.xml' });
    checkSound(result);
    const tail = importInput({ text: `${sample('wxr/isso-wordpress.xml').slice(0, 4000)}<!`, fileName: 'tail.xml' });
    checkSound(tail);
    if (tail.ok) expect(tail.problems.some((p) => /XML/.test(p.message))).toBe(true);
  });
});
