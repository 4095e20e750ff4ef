/**
 * One-pass tokenizer shared by the lexicon scorer and the trope detector: light de-obfuscation (case, leetspeak,
 * repeated letters, spaced-out letters, a few homoglyphs) while every token keeps UTF-16 offsets into the original text.
 */
import { isApostrophe, isInvisible, isLeetCode, isLetter, isWordChar, lemmaOf, normalizeWord, squeezeKnown, styledLength, type KnownWord } from './normalize.ts';

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
  /** Set when the obfuscation repair (repair.ts) changed the word: a swapped, dropped or doubled letter, or glued words. */
  repair?: 'swap' | 'drop' | 'double' | 'split';
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


/** Symbols kept as tokens: emoji (astral plane), dingbats and misc symbols (✡ ☠). */
function symbolLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) return 2;
  if (code >= 0x2600 && code <= 0x27bf) return 1;
  return 0;
}

/** Sentence ends: . ! ? … and line breaks. */
function isSentenceEnd(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x2026 || code === 10;
}

/** Clause ends besides a spaced dash: , ; : – — ( ). */
function isClauseEnd(code: number): boolean {
  return code === 44 || code === 59 || code === 58 || code === 0x2013 || code === 0x2014 || code === 40 || code === 41;
}

/** Mutable state of one tokenizer pass. */
interface State {
  tokens: Token[];
  sentence: number;
  clause: number;
  quoted: boolean;
  sawTokenInSentence: boolean;
  /** Word tokens of one character (candidates for spelled-out words). */
  singles: number;
}

function pushToken(st: State, norm: string, lemma: string, start: number, end: number, symbol: boolean, upper: boolean): void {
  // `repair` is set here too (undefined), so repaired tokens (repair.ts) share this object shape: a token of another
  // shape reaching the hot loops of the rules made every later comment measurably slower.
  st.tokens.push({ norm, lemma, start, end, sentence: st.sentence, clause: st.clause, quoted: st.quoted, symbol, upper, repair: undefined });
  st.sawTokenInSentence = true;
  if (norm.length === 1 && !symbol) st.singles++;
}

/** Scans the word starting at `start`, pushes its token and returns the index after it. */
function scanWord(st: State, text: string, start: number, known: KnownWord | undefined): number {
  const n = text.length;
  let i = start;
  let special = false;
  let letters = 0;
  let uppers = 0;
  let previous = -1;
  let run = 0;
  let longRun = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      letters++;
      run = c === previous ? run + 1 : 1;
      if (run === 3) longRun = true;
      previous = c;
      i++;
      continue;
    }
    if (c >= 65 && c <= 90) {
      letters++;
      uppers++;
      run = (c | 32) === previous ? run + 1 : 1;
      if (run === 3) longRun = true;
      previous = c | 32;
      i++;
      continue;
    }
    if (c < 128) {
      if (c >= 48 && c <= 57) {
        special = true;
        i++;
        continue;
      }
    } else {
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
    }
    if (i > start && isApostrophe(c) && i + 1 < n && isLetter(text.charCodeAt(i + 1)) && isLetter(text.charCodeAt(i - 1))) {
      special = true;
      i++;
      continue;
    }
    if (isLeetCode(c)) {
      let j = i;
      while (j < n && isLeetCode(text.charCodeAt(j))) j++;
      if (j < n && isWordChar(text.charCodeAt(j)) && j - i <= 3) {
        special = true;
        i = j;
        continue;
      }
    }
    break;
  }
  const upper = letters >= 2 && uppers === letters;
  const slice = text.slice(start, i);
  if (!special && !longRun) {
    // A plain word keeps its lower-cased letters; only an ending in "s" can give another lemma.
    const norm = uppers > 0 ? slice.toLowerCase() : slice;
    pushToken(st, norm, previous === 115 ? lemmaOf(norm) : norm, start, i, false, upper);
    return i;
  }
  const norm = special ? normalizeWord(slice, known) : squeezeKnown(uppers > 0 ? slice.toLowerCase() : slice, known);
  pushToken(st, norm, lemmaOf(norm), start, i, false, upper);
  return i;
}

const NO_QUESTIONS: ReadonlySet<number> = new Set<number>();

/** Splits text into raw word and symbol ranges, tracking sentence, clause and quotation state. */
export function tokenize(text: string, known?: KnownWord): Tokenized {
  const st: State = { tokens: [], sentence: 0, clause: 0, quoted: false, sawTokenInSentence: false, singles: 0 };
  let questions: Set<number> | null = null;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 13) {
      i++;
      continue;
    }
    const startsWord =
      isWordChar(code) ||
      ((code === 36 || code === 64) && i + 1 < n && isLetter(text.charCodeAt(i + 1))) ||
      (code >= 0x2400 && styledLength(text, i) > 0);
    if (startsWord) {
      i = scanWord(st, text, i, known);
      continue;
    }
    const symLen = symbolLength(text, i);
    if (symLen > 0) {
      const symbol = text.slice(i, i + symLen);
      pushToken(st, symbol, symbol, i, i + symLen, true, false);
      i += symLen;
      continue;
    }
    if (isApostrophe(code) || code === 0x2018) {
      const prevWord = i > 0 && isWordChar(text.charCodeAt(i - 1));
      const nextWord = i + 1 < n && isWordChar(text.charCodeAt(i + 1));
      if (!prevWord && nextWord) st.quoted = true;
      else if (prevWord && !nextWord && st.quoted) st.quoted = false;
    } else if (code === 34 || code === 0xab || code === 0xbb) {
      st.quoted = !st.quoted;
    } else if (code === 0x201c || code === 0x201e) {
      st.quoted = true;
    } else if (code === 0x201d) {
      st.quoted = false;
    } else if (isSentenceEnd(code)) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
      const boundary = code !== 46 || next === 32 || next === 10 || next === 13 || next === 9 || next === 46 || i + 1 >= n;
      if (boundary && st.sawTokenInSentence) {
        if (code === 63) (questions ??= new Set()).add(st.sentence);
        st.sentence++;
        st.clause++;
        st.sawTokenInSentence = false;
        if (code === 10) st.quoted = false;
      } else if (boundary && code === 63) {
        (questions ??= new Set()).add(Math.max(0, st.sentence - 1));
      }
    } else if (isClauseEnd(code) || (code === 45 && i > 0 && text.charCodeAt(i - 1) === 32)) {
      st.clause++;
    }
    i++;
  }
  const merged = known && st.singles >= 3 ? mergeSpelledOut(text, st.tokens, known) : st.tokens;
  return { text, tokens: merged, sentences: st.sawTokenInSentence ? st.sentence + 1 : st.sentence, questions: questions ?? NO_QUESTIONS };
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
