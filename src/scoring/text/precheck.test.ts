import { describe, expect, it } from 'vitest';
import { createPrecheck } from './precheck.ts';

const check = createPrecheck(new Set(['jew', 'chabad', 'tribe']), [[new Set(['you']), new Set(['know']), new Set(['who'])]]);

describe('createPrecheck', () => {
  it('says no for plain text without a key word, yes with one (also as plural or possessive)', () => {
    expect(check('The council should publish the full cost estimate before the vote.')).toBe(false);
    expect(check('the Jews did it')).toBe(true);
    expect(check('Chabad’s house downtown')).toBe(true);
    expect(check('which tribe owns it')).toBe(true);
  });

  it('needs every word of a phrase made of common words', () => {
    expect(check('you know it')).toBe(false);
    expect(check('you know who did it')).toBe(true);
  });

  it('defers to the full path on anything the tokenizer would de-obfuscate', () => {
    for (const text of ['j3ws', 'jooooz', 'j e w s', 'j.e.w.s', 'kh@zarian', '$oros', '(((them)))', 'z!os', 'f**k', 'ⓙⓔⓦⓢ', 'je\u200bws', 'jéws', '🅹🅴🆆🆂', '4jews']) {
      expect(check(text), text).toBe(true);
    }
    expect(check('It’s 2024 — a “quiet” year… 9/11 was 23 years ago! Really?! Wow*')).toBe(false);
  });
});
