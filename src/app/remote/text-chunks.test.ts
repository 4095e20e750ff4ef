import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitText } from './text-chunks.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitText', () => {
  it('keeps a text under the limit whole', () => {
    expect(splitText('Short. Text.', 100)).toEqual([{ start: 0, text: 'Short. Text.' }]);
  });

  it('cuts at sentence ends, measuring UTF-8 bytes (not characters), and loses nothing', () => {
    const sentence = 'Ça coûte très cher à Zürich. ';
    const text = sentence.repeat(2000);
    const chunks = splitText(text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const c of chunks) {
      expect(bytes(c.text)).toBeLessThanOrEqual(20_480);
      expect(c.text.endsWith('. ')).toBe(true);
      expect(text.slice(c.start, c.start + c.text.length)).toBe(c.text);
    }
    // Characters alone would fit in one request; bytes do not.
    expect(text.length).toBeLessThan(20_480 * 3);
  });

  it('splits a sentence that alone is too long at spaces, and a word that is too long between code points', () => {
    const long = `${'word '.repeat(30)}${'😀'.repeat(20)}`;
    const chunks = splitText(long, 40);
    expect(chunks.map((c) => c.text).join('')).toBe(long);
    for (const c of chunks) {
      expect(bytes(c.text)).toBeLessThanOrEqual(40);
      expect(c.text).not.toMatch(/[\uD800-\uDBFF]$/);
    }
  });

  it('holds for any text: contiguous, complete, within the limit', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
      const chunks = splitText(text, max);
      expect(chunks.map((c) => c.text).join('')).toBe(text);
      let at = 0;
      for (const c of chunks) {
        expect(c.start).toBe(at);
        at += c.text.length;
        if (chunks.length > 1) expect(bytes(c.text)).toBeLessThanOrEqual(max);
      }
    }));
  });
});
