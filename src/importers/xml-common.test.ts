import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTimestamp } from './timestamp.ts';
import { isoTime } from './xml-common.ts';
import { ownString } from './xml-stream.ts';

describe('isoTime', () => {
  it('gives what parseTimestamp gives, for the simple export forms and anything else', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const simple = fc
      .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(13), two(32), fc.constantFrom('T', ' ', 't'), two(24), two(60), two(60), fc.constantFrom('', '.000', '.123', '.5', 'Z', '.999Z', '+02:00', ' '))
      .map(([y, mo, d, sep, h, mi, s, tail]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${tail}`);
    fc.assert(
      fc.property(fc.oneof(simple, fc.string()), (text) => {
        expect(isoTime(text)).toBe(parseTimestamp(text).iso);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['0000-02-29T00:00:00', '0004-02-29T00:00:00.000Z', '0400-02-29 00:00:00', '2020-02-29T12:00:00Z', '2021-02-29T12:00:00Z', '2020-01-01 00:00:00', '0000-00-00 00:00:00', '2020-04-31T00:00:00.000Z']) {
      expect(isoTime(text)).toBe(parseTimestamp(text).iso);
    }
  });

  it('returns the text itself when it already is the ISO instant (one string for createdAt and createdAtText)', () => {
    const text = ['2020-01-01T00:01:01', '.000Z'].join('');
    expect(isoTime(text)).toBe(text);
  });
});

describe('ownString', () => {
  it('keeps the text exactly, wide characters, lone surrogates and all', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      expect(ownString(text)).toBe(text);
    }), { numRuns: 500 });
    for (const text of ['short', 'Café owners say footfall is down', 'a😀b'.repeat(20), '\ud800 lone surrogate here', 'x'.repeat(5000)]) expect(ownString(text)).toBe(text);
  });
});
