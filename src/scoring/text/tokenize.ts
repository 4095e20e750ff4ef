/**
 * One-pass tokenizer shared by the lexicon scorer and the trope detector: light de-obfuscation (case, leetspeak,
 * repeated letters, spaced-out letters, a few homoglyphs) while every token keeps UTF-16 offsets into the original text.
 */
import { APOSTROPHES, hasLongRun, isInvisible, isLeetSymbol, isLetter, isWordChar, lemmaOf, normalizeWord, squeezeKnown, styledLength, type KnownWord } from './normalize.ts';

export { lemmaOf, type KnownWord } from './normalize.ts';

/** A word (or a symbol of interest such as an emoji) of the original text. */
export interface Token {
  /** Normalized form: lower case, leetspeak mapped, long letter runs squeezed, curly apostrophes straightened. */
  norm: string;
  /** `norm` with a plural or possessive ending removed ("rats" → "rat", "israel's" → "israel"), else equal to `norm`. */
  lemma: string;
  /** UTF-16 offset of the first character in the original text. */
  start: number;
  /** UTF-16 offset after the last character (exclusive). */
  end: number;
  /** Index of the sentence the token belongs to (split at . ! ? … and line breaks). */
  sentence: number;
  /** Index of the clause (sentence split further at , ; : and dashes). */
  clause: number;
  /** Inside quotation marks. */
  quoted: boolean;
  /** True for a symbol token (emoji, ✡), false for a word. */
  symbol: boolean;
  /** Original text was all upper case (at least two letters). */
  upper: boolean;
}

/** Tokenized text; `text` is the original input. */
export interface Tokenized {
  text: string;
  tokens: Token[];
  /** Number of sentences (last sentence index + 1; 0 for empty text). */
  sentences: number;
  /** Sentence indexes that end with a question mark. */
  questions: ReadonlySet<number>;
}


const QUOTE_TOGGLE = new Set(['"', '\u00ab', '\u00bb']);
const QUOTE_OPEN = new Set(['\u201c', '\u2018', '\u201e']);
const QUOTE_CLOSE = new Set(['\u201d']);
const SENTENCE_END = new Set(['.', '!', '?', '\u2026', '\n']);
const CLAUSE_END = new Set([',', ';', ':', '\u2013', '\u2014', '(', ')']);

/** Symbols kept as tokens: emoji (astral plane), dingbats and misc symbols (✡ ☠). */
function symbolLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) return 2;
  if (code >= 0x2600 && code <= 0x27bf) return 1;
  return 0;
}

interface RawToken {
  start: number;
  end: number;
  symbol: boolean;
  /** Contains something other than ASCII letters (digits, leet symbols, apostrophes, other scripts). */
  special: boolean;
  letters: number;
  uppers: number;
}

/** Splits text into raw word and symbol ranges, tracking sentence, clause and quotation state. */
export function tokenize(text: string, known?: KnownWord): Tokenized {
  const tokens: Token[] = [];
  const questions = new Set<number>();
  let sentence = 0;
  let clause = 0;
  let quoted = false;
  let sawTokenInSentence = false;
  const n = text.length;
  let i = 0;
  const push = (raw: RawToken) => {
    const slice = text.slice(raw.start, raw.end);
    let norm: string;
    if (raw.symbol) norm = slice;
    else if (raw.special) norm = normalizeWord(slice, known);
    else {
      norm = slice.toLowerCase();
      if (norm.length > 2 && hasLongRun(norm)) norm = squeezeKnown(norm, known);
    }
    tokens.push({
      norm,
      lemma: raw.symbol ? norm : lemmaOf(norm),
      start: raw.start,
      end: raw.end,
      sentence,
      clause,
      quoted,
      symbol: raw.symbol,
      upper: raw.letters >= 2 && raw.uppers === raw.letters,
    });
    sawTokenInSentence = true;
  };
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 13) {
      i++;
      continue;
    }
    const ch = text[i] as string;
    const startsWord =
      isWordChar(code) ||
      (isLeetSymbol(ch) && i + 1 < n && isLetter(text.charCodeAt(i + 1)) && (ch === '$' || ch === '@')) ||
      (code >= 0x2400 && styledLength(text, i) > 0);
    if (startsWord) {
      const start = i;
      let special = false;
      let letters = 0;
      let uppers = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c >= 97 && c <= 122) {
          letters++;
          i++;
          continue;
        }
        if (c >= 65 && c <= 90) {
          letters++;
          uppers++;
          i++;
          continue;
        }
        if (c >= 0x2400 && !(c >= 0xff00 && c <= 0xffef)) {
          const styled = styledLength(text, i);
          if (styled > 0) {
            special = true;
            letters++;
            i += styled;
            continue;
          }
        }
        if (isWordChar(c)) {
          special = true;
          i++;
          continue;
        }
        if (isInvisible(c) && i + 1 < n && (isWordChar(text.charCodeAt(i + 1)) || styledLength(text, i + 1) > 0 || isInvisible(text.charCodeAt(i + 1)))) {
          special = true;
          i++;
          continue;
        }
        const cc = text[i] as string;
        if (i > start && APOSTROPHES.has(cc) && i + 1 < n && isLetter(text.charCodeAt(i + 1)) && isLetter(text.charCodeAt(i - 1))) {
          special = true;
          i++;
          continue;
        }
        if (isLeetSymbol(cc)) {
          let j = i;
          while (j < n && isLeetSymbol(text[j] as string)) j++;
          if (j < n && isWordChar(text.charCodeAt(j)) && j - i <= 3) {
            special = true;
            i = j;
            continue;
          }
        }
        break;
      }
      push({ start, end: i, symbol: false, special, letters, uppers });
      continue;
    }
    const symLen = symbolLength(text, i);
    if (symLen > 0) {
      push({ start: i, end: i + symLen, symbol: true, special: true, letters: 0, uppers: 0 });
      i += symLen;
      continue;
    }
    if (APOSTROPHES.has(ch) || ch === '\u2018') {
      const prevWord = i > 0 && isWordChar(text.charCodeAt(i - 1));
      const nextWord = i + 1 < n && isWordChar(text.charCodeAt(i + 1));
      if (!prevWord && nextWord) quoted = true;
      else if (prevWord && !nextWord && quoted) quoted = false;
    } else if (QUOTE_TOGGLE.has(ch)) {
      quoted = !quoted;
    } else if (QUOTE_OPEN.has(ch)) {
      quoted = true;
    } else if (QUOTE_CLOSE.has(ch)) {
      quoted = false;
    } else if (SENTENCE_END.has(ch)) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
      const boundary = ch !== '.' || next === 32 || next === 10 || next === 13 || next === 9 || next === 46 || i + 1 >= n;
      if (boundary && sawTokenInSentence) {
        if (ch === '?') questions.add(sentence);
        sentence++;
        clause++;
        sawTokenInSentence = false;
        if (ch === '\n') quoted = false;
      } else if (boundary && ch === '?') {
        questions.add(Math.max(0, sentence - 1));
      }
    } else if (CLAUSE_END.has(ch) || (ch === '-' && i > 0 && text[i - 1] === ' ')) {
      clause++;
    }
    i++;
  }
  const merged = known ? mergeSpelledOut(text, tokens, known) : tokens;
  return { text, tokens: merged, sentences: sawTokenInSentence ? sentence + 1 : sentence, questions };
}

/** Characters that may separate spelled-out letters ("j e w s", "j.e.w.s", "j-e-w-s", "j_e_w_s", "j • e • w • s"). */
const LETTER_SEPARATORS = new Set([' ', '.', '-', '_', '*', '\u00b7', '\u2022', '|', '/', '+', '~']);

/** One to three separator characters between two letters. */
function separatorGap(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 3) return false;
  for (let k = from; k < to; k++) if (!LETTER_SEPARATORS.has(text[k] as string)) return false;
  return true;
}

/** Joins runs of single-letter tokens ("j e w s", "f.u.c.k") when the joined word is known. */
function mergeSpelledOut(text: string, tokens: Token[], known: KnownWord): Token[] {
  let out: Token[] | null = null;
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i] as Token;
    let j = i;
    while (j < tokens.length) {
      const t = tokens[j] as Token;
      if (t.symbol || t.norm.length !== 1 || t.end - t.start > 2 || t.sentence !== first.sentence) break;
      if (j > i && !separatorGap(text, (tokens[j - 1] as Token).end, t.start)) break;
      j++;
    }
    if (j - i >= 3) {
      let word = '';
      for (let k = i; k < j; k++) word += (tokens[k] as Token).norm;
      if (known(word) || known(lemmaOf(word))) {
        out ??= tokens.slice(0, i);
        const last = tokens[j - 1] as Token;
        out.push({ ...first, norm: word, lemma: lemmaOf(word), end: last.end, upper: text.slice(first.start, last.end).toUpperCase() === text.slice(first.start, last.end) });
        i = j;
        continue;
      }
    }
    if (out) out.push(first);
    i++;
  }
  return out ?? tokens;
}
