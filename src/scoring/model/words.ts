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

/** The words the model reads from `tokens` (symbols dropped, dialect glossed, identity terms masked). */
export function modelWords(tokens: readonly Token[]): ModelWord[] {
  const out: ModelWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.symbol) continue;
    const gloss = DIALECT_GLOSS.get(t.norm);
    if (gloss) for (const word of gloss) out.push({ word, token: i });
    else if (IDENTITY_TERMS.has(t.norm) || IDENTITY_TERMS.has(t.lemma)) out.push({ word: IDENTITY_MARKER, token: i });
    else out.push({ word: t.norm, token: i });
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
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => {
      const n = Number(code);
      return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : ' ';
    })
    .replace(/(^|\s)RT(\s|$)/g, ' ');
}
