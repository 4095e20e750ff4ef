/**
 * Obfuscation repair over a token list: a word that is neither an ordinary word (the vocabulary) nor a word the rules
 * care about (a target) is read as a target one edit away, or as two or three glued words.
 *
 * Contract, for a word token whose `norm` has MIN_WORD to MAX_WORD letters a-z, whose `norm` and `lemma` are in
 * neither list and that is not an @handle (every other token is kept as it is):
 * - one edit from an eligible target (a target of at least MIN_TARGET letters), tried first:
 *   `swap`   two adjacent letters swapped, not the first letter ("haet" → hate, "despies" → despise, "jwes" → jews);
 *   `drop`   one inner vowel dropped, targets of at least MIN_DROP_TARGET letters ("disgustng", "vermn", "mslims";
 *            from a five-letter target only when no vowel is left: "btch", "pssy");
 *   `double` one letter doubled next to itself ("hatte", "scumm").
 *   No arbitrary inserted letter ("hatem" is no "hate") and no substitution (leetspeak covers those). A swap keeps
 *   the first letter, and a drop is an inner vowel (the way words are disemvowelled): the names and ordinary words
 *   one edit from a target in the labelled data mostly differ in the first letter, the last or a consonant ("raab"
 *   / arab, "rash" / trash, "anima" / animal, "hoky" / honky, "sash" / smash, "honies" / honkies, "prod" / proud).
 *   When several targets fit, the longest wins, then the first in lexical order: a longer target explains more of
 *   the word, and the order makes the choice independent of how the target list was built.
 * - `split`: the concatenation of 2 or 3 parts, at least one an eligible target ("idespise" → i | despise,
 *   "ihatemuslims" → i | hate | muslims, "totalscum", "hateMuslims"). A part is a target or a glue word (a frequent
 *   ordinary word, `RepairOptions.glue`), of three letters or more, or of two if a target ("is", "to"), or of one at
 *   either end ("i", "u"); shorter and rarer words are mostly fragments that stick to a target inside ordinary words
 *   ("spic|er", "term|i|nation", "twat|ter"). Fewest parts first, then the most letters in eligible target parts,
 *   then the longest such part ("white|space" before "whites|pace"), then the earliest cut.
 *   Offsets: when the norm has as many UTF-16 units as the token's original text (normalization mapped it one to
 *   one: case, leetspeak, look-alike letters), each part's `start`/`end` are its exact slice of the original text;
 *   otherwise (squeezed letter runs, invisible or astral styled letters) every part keeps the whole token's span.
 *   Parts keep the token's sentence, clause, quotation and upper-case flags.
 * A repaired token carries `repair` (its kind) and the repaired word's `norm` and `lemma`. Tokens that need no repair
 * are returned as they are (same objects), and a list without any repair is returned itself (nothing allocated).
 * Cost: a word in the lists costs one fingerprint look-up (see Fingerprints: a word outside the lists that shares a
 * listed word's 32-bit fingerprint, about 1 in 100,000, is taken as listed and left alone); another word costs one
 * Map look-up once its outcome is cached (bounded); words shorter than MIN_WORD cost nothing.
 */
import { lemmaOf, type Token } from './tokenize.ts';

/** What a repaired token went through. */
export type RepairKind = NonNullable<Token['repair']>;

/** Shortest target an edit or a split may lead to (shorter words are too easily reached by accident). */
export const MIN_TARGET = 4;
/**
 * Shortest target a dropped letter may lead to ("vermn" → vermin; "kil" is not "kill"); from a target of just this
 * length only its one vowel may drop ("btch", "pssy"), since four letters with a vowel are mostly ordinary words
 * and names one vowel away from a target ("prod" / proud, "clam" / claim, "tron" / troon, "morn" / moron).
 */
export const MIN_DROP_TARGET = 5;
/** Shortest norm that some repair can reach (a swap of a MIN_TARGET-letter target). */
const MIN_WORD = MIN_TARGET;
/** Longer words are left alone (URLs and the like, never glued words of 2-3 parts worth a quadratic search). */
const MAX_WORD = 40;
/** Norms whose outcome is cached before the cache starts over (as in the model runtime). */
const CACHE_LIMIT = 50_000;

/** The repair of one norm: the kind and the words it becomes, each with its offset in the norm. */
export interface Fix {
  kind: RepairKind;
  words: readonly string[];
  /** Offset of each word in the norm (0 for a one-edit repair). */
  at: readonly number[];
}

export interface RepairOptions {
  /**
   * The ordinary words that may be glued to a target in a split (frequent words: "i", "total", "all"); all of the
   * vocabulary unless given. Rare vocabulary words are mostly fragments ("est", "ing") and names.
   */
  glue?: Iterable<string>;
  /** Norms cached before the cache starts over; CACHE_LIMIT unless given. */
  cacheLimit?: number;
}

const LETTERS = /^[a-z]+$/;
/** The letters a dropped-letter repair may restore. */
const VOWELS = 'aeiou';

function hasVowel(word: string): boolean {
  for (const ch of word) if (VOWELS.includes(ch)) return true;
  return false;
}

/** A cut of a norm into parts: the letters in its key parts (eligible targets) and the longest key part. */
interface Cut {
  words: string[];
  at: number[];
  covered: number;
  longest: number;
}

/** 32-bit FNV-1a hash of a word, never 0 (0 marks an empty slot). */
function fingerprint(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/**
 * Word membership through 32-bit fingerprints in one open-addressing table, filled to at most FILL: one probe or
 * two into 4 bytes a slot (256 KiB for the shipped lists) instead of a Map of strings, whose look-ups missed the
 * processor caches and cost the scorer about three times as much. Never a false "no"; a false "yes" only when a word
 * shares its 32-bit fingerprint with a listed word (about words / 2^32: 1 in 100,000 words for the shipped lists).
 */
class Fingerprints {
  private static readonly FILL = 0.6;
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const list = [...words];
    let size = 16;
    while (size * Fingerprints.FILL < list.length) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
    for (const word of list) {
      const h = fingerprint(word);
      let i = h & this.mask;
      while (this.slots[i] !== 0 && this.slots[i] !== h) i = (i + 1) & this.mask;
      this.slots[i] = h;
    }
  }

  has(word: string): boolean {
    const h = fingerprint(word);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i] as number;
      if (slot === h) return true;
      if (slot === 0) return false;
    }
  }
}

/** One-edit and glued-word repair, built once per target list and vocabulary. */
export class TokenRepair {
  /** Every target, whatever its length (never repaired, usable as a split part). */
  private readonly targets: ReadonlySet<string>;
  /** Targets of at least MIN_TARGET letters (what a swap, a double or a split's key part may lead to). */
  private readonly eligible: ReadonlySet<string>;
  /** A target of at least MIN_DROP_TARGET letters with one inner vowel deleted → the targets it comes from, sorted. */
  private readonly dropped = new Map<string, string[]>();
  /** The vocabulary and the targets: the words never repaired (the common path: one look-up per token). */
  private readonly known: Fingerprints;
  private readonly glue: ReadonlySet<string>;
  /** Outcome per norm outside `known` (a rare word or an obfuscated one). */
  private cache = new Map<string, Fix | null>();
  private readonly cacheLimit: number;

  constructor(targets: Iterable<string>, vocabulary: Iterable<string>, options: RepairOptions = {}) {
    const all = new Set<string>();
    const eligible = new Set<string>();
    for (const t of targets) {
      if (!LETTERS.test(t)) continue;
      all.add(t);
      if (t.length >= MIN_TARGET) eligible.add(t);
    }
    this.targets = all;
    this.eligible = eligible;
    for (const t of [...eligible].sort()) {
      if (t.length < MIN_DROP_TARGET) continue;
      for (let i = 1; i + 1 < t.length; i++) {
        if (!VOWELS.includes(t[i] as string)) continue;
        const key = t.slice(0, i) + t.slice(i + 1);
        if (t.length === MIN_DROP_TARGET && hasVowel(key)) continue;
        const list = this.dropped.get(key);
        if (!list) this.dropped.set(key, [t]);
        else if (!list.includes(t)) list.push(t);
      }
    }
    const ordinary = new Set(vocabulary);
    this.glue = options.glue ? new Set(options.glue) : ordinary;
    this.known = new Fingerprints([...ordinary, ...all]);
    this.cacheLimit = options.cacheLimit ?? CACHE_LIMIT;
  }

  /** Number of norms whose outcome is cached. */
  get cached(): number {
    return this.cache.size;
  }

  /** The tokens of `text` with obfuscated words repaired; `tokens` itself when nothing needed repair. */
  repair(text: string, tokens: Token[]): Token[] {
    let out: Token[] | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const fix = t.symbol || t.norm.length < MIN_WORD || this.known.has(t.norm) ? null : this.fixOf(t.norm);
      if (fix && !isHandle(text, t)) {
        out ??= tokens.slice(0, i);
        pushFixed(out, t, fix);
      } else if (out) out.push(t);
    }
    return out ?? tokens;
  }

  /** The repair of a norm (cached), or null when it needs none or none fits. */
  fixOf(norm: string): Fix | null {
    const hit = this.cache.get(norm);
    if (hit !== undefined) return hit;
    const fix = this.find(norm);
    if (this.cache.size >= this.cacheLimit) this.cache = new Map();
    this.cache.set(norm, fix);
    return fix;
  }

  private find(norm: string): Fix | null {
    if (norm.length < MIN_WORD || norm.length > MAX_WORD || !LETTERS.test(norm)) return null;
    const lemma = lemmaOf(norm);
    if (this.known.has(norm) || (lemma !== norm && this.known.has(lemma))) return null;
    const edit = this.oneEdit(norm);
    if (edit) return edit;
    const cut = this.split(norm);
    return cut ? { kind: 'split', words: cut.words, at: cut.at } : null;
  }

  /** The best target one swap, drop or double away. */
  private oneEdit(norm: string): Fix | null {
    let best: string | null = null;
    let kind: RepairKind = 'swap';
    const consider = (target: string, k: RepairKind): void => {
      if (best === null || target.length > best.length || (target.length === best.length && target < best)) {
        best = target;
        kind = k;
      }
    };
    for (let i = 0; i + 1 < norm.length; i++) {
      const a = norm[i] as string;
      const b = norm[i + 1] as string;
      if (a === b) {
        const single = norm.slice(0, i) + norm.slice(i + 1);
        if (this.eligible.has(single)) consider(single, 'double');
      } else if (i > 0) {
        const swapped = norm.slice(0, i) + b + a + norm.slice(i + 2);
        if (this.eligible.has(swapped)) consider(swapped, 'swap');
      }
    }
    const fuller = this.dropped.get(norm);
    if (fuller) for (const t of fuller) consider(t, 'drop');
    return best === null ? null : { kind, words: [best], at: [0] };
  }

  /**
   * A part of a split: a target or a glue word, of three or more letters, or of two letters if a target ("is", "to"),
   * or of one letter at either end ("i", "u"). Other short parts are mostly fragments that stick to a target in
   * ordinary words ("spic|er", "term|i|nation").
   */
  private isPart(part: string, edge: boolean): boolean {
    if (part.length === 1 && !edge) return false;
    if (this.targets.has(part)) return true;
    return part.length !== 2 && this.glue.has(part);
  }

  /** The cut of `norm` at offsets `at` (the first is 0), or null when a part is no word or no part is a key. */
  private cutAt(norm: string, at: readonly number[]): Cut | null {
    const words: string[] = [];
    let covered = 0;
    let longest = 0;
    for (let k = 0; k < at.length; k++) {
      const word = norm.slice(at[k], at[k + 1] ?? norm.length);
      if (!this.isPart(word, k === 0 || k === at.length - 1)) return null;
      if (this.eligible.has(word)) {
        covered += word.length;
        longest = Math.max(longest, word.length);
      }
      words.push(word);
    }
    return covered > 0 ? { words, at: [...at], covered, longest } : null;
  }

  /** The best cut into two parts, else into three (see the contract for the order). */
  private split(norm: string): Cut | null {
    let best: Cut | null = null;
    for (let i = 1; i < norm.length; i++) best = better(best, this.cutAt(norm, [0, i]));
    if (best) return best;
    for (let i = 1; i + 1 < norm.length; i++) {
      if (!this.isPart(norm.slice(0, i), true)) continue;
      for (let j = i + 1; j < norm.length; j++) best = better(best, this.cutAt(norm, [0, i, j]));
    }
    return best;
  }
}

/** The better of two cuts of the same number of parts: more letters in key parts, then the longer key; else `a`. */
function better(a: Cut | null, b: Cut | null): Cut | null {
  if (!a || !b) return a ?? b;
  if (b.covered !== a.covered) return b.covered > a.covered ? b : a;
  return b.longest > a.longest ? b : a;
}

/** A word written as an @handle ("@ClownWorld", read "aclownworld") is a name, not prose to repair. */
function isHandle(text: string, t: Token): boolean {
  return text.charCodeAt(t.start) === 64;
}

/** Appends the tokens that `fix` makes of `t`. */
function pushFixed(out: Token[], t: Token, fix: Fix): void {
  if (fix.kind !== 'split') {
    out.push(repaired(t, fix.words[0] as string, t.start, t.end, fix.kind));
    return;
  }
  const exact = t.end - t.start === t.norm.length;
  for (let k = 0; k < fix.words.length; k++) {
    const word = fix.words[k] as string;
    const start = exact ? t.start + (fix.at[k] as number) : t.start;
    out.push(repaired(t, word, start, exact ? start + word.length : t.end, 'split'));
  }
}

/** `t` as the repaired `word`: written out in the tokenizer's property order, so it has the same object shape. */
function repaired(t: Token, word: string, start: number, end: number, repair: RepairKind): Token {
  return { norm: word, lemma: lemmaOf(word), start, end, sentence: t.sentence, clause: t.clause, quoted: t.quoted, symbol: t.symbol, upper: t.upper, repair };
}
