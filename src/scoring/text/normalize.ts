/**
 * Character classes and word normalization of the tokenizer: leetspeak, look-alike letters, squeezed letter runs
 * and plural/possessive lemmas.
 */

/** Answers whether a normalized word is in some lexicon; used to pick among de-obfuscation candidates. */
export type KnownWord = (word: string) => boolean;

const LEET_DIGITS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };
const LEET_SYMBOLS: Record<string, string> = { '@': 'a', $: 's', '!': 'i', '|': 'i', '*': '*' };
/** Cyrillic and Greek letters that look like Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ο: 'o', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', τ: 't',
};
/** Plural endings after a sibilant ("churches", "boxes"), removed as "-es". */
const SIBILANT_PLURAL = /(?:ches|shes|sses|xes|zes)$/;
/** Apostrophes that may sit inside a word ("don't", "Y’all"). */
export const APOSTROPHES: ReadonlySet<string> = new Set(["'", '\u2019', '\u02bc']);

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
/** Letters outside ASCII: Latin-1 and Latin Extended letters, Greek, Cyrillic and other scripts, minus punctuation and symbols. */
function isOtherLetter(code: number): boolean {
  if (code < 0xc0) return false;
  if (code === 0xd7 || code === 0xf7) return false;
  if (code >= 0x2000 && code <= 0x2bff) return false;
  if (code >= 0x3000 && code <= 0x303f) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code >= 0xfe00 && code <= 0xfe0f) return false;
  return true;
}
/** Letters and digits of any script (what a word is made of). */
export function isWordChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || isOtherLetter(code);
}
/** Letters of any script, no digits. */
export function isLetter(code: number): boolean {
  return isAsciiLetter(code) || isOtherLetter(code);
}
/** Squeezes runs of 3+ identical letters to `keep` letters. */
function squeeze(word: string, keep: 1 | 2): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    run = i > 0 && word[i - 1] === ch ? run + 1 : 1;
    if (run <= keep || !isLetter(word.charCodeAt(i))) out += ch;
  }
  return out;
}
/** True when a letter repeats three or more times in a row (digits never count: "4000" stays). */
export function hasLongRun(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    if (word[i] === word[i - 1] && word[i] === word[i - 2] && isLetter(word.charCodeAt(i))) return true;
  }
  return false;
}

/** Removes a possessive or plural ending: "jews" → "jew", "cities" → "city", "israel's" → "israel". */
export function lemmaOf(norm: string): string {
  const last = norm.charCodeAt(norm.length - 1);
  if (last !== 115 && last !== 39) return norm;
  if (norm.endsWith("'s")) return norm.slice(0, -2);
  if (norm.endsWith("s'")) return lemmaOf(norm.slice(0, -1));
  if (norm.length <= 3) return norm;
  if (norm.endsWith('ies') && norm.length > 4) return `${norm.slice(0, -3)}y`;
  if (SIBILANT_PLURAL.test(norm)) return norm.slice(0, -2);
  if (norm.endsWith('s') && !norm.endsWith('ss') && !norm.endsWith('us') && !norm.endsWith('is')) return norm.slice(0, -1);
  return norm;
}

/** Normalizes the raw characters of one word. */
export function normalizeWord(raw: string, known: KnownWord | undefined): string {
  let firstLetter = -1;
  let lastLetter = -1;
  for (let i = 0; i < raw.length; i++) {
    if (isLetter(raw.charCodeAt(i))) {
      if (firstLetter < 0) firstLetter = i;
      lastLetter = i;
    }
  }
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const code = raw.charCodeAt(i);
    if (isDigit(code)) {
      const leet = LEET_DIGITS[ch];
      const trailing = i === raw.length - 1 && firstLetter >= 0 && i - firstLetter >= 2 && isLetter(raw.charCodeAt(i - 1)) && isLetter(raw.charCodeAt(i - 2));
      out += leet !== undefined && firstLetter >= 0 && firstLetter < i && (lastLetter > i || trailing) ? leet : ch;
    } else if (APOSTROPHES.has(ch)) {
      out += "'";
    } else if (code < 128) {
      out += LEET_SYMBOLS[ch] ?? ch.toLowerCase();
    } else {
      const lower = ch.toLowerCase();
      out += HOMOGLYPHS[lower] ?? lower;
    }
  }
  return hasLongRun(out) ? squeezeKnown(out, known) : out;
}

/** Squeezes letter runs to two, or to one when only that spelling is a known word ("fuuuck" → "fuck", "jooooz" → "jooz"). */
export function squeezeKnown(word: string, known: KnownWord | undefined): string {
  const two = squeeze(word, 2);
  const one = squeeze(word, 1);
  if (known && !known(two) && (known(one) || known(lemmaOf(one)))) return one;
  return two;
}

/** Leet symbols that may sit inside or at the start of a word ("z!os", "$hit", "f**k", "kh@zarian"). */
export function isLeetSymbol(ch: string): boolean {
  return ch === '@' || ch === '$' || ch === '!' || ch === '*' || ch === '|';
}
