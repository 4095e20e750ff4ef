/**
 * Bytes to text without runtime APIs: BOM detection (UTF-8, UTF-16 LE/BE), strict UTF-8, Windows-1252 fallback.
 */
import type { ImportProblem } from '../core/model.ts';

/** Encodings `decodeBytes` can report. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Outcome of decoding: text with the encoding used and any warnings, or a refusal with the byte where it was decided. */
export type DecodeResult =
  | { ok: true; text: string; encoding: TextEncodingName; problems: ImportProblem[] }
  | { ok: false; message: string; where: string };

/** Windows-1252 code points for bytes 0x80..0x9F; the five undefined bytes map to the C1 control of the same value. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Collects UTF-16 code units and turns them into a string in chunks (no giant argument lists, no O(n²) concatenation). */
class UnitBuffer {
  private readonly parts: string[] = [];
  private units: number[] = [];

  push(unit: number): void {
    this.units.push(unit);
    if (this.units.length >= 8192) this.flush();
  }

  pushCodePoint(cp: number): void {
    if (cp < 0x10000) {
      this.push(cp);
    } else {
      const v = cp - 0x10000;
      this.push(0xd800 + (v >> 10));
      this.push(0xdc00 + (v & 0x3ff));
    }
  }

  /** Append bytes [from, to) that are all ASCII. */
  pushAscii(bytes: Uint8Array, from: number, to: number): void {
    this.flush();
    // apply() takes the typed array directly; spreading it would go through the (much slower) iterator.
    for (let i = from; i < to; i += 8192) this.parts.push(String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 8192)) as unknown as number[]));
  }

  toString(): string {
    this.flush();
    return this.parts.join('');
  }

  private flush(): void {
    if (this.units.length === 0) return;
    this.parts.push(String.fromCharCode.apply(null, this.units));
    this.units = [];
  }
}

/**
 * Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequences).
 * Returns the text, or the byte offset of the first invalid sequence.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0): { text: string } | { invalidAt: number } {
  const out = new UnitBuffer();
  let i = start;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      let j = i + 1;
      while (j < bytes.length && bytes[j]! < 0x80) j++;
      out.pushAscii(bytes, i, j);
      i = j;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) [need, cp, min] = [1, b0 & 0x1f, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [need, cp, min] = [2, b0 & 0x0f, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [need, cp, min] = [3, b0 & 0x07, 0x10000];
    else return { invalidAt: i };
    if (i + need >= bytes.length) return { invalidAt: i };
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) return { invalidAt: i };
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { invalidAt: i };
    out.pushCodePoint(cp);
    i += need + 1;
  }
  return { text: out.toString() };
}

/** UTF-16 in the given byte order; unpaired surrogates and a trailing odd byte become U+FFFD. */
export function decodeUtf16(bytes: Uint8Array, littleEndian: boolean, start = 0): string {
  const out = new UnitBuffer();
  const unitAt = (i: number): number => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
  const end = start + Math.floor((bytes.length - start) / 2) * 2;
  for (let i = start; i < end; i += 2) {
    const unit = unitAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 2 < end) {
      const low = unitAt(i + 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out.push(unit);
        out.push(low);
        i += 2;
        continue;
      }
    }
    out.push(unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit);
  }
  if (end < bytes.length) out.push(0xfffd);
  return out.toString();
}

/** Windows-1252: every byte maps to one character, so this never fails. */
export function decodeWindows1252(bytes: Uint8Array, start = 0): string {
  const out = new UnitBuffer();
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    out.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
  }
  return out.toString();
}

/** How many bytes at the start are examined for control characters when judging whether a file is binary. */
const SNIFF_BYTES = 8192;

/** True for C0 control bytes that do not occur in text files (everything but tab, LF, VT, FF, CR and ESC). */
function isBinaryControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b;
}

/** Byte offset of the first sign that `bytes` (from `start`) is not text, or -1: any NUL byte, or many control bytes early on. */
function binaryEvidence(bytes: Uint8Array, start: number): number {
  const nul = bytes.indexOf(0, start);
  if (nul !== -1) return nul;
  const end = Math.min(bytes.length, start + SNIFF_BYTES);
  let controls = 0;
  let first = -1;
  for (let i = start; i < end; i++) {
    if (isBinaryControl(bytes[i]!)) {
      controls++;
      if (first === -1) first = i;
    }
  }
  return controls > 0 && controls * 20 > end - start ? first : -1;
}

/**
 * Decode a file's bytes. A BOM decides the encoding (UTF-8, UTF-16 LE/BE) and is dropped; otherwise strict UTF-8,
 * and on the first invalid sequence the whole input is read as Windows-1252 with a warning naming that byte.
 * NUL bytes (or many control bytes) outside UTF-16 mean a binary file, which is refused.
 */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: decodeUtf16(bytes, true, 2), encoding: 'utf-16le', problems: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: decodeUtf16(bytes, false, 2), encoding: 'utf-16be', problems: [] };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const binaryAt = binaryEvidence(bytes, start);
  if (binaryAt !== -1) {
    const what = bytes[binaryAt] === 0 ? 'a NUL byte' : 'control bytes';
    return {
      ok: false,
      message: `looks like a binary file (${what} at byte ${binaryAt}), not text; UTF-16 text needs a byte-order mark`,
      where: `byte ${binaryAt}`,
    };
  }
  const utf8 = decodeUtf8(bytes, start);
  if ('text' in utf8) return { ok: true, text: utf8.text, encoding: 'utf-8', problems: [] };
  const claim = start === 3 ? 'Has a UTF-8 byte-order mark but is not valid UTF-8' : 'Not valid UTF-8';
  return {
    ok: true,
    text: decodeWindows1252(bytes, start),
    encoding: 'windows-1252',
    problems: [{ severity: 'warning', where: `byte ${utf8.invalidAt}`, message: `${claim} (first invalid sequence at byte ${utf8.invalidAt}); read as Windows-1252, so some characters may be wrong.` }],
  };
}
