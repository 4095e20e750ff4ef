/**
 * Character classes and word normalization of the tokenizer: leetspeak, look-alike letters, squeezed letter runs
 * and plural/possessive lemmas.
 */

/** Answers whether a normalized word is in some lexicon; used to pick among de-obfuscation candidates. */
export type KnownWord = (word: string) => boolean;

const LEET_DIGITS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };
const LEET_SYMBOLS: Record<string, string> = { '@': 'a', $: 's', '!': 'i', '|': 'i', '*': '*' };
/** Lower-case Cyrillic, Greek and IPA letters that look like Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ү: 'y', к: 'k',
  м: 'm', т: 't', в: 'b', н: 'h', ё: 'e', ї: 'i', ο: 'o', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', τ: 't', ρ: 'p', υ: 'u', χ: 'x', β: 'b',
  ω: 'w', ζ: 'z', η: 'n', μ: 'u', ı: 'i', ɑ: 'a', ɩ: 'i', ɡ: 'g', ℓ: 'l', ø: 'o',
};
/** Upper-case look-alikes whose lower-case form looks different ("Н" reads H, "н" reads h; Greek "Η" reads H). */
const UPPER_HOMOGLYPHS: Record<string, string> = { Н: 'h', В: 'b', М: 'm', Т: 't', К: 'k', Η: 'h', Ν: 'n', Μ: 'm', Β: 'b', Ζ: 'z', Ρ: 'p', Υ: 'y', Χ: 'x' };
/** Plural endings after a sibilant ("churches", "boxes"), removed as "-es". */
const SIBILANT_PLURAL = /(?:ches|shes|sses|xes|zes)$/;
/** Apostrophes that may sit inside a word ("don't", "Y’all"): ' ’ ʼ and the replacement character, by code unit. */
export function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x2bc || code === 0xfffd;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
/** Letters outside ASCII: Latin-1 and Latin Extended letters, Greek, Cyrillic and other scripts, minus punctuation and symbols. */
function isOtherLetter(code: number): boolean {
  if (code < 0xc0) return false;
  if (code === 0xd7 || code === 0xf7 || code === 0xfffd) return false;
  if (code >= 0x2000 && code <= 0x2bff) return false;
  if (code >= 0x3000 && code <= 0x303f) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code >= 0xfe00 && code <= 0xfe0f) return false;
  return true;
}
/** Zero-width characters, soft hyphen and variation selector: invisible inside a word, dropped by normalization. */
export function isInvisible(code: number): boolean {
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || code === 0xad || code === 0xfe0f;
}

/**
 * ASCII letter (or digit) for a styled letter: circled (ⓙ Ⓙ), fullwidth (ｊ), mathematical alphanumerics (𝐣 𝒿 𝕛),
 * squared and negative squared or circled emoji letters (🄹 🅹 🅙); undefined for anything else.
 */
export function styledLetter(cp: number): string | undefined {
  if (cp < 0x24b6) return undefined;
  if (cp <= 0x24cf) return String.fromCharCode(97 + cp - 0x24b6);
  if (cp >= 0x24d0 && cp <= 0x24e9) return String.fromCharCode(97 + cp - 0x24d0);
  if (cp >= 0xff21 && cp <= 0xff3a) return String.fromCharCode(97 + cp - 0xff21);
  if (cp >= 0xff41 && cp <= 0xff5a) return String.fromCharCode(97 + cp - 0xff41);
  if (cp >= 0x1d400 && cp <= 0x1d7ff) {
    const folded = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
    return /^[a-z0-9]$/.test(folded) ? folded : undefined;
  }
  for (const base of [0x1f130, 0x1f150, 0x1f170]) if (cp >= base && cp <= base + 25) return String.fromCharCode(97 + cp - base);
  return undefined;
}

/** UTF-16 length of a styled letter at `i` (astral ones take 2), else 0. */
export function styledLength(text: string, i: number): number {
  const cp = text.codePointAt(i);
  if (cp === undefined || styledLetter(cp) === undefined) return 0;
  return cp > 0xffff ? 2 : 1;
}

/** Latin letter with diacritics → its base letter ("é" → "e"); undefined when it has none. */
function baseLetter(ch: string): string | undefined {
  const stripped = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return stripped !== ch && /^[a-z]$/.test(stripped) ? stripped : undefined;
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
    if (isLetter(raw.charCodeAt(i)) || styledLength(raw, i) > 0) {
      if (firstLetter < 0) firstLetter = i;
      lastLetter = i;
    }
  }
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const code = raw.charCodeAt(i);
    if (code >= 0x80) {
      if (isInvisible(code)) continue;
      const cp = raw.codePointAt(i) as number;
      const styled = styledLetter(cp);
      if (styled !== undefined) {
        out += styled;
        if (cp > 0xffff) i++;
        continue;
      }
    }
    if (isDigit(code)) {
      const leet = LEET_DIGITS[ch];
      const trailing = i === raw.length - 1 && firstLetter >= 0 && i - firstLetter >= 2 && isLetter(raw.charCodeAt(i - 1)) && isLetter(raw.charCodeAt(i - 2));
      out += leet !== undefined && firstLetter >= 0 && firstLetter < i && (lastLetter > i || trailing) ? leet : ch;
    } else if (isApostrophe(code)) {
      out += "'";
    } else if (code < 128) {
      out += LEET_SYMBOLS[ch] ?? ch.toLowerCase();
    } else {
      const lower = ch.toLowerCase();
      out += UPPER_HOMOGLYPHS[ch] ?? HOMOGLYPHS[lower] ?? baseLetter(lower) ?? lower;
    }
  }
  const leading = LEET_DIGITS[raw[0] as string];
  if (leading !== undefined && known && firstLetter === 1 && out.length >= 3) {
    const alt = leading + out.slice(1);
    if (known(alt) || known(lemmaOf(alt))) out = alt;
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

/** Leet symbols that may sit inside or at the start of a word ("z!os", "$hit", "f**k", "kh@zarian"): @ $ ! * |, by code unit. */
export function isLeetCode(code: number): boolean {
  return code === 64 || code === 36 || code === 33 || code === 42 || code === 124;
}
