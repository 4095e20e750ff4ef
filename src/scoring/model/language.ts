/**
 * Language check of the embedded model (trained on English only): a cheap pre-check on the tokens decides whether
 * the text may not be English; only then the eld detector (Apache-2.0, loaded on first need) names the language.
 */
import type { Token } from '../text/tokenize.ts';
import { ORDINARY_WORDS } from '../text/vocabulary.ts';

/** Frequent English function words; English comments of a few words nearly always contain some. */
const ENGLISH_WORDS =
  'the a an and or but of to in on at for with from by is are was were be been am it its this that these those i you he she we they ' +
  'me him her us them my your his our their not no do does did have has had will would can could should if so as what who just all ' +
  "there here than then about up out get got i'm it's don't";

/**
 * Function words (and everyday thanks) of other languages that are no English words, as the tokenizer spells them:
 * lower case, accents removed ("für" is "fur", so left out). Words that are also English ("die", "also", "fast",
 * "will", "was", "war", "man", "hat", "bin", "den", "heel", "hay", "soy") or common in English names, slang and loans
 * ("de", "la", "le", "el", "los", "las", "van", "con", "per", "dem", "yo", "og", "uber", "EU") are not listed. A word
 * two languages share is listed under one of them.
 */
const FOREIGN_WORDS: Record<string, string> = {
  de:
    'der und ist nicht ich das ein eine einen einem einer es zu des mit sich auf von auch wir sie du aber nur noch wie wenn oder ' +
    'sind bei nach mir mich dich dir dass schon sehr wird wurde werden kann haben habe hast bist ihr ihre sein seine kein keine ' +
    'durch unter doch mal jetzt immer hier zum zur vom beim nein weil diese dieser dieses diesem wer nichts etwas viel mehr uns ' +
    'euch gibt ganz danke bitte genau',
  fr:
    "les et est une des du je tu il elle nous vous pas que qui ce cette sur pour dans avec mais tres c'est j'ai n'est au aux sont " +
    'ont ete leur ils elles mes tes ses nos vos sa ne tout aussi comme bien fait etre avoir merci bonjour oui',
  es: 'por para una muy pero esta este eso esto lo se del mi su como mas porque tambien estoy eres gracias',
  it: 'di che sono della gli anche questo molto perche grazie cosa sei io tutto',
  pt: 'nao uma muito voce isso obrigado',
  nl: 'het een niet ik zijn voor maar ook wel dit naar heb hij jij geen nog mijn deze omdat echt goed veel bedankt',
  pl: 'nie jest ze tak czy tylko juz mnie byc byl jestem dzieki bardzo wiec zeby ktory ktora tego jego jej moze tez dla przez oraz',
  sv: 'och att det inte jag ett',
  no: 'ikke jeg',
};

/** An English function word maps to 'en', another language's to its code. */
const FUNCTION_WORDS = new Map<string, string>([
  ...ENGLISH_WORDS.split(' ').map((w): [string, string] => [w, 'en']),
  ...Object.entries(FOREIGN_WORDS).flatMap(([language, words]) => words.split(' ').map((w): [string, string] => [w, language])),
]);

/** A longer text (this many words or more) is doubted when fewer than ENGLISH_SHARE of its words are English function words. */
const MIN_WORDS = 4;
const ENGLISH_SHARE = 0.12;

/** Every word the English vocabulary knows (the repair vocabulary, derived from the ten English labelled sets). */
let vocabulary: ReadonlySet<string> | null = null;
function englishVocabulary(): ReadonlySet<string> {
  vocabulary ??= new Set(ORDINARY_WORDS);
  return vocabulary;
}

/** A word without its contraction ("he's" → "he"; the vocabulary lists letters only). */
function stem(norm: string): string {
  const apostrophe = norm.indexOf("'");
  return apostrophe > 0 ? norm.slice(0, apostrophe) : norm;
}

/** What the function words of a text say about its language. */
interface WordCounts {
  words: number;
  english: number;
  /** Function words of other languages, in all. */
  foreign: number;
  /** The same per language (counted only when asked for: the detector's fallback). */
  languages: Map<string, number> | null;
}

function countWords(tokens: readonly Token[], perLanguage = false): WordCounts {
  const counts: WordCounts = { words: 0, english: 0, foreign: 0, languages: perLanguage ? new Map() : null };
  for (const t of tokens) {
    if (t.symbol) continue;
    counts.words++;
    const language = FUNCTION_WORDS.get(t.norm);
    if (language === undefined) continue;
    if (language === 'en') counts.english++;
    else {
      counts.foreign++;
      counts.languages?.set(language, (counts.languages.get(language) ?? 0) + 1);
    }
  }
  return counts;
}

/** Words of two letters or more that no English list knows ("beitrag", "stervende"): names, typos, or another language. */
function strangeWords(tokens: readonly Token[]): number {
  let strange = 0;
  for (const t of tokens) {
    if (!t.symbol && t.norm.length > 1 && !FUNCTION_WORDS.has(t.norm) && !englishVocabulary().has(stem(t.norm))) strange++;
  }
  return strange;
}

/** English function words at most this many times the foreign ones make a longer text doubtful. */
const FOREIGN_RATIO = 3;

/**
 * True when the text may not be English, so the language detector must be asked; only such texts can lose their
 * English scores. It needs evidence of another language in the words. A short text (up to three words): a function
 * word of another language ("Danke!", "merci"), half its words unknown to the English vocabulary ("Super Beitrag"),
 * or many letters outside ASCII; a short text of English words ("die", "Hang in there", "bite me bitch", "UTTER
 * GARBAGE") is never doubted, as the detector misreads such texts. A longer one: function words of another language
 * with no more than three times as many English ones ("Ich war so fast in Panik, also die Kinder ..." has "ich"
 * against "so", "in"), too few English function words with a word the vocabulary does not know, or many letters
 * outside ASCII.
 */
export function mayNotBeEnglish(text: string, tokens: readonly Token[]): boolean {
  const counts = countWords(tokens);
  if (counts.words === 0) return false;
  if (counts.words < MIN_WORDS) return counts.foreign > 0 || strangeWords(tokens) * 2 >= counts.words || manyNonAsciiLetters(text);
  if (counts.foreign > 0 && counts.english <= counts.foreign * FOREIGN_RATIO) return true;
  if (counts.english < counts.words * ENGLISH_SHARE && strangeWords(tokens) > 0) return true;
  return manyNonAsciiLetters(text);
}

/**
 * The language of a text the detector cannot call, from its function words alone: the language with the most of
 * them, when the text has no English function word ("Danke!", "Genau.", "Merci !"); otherwise null (unknown: the
 * text keeps its English reading).
 */
export function languageOfFunctionWords(tokens: readonly Token[]): string | null {
  const counts = countWords(tokens, true);
  if (counts.foreign === 0 || counts.english > 0) return null;
  let best: string | null = null;
  let most = 0;
  for (const [language, n] of counts.languages ?? []) {
    if (n > most) {
      best = language;
      most = n;
    }
  }
  return best;
}

/** More than a tenth of the letters are outside ASCII (a quick scan first: most texts have no such character). */
function manyNonAsciiLetters(text: string): boolean {
  let first = 0;
  while (first < text.length && text.charCodeAt(first) < 0xc0) first++;
  if (first === text.length) return false;
  let letters = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0xd800 && c <= 0xdfff)) {
      letters++;
      nonAscii++;
    }
  }
  return nonAscii > letters * 0.1;
}

/** Names the language of a text: ISO 639-1 code, or null when unsure. */
export type DetectLanguage = (text: string) => string | null;

let detector: Promise<DetectLanguage> | null = null;

/** English wins when its score is at least this share of the best one (tweets in slang read as Tagalog or Dutch). */
const ENGLISH_MARGIN = 0.8;

/** Loads eld's extra-small database once (about half a second) and wraps it; only reliable answers count. */
export function loadLanguageDetector(): Promise<DetectLanguage> {
  detector ??= import('eld/extrasmall').then(({ eld }) => (text: string) => {
    const result = eld.detect(text.slice(0, 1000));
    if (result.language === '' || !result.isReliable()) return null;
    const scores = result.getScores();
    const best = scores[result.language] ?? 0;
    return (scores.en ?? 0) >= best * ENGLISH_MARGIN ? 'en' : result.language;
  });
  return detector;
}
