/**
 * What the model reads of a tokenized text: dialect markers rewritten to their Standard English gloss (so African-
 * American English spelling alone cannot drive a score) and identity terms masked to one marker (so naming a group
 * is never a feature by itself; what is said about the group is).
 */
import type { Token } from '../text/tokenize.ts';

/** Marker that replaces every identity term; it takes part in bigrams ("hate §g") but is never a feature alone. */
export const IDENTITY_MARKER = '§g';

/** Identity terms masked before hashing (groups by religion, ethnicity, origin, gender, sexuality, disability). */
export const IDENTITY_TERMS: ReadonlySet<string> = new Set(
  (
    'jew jews jewish judaism muslim muslims islam islamic christian christians christianity catholic catholics protestant protestants ' +
    'hindu hindus sikh sikhs buddhist buddhists atheist atheists mormon mormons black blacks white whites asian asians chinese arab arabs ' +
    'latino latinos latina latinas hispanic hispanics mexican mexicans african africans indian indians pakistani pakistanis immigrant immigrants ' +
    'migrant migrants refugee refugees foreigner foreigners gay gays lesbian lesbians bisexual bisexuals trans transgender queer lgbt lgbtq ' +
    'homosexual homosexuals women woman girls feminist feminists disabled deaf blind autistic israeli israelis palestinian palestinians ' +
    'somali somalis nigerian nigerians korean koreans japanese vietnamese filipino filipinos irish italian italians polish roma gypsy gypsies'
  ).split(' '),
);

/** Dialect spellings and their Standard English gloss (Davidson et al. 2019: such markers are over-labelled as offensive). */
export const DIALECT_GLOSS: ReadonlyMap<string, readonly string[]> = new Map<string, string[]>([
  ['finna', ['going', 'to']], ['fitna', ['going', 'to']], ['finta', ['going', 'to']], ['tryna', ['trying', 'to']],
  ['ima', ['i', 'am', 'going', 'to']], ['imma', ['i', 'am', 'going', 'to']], ['ion', ['i', 'do', 'not']], ['gon', ['going', 'to']],
  ["ain't", ['is', 'not']], ['aint', ['is', 'not']], ["y'all", ['you', 'all']], ['yall', ['you', 'all']], ['bruh', ['brother']],
  ['dat', ['that']], ['dats', ['that', 'is']], ['dis', ['this']], ['da', ['the']], ['dem', ['them']], ['dey', ['they']],
  ['wit', ['with']], ['thang', ['thing']], ['lil', ['little']], ['boi', ['boy']], ['cuz', ['because']], ['tho', ['though']],
  ['nah', ['no']], ['ya', ['you']], ['yo', ['your']], ['dawg', ['friend']], ['homie', ['friend']], ['bae', ['partner']],
  ['shawty', ['girl']], ['turnt', ['excited']], ['lit', ['great']], ['bout', ['about']], ['wassup', ['what', 'is', 'up']], ['sum', ['some']],
]);

/** One word the model reads, with the token it came from (for evidence spans). */
export interface ModelWord {
  word: string;
  token: number;
}

/**
 * Emoji that name a group of people (persons, which the skin-tone modifiers or headwear make a group reference in
 * emoji-based hate, religious and pride symbols, flags, wheelchairs): masked like identity words.
 */
function isIdentityEmoji(code: number): boolean {
  return (
    (code >= 0x1f466 && code <= 0x1f46d) || // boy, girl, man, woman, family, couples
    (code >= 0x1f470 && code <= 0x1f478) || // bride, blond person, man with cap, turban, older persons, baby, princess
    (code >= 0x1f9d1 && code <= 0x1f9d5) || // person, child, older person, bearded person, headscarf
    (code >= 0x1f1e6 && code <= 0x1f1ff) || // regional indicators (flags)
    code === 0x1f3f3 || code === 0x1f308 || code === 0x26a7 || // white flag and rainbow (pride flag), transgender symbol
    code === 0x2721 || code === 0x262a || code === 0x271d || code === 0x2626 || code === 0x2638 || // star of David, crescent, crosses, dharma
    code === 0x1f54c || code === 0x1f54d || code === 0x1f54e || code === 0x1f549 || code === 0x26ea || code === 0x1f6d0 || // places of worship, menorah, om
    code === 0x267f || code === 0x1f9bc || code === 0x1f9bd // wheelchairs
  );
}

/** Skin-tone modifiers: not read (the person emoji before them is masked already). */
function isSkinTone(code: number): boolean {
  return code >= 0x1f3fb && code <= 0x1f3ff;
}

/**
 * The words the model reads for one token: its dialect gloss, the identity marker, or its normal form; symbols
 * (emoji) only when `emoji` is set: masked when they name a group, dropped when a skin tone, else read as themselves.
 */
export function wordsOfToken(norm: string, lemma: string, symbol: boolean, emoji: boolean): readonly string[] {
  if (symbol) {
    if (!emoji) return NONE;
    const code = norm.codePointAt(0) ?? 0;
    if (isSkinTone(code)) return NONE;
    return isIdentityEmoji(code) ? MARKER : [norm];
  }
  const gloss = DIALECT_GLOSS.get(norm);
  if (gloss) return gloss;
  return IDENTITY_TERMS.has(norm) || IDENTITY_TERMS.has(lemma) ? MARKER : [norm];
}
const NONE: readonly string[] = [];
const MARKER: readonly string[] = [IDENTITY_MARKER];

/** The words the model reads from `tokens` (dialect glossed, identity terms masked; symbols as `wordsOfToken` says). */
export function modelWords(tokens: readonly Token[], emoji = false): ModelWord[] {
  const out: ModelWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    for (const word of wordsOfToken(t.norm, t.lemma, t.symbol, emoji)) out.push({ word, token: i });
  }
  return out;
}

/** Removes what tweets carry and comments do not (retweet marks, @handles, links, HTML entities, escaped line breaks). */
export function cleanTrainingText(text: string): string {
  return text
    .replace(/\\n/g, '\n')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)RT\s+@\w+:?/g, ' ')
    .replace(/@\w+:?/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => {
      const n = Number(code);
      return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : ' ';
    })
    .replace(/(^|\s)RT(\s|$)/g, ' ');
}
