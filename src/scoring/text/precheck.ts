/**
 * A pre-check on raw text, cheaper than tokenizing: answers "maybe" when a plain-ASCII text holds one of the key
 * words, and always "maybe" for anything the tokenizer would de-obfuscate (non-ASCII, leetspeak, letter runs,
 * spelled-out letters, "((("), so it can never hide a hit the full path would find.
 */
import { lemmaOf } from './normalize.ts';

/** Required words of a phrase made only of common words: each set must have a member in the text. */
export type WholePhrase = ReadonlyArray<ReadonlySet<string>>;

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => isLower(c) || isUpper(c);
/** Typographic punctuation read as plain separators: curly quotes, ellipsis, dashes, no-break space. */
const PUNCTUATION = new Set([0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0x2013, 0x2014, 0xa0]);

/** Leet symbols inside a word ("z!os", "f**k", "kh@zarian"): up to three of them followed by a letter or digit. */
function leetInside(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && j - i < 3 && '@$!*|'.includes(text[j] as string)) j++;
  const next = text.charCodeAt(j);
  return isAlpha(next) || isDigit(next);
}

/** Builds the check for `keys` (any one suffices) and `whole` phrases (all their words must occur). */
export function createPrecheck(keys: ReadonlySet<string>, whole: readonly WholePhrase[]): (text: string) => boolean {
  const wholeWords = new Set<string>();
  for (const phrase of whole) for (const alts of phrase) for (const w of alts) wholeWords.add(w);
  return (text: string): boolean => {
    const n = text.length;
    let seen: Set<string> | null = null;
    let singles = 0;
    let curly = false;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        if (!PUNCTUATION.has(c)) return true;
        singles = 0;
        i++;
        continue;
      }
      if (isAlpha(c)) {
        const start = i;
        let run = 1;
        i++;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (isAlpha(d)) {
            run = (d | 32) === (text.charCodeAt(i - 1) | 32) ? run + 1 : 1;
            if (run >= 3) return true;
            i++;
          } else if ((d === 39 || d === 0x2019) && i + 1 < n && isAlpha(text.charCodeAt(i + 1))) {
            curly ||= d === 0x2019;
            i++;
          }
          else if (isDigit(d) || (d >= 128 && !PUNCTUATION.has(d))) return true;
          else if ((d === 64 || d === 36 || d === 33 || d === 42 || d === 124) && leetInside(text, i)) return true;
          else break;
        }
        if (i - start === 1) {
          if (++singles >= 3) return true;
        } else singles = 0;
        const raw = text.slice(start, i).toLowerCase();
        const word = curly ? raw.replaceAll('\u2019', "'") : raw;
        curly = false;
        if (keys.has(word)) return true;
        const lemma = lemmaOf(word);
        if (lemma !== word && keys.has(lemma)) return true;
        if (wholeWords.has(word) || wholeWords.has(lemma)) {
          seen ??= new Set();
          seen.add(word);
          seen.add(lemma);
        }
        continue;
      }
      if (isDigit(c)) {
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (i < n && isAlpha(text.charCodeAt(i))) return true;
        continue;
      }
      if ((c === 64 || c === 36) && i + 1 < n && isAlpha(text.charCodeAt(i + 1))) return true;
      if (c === 40 && text.startsWith('(((', i)) return true;
      if (c !== 32 && c !== 46 && c !== 45 && c !== 95 && c !== 42 && c !== 47 && c !== 43 && c !== 124 && c !== 126) singles = 0;
      i++;
    }
    if (seen === null) return false;
    const found = seen;
    return whole.some((phrase) => phrase.every((alts) => [...alts].some((w) => found.has(w))));
  };
}
