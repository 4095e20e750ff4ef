import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBytes, decodeUtf16, decodeUtf8, decodeWindows1252 } from './decode.ts';

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('decodeUtf8', () => {
  it('decodes 1- to 4-byte sequences', () => {
    const text = 'a ß € 水 👍 “quotes” …';
    expect(decodeUtf8(utf8(text))).toEqual({ text });
  });

  it('rejects overlongs, surrogates, values above U+10FFFF, stray continuation and truncated sequences', () => {
    expect(decodeUtf8(bytes(0x41, 0xc0, 0x80))).toEqual({ invalidAt: 1 });
    expect(decodeUtf8(bytes(0xe0, 0x80, 0x80))).toEqual({ invalidAt: 0 });
    expect(decodeUtf8(bytes(0xed, 0xa0, 0x80))).toEqual({ invalidAt: 0 });
    expect(decodeUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toEqual({ invalidAt: 0 });
    expect(decodeUtf8(bytes(0x41, 0x42, 0x80))).toEqual({ invalidAt: 2 });
    expect(decodeUtf8(bytes(0x41, 0xe2, 0x82))).toEqual({ invalidAt: 1 });
    expect(decodeUtf8(bytes(0xe2, 0x28, 0xa1))).toEqual({ invalidAt: 0 });
  });

  it('agrees with Node on any valid text, including long inputs', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), (s) => {
      const wellFormed = Buffer.from(s, 'utf8').toString('utf8');
      const out = decodeUtf8(utf8(s));
      return 'text' in out && out.text === wellFormed;
    }), { numRuns: 200 });
    const long = 'x'.repeat(100_000) + '€' + 'y'.repeat(50_000);
    expect(decodeUtf8(utf8(long))).toEqual({ text: long });
  });

  it('rejects whatever Node would have to replace, at the same place Node does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const out = decodeUtf8(b);
      const node = Buffer.from(b).toString('utf8');
      if ('text' in out) return out.text === node;
      return node.includes('\ufffd');
    }), { numRuns: 500 });
  });
});

describe('decodeUtf16 and decodeWindows1252', () => {
  it('decodes both byte orders, pairing surrogates and replacing unpaired ones', () => {
    expect(decodeUtf16(bytes(0x68, 0x00, 0x3d, 0xd8, 0x4d, 0xdc), true)).toBe('h👍');
    expect(decodeUtf16(bytes(0x00, 0x68, 0xd8, 0x3d, 0xdc, 0x4d), false)).toBe('h👍');
    expect(decodeUtf16(bytes(0x3d, 0xd8, 0x41, 0x00), true)).toBe('\ufffdA');
    expect(decodeUtf16(bytes(0x41, 0x00, 0x42), true)).toBe('A\ufffd');
  });

  it('maps the 0x80..0x9F range of Windows-1252', () => {
    expect(decodeWindows1252(bytes(0x93, 0x48, 0x69, 0x94, 0x85, 0x80, 0xe9, 0x81))).toBe('“Hi”…€é\u0081');
  });
});

describe('decodeBytes', () => {
  it('reads plain UTF-8 and drops a UTF-8 BOM', () => {
    expect(decodeBytes(utf8('héllo'))).toEqual({ ok: true, text: 'héllo', encoding: 'utf-8', problems: [] });
    expect(decodeBytes(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69))).toEqual({ ok: true, text: 'hi', encoding: 'utf-8', problems: [] });
  });

  it('honours UTF-16 BOMs, where NUL bytes are normal', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('id,text\n1,hé', 'utf16le')]);
    expect(decodeBytes(le)).toMatchObject({ ok: true, text: 'id,text\n1,hé', encoding: 'utf-16le' });
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from('Wü', 'utf16le').swap16()]);
    expect(decodeBytes(be)).toMatchObject({ ok: true, text: 'Wü', encoding: 'utf-16be' });
  });

  it('falls back to Windows-1252 with a warning naming the first invalid byte', () => {
    const result = decodeBytes(bytes(0x48, 0x69, 0x20, 0x93, 0x71, 0x94));
    expect(result).toMatchObject({ ok: true, text: 'Hi “q”', encoding: 'windows-1252' });
    if (!result.ok) throw new Error('unreachable');
    expect(result.problems).toEqual([{ severity: 'warning', where: 'byte 3', message: expect.stringContaining('byte 3') }]);
  });

  it('refuses binary files, naming the byte', () => {
    expect(decodeBytes(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00))).toEqual({
      ok: false,
      message: expect.stringContaining('looks like a binary file'),
      where: 'byte 8',
    });
    const controls = new Uint8Array(200).map((_, i) => (i % 4 === 0 ? 0x01 : 0x41));
    expect(decodeBytes(controls)).toMatchObject({ ok: false, where: 'byte 0' });
  });

  it('accepts empty input and text with the odd form feed or escape', () => {
    expect(decodeBytes(bytes())).toMatchObject({ ok: true, text: '' });
    expect(decodeBytes(utf8('a\fb\x1b[0mc\r\n'))).toMatchObject({ ok: true, text: 'a\fb\x1b[0mc\r\n' });
  });
});
