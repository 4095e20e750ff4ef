import { describe, expect, it } from 'vitest';
import { alignSpan, segmentText, type HighlightSpan } from './highlight.ts';

const tox = (start: number, end: number, label = 'INSULT'): HighlightSpan => ({ start, end, kind: 'toxicity', label });
const trope = (start: number, end: number, label = 'Trope: X (who)'): HighlightSpan => ({ start, end, kind: 'trope', label });

/** True when the string has no lone surrogate (a split emoji would leave one). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Compact view of segments: text plus the labels covering it. */
function shape(text: string, spans: HighlightSpan[]) {
  return segmentText(text, spans).map((s) => [s.text, s.spans.map((span) => span.label)]);
}

describe('segmentText', () => {
  it('returns no segments for empty text', () => {
    expect(segmentText('', [tox(0, 1)])).toEqual([]);
  });

  it('returns the whole text as one plain segment without spans', () => {
    expect(segmentText('hello', [])).toEqual([{ text: 'hello', start: 0, end: 5, spans: [] }]);
  });

  it('splits around a single span', () => {
    expect(shape('you are real losers, ok', [tox(8, 19)])).toEqual([
      ['you are ', []],
      ['real losers', ['INSULT']],
      [', ok', []],
    ]);
  });

  it('handles overlapping spans as three runs', () => {
    // "abcdefgh": A covers 1..5, B covers 3..7
    expect(shape('abcdefgh', [tox(1, 5, 'A'), trope(3, 7, 'B')])).toEqual([
      ['a', []],
      ['bc', ['A']],
      ['de', ['A', 'B']],
      ['fg', ['B']],
      ['h', []],
    ]);
  });

  it('handles nested spans', () => {
    expect(shape('the secret cabal rules', [trope(4, 16, 'outer'), tox(11, 16, 'inner')])).toEqual([
      ['the ', []],
      ['secret ', ['outer']],
      ['cabal', ['outer', 'inner']],
      [' rules', []],
    ]);
  });

  it('merges identical spans and keeps adjacent different spans apart', () => {
    expect(shape('aabb', [tox(0, 2, 'A'), tox(0, 2, 'A2'), tox(2, 4, 'B')])).toEqual([
      ['aa', ['A', 'A2']],
      ['bb', ['B']],
    ]);
  });

  it('ignores spans out of range, empty, reversed or not integers', () => {
    const text = 'short';
    expect(shape(text, [tox(-1, 2), tox(3, 99), tox(2, 2), tox(4, 1), tox(1.5, 3), tox(Number.NaN, 2)])).toEqual([['short', []]]);
  });

  it('never splits a surrogate pair: a cut inside an emoji takes the whole emoji', () => {
    const text = 'hi 😀 there'; // the emoji is UTF-16 offsets 3..5
    expect(text.slice(3, 5)).toBe('😀');
    expect(wellFormed(text.slice(0, 4))).toBe(false);
    // Span ends in the middle of the emoji: widened to its end.
    expect(shape(text, [tox(0, 4)])).toEqual([
      ['hi 😀', ['INSULT']],
      [' there', []],
    ]);
    // Span starts in the middle of the emoji: widened to its start.
    expect(shape(text, [tox(4, 8)])).toEqual([
      ['hi ', []],
      ['😀 th', ['INSULT']],
      ['ere', []],
    ]);
    for (const segment of segmentText(text, [tox(4, 8), tox(0, 4)])) {
      expect(segment.text).toBe(text.slice(segment.start, segment.end));
      expect(wellFormed(segment.text)).toBe(true);
    }
  });

  it('highlights text after emoji at the right UTF-16 offsets', () => {
    const text = '👍👍 idiots';
    const start = text.indexOf('idiots');
    expect(start).toBe(5);
    expect(shape(text, [tox(start, start + 6)])).toEqual([
      ['👍👍 ', []],
      ['idiots', ['INSULT']],
    ]);
  });

  it('covers the text exactly, in order, for many random span sets', () => {
    const text = 'a😀b c👍🏽d efg\nhij 🇺🇦 klm';
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const spans = Array.from({ length: rand(5) }, (_, i) => tox(rand(text.length + 3) - 1, rand(text.length + 3) - 1, `s${i}`));
      const segments = segmentText(text, spans);
      expect(segments.map((s) => s.text).join('')).toBe(text);
      let at = 0;
      for (const segment of segments) {
        expect(segment.start).toBe(at);
        expect(wellFormed(segment.text)).toBe(true);
        at = segment.end;
      }
      expect(at).toBe(text.length);
    }
  });
});

describe('alignSpan', () => {
  it('trusts offsets that match the quoted text', () => {
    expect(alignSpan('you idiots', { start: 4, end: 10, text: 'idiots' })).toEqual({ start: 4, end: 10 });
  });

  it('re-places a span whose offsets are stale, at the nearest occurrence', () => {
    expect(alignSpan('idiots and more idiots', { start: 14, end: 20, text: 'idiots' })).toEqual({ start: 16, end: 22 });
  });

  it('drops a span whose quote is not in the text', () => {
    expect(alignSpan('nothing here', { start: 0, end: 4, text: 'idiots' })).toBeNull();
  });
});
