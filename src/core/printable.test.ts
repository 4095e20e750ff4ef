import { describe, expect, it } from 'vitest';
import { printable } from './printable.ts';

describe('printable', () => {
  it.each([
    ['an ANSI colour and title escape', 'a\x1b[31mred\x1b]0;owned\x07.txt', 'a\\x1b[31mred\\x1b]0;owned\\x07.txt'],
    ['a one-byte CSI (C1)', 'x\u009b2Jy', 'x\\u009b2Jy'],
    ['CR, LF, tab and NUL', 'a\rb\nc\td\0e', 'a\\rb\\nc\\td\\x00e'],
    ['DEL', 'a\x7fb', 'a\\x7fb'],
    ['bidi overrides and isolates', 'evil\u202Etxt.exe \u2066x\u2069 \u200F', 'evil\\u202etxt.exe \\u2066x\\u2069 \\u200f'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ])('escapes %s', (_label, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('leaves ordinary text, non-ASCII letters, emoji and backslashes as they are', () => {
    const text = 'Kommentare – ünïcödé 👩🏽‍💻 C:\\data\\file (1).xml';
    expect(printable(text)).toBe(text);
  });
});
