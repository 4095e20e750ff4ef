import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnv1a64 } from './hash.ts';

/** Reference implementation with BigInt over Node's own UTF-8 encoder. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes non-ASCII text as UTF-8, including astral characters and lone surrogates', () => {
    for (const text of ['Editor’s note', '👍👍 great news…', 'zß水🀄', 'a\ud800b']) expect(fnv1a64(text)).toBe(reference(text));
  });

  it('agrees with a BigInt reference on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => fnv1a64(s) === reference(s)), { numRuns: 300 });
  });
});
